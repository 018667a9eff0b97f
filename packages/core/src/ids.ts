import { type Clock, systemClock } from './clock';
import { AisleError, CoreErrorCode } from './errors';
import { type RandomSource, secureRandom } from './random';

/**
 * A string that has been checked to be an id of kind `Kind`. The brand exists only in types:
 * at run time it is a plain string.
 *
 * @public
 */
export type Id<Kind extends string> = string & { readonly __aisleIdKind: Kind };

/** @public */
export interface IdGenerateOptions {
  /** Time source for the sortable prefix (default: the system clock). */
  readonly clock?: Clock;
  /** Randomness (default {@link secureRandom}: `crypto.getRandomValues`; inject one where the platform has none). */
  readonly random?: RandomSource;
}

/**
 * A kind of id: `mbr_01JD3K8Q4X7W2M5N9P0R6S1T3V`, a lowercase prefix, `_`, then a 26-character
 * Crockford base32 body: 48 bits of milliseconds (so ids sort by creation time) and 80 random
 * bits.
 *
 * @public
 */
export interface IdKind<Kind extends string> {
  readonly prefix: Kind;
  /** True when `value` is a well-formed id of this kind. */
  is(value: unknown): value is Id<Kind>;
  /** Returns `value` as an id of this kind, or throws `CORE_INVALID_ID`. */
  parse(value: unknown): Id<Kind>;
  /** A new id. */
  generate(options?: IdGenerateOptions): Id<Kind>;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/**
 * Defines a kind of branded id.
 *
 * @throws `TypeError` when the prefix is not 1–16 lowercase letters or digits starting with a letter.
 *
 * @example
 * ```ts
 * import { defineId } from '@aisle/core';
 *
 * const MemberId = defineId('mbr');
 * const id = MemberId.generate();
 * MemberId.is(id); // true
 * MemberId.parse('ord_01JD3K8Q4X7W2M5N9P0R6S1T3V'); // throws CORE_INVALID_ID
 * ```
 *
 * @public
 */
export function defineId<Kind extends string>(prefix: Kind): IdKind<Kind> {
  if (!/^[a-z][a-z0-9]{0,15}$/.test(prefix)) {
    throw new TypeError(`An id prefix must be 1-16 lowercase letters or digits starting with a letter, got ${JSON.stringify(prefix)}`);
  }
  const head = `${prefix}_`;
  const is = (value: unknown): value is Id<Kind> =>
    typeof value === 'string' && value.length === head.length + 26 && value.startsWith(head) && BODY.test(value.slice(head.length));
  return Object.freeze({
    prefix,
    is,
    parse(value: unknown): Id<Kind> {
      if (is(value)) return value;
      const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 48)) : typeof value;
      throw new AisleError(CoreErrorCode.INVALID_ID, `Not a "${prefix}" id: ${shown} (expected ${head} followed by 26 base32 characters)`);
    },
    generate(options: IdGenerateOptions = {}): Id<Kind> {
      return `${head}${idBody((options.clock ?? systemClock).now().getTime(), options.random ?? secureRandom)}` as Id<Kind>;
    },
  });
}

function idBody(ms: number, random: RandomSource): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 2 ** 48 - 1) {
    throw new AisleError(CoreErrorCode.INVALID_INSTANT, 'Ids need a clock between 1970 and the year 10889');
  }
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = new Uint8Array(10);
  random(bytes);
  let rand = '';
  // 80 bits -> 16 characters of 5 bits.
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      rand += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return time + rand;
}
