import { fromLocal, toInstant } from '@aisle/core';
import { FootfallError, FootfallErrorCode } from '../errors';

/** Seconds or milliseconds since the epoch, or an ISO string with an offset, to epoch ms. */
export function instantMs(value: number | string): number {
  if (typeof value === 'number') return value < 1e11 ? Math.round(value * 1000) : value;
  return toInstant(value).getTime();
}

/**
 * Local wall time as devices print it (`20170503112756`, `2020-06-23 00:00:00`, or ISO with an
 * offset) to epoch ms. Without an offset, `zone` decides.
 */
export function deviceTimeMs(text: string, zone: string): number {
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(text) && text.includes('T')) return toInstant(text).getTime();
  const m = /^(\d{4})-?(\d\d)-?(\d\d)[ T]?(\d\d):?(\d\d):?(\d\d)$/.exec(text.trim());
  if (m === null) throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, `Unreadable device time ${JSON.stringify(text.slice(0, 40))}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  try {
    return fromLocal({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, zone).getTime();
  } catch (error) {
    throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, `Unreadable device time ${JSON.stringify(text.slice(0, 40))}`, {
      cause: error,
    });
  }
}
