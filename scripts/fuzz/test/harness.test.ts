import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileJson } from '../arbitraries';
import { decodeInput, decodeParsed, encodeInput } from '../codec';
import { disallowed, probe, readCorpus, saveToCorpus } from '../harness';

class FakeAisleError extends Error {
  readonly code: string;
  constructor(code: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.code = code;
    Object.defineProperty(this, Symbol.for('aisle.error'), { value: true });
  }
}

describe('fuzz codec', () => {
  it('round-trips hostile JSON-like values, own __proto__ keys included, without touching a prototype', () => {
    fc.assert(
      fc.property(hostileJson(), (value) => {
        const text = encodeInput(value);
        // Re-encoding what was decoded gives the same text (toStrictEqual cannot compare objects
        // that own a `constructor` key).
        expect(encodeInput(decodeInput(text))).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps what JSON loses', () => {
    const sparse: unknown[] = [1];
    sparse[3] = 2;
    const bare = Object.create(null) as Record<string, unknown>;
    bare.$fuzz = 'not a tag';
    const value = [undefined, Number.NaN, -0, Number.NEGATIVE_INFINITY, 10n ** 30n, sparse, new Date(0), Uint8Array.of(1, 255), bare];
    const back = decodeInput(encodeInput(value)) as unknown[];
    expect(back).toStrictEqual(value);
    expect(2 in (back[5] as unknown[])).toBe(false);
    expect(Object.getPrototypeOf(back[8])).toBe(null);
  });

  it('saves and reads back inputs nested 100 000 levels deep (no recursion)', () => {
    let deep: unknown = Number.NaN;
    for (let i = 0; i < 100_000; i++)
      deep = i % 2 === 0 ? [deep] : Object.create(null, { ['__proto__']: { value: deep, enumerable: true } });
    const text = encodeInput(deep);
    let back = decodeInput(text);
    for (let i = 100_000 - 1; i >= 0; i--) {
      if (i % 2 === 0) back = (back as unknown[])[0];
      else {
        expect(Object.getPrototypeOf(back)).toBe(null);
        back = Object.getOwnPropertyDescriptor(back, '__proto__')?.value;
      }
    }
    expect(back).toBeNaN();
  });
});

describe('what may escape', () => {
  it('lets AisleErrors through and documented argument errors only where allowed', () => {
    expect(disallowed(new FakeAisleError('X_BAD', 'bad'))).toBeUndefined();
    expect(disallowed(new TypeError('options.limit: expected a number'))).toMatch(/TypeError escaped/);
    expect(disallowed(new TypeError('options.limit: expected a number'), ['TypeError'])).toBeUndefined();
    expect(disallowed(new Error('boom'), ['TypeError', 'RangeError'])).toMatch(/Error escaped: boom/);
    expect(disallowed('a string')).toMatch(/string escaped/);
  });

  it('never lets an engine error through, even where TypeError/RangeError are allowed', () => {
    const deep = (n: number): number => (n === 0 ? 0 : 1 + deep(n - 1));
    let overflow: unknown;
    try {
      deep(1e7);
    } catch (error) {
      overflow = error;
    }
    expect(overflow).toBeInstanceOf(RangeError);
    expect(disallowed(overflow, ['RangeError'])).toMatch(/Maximum call stack/);
    expect(disallowed(new TypeError("Cannot read properties of undefined (reading 'x')"), ['TypeError'])).toBeDefined();
    expect(disallowed(new FakeAisleError('CORE_UNEXPECTED', 'wrapped', new TypeError('x is not a function')))).toMatch(/wraps a crash/);
  });
});

describe('probe', () => {
  it('reports an escaped error, a slow input and pollution, and passes a clean one', async () => {
    expect(await probe({ name: 'ok', input: fc.constant(1), run: () => 1 }, 1, 1)).toBeUndefined();
    expect(await probe({ name: 'throws', input: fc.constant(1), run: () => JSON.parse('{') }, 1, 1)).toMatch(/SyntaxError escaped/);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    expect(await probe({ name: 'slow', input: fc.constant(30), run: busy, maxMs: 5 }, 30, 1)).toMatch(/took \d+ ms \(budget 5 ms\)/);
    const pollutes = () => {
      (Object.prototype as unknown as Record<string, unknown>).fuzzed = true;
    };
    expect(await probe({ name: 'pollutes', input: fc.constant(0), run: pollutes }, 0, 1)).toMatch(/Object.prototype\["fuzzed"\] was added/);
    expect('fuzzed' in {}).toBe(false);
  });

  it('reports a large allocation', async () => {
    const hold: unknown[] = [];
    const grow = () => {
      hold.push(new Array(12e6).fill(1.5));
    };
    expect(await probe({ name: 'grows', input: fc.constant(0), run: grow, maxHeapMb: 64, maxMs: 60_000 }, 0, 1)).toMatch(
      /heap grew by \d+ MiB/,
    );
    hold.length = 0;
  });
});

describe('corpus', () => {
  it('saves a failing input under a content-addressed name and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aisle-fuzz-'));
    try {
      const corpus = pathToFileURL(`${dir}/`);
      const input = encodeInput({ ['__proto__']: 1, n: Number.NaN });
      const file = saveToCorpus(corpus, { target: 'demo', failure: 'TypeError escaped: x', seed: 1, path: '0:1', input });
      expect(file).toMatch(/^demo--[0-9a-f]{12}\.json$/);
      expect(saveToCorpus(corpus, { target: 'demo', failure: 'again', input })).toBe(file);
      const [saved, ...rest] = readCorpus(corpus, 'demo');
      expect(rest).toEqual([]);
      expect(saved?.file).toBe(file);
      const back = decodeParsed(saved?.entry.input) as Record<string, unknown>;
      expect(Object.hasOwn(back, '__proto__')).toBe(true);
      expect(back.n).toBeNaN();
      expect(readCorpus(corpus, 'other')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
