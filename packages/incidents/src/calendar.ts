import { addLocal, assertTimeZone, fromLocal, type InstantInput, localDate, localParts } from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';

/**
 * A holiday calendar, given as data: public holidays, the weekend, and adjusted working days
 * (CN 调休: a Saturday or Sunday that is a working day). Business-day arithmetic refuses to run
 * past the years listed in `years`, since a missing year would silently count holidays as work.
 *
 * @public
 */
export interface HolidayCalendar {
  /** A name for messages (`CN-2026`, `US-federal`). */
  readonly id: string;
  /** Years (local) this calendar is complete for. */
  readonly years: readonly number[];
  /** Local dates (`YYYY-MM-DD`) that are days off. */
  readonly holidays: readonly string[];
  /** Local dates that are working days although they fall on the weekend (CN 调休上班). */
  readonly workingDays?: readonly string[];
  /** ISO weekdays that are weekend (default `[6, 7]`). */
  readonly weekend?: readonly number[];
}

const DAY = 86_400_000;

function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function shift(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  const d = new Date(dateMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * True when `date` (`YYYY-MM-DD`) is a working day in `calendar`.
 *
 * @throws {@link IncidentError} `INCIDENTS_CALENDAR_GAP` when the calendar does not cover the year.
 *
 * @example
 * ```ts
 * import { isWorkingDay } from '@aisle/incidents';
 *
 * const cn = { id: 'CN-2026', years: [2026], holidays: ['2026-10-01'], workingDays: ['2026-10-10'] };
 * isWorkingDay('2026-10-10', cn); // true: a Saturday made a working day
 * ```
 *
 * @public
 */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const year = Number(date.slice(0, 4));
  if (!calendar.years.includes(year)) {
    throw new IncidentError(IncidentsErrorCode.CALENDAR_GAP, `Calendar "${calendar.id}" does not cover ${year} (needed for ${date})`, {
      details: { calendar: calendar.id, year },
    });
  }
  if (calendar.workingDays?.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return !(calendar.weekend ?? [6, 7]).includes(isoWeekday(date));
}

/** The first working day on or after `date`. */
function onOrAfterWorking(date: string, calendar: HolidayCalendar): string {
  let d = date;
  while (!isWorkingDay(d, calendar)) d = shift(d, 1);
  return d;
}

/**
 * The local date `n` business days after the local date of `at` (the day of `at` itself does
 * not count, whatever its time): Friday 23:30 before a Monday holiday + 1 business day is Tuesday.
 *
 * @throws {@link IncidentError} `INCIDENTS_CALENDAR_GAP`; `RangeError` for a negative or fractional `n`.
 *
 * @example
 * ```ts
 * import { addBusinessDays } from '@aisle/incidents';
 *
 * const us = { id: 'US-federal-2026', years: [2026], holidays: ['2026-09-07'] };
 * addBusinessDays('2026-09-04T23:30:00-04:00', 4, { calendar: us, zone: 'America/New_York' }); // '2026-09-11'
 * ```
 *
 * @public
 */
export function addBusinessDays(
  at: InstantInput,
  n: number,
  options: { readonly calendar: HolidayCalendar; readonly zone: string },
): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Business days must be a non-negative integer, got ${n}`);
  let date = localDate(at, options.zone);
  for (let left = n; left > 0; ) {
    date = shift(date, 1);
    if (isWorkingDay(date, options.calendar)) left--;
  }
  return date;
}

/**
 * The instant a local date ends (24:00, i.e. the start of the next day) in `zone`.
 *
 * @example
 * ```ts
 * import { endOfLocalDate } from '@aisle/incidents';
 *
 * endOfLocalDate('2026-10-08', 'Asia/Shanghai').toISOString(); // '2026-10-08T16:00:00.000Z'
 * ```
 *
 * @public
 */
export function endOfLocalDate(date: string, zone: string): Date {
  const next = shift(date, 1);
  return fromLocal({ year: Number(next.slice(0, 4)), month: Number(next.slice(5, 7)), day: Number(next.slice(8, 10)) }, zone);
}

/**
 * How a period counted in days or months ends.
 *
 * @public
 */
export interface DayPeriodOptions {
  readonly zone: string;
  readonly days?: number;
  readonly months?: number;
  /** When the last day is not a working day, extend to the end of the next working day. */
  readonly calendar?: HolidayCalendar;
}

/**
 * The end of a period of `days` or `months` counted from the local date of `from`, as the
 * civil-law texts count them: the starting day is not counted (民法典 Art. 201; Regulation
 * (EEC, Euratom) No 1182/71 Art. 3(1)), the period ends at 24:00 of its last day (民法典 Art. 203;
 * 1182/71 Art. 3(2)(b)/(c)), a month ends on the same date of the later month or the month's
 * last day, and with a `calendar` a last day that is not a working day moves to the next working
 * day (民法典 Art. 203; 1182/71 Art. 3(4)).
 *
 * @throws {@link IncidentError} `INCIDENTS_CALENDAR_GAP` when the calendar does not cover the last day.
 *
 * @example
 * ```ts
 * import { periodEnd } from '@aisle/incidents';
 *
 * periodEnd('2026-09-01T18:00:00+08:00', { days: 30, zone: 'Asia/Shanghai' }).toISOString();
 * // '2026-10-01T16:00:00.000Z' — the end of 1 October, Shanghai time
 * ```
 *
 * @public
 */
export function periodEnd(from: InstantInput, options: DayPeriodOptions): Date {
  assertTimeZone(options.zone);
  const { days = 0, months = 0 } = options;
  if (!Number.isSafeInteger(days) || !Number.isSafeInteger(months) || days < 0 || months < 0) {
    throw new RangeError(`Period days/months must be non-negative integers, got ${days}/${months}`);
  }
  const p = localParts(from, options.zone);
  // Noon avoids DST edges while moving by calendar units; only the local date is kept.
  const noon = fromLocal({ year: p.year, month: p.month, day: p.day, hour: 12 }, options.zone);
  let last = localDate(addLocal(noon, { months, days }, options.zone), options.zone);
  if (options.calendar !== undefined) last = onOrAfterWorking(last, options.calendar);
  return endOfLocalDate(last, options.zone);
}

/**
 * The local date of the n-th business day, closed at a local cut-off time (e.g. EDGAR's 17:30
 * Eastern): the instant by which something must be done on that day.
 */
export function businessDeadline(
  at: InstantInput,
  n: number,
  options: { readonly calendar: HolidayCalendar; readonly zone: string; readonly cutoff?: string },
): Date {
  const date = addBusinessDays(at, n, options);
  if (options.cutoff === undefined) return endOfLocalDate(date, options.zone);
  const [hour = 0, minute = 0] = options.cutoff.split(':').map(Number);
  return fromLocal(
    { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)), hour, minute },
    options.zone,
  );
}
