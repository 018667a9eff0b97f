import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreErrorCode, createEntropyPool, defineId, secureRandom } from '../src/index';

afterEach(() => {
  vi.unstubAllGlobals();
});

const counting = () => {
  let next = 0;
  const calls: number[] = [];
  const source = async (length: number) => {
    calls.push(length);
    return Uint8Array.from({ length }, () => next++ & 255);
  };
  return { source, calls };
};

describe('secureRandom', () => {
  it('fills the buffer from crypto.getRandomValues, beyond its 65,536-byte limit too', () => {
    const big = new Uint8Array(70_000);
    secureRandom(big);
    expect(big.subarray(65_536).some((b) => b !== 0)).toBe(true);
  });

  it('throws CORE_NO_RANDOM_SOURCE, naming the injection point, where the platform has no CSPRNG', () => {
    vi.stubGlobal('crypto', undefined);
    expect(() => secureRandom(new Uint8Array(4))).toThrow(expect.objectContaining({ code: CoreErrorCode.NO_RANDOM_SOURCE }));
    expect(() => defineId('x').generate()).toThrow(/pass `random`/);
  });
});

describe('createEntropyPool', () => {
  it('serves a WeChat-style source (Promise of { randomValues: ArrayBuffer }) synchronously after one refill', async () => {
    const wx = {
      getRandomValues: ({ length }: { length: number }) =>
        Promise.resolve({ randomValues: globalThis.crypto.getRandomValues(new Uint8Array(length)).buffer }),
    };
    const pool = createEntropyPool({ source: (length) => wx.getRandomValues({ length }).then((r) => r.randomValues), size: 128 });
    expect(pool.available).toBe(0);
    await pool.refill();
    expect(pool.available).toBe(128);
    vi.stubGlobal('crypto', undefined);
    const id = defineId('ce').generate({ random: pool.random });
    expect(defineId('ce').is(id)).toBe(true);
    expect(pool.available).toBe(118);
  });

  it('hands each byte out once, newest first, and wipes what it hands out (model-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 30 }), async (draws) => {
        const { source } = counting();
        const pool = createEntropyPool({ source, size: 64, refillBelow: 0 });
        let model: number[] = [];
        const refill = async () => {
          const before = model.length;
          await pool.refill();
          // The source counts up: the refill appended the next bytes of the sequence.
          expect(pool.available).toBe(64);
          return before;
        };
        let supplied = 0;
        for (const n of draws) {
          if (n > model.length) {
            const before = await refill();
            for (let i = 0; i < 64 - before; i++) model.push(supplied++ & 255);
          }
          const out = new Uint8Array(n);
          if (n > 64) {
            expect(() => pool.random(out)).toThrow(expect.objectContaining({ code: CoreErrorCode.NO_RANDOM_SOURCE }));
            expect(pool.available).toBe(model.length);
            continue;
          }
          pool.random(out);
          expect(Array.from(out)).toEqual(model.slice(model.length - n));
          model = model.slice(0, model.length - n);
          expect(pool.available).toBe(model.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('throws CORE_NO_RANDOM_SOURCE when empty, consuming nothing', async () => {
    const { source } = counting();
    const pool = createEntropyPool({ source, size: 64, refillBelow: 0 });
    const out = new Uint8Array(16);
    expect(() => pool.random(out)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.NO_RANDOM_SOURCE, details: { needed: 16, available: 0 } }),
    );
    expect(() => pool.random(out)).toThrow(/await pool.refill\(\)/);
    await pool.refill();
    pool.random(new Uint8Array(60));
    expect(() => pool.random(out)).toThrow(expect.objectContaining({ details: { needed: 16, available: 4 } }));
    expect(pool.available).toBe(4);
  });

  it('tops itself up in the background below refillBelow, one request at a time', async () => {
    const { source, calls } = counting();
    const pool = createEntropyPool({ source, size: 100, refillBelow: 50 });
    await Promise.all([pool.refill(), pool.refill()]);
    expect(calls).toEqual([100]);
    pool.random(new Uint8Array(40));
    expect(calls).toEqual([100]);
    pool.random(new Uint8Array(20)); // 40 left: below 50
    pool.random(new Uint8Array(10)); // the top-up is already under way
    expect(calls).toEqual([100, 60]);
    await pool.refill(); // joins the request under way
    expect(pool.available).toBe(90); // 30 left + the 60 asked for when 40 were left
    expect(calls).toEqual([100, 60]);
    await pool.refill();
    expect(calls).toEqual([100, 60, 10]);
    expect(pool.available).toBe(100);
  });

  it('keeps a failed refill as the cause of the next empty-pool error; rejects short answers', async () => {
    const failure = new Error('wx.getRandomValues:fail');
    const pool = createEntropyPool({ source: () => Promise.reject(failure), size: 64 });
    await expect(pool.refill()).rejects.toBe(failure);
    let thrown: unknown;
    try {
      pool.random(new Uint8Array(1));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: CoreErrorCode.NO_RANDOM_SOURCE, cause: failure });
    const short = createEntropyPool({ source: async () => new Uint8Array(3), size: 64 });
    await expect(short.refill()).rejects.toMatchObject({ code: CoreErrorCode.NO_RANDOM_SOURCE, message: /expected 64 bytes/ });
    const wrong = createEntropyPool({ source: async () => 'bytes' as unknown as Uint8Array, size: 64 });
    await expect(wrong.refill()).rejects.toMatchObject({ message: /received string/ });
  });

  it('validates its options', () => {
    const source = async (n: number) => new Uint8Array(n);
    expect(() => createEntropyPool({ source: 1 as unknown as typeof source })).toThrow(TypeError);
    expect(() => createEntropyPool({ source, size: 8 })).toThrow(RangeError);
    expect(() => createEntropyPool({ source, size: 64, refillBelow: 65 })).toThrow(RangeError);
    expect(() => createEntropyPool({ source }).random('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
