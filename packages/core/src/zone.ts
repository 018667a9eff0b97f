import { type InstantInput, toInstant } from './clock';
import { AisleError, CoreErrorCode } from './errors';
import { type TimeZoneRules, unknownZone, zoneRules } from './zone-rules';

/**
 * Calendar helpers in an explicit IANA time zone. Offsets come from an injected provider (such
 * as the bundled rules of `@aisle/core/zones` for the four zones Chinese retail needs), UTC, or
 * the runtime's `Intl` (through `@date-fns/tz`), in that order (see zone-rules.ts).
 *
 * Everything here takes and returns UTC instants (`Date`) plus a zone name; "local" values are
 * what a wall clock in that zone shows. DST gaps and overlaps are handled the way Temporal does
 * (`compatible` by default). Historical offsets with seconds (local mean time before ~1900) are
 * rounded to whole seconds.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * True when `zone` is an IANA time-zone name Aisle has rules for: one the runtime's `Intl`
 * knows, `UTC`, or one the injected provider knows (`setTimeZoneProvider`; with
 * `bundledTimeZones` from `@aisle/core/zones`, `Asia/Shanghai`, `Asia/Hong_Kong`, `Asia/Macau`
 * and `Asia/Taipei` work on any runtime).
 * Raw offsets such as `+08:00` are not zones: they have no DST rules and are rejected.
 *
 * @example
 * ```ts
 * import { isTimeZone } from '@aisle/core';
 *
 * isTimeZone('Asia/Shanghai'); // true
 * isTimeZone('Mars/Olympus'); // false
 * ```
 *
 * @public
 */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64 || !/^[A-Za-z]/.test(zone)) return false;
  return zoneRules(zone) !== undefined;
}

/**
 * Returns `zone` if it is a valid IANA zone name Aisle has rules for (see {@link isTimeZone}).
 *
 * @throws {@link AisleError} `CORE_INVALID_TIME_ZONE` otherwise; when the runtime lacks `Intl`
 * zone data the message says so and names `@aisle/core/zones` and `setTimeZoneProvider`.
 *
 * @example
 * ```ts
 * import { assertTimeZone } from '@aisle/core';
 *
 * const zone = assertTimeZone('Asia/Shanghai');
 * ```
 *
 * @public
 */
export function assertTimeZone(zone: unknown): string {
  if (isTimeZone(zone)) return zone;
  throw unknownZone(zone);
}

/**
 * The zone's offset from UTC at `at`, in minutes (`480` for China Standard Time).
 *
 * @example
 * ```ts
 * import { offsetMinutes } from '@aisle/core';
 *
 * offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Europe/Berlin'); // 120
 * ```
 *
 * @public
 */
export function offsetMinutes(at: InstantInput, zone: string): number {
  return offsetMs(toInstant(at).getTime(), assertTimeZone(zone)) / MINUTE;
}

/**
 * The zone's offset function: `(epochMs) => minutes`, the answer {@link offsetMinutes} gives,
 * for code that asks for many instants of one zone (an evaluator's per-receipt business date).
 * The zone is checked and its rules found once, here; each call then only checks its number and
 * the rules' answer. The runtime's `Intl` rules are memoised per UTC day (exact on the day of a
 * DST change), so a call costs tens of nanoseconds instead of a date formatting. The rules are
 * the ones in force now: after {@link setTimeZoneProvider}, ask again.
 *
 * @throws {@link AisleError} `CORE_INVALID_TIME_ZONE` for a zone without rules here; the returned
 * function throws `RangeError` for an epoch millisecond that is not a finite number.
 *
 * @example
 * ```ts
 * import { offsetMinutesIn } from '@aisle/core';
 *
 * const berlin = offsetMinutesIn('Europe/Berlin');
 * berlin(Date.parse('2026-07-01T00:00:00Z')); // 120
 * berlin(Date.parse('2026-12-01T00:00:00Z')); // 60
 * ```
 *
 * @public
 */
export function offsetMinutesIn(zone: string): (epochMs: number) => number {
  assertTimeZone(zone);
  const rules = zoneRules(zone);
  if (rules === undefined) throw unknownZone(zone);
  return (epochMs: number): number => {
    if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) {
      throw new RangeError(
        `Expected epoch milliseconds as a finite number, received ${typeof epochMs === 'number' ? epochMs : typeof epochMs}`,
      );
    }
    const minutes = rules.offsetMinutes(epochMs);
    // What checkedOffsetMs checks and rounds to (whole seconds), without the detour through milliseconds.
    if (typeof minutes === 'number' && Math.abs(minutes) < 1440) return Math.round(minutes * 60) / 60;
    return checkedOffsetMs(rules, epochMs, zone) / MINUTE;
  };
}

