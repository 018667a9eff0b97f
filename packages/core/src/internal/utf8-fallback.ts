// UTF-8 in plain JavaScript, for runtimes without TextEncoder/TextDecoder (some mini-program base
// libraries, bare engines). Same results as the WHATWG Encoding Standard's UTF-8 encoder and
// decoder: a lone surrogate encodes as U+FFFD; a bad sequence decodes as one U+FFFD per maximal
// subpart (or throws in fatal mode); a byte-order mark is kept (as `ignoreBOM: true` does).

/** Writes as many whole characters as fit; returns UTF-16 units read and bytes written. */
export function encodeIntoFallback(text: string, into: Uint8Array): { read: number; written: number } {
  let o = 0;
  let i = 0;
  const end = into.length;
  for (; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      if (o + 1 > end) break;
      into[o++] = c;
    } else if (c < 0x800) {
      if (o + 2 > end) break;
      into[o++] = 0xc0 | (c >> 6);
      into[o++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      if (o + 4 > end) break;
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      into[o++] = 0xf0 | (c >> 18);
      into[o++] = 0x80 | ((c >> 12) & 63);
      into[o++] = 0x80 | ((c >> 6) & 63);
      into[o++] = 0x80 | (c & 63);
      i++;
    } else {
      if (o + 3 > end) break;
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
      into[o++] = 0xe0 | (c >> 12);
      into[o++] = 0x80 | ((c >> 6) & 63);
      into[o++] = 0x80 | (c & 63);
    }
  }
  return { read: i, written: o };
}

export function encodeFallback(text: string): Uint8Array {
  // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  const out = new Uint8Array(text.length * 3);
  return out.slice(0, encodeIntoFallback(text, out).written);
}

/** A WHATWG UTF-8 decoder; `stream: true` keeps an incomplete sequence for the next call. */
export function createDecoderFallback(fatal: boolean): { decode(bytes?: Uint8Array, options?: { stream?: boolean }): string } {
  // Decoder state carried between streamed chunks (the Encoding Standard's names).
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const fail = (): number => {
    if (fatal) {
      needed = 0;
      seen = 0;
      codePoint = 0;
      lower = 0x80;
      upper = 0xbf;
      throw new TypeError('The encoded data was not valid UTF-8');
    }
    return 0xfffd;
  };
  return {
    decode(bytes = new Uint8Array(0), options = {}) {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('decode: expected a Uint8Array');
      const units: number[] = [];
      let out = '';
      const push = (cp: number) => {
        if (cp > 0xffff) {
          cp -= 0x10000;
          units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
        } else units.push(cp);
        // Flush in slices so String.fromCharCode never gets too many arguments.
        if (units.length >= 8192) {
          out += String.fromCharCode(...units);
          units.length = 0;
        }
      };
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i] as number;
        if (needed === 0) {
          if (byte <= 0x7f) push(byte);
          else if (byte >= 0xc2 && byte <= 0xdf) {
            needed = 1;
            codePoint = byte & 0x1f;
          } else if (byte >= 0xe0 && byte <= 0xef) {
            if (byte === 0xe0) lower = 0xa0;
            if (byte === 0xed) upper = 0x9f;
            needed = 2;
            codePoint = byte & 0xf;
          } else if (byte >= 0xf0 && byte <= 0xf4) {
            if (byte === 0xf0) lower = 0x90;
            if (byte === 0xf4) upper = 0x8f;
            needed = 3;
            codePoint = byte & 0x7;
          } else push(fail());
          continue;
        }
        if (byte < lower || byte > upper) {
          needed = 0;
          seen = 0;
          codePoint = 0;
          lower = 0x80;
          upper = 0xbf;
          push(fail());
          i--; // the byte starts again as the first of a new sequence
          continue;
        }
        lower = 0x80;
        upper = 0xbf;
        codePoint = (codePoint << 6) | (byte & 0x3f);
        if (++seen === needed) {
          push(codePoint);
          needed = 0;
          seen = 0;
          codePoint = 0;
        }
      }
      if (options.stream !== true && needed !== 0) {
        needed = 0;
        seen = 0;
        codePoint = 0;
        lower = 0x80;
        upper = 0xbf;
        push(fail());
      }
      return out + String.fromCharCode(...units);
    },
  };
}
