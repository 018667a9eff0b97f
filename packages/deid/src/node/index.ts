/**
 * `@aisle/deid/node`: Node-only helpers for `@aisle/deid` (AES from `node:crypto` for FF1).
 *
 * @packageDocumentation
 * @module @aisle/deid/node
 */
import { createCipheriv } from 'node:crypto';

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
  const cipher = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  cipher.setAutoPadding(false);
  return (block: Uint8Array): Uint8Array => {
    if (block.length !== 16) throw new RangeError(`AES block must be 16 bytes; got ${block.length}`);
    return cipher.update(block);
  };
}
