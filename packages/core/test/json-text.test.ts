import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AisleError, CoreErrorCode, canonicalJson } from '../src/index';
import { plainJsonText } from '../src/internal/json-text';

/** What canonicalJson throws for a value, or undefined when it accepts it. */
function refusal(value: unknown): string | undefined {
  try {
    canonicalJson(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('plainJsonText (snapshot text)', () => {
  it('writes plain JSON that parses back to the same canonical value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(plainJsonText(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('keeps the object key order and drops undefined properties, as JSON.stringify does', () => {
    expect(plainJsonText({ b: 1, a: [true, null, -0], c: undefined })).toBe('{"b":1,"a":[true,null,0]}');
  });

  it('refuses exactly what canonicalJson refuses, with its coded error and path', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 1001; i++) deep = [deep];
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const inherited = Object.create({ inheritedKey: 1 }) as object;
    for (const bad of [
      { n: Number.NaN },
      [1, Number.POSITIVE_INFINITY],
      { d: new Date(0) },
      [undefined],
      sparse,
      { f: () => 1 },
      { [Symbol('s')]: 1 },
      { b: 1n },
      cyclic,
      deep,
      inherited,
      new Map(),
    ]) {
      let caught: unknown;
      try {
        plainJsonText(bad);
      } catch (error) {
        caught = error;
      }
      expect(AisleError.isInstance(caught, CoreErrorCode.NOT_CANONICALIZABLE), String(refusal(bad))).toBe(true);
      expect((caught as Error).message).toBe(refusal(bad));
    }
  });

  it('accepts values nested 1000 levels deep, as canonicalJson does', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(plainJsonText(deep)).toBe(canonicalJson(deep));
  });
});
