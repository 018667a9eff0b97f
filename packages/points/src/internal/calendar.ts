import { civilFromDays, daysFromCivil } from '@aisle/core';
import { cachedOffset } from './zone-offsets';

/** The business date of a receipt in the store's zone, with what calendar conditions need. */
export interface BusinessDate {
  readonly iso: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Days since 1970-01-01 of this calendar date. */
  readonly dayNumber: number;
}

const DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export const dayNumber = daysFromCivil;

export function fromDayNumber(n: number): BusinessDate {
  const [year, month, day] = civilFromDays(n);
  const weekday = ((((n + 3) % 7) + 7) % 7) + 1;
  return { iso: isoOf(year, month, day), year, month, day, weekday, dayNumber: n };
}

export function isoOf(year: number, month: number, day: number): string {
  const y = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  return `${y}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The business date of instant `ms` in `zone`; before `dayStartsAtHour` local time it is still the previous day. */
export function businessDate(ms: number, zone: string, dayStartsAtHour: number): BusinessDate {
  return dateOfDay(Math.floor((ms + cachedOffset(ms, zone) * 60_000 - dayStartsAtHour * 3_600_000) / DAY));
}

/** The calendar date of day number `n` (shared, immutable; cached). */
export function dateOfDay(n: number): BusinessDate {
  if (n >= 0 && n < RECENT_DAYS) {
    let recent = RECENT[n];
    if (recent === undefined) {
      recent = fromDayNumber(n);
      RECENT[n] = recent;
    }
    return recent;
  }
  let date = dates.get(n);
  if (date === undefined) {
    date = fromDayNumber(n);
    if (dates.size >= 100_000) dates.clear();
    dates.set(n, date);
  }
  return date;
}

/** Calendar dates of 1970–2149 by day number in a flat table (immutable, shared by every zone). */
const RECENT_DAYS = 65_536;
const RECENT: Array<BusinessDate | undefined> = new Array(RECENT_DAYS);

/** Other calendar dates by day number (immutable, shared by every zone). */
const dates = new Map<number, BusinessDate>();

/** Month of `MM-DD` or `YYYY-MM-DD`. */
export function monthOf(text: string): number {
  const n = text.length;
  return (text.charCodeAt(n - 5) - 48) * 10 + text.charCodeAt(n - 4) - 48;
}

/** Day of `MM-DD` or `YYYY-MM-DD`. */
export function dayOf(text: string): number {
  const n = text.length;
  return (text.charCodeAt(n - 2) - 48) * 10 + text.charCodeAt(n - 1) - 48;
}

/** The day number of `month`/`day` in `year`; 29 February falls on 28 February in common years. */
export function anniversaryIn(year: number, month: number, day: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return dayNumber(year, month, month === 2 && day === 29 && !leap ? 28 : day);
}
