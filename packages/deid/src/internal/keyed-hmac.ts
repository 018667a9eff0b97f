import { encodeUtf8Into } from '@aisle/core';
import { type _HMAC, hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './bytes';

/**
 * HMAC-SHA256 with the keyed state (ipad/opad blocks) computed once and cloned per message into
 * a reused instance: two compressions per short message and no allocation. Not re-entrant (no
 * async in between), which holds for every caller here.
 */
export function createKeyedHmac(key: Uint8Array): (text: string, out: Uint8Array) => Uint8Array {
  const keyed = hmac.create(sha256, key) as unknown as _HMAC<never>;
  const scratch = new Uint8Array(4 * 256 + 4);
  let work: _HMAC<never> | undefined;
  return (text, out) => {
    work = keyed._cloneInto(work);
    if (text.length <= 256) {
      // ASCII fast path (canonical mobiles, ids, emails): no trip into the encoder.
      let n = 0;
      for (; n < text.length; n++) {
        const code = text.charCodeAt(n);
        if (code > 127) break;
        scratch[n] = code;
      }
      if (n < text.length) n = encodeUtf8Into(text, scratch).written;
      work.update(scratch.subarray(0, n));
    } else work.update(utf8(text));
    work.digestInto(out);
    return out;
  };
}
