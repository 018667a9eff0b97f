import { assertTimeZone } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from '../errors';
import { type CounterState, deltaOf } from '../internal/counters';
import { DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { readRecord } from '../internal/read-record';
import { dictCopy } from '../internal/records';
import { tryDeviceTimeMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

const LiveSum = z.object({
  serial: z.string().check(z.minLength(1), z.maxLength(128)),
  name: z.optional(z.string()),
  timestamp: z.string().check(z.minLength(8), z.maxLength(64)),
  in: z.int().check(z.gte(0), z.lte(1_000_000_000)),
  out: z.int().check(z.gte(0), z.lte(1_000_000_000)),
});

const Count = z.int().check(z.gte(0), z.lte(1_000_000_000));
const ExportRow = z.object({ start: z.string().check(z.maxLength(64)), end: z.string().check(z.maxLength(64)), in: Count, out: Count });

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
  /** Most samples or export rows accepted in one call (default and maximum 100 000). */
  readonly maxRecords?: number;
}

/**
 * Reads AXIS People Counter data: real-time `live-sum.json` samples
 * (`{ serial, name, timestamp: "YYYYMMDDhhmmss", in, out }`, running totals since the counter's
 * daily reset) or the 3D People Counter's JSON export (`{ data: [{ start, end, in, out }] }`,
 * interval counts). Running totals become deltas between consecutive samples of the same serial;
 * the first sample is only a baseline; a total that goes down is a counter reset (counted, and
 * the new total is taken as counted from zero). Samples are processed in time order. A sample
 * or row that does not validate, or whose time cannot be read, is skipped and counted by reason;
 * the rest of the batch is read. Limit: `maxRecords` samples or rows (100 000), checked first.
 *
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for input in neither shape.
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more records than `maxRecords`.
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
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const quality = new QualityCounter();
  const events: CountEvent[] = [];
  const state = dictCopy<CounterState[string]>(options.state);
  const isExport = typeof input === 'object' && input !== null && !Array.isArray(input) && Object.hasOwn(input, 'data');
  if (isExport) {
    const rows = (input as { data: unknown }).data;
    if (!Array.isArray(rows)) throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'Axis export: expected data to be an array');
    const list = recordsOf(rows, maxRecords, 'Axis export rows');
    const source = options.source ?? 'axis';
    const line = options.line ?? source;
    for (let i = 0; i < list.length; i++) {
      const row = readRecord(ExportRow, list[i]);
      if (!row.success) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      const from = tryDeviceTimeMs(row.data.start, zone);
      const at = tryDeviceTimeMs(row.data.end, zone);
      if (from === undefined || at === undefined || from > at) {
        quality.add(QualityReason.UNREADABLE_TIMES);
        continue;
      }
      events.push({
        type: 'count',
        source,
        line,
        from,
        at,
        in: row.data.in,
        out: row.data.out,
        passed: 0,
        key: `axis:${source}:${line}:${from}:${at}`,
      });
    }
    return { events, quality: quality.snapshot(), state };
  }
  if (typeof input !== 'object' || input === null)
    throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'Axis input must be a live-sum sample, an array of them, or an export');
  const list = recordsOf(input, maxRecords, 'Axis samples');
  const samples: { serial: string; name: string | undefined; in: number; out: number; at: number }[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = readRecord(LiveSum, list[i]);
    if (!s.success) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const at = tryDeviceTimeMs(s.data.timestamp, zone);
    if (at === undefined) {
      quality.add(QualityReason.UNREADABLE_TIMES);
      continue;
    }
    samples.push({ serial: s.data.serial, name: s.data.name, in: s.data.in, out: s.data.out, at });
  }
  samples.sort((a, b) => a.at - b.at);
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
