/**
 * `@aisle/deid/node`: Node-only backends for `@aisle/deid`, injected through options so the main
 * entry stays isomorphic (no `node:` imports): AES from `node:crypto` for FF1 (`aes: nodeAes`) and
 * HMAC-SHA256 from `node:crypto` for pseudonyms and date shifts (`hmac: nodeHmacSha256`). Each
 * gives the same output as the default `@noble` path, byte for byte.
 *
 * @packageDocumentation
 * @module @aisle/deid/node
 */
import * as crypto from 'node:crypto';

/**
 * AES for `createFf1` (from `@aisle/deid`) from `node:crypto` (OpenSSL): one reusable AES-ECB
 * context per key, no padding. FF1's output is the same as with the default `@noble/ciphers`
 * AES; use this in Node for speed and keep the default in browsers and mini-programs.
 *
 * @throws RangeError when the key is not 16, 24 or 32 bytes.
 * @example
 * ```ts
 * import { createFf1 } from '@aisle/deid';
 * import { nodeAes } from '@aisle/deid/node';
 *
 * const ff1 = createFf1({ key, radix: 10, tweak: 'customer.phone', aes: nodeAes });
 * ff1.encrypt('13812345678');
 * ```
 *
 * @public
 */
export function nodeAes(key: Uint8Array): (block: Uint8Array) => Uint8Array {
  if (!(key instanceof Uint8Array) || (key.length !== 16 && key.length !== 24 && key.length !== 32)) {
    throw new RangeError(`AES key must be 16, 24 or 32 bytes; got ${key instanceof Uint8Array ? `${key.length} bytes` : typeof key}`);
  }
  const cipher = crypto.createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  cipher.setAutoPadding(false);
  return (block: Uint8Array): Uint8Array => {
    if (block.length !== 16) throw new RangeError(`AES block must be 16 bytes; got ${block.length}`);
    return cipher.update(block);
  };
}

const BLOCK = 64;
/** Message buffer kept per key: messages up to this many UTF-8 bytes need no new buffer. */
const KEPT = 1024;

/**
 * HMAC-SHA256 for `createPseudonymizer` and `createDateShifter` (from `@aisle/deid`) on
 * `node:crypto`'s one-shot `hash` (OpenSSL, Node 20.12+): HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))
 * computed as two native SHA-256 calls over buffers whose 64-byte pad blocks are written once per
 * key, so no `Hmac` object is made per message (that object is most of `createHmac`'s cost for
 * short identifiers). Same output as `createHmac('sha256', key)` (RFC 4231 vectors and random
 * keys and messages are tested equal) and as the default `@noble/hashes` path. On a Node without
 * `crypto.hash` it falls back to `createHmac`. The pad blocks are derived from the key and kept
 * for the life of the returned function; the key itself is not retained.
 *
 * @param key - the HMAC key, any length (longer than 64 bytes: hashed first, per RFC 2104)
 * @returns a function writing the 32-byte HMAC of `message`'s UTF-8 bytes into `out` (at least
 * 32 bytes) and returning `out`; not re-entrant, which is fine for synchronous callers
 * @throws TypeError when the key is not a Uint8Array.
 * @example
 * ```ts
 * import { createDateShifter, createPseudonymizer } from '@aisle/deid';
 * import { nodeHmacSha256 } from '@aisle/deid/node';
 *
 * const p = createPseudonymizer({ key: masterKey, tenant: 'acme', purpose: 'analytics', hmac: nodeHmacSha256 });
 * p.pseudonymize('mobile', '13800138000'); // the same pseudonym as without `hmac`, faster
 * const shifter = createDateShifter({ key: shiftKey, hmac: nodeHmacSha256 });
 * ```
 *
 * @public
 */
export function nodeHmacSha256(key: Uint8Array): (message: string, out: Uint8Array) => Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError('HMAC key must be a Uint8Array');
  const k = key.length > BLOCK ? crypto.createHash('sha256').update(key).digest() : key;
  if (typeof crypto.hash !== 'function') {
    const secret = Buffer.from(k);
    return (message: string, out: Uint8Array): Uint8Array => {
      out.set(crypto.createHmac('sha256', secret).update(message, 'utf8').digest());
      return out;
    };
  }
  const hash = crypto.hash;
  // inner: (K ⊕ ipad) ‖ message bytes; outer: (K ⊕ opad) ‖ inner digest. Buffer.alloc: never the
  // shared pool, since these hold key-derived bytes.
  let inner = Buffer.alloc(BLOCK + KEPT, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] = 0x36 ^ (k[i] as number);
    outer[i] = 0x5c ^ (k[i] as number);
  }
  // One view per message length, made once (most identifiers have a handful of lengths).
  let views: Buffer[] = [];
  return (message: string, out: Uint8Array): Uint8Array => {
    const length = message.length;
    if (BLOCK + 3 * length > inner.length) {
      const grown = Buffer.alloc(BLOCK + 3 * length);
      inner.copy(grown, 0, 0, BLOCK);
      inner.fill(0);
      inner = grown;
      views = [];
    }
    // ASCII (canonical mobiles, ids, emails) is copied as is; anything else is encoded natively.
    let n = 0;
    for (; n < length; n++) {
      const code = message.charCodeAt(n);
      if (code > 127) break;
      inner[BLOCK + n] = code;
    }
    if (n < length) n = inner.write(message, BLOCK, 'utf8');
    let view = views[n];
    if (view === undefined) {
      view = inner.subarray(0, BLOCK + n);
      if (n <= KEPT) views[n] = view;
    }
    const innerDigest = hash('sha256', view, 'binary');
    for (let i = 0; i < 32; i++) outer[BLOCK + i] = innerDigest.charCodeAt(i);
    const digest = hash('sha256', outer, 'binary');
    for (let i = 0; i < 32; i++) out[i] = digest.charCodeAt(i);
    return out;
  };
}
