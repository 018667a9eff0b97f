import { FF1 } from '@noble/ciphers/ff1.js';
import { DeidError, DeidErrorCode } from './errors';
import { assertKey, toHex, utf8 } from './internal/bytes';
import { type AesBlock, ff1Engine } from './internal/ff1-core';

/**
 * Makes the AES block function FF1 runs on: given the FF1 key (16, 24 or 32 bytes), returns a
 * function that encrypts one 16-byte block (AES-ECB, no padding) and returns the 16-byte result,
 * which the caller may not keep past the next call. `@aisle/deid/node` provides node:crypto's
 * (OpenSSL) as `nodeAes`.
 *
 * @public
 */
export type Ff1AesFactory = (key: Uint8Array) => (block: Uint8Array) => Uint8Array;

/** The smallest domain (radix^length) FF1 accepts, per NIST SP 800-38G Rev. 1. @public */
export const FF1_MIN_DOMAIN = 1_000_000;
const DEFAULT_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const MAX_LENGTH = 256;
const MAX_CACHED_TWEAKS = 64;

/** @public */
export interface Ff1Options {
  /** AES key: 16, 24 or 32 bytes. */
  readonly key: Uint8Array;
  /** Alphabet size, 2 to 36 with the default alphabet (digits, then lowercase letters). */
  readonly radix: number;
  /** Default tweak (bytes or text) for calls that do not pass one; per field, e.g. `'customer.phone'`. */
  readonly tweak?: Uint8Array | string;
  /** A custom alphabet of `radix` distinct characters (for radix above 36 or other symbols). */
  readonly alphabet?: string;
  /**
   * The AES implementation: by default `@noble/ciphers` (runs everywhere, including browsers and
   * mini-programs); in Node pass `nodeAes` from `@aisle/deid/node` for OpenSSL's AES (several
   * times faster, the same output: NIST SP 800-38G samples and random inputs are tested equal).
   */
  readonly aes?: Ff1AesFactory;
}

/** @public */
export interface Ff1 {
  readonly radix: number;
  /** The shortest input that meets the domain floor for this radix. */
  readonly minLength: number;
  encrypt(value: string, tweak?: Uint8Array | string): string;
  decrypt(value: string, tweak?: Uint8Array | string): string;
}

type NobleEngine = { encrypt(x: number[]): number[]; decrypt(x: number[]): number[] };

/**
 * FF1 format-preserving encryption (NIST SP 800-38G) over strings, on `@noble/ciphers`' FF1.
 * Enforces the domain floor radix^length ≥ 1,000,000 (`DEID_FF1_DOMAIN_TOO_SMALL`), maps the
 * alphabet (digits then lowercase letters for radix ≤ 36) and caches one engine per tweak.
 *
 * @example
 * ```ts
 * import { createFf1 } from '@aisle/deid';
 *
 * const key = Uint8Array.from([0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c]);
 * const ff1 = createFf1({ key, radix: 10 });
 * ff1.encrypt('0123456789'); // '2433477484' (NIST SP 800-38G sample 1)
 * ff1.decrypt('2433477484'); // '0123456789'
 *
 * // In Node, OpenSSL's AES (same output, several times faster):
 * import { nodeAes } from '@aisle/deid/node';
 * const fast = createFf1({ key, radix: 10, aes: nodeAes });
 * fast.encrypt('0123456789'); // '2433477484'
 * ```
 *
 * @public
 */
