import { createDecoderFallback, encodeFallback, encodeIntoFallback } from './internal/utf8-fallback';

// The WHATWG encoding API where the runtime has it (Node, browsers); declared here because core
// targets plain ES without DOM typings. Where it is missing, a plain-JavaScript UTF-8 codec with
// the same results takes over: nothing in Aisle needs TextEncoder or TextDecoder to load or run.
interface NativeEncoder {
  encode(text: string): Uint8Array;
  encodeInto(text: string, into: Uint8Array): { read: number; written: number };
}
type NativeEncoderClass = new () => NativeEncoder;
type NativeDecoderClass = new (label: 'utf-8', options: { fatal: boolean; ignoreBOM: boolean }) => Utf8Decoder;

/**
 * A UTF-8 decoder, the shape of a WHATWG `TextDecoder`: `stream: true` keeps an incomplete
 * sequence for the next call; a final call without it flushes.
 *
 * @public
 */
export interface Utf8Decoder {
  /** Decodes `bytes` (none: flushes); with `stream: true` an incomplete trailing sequence waits for the next call. */
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

// Looked up on first use, not at load time, so a module that imports this file loads anywhere.
let nativeEncoder: NativeEncoder | null | undefined;
function encoder(): NativeEncoder | null {
  if (nativeEncoder === undefined) {
    const Encoder = (globalThis as { TextEncoder?: NativeEncoderClass }).TextEncoder;
    nativeEncoder = typeof Encoder === 'function' ? new Encoder() : null;
  }
  return nativeEncoder;
}

/**
 * `text` as UTF-8 bytes (a lone surrogate becomes U+FFFD, as `TextEncoder` does). Uses the
 * runtime's `TextEncoder` when there is one and a small built-in encoder otherwise.
 *
 * @example
 * ```ts
 * import { encodeUtf8 } from '@aisle/core';
 *
 * encodeUtf8('会员'); // Uint8Array [0xe4, 0xbc, 0x9a, 0xe5, 0x91, 0x98]
 * ```
 *
 * @public
 */
export function encodeUtf8(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`encodeUtf8: expected a string, received ${typeof text}`);
  const native = encoder();
  return native === null ? encodeFallback(text) : native.encode(text);
}

/**
 * Writes `text` as UTF-8 into `into`, whole characters only, like `TextEncoder.encodeInto`:
 * returns the UTF-16 units read and the bytes written.
 *
 * @example
 * ```ts
 * import { encodeUtf8Into } from '@aisle/core';
 *
 * const scratch = new Uint8Array(16);
 * const { written } = encodeUtf8Into('上海', scratch); // written === 6
 * ```
 *
 * @public
 */
export function encodeUtf8Into(text: string, into: Uint8Array): { read: number; written: number } {
  if (typeof text !== 'string') throw new TypeError(`encodeUtf8Into: expected a string, received ${typeof text}`);
  const native = encoder();
  return native === null ? encodeIntoFallback(text, into) : native.encodeInto(text, into);
}

/**
 * A UTF-8 decoder: the runtime's `TextDecoder` when there is one, a built-in decoder with the
 * same results otherwise. Bad bytes become U+FFFD, or with `fatal: true` throw `TypeError`. A
 * leading byte-order mark is kept (text round-trips exactly).
 *
 * @example
 * ```ts
 * import { createUtf8Decoder } from '@aisle/core';
 *
 * const decoder = createUtf8Decoder();
 * decoder.decode(new Uint8Array([0xe4, 0xbc]), { stream: true }); // ''
 * decoder.decode(new Uint8Array([0x9a])); // '会'
 * ```
 *
 * @public
 */
export function createUtf8Decoder(options: { fatal?: boolean } = {}): Utf8Decoder {
  const fatal = options.fatal === true;
  const Decoder = (globalThis as { TextDecoder?: NativeDecoderClass }).TextDecoder;
  return typeof Decoder === 'function' ? new Decoder('utf-8', { fatal, ignoreBOM: true }) : createDecoderFallback(fatal);
}

/**
 * Decodes UTF-8 bytes to a string; throws `TypeError` on invalid UTF-8 unless `fatal: false`
 * (then each bad sequence becomes U+FFFD).
 *
 * @example
 * ```ts
 * import { decodeUtf8, encodeUtf8 } from '@aisle/core';
 *
 * decodeUtf8(encodeUtf8('徐汇店')); // '徐汇店'
 * ```
 *
 * @public
 */
export function decodeUtf8(bytes: Uint8Array, options: { fatal?: boolean } = {}): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeUtf8: expected a Uint8Array');
  // A decoder used without `stream` keeps no state between calls, so one of each kind is reused.
  if (options.fatal === false) {
    if (lenient === undefined) lenient = createUtf8Decoder();
    return lenient.decode(bytes);
  }
  if (strict === undefined) strict = createUtf8Decoder({ fatal: true });
  return strict.decode(bytes);
}

let strict: Utf8Decoder | undefined;
let lenient: Utf8Decoder | undefined;
