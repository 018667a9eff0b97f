import { AisleError, CoreErrorCode } from './errors';

/**
 * The one way every Aisle package takes randomness: a synchronous function that fills `bytes`
 * with cryptographically secure random values (the shape of `crypto.getRandomValues`, without
 * the return value). Options that draw randomness are all called `random` and take this type.
 *
 * @example
 * ```ts
 * import { defineId, type RandomSource } from '@aisle/core';
 *
 * const random: RandomSource = (bytes) => {
 *   globalThis.crypto.getRandomValues(bytes);
 * };
 * defineId('mbr').generate({ random });
 * ```
 *
 * @public
 */
export type RandomSource = (bytes: Uint8Array) => void;

/**
 * An asynchronous source of secure random bytes, such as WeChat's `wx.getRandomValues` (base
 * library 2.15.0+, Promise style, `randomValues` an `ArrayBuffer` of `length` bytes). It
 * resolves to at least `length` bytes.
 *
 * @example
 * ```ts
 * import type { AsyncRandomSource } from '@aisle/core';
 *
 * // In a WeChat mini-program:
 * // const source: AsyncRandomSource = (length) => wx.getRandomValues({ length }).then((r) => r.randomValues);
 * const source: AsyncRandomSource = async (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));
 * ```
 *
 * @public
 */
export type AsyncRandomSource = (length: number) => Promise<Uint8Array | ArrayBuffer>;

interface CryptoLike {
  getRandomValues(bytes: Uint8Array): Uint8Array;
}

/**
 * The default {@link RandomSource}: the platform CSPRNG (`globalThis.crypto.getRandomValues`:
 * Node 20+, browsers, workers), looked up on every call.
 *
 * @throws {@link AisleError} `CORE_NO_RANDOM_SOURCE` when the platform has none (a mini-program,
 * a bare JS engine): inject `random` (see {@link createEntropyPool}).
 *
 * @example
 * ```ts
 * import { secureRandom } from '@aisle/core';
 *
 * const key = new Uint8Array(32);
 * secureRandom(key);
 * ```
 *
 * @public
 */
export function secureRandom(bytes: Uint8Array): void {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') {
    throw new AisleError(
      CoreErrorCode.NO_RANDOM_SOURCE,
      'No random source: this runtime has no crypto.getRandomValues and no `random` option was given; ' +
        'pass `random` (a (bytes: Uint8Array) => void), e.g. the `random` of createEntropyPool({ source: wx.getRandomValues … })',
    );
  }
  // getRandomValues refuses more than 65,536 bytes per call.
  for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + 65_536)));
}

/**
 * Options of {@link createEntropyPool}.
 *
 * @public
 */
export interface EntropyPoolOptions {
  /** Where the bytes come from, e.g. `(length) => wx.getRandomValues({ length }).then((r) => r.randomValues)`. */
  readonly source: AsyncRandomSource;
  /** Bytes held (default 4096; 64 to 1,048,576, WeChat's per-call maximum). */
  readonly size?: number;
  /**
   * Start a background refill when fewer bytes than this remain after a draw (default half of
   * `size`; 0 turns automatic refills off).
   */
  readonly refillBelow?: number;
}

/**
 * Random bytes fetched ahead from an {@link AsyncRandomSource} and handed out synchronously.
 *
 * @public
 */
export interface EntropyPool {
  /** The synchronous {@link RandomSource} to inject: draws bytes from the pool, each byte only once. */
  readonly random: RandomSource;
  /** Fills the pool up to its size from the source; concurrent calls share one request. */
  refill(): Promise<void>;
  /** Bytes available now. */
  readonly available: number;
}

/**
 * An entropy pool: an asynchronous random source (WeChat's `wx.getRandomValues`) fills it ahead
 * of use, and its `random` hands the bytes out synchronously, which is what Aisle's APIs take.
 * Drawn bytes are wiped from the pool and never handed out twice. Await `refill()` once at start
 * up; after that the pool tops itself up in the background whenever it runs below `refillBelow`.
 *
 * @throws `RangeError` for a bad `size` or `refillBelow`; `TypeError` when `source` is not a
 * function. `random` throws {@link AisleError} `CORE_NO_RANDOM_SOURCE` when the pool holds fewer
 * bytes than asked for (nothing is consumed then); its `cause` is the last refill failure, if any.
 *
 * @example
 * ```ts
 * import { createEntropyPool, defineId } from '@aisle/core';
 *
 * // In a WeChat mini-program: source: (length) => wx.getRandomValues({ length }).then((r) => r.randomValues)
 * const pool = createEntropyPool({ source: async (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)) });
 * await pool.refill();
 * const id = defineId('ce').generate({ random: pool.random });
 * ```
 *
 * @public
 */
export function createEntropyPool(options: EntropyPoolOptions): EntropyPool {
  const { source } = options;
  if (typeof source !== 'function')
    throw new TypeError('source: expected a function (length: number) => Promise<Uint8Array | ArrayBuffer>');
  const size = options.size ?? 4096;
  if (!Number.isSafeInteger(size) || size < 64 || size > 1_048_576)
    throw new RangeError(`size: expected an integer from 64 to 1048576, received ${size}`);
  const refillBelow = options.refillBelow ?? size >>> 1;
  if (!Number.isSafeInteger(refillBelow) || refillBelow < 0 || refillBelow > size) {
    throw new RangeError(`refillBelow: expected an integer from 0 to ${size}, received ${refillBelow}`);
  }
  // Bytes [0, filled) are unused randomness; draws take from the end and wipe what they take.
  const pool = new Uint8Array(size);
  let filled = 0;
  let pending: Promise<void> | undefined;
  let lastError: unknown;

  const refill = (): Promise<void> => {
    if (pending !== undefined) return pending;
    const wanted = size - filled;
    if (wanted === 0) return Promise.resolve();
    pending = (async () => {
      try {
        const got = await source(wanted);
        const bytes = got instanceof Uint8Array ? got : got instanceof ArrayBuffer ? new Uint8Array(got) : undefined;
        if (bytes === undefined || bytes.length < wanted) {
          const shown = bytes === undefined ? typeof got : `${bytes.length} bytes`;
          throw new AisleError(
            CoreErrorCode.NO_RANDOM_SOURCE,
            `Entropy source: expected ${wanted} bytes (Uint8Array or ArrayBuffer), received ${shown}`,
          );
        }
        // Draws may have happened while the source worked: append what still fits.
        const take = Math.min(size - filled, wanted);
        pool.set(bytes.subarray(0, take), filled);
        filled += take;
        bytes.fill(0);
        lastError = undefined;
      } catch (error) {
        lastError = error;
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const random: RandomSource = (bytes) => {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('random: expected a Uint8Array');
    const n = bytes.length;
    if (n > filled) {
      throw new AisleError(
        CoreErrorCode.NO_RANDOM_SOURCE,
        `Entropy pool: ${n} random bytes needed, ${filled} available; await pool.refill() before drawing (pool size ${size})`,
        lastError === undefined
          ? { details: { needed: n, available: filled } }
          : { cause: lastError, details: { needed: n, available: filled } },
      );
    }
    const start = filled - n;
    bytes.set(pool.subarray(start, filled));
    pool.fill(0, start, filled);
    filled = start;
    if (filled < refillBelow && pending === undefined) {
      // A background top-up: a failure is kept as the cause of the next "pool empty" error.
      refill().catch(() => undefined);
    }
  };

  return Object.freeze({
    random,
    refill,
    get available() {
      return filled;
    },
  });
}