export function createFf1(options: Ff1Options): Ff1 {
  const key = assertKey(options.key, [16, 24, 32], 'FF1 key');
  const { radix } = options;
  const alphabet = options.alphabet ?? DEFAULT_ALPHABET.slice(0, radix);
  if (!Number.isInteger(radix) || radix < 2 || radix > 65_535) throw new RangeError('radix must be an integer from 2 to 65535');
  if (alphabet.length !== radix || new Set(alphabet).size !== radix) {
    throw new RangeError(
      options.alphabet === undefined ? 'radix above 36 needs an explicit alphabet' : 'alphabet must have radix distinct characters',
    );
  }
  // Alphabet symbols are UTF-16 code units (the alphabet is indexed per unit): a code-unit table.
  let top = 0;
  for (let i = 0; i < alphabet.length; i++) top = Math.max(top, alphabet.charCodeAt(i));
  const index = new Int32Array(top + 1).fill(-1);
  for (let i = 0; i < alphabet.length; i++) index[alphabet.charCodeAt(i)] = i;
  let minLength = 1;
  while (radix ** minLength < FF1_MIN_DOMAIN) minLength++;
  const toBytes = (tweak: Uint8Array | string) => (typeof tweak === 'string' ? utf8(tweak) : tweak);
  const defaultTweak = toBytes(options.tweak ?? new Uint8Array(0));
  let block: AesBlock | undefined;
  if (options.aes !== undefined) {
    if (typeof options.aes !== 'function') throw new TypeError('aes must be a function (key) => (block) => Uint8Array');
    block = options.aes(key.slice());
    if (typeof block !== 'function') throw new TypeError('aes(key) must return a block function');
  }
  const aes = block;
  // One engine per tweak: noble's FF1 by default, the injected-AES engine when `aes` is given.
  const cached = <E>(make: (tweak: Uint8Array) => E) => {
    const defaultEngine = make(defaultTweak);
    const engines = new Map<string, E>();
    let lastTweak: string | undefined;
    let lastEngine: E = defaultEngine;
    return (tweak: Uint8Array | string | undefined): E => {
      if (tweak === undefined) return defaultEngine;
      // The common case, one field's tweak text again and again, skips the cache key.
      if (tweak === lastTweak) return lastEngine;
      const id = typeof tweak === 'string' ? `s${tweak}` : `b${toHex(tweak)}`;
      let engine = engines.get(id);
      if (engine === undefined) {
        if (engines.size >= MAX_CACHED_TWEAKS) engines.delete(engines.keys().next().value as string);
        engine = make(toBytes(tweak));
        engines.set(id, engine);
      }
      if (typeof tweak === 'string') {
        lastTweak = tweak;
        lastEngine = engine;
      }
      return engine;
    };
  };

  const checkLength = (value: string): void => {
    if (typeof value !== 'string') throw new TypeError('FF1 input must be a string');
    if (value.length > MAX_LENGTH) {
      throw new DeidError(DeidErrorCode.VALUE_TOO_LONG, `FF1 input is ${value.length} characters; the limit is ${MAX_LENGTH}`);
    }
    if (value.length < minLength) {
      throw new DeidError(
        DeidErrorCode.FF1_DOMAIN_TOO_SMALL,
        `FF1 needs radix^length >= ${FF1_MIN_DOMAIN}: at radix ${radix} that is at least ${minLength} characters (got ${value.length})`,
        { details: { radix, length: value.length, minLength } },
      );
    }
  };
  const badCharacter = (i: number): DeidError =>
    new DeidError(DeidErrorCode.INVALID_CHARACTER, `FF1 input has a character outside the radix-${radix} alphabet at ${i}`, {
      details: { position: i },
    });

  if (aes !== undefined) {
    // The injected-AES path: numerals go through one scratch array (the engine works in place).
    const engineFor = cached((tweak) => ff1Engine(radix, tweak.slice(), aes));
    const scratch = new Int32Array(MAX_LENGTH);
    const run = (value: string, tweak: Uint8Array | string | undefined, decrypting: boolean): string => {
      checkLength(value);
      const n = value.length;
      for (let i = 0; i < n; i++) {
        const unit = value.charCodeAt(i);
        const d = unit < index.length ? (index[unit] as number) : -1;
        if (d < 0) throw badCharacter(i);
        scratch[i] = d;
      }
      engineFor(tweak).run(scratch, n, decrypting);
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[scratch[i] as number];
      return out;
    };
    return {
      radix,
      minLength,
      encrypt: (value, tweak) => run(value, tweak, false),
      decrypt: (value, tweak) => run(value, tweak, true),
    };
  }

  const engineFor = cached((tweak): NobleEngine => FF1(radix, key, tweak));
  const toDigits = (value: string): number[] => {
    checkLength(value);
    const digits = new Array<number>(value.length);
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      const d = unit < index.length ? (index[unit] as number) : -1;
      if (d < 0) throw badCharacter(i);
      digits[i] = d;
    }
    return digits;
  };
  const fromDigits = (digits: number[]): string => {
    let out = '';
    for (const d of digits) out += alphabet[d];
    return out;
  };

  return {
    radix,
    minLength,
    encrypt: (value, tweak) => fromDigits(engineFor(tweak).encrypt(toDigits(value))),
    decrypt: (value, tweak) => fromDigits(engineFor(tweak).decrypt(toDigits(value))),
  };
}
