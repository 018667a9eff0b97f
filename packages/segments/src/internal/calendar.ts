import { civilFromDays, daysFromCivil } from '@aisle/core';

/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), for `day`
 * fields: no zone, no `Date`, exact for years 1–9999 (H. Hinnant's civil-from-days algorithm).
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid civil date. */
export const dayNumber = daysFromCivil;

/** The civil date `[year, month, day]` of a day number. */
export const civil = civilFromDays;

/** The day number of `YYYY-MM-DD` (year 0001–9999, a real date), or undefined. */
export function parseDay(text: string): number | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayNumber(y, mo, d);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(n: number): string {
  const [y, m, d] = civil(n);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Month × 100 + day: the anniversary key (229 for 29 February). */
export function monthDay(m: number, d: number): number {
  return m * 100 + d;
}

/**
 * The anniversary keys that fall on the day `[y, m, d]`: its own month and day and, on 1 March of
 * a common year, 29 February (a leap-day birthday turns over on 1 March, as in law for the age of
 * majority in several jurisdictions and in `@aisle/consent`'s minor check).
 */
export function anniversaryKeys(y: number, m: number, d: number): number[] {
  return m === 3 && d === 1 && !isLeapYear(y) ? [monthDay(3, 1), monthDay(2, 29)] : [monthDay(m, d)];
}
