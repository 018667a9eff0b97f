import { localParts } from '@aisle/core';

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

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

export function fromDayNumber(n: number): BusinessDate {
  const d = new Date(n * DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const wd = d.getUTCDay();
  return { iso: isoOf(year, month, day), year, month, day, weekday: wd === 0 ? 7 : wd, dayNumber: n };
}

export function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The business date of instant `ms` in `zone`; before `dayStartsAtHour` local time it is still the previous day. */
export function businessDate(ms: number, zone: string, dayStartsAtHour: number): BusinessDate {
  const p = localParts(ms, zone);
  const n = dayNumber(p.year, p.month, p.day);
  if (p.hour < dayStartsAtHour) return fromDayNumber(n - 1);
  return { iso: isoOf(p.year, p.month, p.day), year: p.year, month: p.month, day: p.day, weekday: p.weekday, dayNumber: n };
}

/** Month and day of `MM-DD` or `YYYY-MM-DD`. */
export function monthDayOf(text: string): { month: number; day: number } {
  const parts = text.split('-');
  const month = Number(parts[parts.length - 2]);
  const day = Number(parts[parts.length - 1]);
  return { month, day };
}

/** The day number of `month`/`day` in `year`; 29 February falls on 28 February in common years. */
export function anniversaryIn(year: number, month: number, day: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return dayNumber(year, month, month === 2 && day === 29 && !leap ? 28 : day);
}
