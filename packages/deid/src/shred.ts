import { type RandomSource, secureRandom } from '@aisle/core';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { DeidError, DeidErrorCode } from './errors';
import { assertKey, concat, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './internal/bytes';
import { assertValue } from './internal/values';

/**
 * Where wrapped per-subject data keys live. `delete` must really destroy the wrapped key
 * (including backups, within your retention policy): that is what makes shredding work.
 *
 * @public
 */
export interface SubjectKeyStore {
  get(subjectId: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  set(subjectId: string, wrappedKey: Uint8Array): void | Promise<void>;
  delete(subjectId: string): boolean | Promise<boolean>;
}

/**
 * An in-memory {@link SubjectKeyStore} (tests, demos, single-process tools).
 *
 * @example
 * ```ts
 * import { createMemoryKeyStore, createShredder } from '@aisle/deid';
 *
 * const shredder = createShredder({ kek: new Uint8Array(32).fill(5), store: createMemoryKeyStore() });
 * ```
 *
 * @public
 */
export function createMemoryKeyStore(): SubjectKeyStore & { readonly size: number } {
  const keys = new Map<string, Uint8Array>();
  return {
    get size() {
      return keys.size;
    },
    get: (subjectId) => keys.get(subjectId),
    set: (subjectId, wrapped) => {
      keys.set(subjectId, Uint8Array.from(wrapped));
    },
    delete: (subjectId) => {
      keys.get(subjectId)?.fill(0);
      return keys.delete(subjectId);
    },
  };
}

/** @public */
export interface ShredderOptions {
  /** Key-encryption key, 32 bytes: wraps every subject's data key (XChaCha20-Poly1305). */
  readonly kek: Uint8Array;
  readonly store: SubjectKeyStore;
  /**
   * Fills a buffer with secure random bytes, for keys and nonces (default `secureRandom` from
   * `@aisle/core`, the platform CSPRNG; in a mini-program the `random` of `createEntropyPool`).
   */
  readonly random?: RandomSource;
}

/** @public */
export interface Shredder {
  /** Encrypts under the subject's data key (created on first use). */
  encrypt(subjectId: string, plaintext: string | Uint8Array): Promise<Uint8Array>;
  /** Decrypts; throws `DEID_SUBJECT_SHREDDED` once the subject's key is gone. */
  decrypt(subjectId: string, ciphertext: Uint8Array): Promise<Uint8Array>;
  /** Decrypts to text (UTF-8). */
  decryptText(subjectId: string, ciphertext: Uint8Array): Promise<string>;
  /** Encrypts text to a base64url string (for CSV/JSON columns); reverse with `openText`. */
  sealText(subjectId: string, text: string): Promise<string>;
  /** Decrypts a `sealText` string; throws `DEID_SUBJECT_SHREDDED` once the subject's key is gone. */
  openText(subjectId: string, sealed: string): Promise<string>;
  /** Destroys the subject's data key: all of its ciphertext becomes unreadable. True if a key existed. */
  shred(subjectId: string): Promise<boolean>;
}

const VERSION = 1;
const NONCE = 24;

/**
 * Crypto-shredding: each subject's data is encrypted under its own random data key, stored only
 * wrapped by a key-encryption key (AEAD, bound to the subject id). `shred(subject)` deletes the
 * wrapped key, making every copy of that subject's ciphertext (backups, replicas, exports)
 * unreadable, while other subjects still decrypt. Executes erasure tasks when consent ends.
 *
 * @example
 * ```ts
 * import { createMemoryKeyStore, createShredder } from '@aisle/deid';
 *
 * const shredder = createShredder({ kek: new Uint8Array(32).fill(5), store: createMemoryKeyStore() });
 * const sealed = await shredder.encrypt('member-1', '上海市静安区南京西路1601号');
 * await shredder.shred('member-1');
 * await shredder.decrypt('member-1', sealed); // throws DEID_SUBJECT_SHREDDED
 * ```
 *
 * @public
 */
export function createShredder(options: ShredderOptions): Shredder {
  const kek = assertKey(options.kek, [32], 'key-encryption key');
  const { store } = options;
  const source = options.random ?? secureRandom;
  if (typeof source !== 'function') throw new TypeError('random: expected a function (bytes: Uint8Array) => void');
  const random = (length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    const returned: unknown = source(bytes);
    // `random` used to be `(length) => Uint8Array`: such a function returns a value and leaves `bytes` zero.
    if (returned !== undefined && returned !== bytes) {
      throw new TypeError(
        'random: expected a function that fills the Uint8Array it is given, (bytes: Uint8Array) => void; it returned a value instead',
      );
    }
    if (length >= 16 && bytes.every((b) => b === 0)) throw new TypeError(`random: produced ${length} zero bytes`);
    return bytes;
  };
  const subjectAd = (subjectId: string) => utf8(`aisle/deid/shred/v1|${assertValue(subjectId, 'subjectId')}`);

  const unwrap = async (subjectId: string, ad: Uint8Array): Promise<Uint8Array | undefined> => {
    const wrapped = await store.get(subjectId);
    if (wrapped === undefined) return undefined;
    try {
      return xchacha20poly1305(kek, wrapped.subarray(0, NONCE), ad).decrypt(wrapped.subarray(NONCE));
    } catch (cause) {
      throw new DeidError(DeidErrorCode.CIPHERTEXT_INVALID, 'A wrapped data key failed authentication (wrong KEK or subject)', { cause });
    }
  };

  const decrypt = async (subjectId: string, ciphertext: Uint8Array): Promise<Uint8Array> => {
    const ad = subjectAd(subjectId);
    if (!(ciphertext instanceof Uint8Array) || ciphertext.length < 1 + NONCE + 16 || ciphertext[0] !== VERSION) {
      throw new DeidError(DeidErrorCode.CIPHERTEXT_INVALID, 'Not a shredder ciphertext');
    }
    const key = await unwrap(subjectId, ad);
    if (key === undefined) {
      throw new DeidError(DeidErrorCode.SUBJECT_SHREDDED, 'No data key for this subject: shredded or never created');
    }
    try {
      return xchacha20poly1305(key, ciphertext.subarray(1, 1 + NONCE), ad).decrypt(ciphertext.subarray(1 + NONCE));
    } catch (cause) {
      throw new DeidError(DeidErrorCode.CIPHERTEXT_INVALID, 'Ciphertext failed authentication (tampered, or from another subject)', {
        cause,
      });
    } finally {
      key.fill(0);
    }
  };

  const encrypt = async (subjectId: string, plaintext: string | Uint8Array): Promise<Uint8Array> => {
    const ad = subjectAd(subjectId);
    let key = await unwrap(subjectId, ad);
    if (key === undefined) {
      key = random(32);
      const nonce = random(NONCE);
      await store.set(subjectId, concat(nonce, xchacha20poly1305(kek, nonce, ad).encrypt(key)));
    }
    const nonce = random(NONCE);
    const data = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
    const sealed = concat(Uint8Array.of(VERSION), nonce, xchacha20poly1305(key, nonce, ad).encrypt(data));
    key.fill(0);
    return sealed;
  };

  return {
    encrypt,
    decrypt,
    sealText: async (subjectId, text) => toBase64Url(await encrypt(subjectId, text)),
    async openText(subjectId, sealed) {
      const bytes = typeof sealed === 'string' ? fromBase64Url(sealed) : undefined;
      if (bytes === undefined) throw new DeidError(DeidErrorCode.CIPHERTEXT_INVALID, 'Not a sealed text (base64url expected)');
      return fromUtf8(await decrypt(subjectId, bytes));
    },
    decryptText: async (subjectId, ciphertext) => fromUtf8(await decrypt(subjectId, ciphertext)),
    shred: async (subjectId) => store.delete(assertValue(subjectId, 'subjectId')),
  };
}