function offsetMs(ms: number, zone: string): number {
  const rules = zoneRules(zone);
  if (rules === undefined) throw unknownZone(zone);
  return checkedOffsetMs(rules, ms, zone);
}

function checkedOffsetMs(rules: TimeZoneRules, ms: number, zone: string): number {
  const minutes = rules.offsetMinutes(ms);
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || Math.abs(minutes) >= 1440) {
    throw new AisleError(
      CoreErrorCode.INVALID_TIME_ZONE,
      `No offset for ${JSON.stringify(zone)} at ${new Date(ms).toISOString()}: expected minutes between -1440 and 1440 from its rules, received ${String(minutes)}`,
      { details: { zone } },
    );
  }
  return Math.round(minutes * 60) * 1000;
}

/**
 * What a wall clock in the zone shows at an instant. `month` is 1–12; `weekday` is ISO
 * (1 = Monday … 7 = Sunday).
 *
 * @public
 */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
  readonly offsetMinutes: number;
}

/**
 * The local date and time at `at` in `zone`.
 *
 * @throws {@link AisleError} `CORE_INVALID_INSTANT` or `CORE_INVALID_TIME_ZONE`.
 *
 * @example
 * ```ts
 * import { localParts } from '@aisle/core';
 *
 * const p = localParts('2026-11-20T16:30:00Z', 'Asia/Shanghai');
 * // { year: 2026, month: 11, day: 21, hour: 0, minute: 30, …, weekday: 6, offsetMinutes: 480 }
 * ```
 *
 * @public
 */
export function localParts(at: InstantInput, zone: string): LocalParts {
  return partsOf(toInstant(at).getTime(), assertTimeZone(zone));
}

function partsOf(ms: number, zone: string): LocalParts {
  const offset = offsetMs(ms, zone);
  const wall = new Date(ms + offset);
  const weekday = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: weekday === 0 ? 7 : weekday,
    offsetMinutes: offset / MINUTE,
  };
}

/**
 * The local calendar date at `at` in `zone`, as `YYYY-MM-DD` (the business date of a receipt).
 *
 * @example
 * ```ts
 * import { localDate } from '@aisle/core';
 *
 * localDate('2026-11-20T16:30:00Z', 'Asia/Shanghai'); // '2026-11-21'
 * ```
 *
 * @public
 */
export function localDate(at: InstantInput, zone: string): string {
  const p = localParts(at, zone);
  return formatDate(p.year, p.month, p.day);
}

function formatDate(year: number, month: number, day: number): string {
  const y =
    year < 0 ? `-${String(-year).padStart(6, '0')}` : year > 9999 ? `+${String(year).padStart(6, '0')}` : String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * How to choose an instant for a wall-clock time that occurs twice (DST overlap) or never
 * (DST gap). `compatible` (the default, as in Temporal and RFC 5545): the earlier of two, and for
 * a gap the time shifted forward by the gap's length.
 *
 * @public
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

/**
 * A local date and time in a zone. Omitted time fields are zero.
 *
 * @public
 */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly millisecond?: number;
}

/**
 * The instant at which a wall clock in `zone` shows the given local date and time.
 *
 * @throws {@link AisleError} `CORE_NONEXISTENT_LOCAL_TIME` with `disambiguation: 'reject'` when
 * the time falls in a gap or an overlap; `RangeError` for fields out of range (month 13, hour 24).
 *
 * @example
 * ```ts
 * import { fromLocal } from '@aisle/core';
 *
 * fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString();
 * // '2026-03-29T01:30:00.000Z' — 02:30 does not exist that night; compatible shifts it to 03:30
 * ```
 *
 * @public
 */
export function fromLocal(local: LocalDateTime, zone: string, disambiguation: Disambiguation = 'compatible'): Date {
  assertTimeZone(zone);
  const wall = wallMs(local);
  return new Date(resolveWall(wall, zone, disambiguation));
}

function wallMs(local: LocalDateTime): number {
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0 } = local;
  checkField('year', year, -271820, 275759);
  checkField('month', month, 1, 12);
  checkField('day', day, 1, daysInMonth(year, month));
  checkField('hour', hour, 0, 23);
  checkField('minute', minute, 0, 59);
  checkField('second', second, 0, 59);
  checkField('millisecond', millisecond, 0, 999);
  return utcMs(year, month, day) + hour * HOUR + minute * MINUTE + second * 1000 + millisecond;
}

