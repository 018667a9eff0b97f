import { encodeUtf8Into } from '@aisle/core';
import { type _HMAC, hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqual, utf8 } from './bytes';

/** Writes HMAC-SHA256(key, UTF-8 of text) (32 bytes) into `out` and returns it. */
export type KeyedHmac = (text: string, out: Uint8Array) => Uint8Array;

/**
 * HMAC-SHA256 with the keyed state (ipad/opad blocks) computed once and cloned per message into
 * a reused instance: two compressions per short message and no allocation. Not re-entrant (no
 * async in between), which holds for every caller here.
 */
export function createKeyedHmac(key: Uint8Array): KeyedHmac {
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

// Probes for a caller's backend, compared with the default noble path: the key length deid uses
// (32-byte subkeys), an ASCII identifier, and non-ASCII text with an astral character (catches
// a backend hashing Latin-1 or UTF-16 instead of UTF-8).
const PROBES = ['13800138000', '张伟 +86 138\u{1F600}'];
const checked = /* @__PURE__ */ new WeakSet<object>();

/**
 * Turns a caller's HMAC-SHA256 factory (an `hmac` option) into a keyed HMAC, after checking once
 * per factory that it gives the default noble path's bytes (HMAC-SHA256 of the UTF-8 bytes): a
 * backend giving different bytes would silently fork every pseudonym.
 */
export function checkedHmacFactory(factory: unknown, label: string): (key: Uint8Array) => KeyedHmac {
  if (typeof factory !== 'function') throw new TypeError(`${label} must be a function (key) => (message, out) => Uint8Array`);
  const make = factory as (key: Uint8Array) => unknown;
  const keyed = (key: Uint8Array): KeyedHmac => {
    const mac = make(key);
    if (typeof mac !== 'function') throw new TypeError(`${label}(key) must return a function (message, out) => Uint8Array`);
    return mac as KeyedHmac;
  };
  if (!checked.has(make)) {
    const key = new Uint8Array(32).fill(0x5a);
    const probe = keyed(key.slice());
    const reference = createKeyedHmac(key);
    for (const message of PROBES) {
      const got = probe(message, new Uint8Array(32));
      if (
        !(got instanceof Uint8Array) ||
        got.length < 32 ||
        !constantTimeEqual(got.subarray(0, 32), reference(message, new Uint8Array(32)))
      ) {
        throw new TypeError(`${label} does not compute HMAC-SHA256 of the UTF-8 bytes (it differs from @noble/hashes)`);
      }
    }
    checked.add(make);
  }
  return keyed;
}
