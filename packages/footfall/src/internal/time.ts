import { fromLocal, toInstant } from '@aisle/core';
import { FootfallError, FootfallErrorCode } from '../errors';

/** Seconds or milliseconds since the epoch, or an ISO string with an offset, to epoch ms. */
export function instantMs(value: number | string): number {
  if (typeof value === 'number') return value < 1e11 ? Math.round(value * 1000) : value;
  return toInstant(value).getTime();
}

const unreadable = (text: string, cause?: unknown) =>
  new FootfallError(FootfallErrorCode.MALFORMED_INPUT, `Unreadable device time ${JSON.stringify(text.slice(0, 40))}`, {
    ...(cause === undefined ? {} : { cause }),
  });

// Anchored, no nested quantifiers: linear in the (short, bounded) text.
const DEVICE_TIME = /^(\d{4})-?(\d\d)-?(\d\d)[ T]?(\d\d):?(\d\d):?(\d\d)(?:[.,](\d{1,9}))?(?:\s*(Z|z|[+-]\d{1,2}(?::?\d\d)?))?$/;

/**
 * Local wall time as devices print it (`20170503112756`, `2020-06-23 00:00:00`, ISO with an
 * offset, including the `-5:00` and `+0800` spellings some firmware writes) to epoch ms. Without
 * an offset, `zone` decides.
 *
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for text that is not a time.
 */
export function deviceTimeMs(text: string, zone: string): number {
  if (typeof text !== 'string' || text.length > 64) throw unreadable(String(text));
  const m = DEVICE_TIME.exec(text.trim());
  if (m === null) throw unreadable(text);
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const parts = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31 || parts.hour > 23 || parts.minute > 59 || parts.second > 60) {
    throw unreadable(text);
  }
  if (offset !== undefined) {
    let minutes = 0;
    if (offset !== 'Z' && offset !== 'z') {
      const sign = offset[0] === '-' ? -1 : 1;
      const body = offset.slice(1).replace(':', '');
      const hours = body.length <= 2 ? Number(body) : Number(body.slice(0, body.length - 2));
      const mins = body.length <= 2 ? 0 : Number(body.slice(-2));
      if (hours > 14 || mins > 59) throw unreadable(text);
      minutes = sign * (hours * 60 + mins);
    }
    const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, ms);
    const check = new Date(utc);
    if (check.getUTCDate() !== parts.day) throw unreadable(text);
    return utc - minutes * 60_000;
  }
  try {
    return fromLocal(parts, zone).getTime() + ms;
  } catch (error) {
    throw unreadable(text, error);
  }
}

/** {@link deviceTimeMs}, or `undefined` for text that is not a time (the caller counts it). */
export function tryDeviceTimeMs(text: unknown, zone: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return deviceTimeMs(text, zone);
  } catch {
    return undefined;
  }
}