function checkField(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Local ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function utcMs(year: number, month: number, day: number): number {
  // Date.UTC is a plain builtin (setUTCFullYear goes through the runtime, several times dearer
  // cold), but maps years 0–99 to 1900–1999: those take the slow way.
  if (year > 99 || year < 0) return Date.UTC(year, month - 1, day);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 1) - DAY).getUTCDate();
}

/** Wall-clock milliseconds (local time written as if it were UTC) → the instant. */
function resolveWall(wall: number, zone: string, disambiguation: Disambiguation): number {
  const before = offsetMs(wall - DAY, zone);
  const after = offsetMs(wall + DAY, zone);
  // The instants the wall time can be, in order, kept when the zone's offset there agrees.
  const lo = Math.min(wall - before, wall - after);
  const hi = Math.max(wall - before, wall - after);
  const loFits = offsetMs(lo, zone) === wall - lo;
  const hiFits = hi !== lo && offsetMs(hi, zone) === wall - hi;
  const first = loFits ? lo : hiFits ? hi : undefined;
  const second = loFits && hiFits ? hi : undefined;
  if (first !== undefined && second === undefined) return first;
  if (first !== undefined && second !== undefined) {
    if (disambiguation === 'reject') throw ambiguous(wall, zone, 'occurs twice (DST overlap)');
    return disambiguation === 'later' ? second : first;
  }
  if (disambiguation === 'reject') throw ambiguous(wall, zone, 'does not exist (DST gap)');
  // A gap: `compatible`/`later` read the wall time with the offset before the gap (so it lands
  // after the transition, shifted forward); `earlier` with the offset after it.
  return disambiguation === 'earlier' ? wall - after : wall - before;
}

function ambiguous(wall: number, zone: string, what: string): AisleError {
  const shown = new Date(wall).toISOString().slice(0, 23);
  return new AisleError(CoreErrorCode.NONEXISTENT_LOCAL_TIME, `Local time ${shown} in ${zone} ${what}`, {
    details: { zone },
  });
}

/**
 * The first instant of the local hour containing `at`. In an overlap the hour keeps `at`'s
 * offset; where a transition falls inside an hour (Lord Howe's 30-minute DST), the hour starts
 * at the transition.
 *
 * @example
 * ```ts
 * import { startOfLocalHour } from '@aisle/core';
 *
 * startOfLocalHour('2026-11-21T10:47:00Z', 'Asia/Kolkata').toISOString(); // '2026-11-21T10:30:00.000Z'
 * ```
 *
 * @public
 */
export function startOfLocalHour(at: InstantInput, zone: string): Date {
  const ms = toInstant(at).getTime();
  assertTimeZone(zone);
  const p = partsOf(ms, zone);
  const guess = ms - (p.minute * MINUTE + p.second * 1000 + p.millisecond);
  const key = (t: number) => {
    const q = partsOf(t, zone);
    return `${formatDate(q.year, q.month, q.day)}T${q.hour}@${q.offsetMinutes}`;
  };
  return new Date(earliestWithSameKey(ms, guess, key, 2 * HOUR));
}

/**
 * The first instant of the local calendar day containing `at` (midnight, or the first moment of
 * the day where midnight is skipped by DST).
 *
 * @example
 * ```ts
 * import { startOfLocalDay } from '@aisle/core';
 *
 * startOfLocalDay('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString(); // '2026-11-20T16:00:00.000Z'
 * ```
 *
 * @public
 */
export function startOfLocalDay(at: InstantInput, zone: string): Date {
  const ms = toInstant(at).getTime();
  assertTimeZone(zone);
  return new Date(dayStart(ms, zone));
}

function dayStart(ms: number, zone: string): number {
  const p = partsOf(ms, zone);
  const guess = ms - (p.hour * HOUR + p.minute * MINUTE + p.second * 1000 + p.millisecond);
  const key = (t: number) => {
    const q = partsOf(t, zone);
    return formatDate(q.year, q.month, q.day);
  };
  return earliestWithSameKey(ms, guess, key, 2 * DAY);
}

/**
 * Finds the earliest instant `s <= ms` such that every instant in `[s, ms]` has `key(ms)`,
 * assuming the key never returns to an earlier value. Tries `guess` (the answer when no offset
 * change is near) and otherwise binary-searches the last `span` milliseconds.
 */
