import { addLocal, assertTimeZone, fromLocal, localParts } from '@aisle/core';
import { FootfallError, FootfallErrorCode } from '../errors';

/** One report hour: `[start, end)` in epoch ms and its local label (`HH:MM`). */
export interface PlannedHour {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** The hours of a business day in a zone: shared by the in-memory report and the SQL compiler. */
export interface HourPlan {
  readonly zone: string;
  readonly open: number;
  readonly close: number;
  readonly hours: readonly PlannedHour[];
}

function hhmm(text: string, what: string): { hour: number; minute: number } {
  const m = typeof text === 'string' ? /^(\d\d):(\d\d)$/.exec(text) : null;
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (m === null || hour > 24 || minute > 59 || (hour === 24 && minute !== 0)) {
    throw new FootfallError(FootfallErrorCode.INVALID_OPENING_HOURS, `Opening hours ${what} must be HH:MM, got ${JSON.stringify(text)}`);
  }
  return { hour, minute };
}

function localInstant(date: string, t: { hour: number; minute: number }, zone: string): number {
  const m = typeof date === 'string' ? /^(\d{4})-(\d\d)-(\d\d)$/.exec(date) : null;
  if (m === null)
    throw new FootfallError(FootfallErrorCode.INVALID_OPENING_HOURS, `Business date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (t.hour === 24) return addLocal(fromLocal(day, zone), { days: 1 }, zone).getTime();
  return fromLocal({ ...day, hour: t.hour, minute: t.minute }, zone).getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The local hours from opening to closing (DST days have 23 or 25; the first and last may be
 * partial when the store opens or closes off the hour).
 */
export function planHours(
  zoneName: string,
  date: string,
  openingHours: { readonly open: string; readonly close: string } | undefined,
): HourPlan {
  const zone = assertTimeZone(zoneName);
  const hours = openingHours ?? { open: '00:00', close: '24:00' };
  const open = localInstant(date, hhmm(hours.open, 'open'), zone);
  const close = localInstant(date, hhmm(hours.close, 'close'), zone);
  if (!(close > open))
    throw new FootfallError(FootfallErrorCode.INVALID_OPENING_HOURS, `Closing (${hours.close}) must be after opening (${hours.open})`);
  const out: PlannedHour[] = [];
  let hourStart = open;
  while (hourStart < close) {
    const p = localParts(hourStart, zone);
    const nextLocal = addLocal(hourStart - (p.minute * 60_000 + p.second * 1000 + p.millisecond), { hours: 1 }, zone).getTime();
    const hourEnd = Math.min(nextLocal, close);
    out.push({ start: hourStart, end: hourEnd, label: `${pad(p.hour)}:${pad(p.minute)}` });
    hourStart = hourEnd;
  }
  return { zone, open, close, hours: out };
}
