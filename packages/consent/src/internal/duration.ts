import type { LocalDuration } from '@aisle/core';

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const KEYS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

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
 * Whether `next` can last longer than `prev`. Years count as 12 months and weeks as 7 days
 * (calendar arithmetic); then it is longer when no reading is shorter and a component grew with
 * months of 28 or of 31 days.
 */
export function isLonger(next: string, prev: string): boolean {
  const a = normalise(parseDuration(next));
  const b = normalise(parseDuration(prev));
  if (a.every((value, i) => value <= (b[i] as number))) return false;
  const days = (d: number[], month: number) => (d[0] as number) * month + (d[1] as number) + (d[2] as number) / 86_400;
  return days(a, 28) > days(b, 28) || days(a, 31) > days(b, 31);
}

/** [months, days, seconds]. */
function normalise(d: ReturnType<typeof parseDuration>): number[] {
  return [d.years * 12 + d.months, d.weeks * 7 + d.days, d.hours * 3600 + d.minutes * 60 + d.seconds];
}