function earliestWithSameKey(ms: number, guess: number, key: (t: number) => string, span: number): number {
  const target = key(ms);
  if (guess <= ms && key(guess) === target && key(guess - 1) !== target) return guess;
  let lo = ms - span; // key(lo) !== target
  let hi = ms; // key(hi) === target
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (key(mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The first instant of the local week containing `at`; weeks start on Monday unless
 * `weekStartsOn` says otherwise (ISO weekday, 1 = Monday … 7 = Sunday).
 *
 * @example
 * ```ts
 * import { startOfLocalWeek } from '@aisle/core';
 *
 * startOfLocalWeek('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString(); // '2026-11-15T16:00:00.000Z'
 * ```
 *
 * @public
 */
export function startOfLocalWeek(at: InstantInput, zone: string, options: { weekStartsOn?: number } = {}): Date {
  const weekStartsOn = options.weekStartsOn ?? 1;
  checkField('weekStartsOn', weekStartsOn, 1, 7);
  const ms = toInstant(at).getTime();
  assertTimeZone(zone);
  const p = partsOf(ms, zone);
  const back = (p.weekday - weekStartsOn + 7) % 7;
  return new Date(startOfDate(p.year, p.month, p.day - back, zone));
}

/**
 * The first instant of the local month containing `at`.
 *
 * @example
 * ```ts
 * import { startOfLocalMonth } from '@aisle/core';
 *
 * startOfLocalMonth('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString(); // '2026-10-31T16:00:00.000Z'
 * ```
 *
 * @public
 */
export function startOfLocalMonth(at: InstantInput, zone: string): Date {
  const ms = toInstant(at).getTime();
  assertTimeZone(zone);
  const p = partsOf(ms, zone);
  return new Date(startOfDate(p.year, p.month, 1, zone));
}

/** First instant of a local date (day may overflow the month: it is normalised). */
function startOfDate(year: number, month: number, day: number, zone: string): number {
  const noonWall = utcMs(year, month, day) + 12 * HOUR;
  const noon = resolveWall(noonWall, zone, 'compatible');
  return dayStart(noon, zone);
}

/**
 * An amount of time. Calendar units (`years`, `months`, `weeks`, `days`) move the local wall
 * clock (month ends clamp: Jan 31 + 1 month is Feb 28/29); exact units (`hours`, `minutes`,
 * `seconds`, `milliseconds`) then add elapsed time. So `days: 1` across a DST change is 23 or
 * 25 hours, while `hours: 24` is always 24.
 *
 * @public
 */
export interface LocalDuration {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
}

/**
 * Adds a {@link LocalDuration} to an instant in a zone. A wall time that lands in a DST gap or
 * overlap is resolved with `disambiguation` (default `compatible`).
 *
 * @throws `RangeError` for a non-integer amount.
 *
 * @example
 * ```ts
 * import { addLocal } from '@aisle/core';
 *
 * // Points expire at the same wall time one month later, whatever DST does.
 * addLocal('2026-03-01T09:00:00+01:00', { months: 1 }, 'Europe/Berlin').toISOString();
 * // '2026-04-01T07:00:00.000Z' (09:00 CEST)
 * ```
 *
 * @public
 */
export function addLocal(at: InstantInput, duration: LocalDuration, zone: string, disambiguation: Disambiguation = 'compatible'): Date {
  const ms = toInstant(at).getTime();
  assertTimeZone(zone);
  const { years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = duration;
  checkAmount('years', years);
  checkAmount('months', months);
  checkAmount('weeks', weeks);
  checkAmount('days', days);
  checkAmount('hours', hours);
  checkAmount('minutes', minutes);
  checkAmount('seconds', seconds);
  checkAmount('milliseconds', milliseconds);
  let result = ms;
  if (years !== 0 || months !== 0 || weeks !== 0 || days !== 0) {
    const p = partsOf(ms, zone);
    const totalMonths = p.month - 1 + months + years * 12;
    const year = p.year + Math.floor(totalMonths / 12);
    const month = (((totalMonths % 12) + 12) % 12) + 1;
    const day = Math.min(p.day, daysInMonth(year, month));
    const wall = utcMs(year, month, day) + (weeks * 7 + days) * DAY + p.hour * HOUR + p.minute * MINUTE + p.second * 1000 + p.millisecond;
    result = resolveWall(wall, zone, disambiguation);
  }
  return toInstant(result + hours * HOUR + minutes * MINUTE + seconds * 1000 + milliseconds);
}

function checkAmount(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Duration ${name} must be an integer, got ${value}`);
}
