import { assertTimeZone, startOfLocalDay, startOfLocalHour } from '@aisle/core';
import { BUCKET_MS, type FootfallAggregate } from './aggregate';
import { dict, dictFrom, own, sortedKeys } from './internal/records';

/** Tumbling window sizes: 5 minutes, a local hour, a local day. @public */
export type WindowSize = '5m' | 'hour' | 'day';

/** Counts of one tumbling window, per line. @public */
export interface WindowCounts {
  /** Window start (UTC instant, ISO). */
  readonly start: string;
  /** Window end (exclusive). */
  readonly end: string;
  readonly lines: Readonly<Record<string, { readonly in: number; readonly out: number; readonly passed: number }>>;
}

/**
 * The aggregate's counts in event-time tumbling windows: 5 minutes, or hours and days of the
 * store's zone (so a DST day is one window of 23 or 25 hours, and a 30-minute-offset zone's hours
 * start at :30 UTC). Only windows with counts are listed, in time order.
 *
 * @throws `AisleError` (from `@aisle/core`) `CORE_INVALID_TIME_ZONE` for an unknown zone.
 *
 * @example
 * ```ts
 * import { createFootfallAggregator, tumblingWindows } from '@aisle/footfall';
 *
 * const agg = createFootfallAggregator();
 * const at = Date.parse('2026-11-21T10:02:00+08:00');
 * agg.add({ type: 'count', source: 'cam1', line: 'north', from: at, at, in: 2, out: 0, passed: 0, key: 'k' });
 * tumblingWindows(agg.snapshot(), { zone: 'Asia/Shanghai', size: 'hour' });
 * // [{ start: '2026-11-21T02:00:00.000Z', end: '2026-11-21T03:00:00.000Z', lines: { north: { in: 2, out: 0, passed: 0 } } }]
 * ```
 *
 * @public
 */
export function tumblingWindows(agg: FootfallAggregate, options: { readonly zone: string; readonly size: WindowSize }): WindowCounts[] {
  const zone = assertTimeZone(options.zone);
  const windows = new Map<number, { end: number; lines: Record<string, { in: number; out: number; passed: number }> }>();
  // Line names are data: every dictionary below is prototype-free (see internal/records).
  for (const key of Object.keys(agg.buckets).sort((a, b) => Number(a) - Number(b))) {
    const t = Number(key);
    let start: number;
    let end: number;
    if (options.size === '5m') {
      start = t;
      end = t + BUCKET_MS;
    } else if (options.size === 'hour') {
      start = startOfLocalHour(t, zone).getTime();
      end = startOfLocalHour(start + 3_600_000, zone).getTime();
    } else {
      start = startOfLocalDay(t, zone).getTime();
      end = startOfLocalDay(start + 36 * 3_600_000, zone).getTime();
    }
    let w = windows.get(start);
    if (w === undefined) {
      w = { end, lines: dict() };
      windows.set(start, w);
    }
    for (const [line, c] of Object.entries(own(agg.buckets, key) ?? {})) {
      const sum = own(w.lines, line) ?? { in: 0, out: 0, passed: 0 };
      sum.in += c.in;
      sum.out += c.out;
      sum.passed += c.passed;
      w.lines[line] = sum;
    }
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, w]) => ({
      start: new Date(start).toISOString(),
      end: new Date(w.end).toISOString(),
      lines: dictFrom(sortedKeys(w.lines).map((k) => [k, w.lines[k] as { in: number; out: number; passed: number }])),
    }));
}
