import { createUtf8Decoder as coreUtf8Decoder, decodeUtf8, encodeUtf8, type Utf8Decoder } from '@aisle/core';
import { DeidError, DeidErrorCode } from '../errors';

// UTF-8 through core: the runtime's TextEncoder/TextDecoder where present, core's own codec where
// not (some mini-program base libraries), so deid loads and runs without them.

/** A streaming UTF-8 decoder (replacement characters for bad bytes). */
export const createUtf8Decoder = (): Utf8Decoder => coreUtf8Decoder();

export const utf8 = (text: string): Uint8Array => encodeUtf8(text);
export const fromUtf8 = (bytes: Uint8Array): string => decodeUtf8(bytes);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = /* @__PURE__ */ (() => {
  const index = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) index[B64.charCodeAt(i)] = i;
  return index;
})();

/** Every 12-bit value as its two base64url characters, built on first use (halves the concatenations). */
let PAIRS: string[] | undefined;
function pairs(): string[] {
  if (PAIRS === undefined) {
    PAIRS = new Array<string>(4096);
    for (let i = 0; i < 4096; i++) PAIRS[i] = (B64[i >>> 6] as string) + B64[i & 63];
  }
  return PAIRS;
}

/** Unpadded base64url. */
export function toBase64Url(bytes: Uint8Array, length = bytes.length): string {
  const table = pairs();
  let out = '';
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += (table[n >>> 12] as string) + table[n & 4095];
  }
  const rest = length - i;
  if (rest === 1) {
    out += table[(bytes[i] as number) << 4];
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    out += (table[n >>> 4] as string) + B64[(n & 15) << 2];
  }
  return out;
}

/** Decodes unpadded base64url; `undefined` when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (B64_INDEX[code] as number) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 255;
    }
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Constant-time equality for secrets (length is not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Checks that a key is a Uint8Array of an accepted length; never reveals its content. */
export function assertKey(key: unknown, lengths: readonly number[], label: string): Uint8Array {
  if (!(key instanceof Uint8Array)) {
    throw new DeidError(DeidErrorCode.INVALID_KEY, `${label} must be a Uint8Array`);
  }
  if (!lengths.includes(key.length)) {
    throw new DeidError(DeidErrorCode.INVALID_KEY, `${label} must be ${lengths.join(' or ')} bytes (got ${key.length})`, {
      details: { label, length: key.length },
    });
  }
  return key;
}

/** Length-prefixed concatenation of labels, so `a|bc` and `ab|c` never collide. */
export function encodeLabels(labels: readonly string[]): Uint8Array {
  const parts = labels.map(utf8);
  const out = new Uint8Array(parts.reduce((n, p) => n + 2 + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out[o++] = part.length >>> 8;
    out[o++] = part.length & 255;
    out.set(part, o);
    o += part.length;
  }
  return out;
}

export function concat(...arrays: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}
