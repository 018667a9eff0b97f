import type { LocalDuration } from '@aisle/core';

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const KEYS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const SHORTEST = [365, 28, 7, 1, 1 / 24, 1 / 1440, 1 / 86400];
const LONGEST = [366, 31, 7, 1, 1 / 24, 1 / 1440, 1 / 86400];

/** Components of an ISO 8601 duration the schema accepted. */
export function parseDuration(text: string): Required<Pick<LocalDuration, (typeof KEYS)[number]>> {
  const m = PATTERN.exec(text);
  if (m === null) throw new RangeError(`Not an ISO 8601 duration: ${text}`);
  const out = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  KEYS.forEach((key, i) => {
    out[key] = Number(m[i + 1] ?? 0);
  });
  return out;
}

/**
 * Whether `next` can last longer than `prev`: true when its longest reading (years of 366 days,
 * months of 31) exceeds the longest reading of `prev`, unless no component grew.
 */
export function isLonger(next: string, prev: string): boolean {
  const a = parseDuration(next);
  const b = parseDuration(prev);
  if (KEYS.every((key) => a[key] <= b[key])) return false;
  const days = (d: typeof a, unit: number[]) => KEYS.reduce((sum, key, i) => sum + d[key] * (unit[i] as number), 0);
  return days(a, SHORTEST) > days(b, SHORTEST) || days(a, LONGEST) > days(b, LONGEST);
}
