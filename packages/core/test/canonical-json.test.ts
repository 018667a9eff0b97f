import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AisleError, CoreErrorCode, canonicalJson } from '../src/index';

/** Rebuilds an object with its keys in reverse insertion order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    );
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys, drops undefined properties and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, -0], c: undefined })).toBe('{"a":[true,null,0],"b":1}');
    expect(canonicalJson({ z: { y: 1, x: 2 }, '': 0 })).toBe('{"":0,"z":{"x":2,"y":1}}');
  });

  it('orders keys by UTF-16 code units (RFC 8785), not by locale', () => {
    // RFC 8785 §3.2.3 sorting example keys.
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'] as const;
    const expected = `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`).join(',')}}`;
    expect(canonicalJson(value)).toBe(expected);
  });

  it('writes numbers in their shortest round-trip form (RFC 8785 examples)', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: RFC 8785's own example literal
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 0.002, 1e-27, 9007199254740992, -0])).toBe(
      '[333333333.3333333,1e+30,4.5,0.002,1e-27,9007199254740992,0]',
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
    ['a bigint', { a: 1n }],
    ['a function', { f: () => 1 }],
    ['a symbol', [Symbol('s')]],
    ['undefined in an array', [1, undefined]],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ['a hole in an array', [1, , 3]],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map()],
    ['undefined at the root', undefined],
  ])('rejects %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: CoreErrorCode.NOT_CANONICALIZABLE }));
  });

  it('rejects cycles but accepts shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(AisleError);
  });

  it('names the path of the bad value', () => {
    try {
      canonicalJson({ items: [{ qty: Number.NaN }] });
      expect.unreachable();
    } catch (error) {
      expect((error as AisleError).details).toEqual({ path: '$.items[0].qty' });
    }
  });

  it('is stable across key order and round-trips through JSON.parse (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reversed(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('distinguishes values that differ (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = canonicalJson(a) === canonicalJson(b);
        expect(same).toBe(JSON.stringify(JSON.parse(canonicalJson(a))) === JSON.stringify(JSON.parse(canonicalJson(b))));
      }),
    );
  });

  describe('deep nesting', () => {
    const nested = (depth: number, leaf: unknown = 1): unknown => {
      let value = leaf;
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    };

    it('rejects 100 000 nested arrays with the coded error, not a stack overflow', () => {
      for (const value of [nested(100_000), JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)]) {
        let thrown: unknown;
        try {
          canonicalJson(value);
        } catch (error) {
          thrown = error;
        }
        expect(AisleError.isInstance(thrown, CoreErrorCode.NOT_CANONICALIZABLE)).toBe(true);
        expect((thrown as AisleError).details).toMatchObject({ maxDepth: 1000 });
        // The path is abbreviated, not 100 000 segments long.
        expect(String((thrown as AisleError).details?.path).length).toBeLessThan(400);
      }
    });

    it('rejects deep objects too, and accepts exactly 1000 levels', () => {
      let deep: unknown = 0;
      for (let i = 0; i < 5000; i++) deep = { k: deep };
      expect(() => canonicalJson(deep)).toThrow(expect.objectContaining({ code: CoreErrorCode.NOT_CANONICALIZABLE }));
      expect(canonicalJson(nested(1000))).toBe(`${'['.repeat(1000)}1${']'.repeat(1000)}`);
      expect(() => canonicalJson(nested(1001))).toThrow(expect.objectContaining({ details: expect.objectContaining({ maxDepth: 1000 }) }));
    });
  });

  it('writes hostile keys as ordinary own keys and never reads them from a prototype', () => {
    const value = JSON.parse('{"__proto__":{"a":1},"constructor":"c","toString":2,"hasOwnProperty":null}');
    expect(canonicalJson(value)).toBe('{"__proto__":{"a":1},"constructor":"c","hasOwnProperty":null,"toString":2}');
    // Inherited names are not own keys, so they are not written.
    expect(canonicalJson({})).toBe('{}');
    const bare = Object.defineProperty(Object.create(null), 'valueOf', { value: 1, enumerable: true });
    expect(canonicalJson(bare)).toBe('{"valueOf":1}');
  });
});
