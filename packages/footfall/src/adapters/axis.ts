import { assertTimeZone, parse } from '@aisle/core';
import * as z from 'zod/mini';
import { type CounterState, deltaOf } from '../internal/counters';
import { deviceTimeMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

const LiveSum = z.object({
  serial: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  timestamp: z.string().check(z.minLength(8)),
  in: z.int().check(z.nonnegative()),
  out: z.int().check(z.nonnegative()),
});

const Export = z.object({
  data: z.array(z.object({ start: z.string(), end: z.string(), in: z.int().check(z.nonnegative()), out: z.int().check(z.nonnegative()) })),
});

/** Options of {@link fromAxis}. @public */
export interface AxisOptions {
  /** The camera's IANA zone (Axis timestamps are local wall time). */
  readonly zone: string;
  /** Door id for the events; the counter's `name` (or serial) by default. */
  readonly line?: string;
  /** Source id for exported interval data (which carries no serial). */
  readonly source?: string;
  /** Running totals from the previous call. */
  readonly state?: CounterState;
}

/**
 * Reads AXIS People Counter data: real-time `live-sum.json` samples
 * (`{ serial, name, timestamp: "YYYYMMDDhhmmss", in, out }`, running totals since the counter's
 * daily reset) or the 3D People Counter's JSON export (`{ data: [{ start, end, in, out }] }`,
 * interval counts). Running totals become deltas between consecutive samples of the same serial;
 * the first sample is only a baseline; a total that goes down is a counter reset (counted, and
 * the new total is taken as counted from zero). Samples are processed in time order.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for input in neither shape.
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for an unreadable timestamp.
 *
 * @example
 * ```ts
 * import { fromAxis } from '@aisle/footfall';
 *
 * const first = fromAxis({ serial: '00408CAC512B', name: 'Exit south', timestamp: '20261121100000', in: 12, out: 318 }, { zone: 'Asia/Shanghai' });
 * const next = fromAxis({ serial: '00408CAC512B', name: 'Exit south', timestamp: '20261121100500', in: 20, out: 321 }, { zone: 'Asia/Shanghai', state: first.state });
 * // next.events[0]: { in: 8, out: 3, line: 'Exit south', … }
 * ```
 *
 * @public
 */
export function fromAxis(input: unknown, options: AxisOptions): CounterAdapterResult {
  const zone = assertTimeZone(options.zone);
  const quality = new QualityCounter();
  const data = parse(z.union([LiveSum, z.array(LiveSum), Export]), input, { label: 'Axis people counter data' });
  const events: CountEvent[] = [];
  const state: Record<string, CounterState[string]> = { ...options.state };
  if ('data' in data) {
    const source = options.source ?? 'axis';
    for (const row of data.data) {
      const from = deviceTimeMs(row.start, zone);
      const at = deviceTimeMs(row.end, zone);
      const line = options.line ?? source;
      events.push({
        type: 'count',
        source,
        line,
        from,
        at,
        in: row.in,
        out: row.out,
        passed: 0,
        key: `axis:${source}:${line}:${from}:${at}`,
      });
    }
    return { events, quality: quality.snapshot(), state };
  }
  const samples = (Array.isArray(data) ? data : [data])
    .map((s) => ({ ...s, at: deviceTimeMs(s.timestamp, zone) }))
    .sort((a, b) => a.at - b.at);
  for (const s of samples) {
    const current = { in: s.in, out: s.out, passed: 0, at: s.at };
    const previous = state[s.serial];
    if (previous !== undefined && s.at <= previous.at) {
      // A repeated or older sample: the totals it carries are already accounted for.
      quality.add(s.at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
      continue;
    }
    const d = deltaOf(previous, current);
    state[s.serial] = current;
    if (d === undefined || previous === undefined) continue;
    if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
    const line = options.line ?? s.name ?? s.serial;
    events.push({
      type: 'count',
      source: s.serial,
      line,
      from: previous.at,
      at: s.at,
      in: d.in,
      out: d.out,
      passed: 0,
      key: `axis:${s.serial}:${s.at}`,
    });
  }
  return { events, quality: quality.snapshot(), state };
}
