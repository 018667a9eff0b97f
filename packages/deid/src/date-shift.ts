import { civilFromDays, daysFromCivil } from '@aisle/core';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertKey, utf8 } from './internal/bytes';
import { checkedHmacFactory, createKeyedHmac } from './internal/keyed-hmac';
import { assertValue } from './internal/values';
import type { HmacSha256Factory } from './pseudonymize';

/** @public */
export interface DateShifterOptions {
  /** 32 or 64 random bytes. */
  readonly key: Uint8Array;
  /** Largest shift in days, either way (default 30). Shifts are never 0. */
  readonly maxDays?: number;
  /** The HMAC-SHA256 implementation (default `@noble/hashes`; in Node `nodeHmacSha256` from `@aisle/deid/node`, same shifts). */
  readonly hmac?: HmacSha256Factory;
}

/** @public */
export interface DateShifter {
  /** The subject's shift in days (the same for every date of that subject). */
  offsetDays(subjectId: string): number;
  /** Shifts a `YYYY-MM-DD` date or an instant by the subject's offset; returns the same type. */
  shift<T extends string | Date>(subjectId: string, date: T): T;
}

const DAY = 86_400_000;

const TWO = /* @__PURE__ */ Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `YYYY-MM-DD` shifted by whole days without Date objects, for years 1100-9989 (so the result,
 * at most 3650 days away, is a four-digit year as toISOString writes it); `undefined` for any
 * other text, which takes the Date path. An impossible day (2026-02-30) throws the same
 * RangeError the Date path throws.
 */
function shiftIsoDay(text: string, days: number): string | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    year = year * 10 + c;
  }
  const m1 = text.charCodeAt(5) - 48;
  const m2 = text.charCodeAt(6) - 48;
  const d1 = text.charCodeAt(8) - 48;
  const d2 = text.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || year < 1100 || year > 9989) return undefined;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > length) throw new RangeError('date must be YYYY-MM-DD or a Date');
  const [y, m, d] = civilFromDays(daysFromCivil(year, month, day) + days);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

/**
 * Consistent keyed per-subject date shifting: every date of one subject moves by the same number
 * of days (intervals between a subject's events survive, so visit gaps and durations stay
 * analysable), different subjects move by different, keyed amounts.
 *
 * @example
 * ```ts
 * import { createDateShifter } from '@aisle/deid';
 *
 * const shifter = createDateShifter({ key: new Uint8Array(32).fill(9), maxDays: 15 });
 * const a = shifter.shift('member-1', '2026-11-01');
 * const b = shifter.shift('member-1', '2026-11-08'); // still 7 days after a
 * ```
 *
 * @public
 */
export function createDateShifter(options: DateShifterOptions): DateShifter {
  const key = hkdf(sha256, assertKey(options.key, [32, 64], 'date shifter key'), undefined, utf8('aisle/deid/date-shift/v1'), 32);
  const maxDays = options.maxDays ?? 30;
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > 3650) throw new RangeError('maxDays must be an integer from 1 to 3650');
  const keyed = options.hmac === undefined ? createKeyedHmac(key) : checkedHmacFactory(options.hmac, 'hmac')(key);
  const out = new Uint8Array(32);
  const offsetDays = (subjectId: string): number => {
    const mac = keyed(assertValue(subjectId, 'subjectId'), out);
    const n =
      ((mac[0] as number) * 2 ** 24 + (mac[1] as number) * 2 ** 16 + (mac[2] as number) * 2 ** 8 + (mac[3] as number)) % (2 * maxDays);
    return n < maxDays ? n - maxDays : n - maxDays + 1; // -maxDays..-1, 1..maxDays
  };
  return {
    offsetDays,
    shift<T extends string | Date>(subjectId: string, date: T): T {
      const days = offsetDays(subjectId);
      const offset = days * DAY;
      if (date instanceof Date) return new Date(date.getTime() + offset) as T;
      if (typeof date === 'string') {
        const fast = shiftIsoDay(date, days);
        if (fast !== undefined) return fast as T;
      }
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
      const check = new Date(t);
      if (!m || check.getUTCDate() !== Number(m[3]) || check.getUTCMonth() !== Number(m[2]) - 1) {
        throw new RangeError('date must be YYYY-MM-DD or a Date');
      }
      return new Date(t + offset).toISOString().slice(0, 10) as T;
    },
  };
}
