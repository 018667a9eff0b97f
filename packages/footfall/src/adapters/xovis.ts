import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from '../errors';
import { stripBiometrics } from '../internal/biometric';
import { DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { readRecord } from '../internal/read-record';
import { own } from '../internal/records';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { AdapterResult } from './result';

const CountEventSchema = z.object({
  category: z.string(),
  type: z.string(),
  attributes: z.object({
    counter_id: z.optional(z.union([z.number(), z.string()])),
    counter_name: z.string().check(z.minLength(1)),
    direction: z.enum(['FORWARD', 'BACKWARD']),
    track_id: z.optional(z.union([z.number(), z.string()])),
  }),
});

const LiveData = z.object({
  live_data: z.object({
    sensor_info: z.optional(z.object({ serial_number: z.string().check(z.minLength(1), z.maxLength(128)), name: z.optional(z.string()) })),
    frames: z.unknown(),
  }),
});
const FrameSchema = z.object({
  framenumber: z.int().check(z.nonnegative()),
  time: z.number().check(z.positive()),
  events: z._default(z.unknown(), []),
});

/** Options of {@link fromXovis}. @public */
export interface XovisOptions {
  /** Source id when the push carries no `sensor_info.serial_number`. */
  readonly source?: string;
  /** Which line direction is "in" (default `FORWARD`). */
  readonly forward?: 'in' | 'out';
  /** Map a counter name to a door id (default: the counter name). */
  readonly lines?: Readonly<Record<string, string>>;
  /** Most frames, and most events in one frame, accepted (default and maximum 100 000). */
  readonly maxRecords?: number;
}

/**
 * Reads a Xovis live-data push: `live_data.sensor_info.serial_number` names the source, and
 * each frame (`framenumber`, `time` in epoch ms) carries `events`; every event with
 * `category: "COUNT"` and a `LINE_COUNT` type is one crossing of the counter named in
 * `attributes.counter_name`, in `attributes.direction` (`FORWARD` is "in" unless `forward: 'out'`).
 * Other event
 * categories (zone, tracking) are ignored; tracked-object positions are not read. A count event
 * that does not validate is skipped and counted. No public real Xovis payload exists to test
 * against (the shape follows Xovis's published data-push field names; see the README). Limit:
 * `maxRecords` frames, and events per frame (100 000), checked before reading.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` when the push is not live data.
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more frames or events than `maxRecords`.
 *
 * @example
 * ```ts
 * import { fromXovis } from '@aisle/footfall';
 *
 * const push = { live_data: { sensor_info: { serial_number: '80:1F:12:AB:CD:EF' }, frames: [{ framenumber: 88121, time: 1763690400125,
 *   events: [{ category: 'COUNT', type: 'LINE_COUNT', attributes: { counter_id: 0, counter_name: 'Main entrance', direction: 'FORWARD', track_id: 5512 } }] }] } };
 * fromXovis(push).events[0]; // { in: 1, out: 0, line: 'Main entrance', … }
 * ```
 *
 * @public
 */
export function fromXovis(input: unknown, options: XovisOptions = {}): AdapterResult<CountEvent> {
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const quality = new QualityCounter();
  const stripped = stripBiometrics(input);
  quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
  const push = parse(LiveData, stripped.value, { label: 'Xovis live data' }).live_data;
  if (!Array.isArray(push.frames))
    throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'Xovis live data: expected frames to be an array');
  const frames = recordsOf(push.frames, maxRecords, 'Xovis frames');
  const source = push.sensor_info?.serial_number ?? options.source ?? 'xovis';
  const forwardIn = (options.forward ?? 'in') === 'in';
  const events: CountEvent[] = [];
  for (let i = 0; i < frames.length; i++) {
    const frame = readRecord(FrameSchema, frames[i]);
    if (!frame.success || !Array.isArray(frame.data.events)) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const list = recordsOf(frame.data.events, maxRecords, 'Xovis frame events');
    for (let j = 0; j < list.length; j++) {
      const raw = list[j];
      const category = typeof raw === 'object' && raw !== null ? (raw as { category?: unknown }).category : undefined;
      if (category !== 'COUNT') continue;
      const e = readRecord(CountEventSchema, raw);
      if (!e.success || !e.data.type.includes('LINE')) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      const isIn = (e.data.attributes.direction === 'FORWARD') === forwardIn;
      const name = e.data.attributes.counter_name;
      const line = own(options.lines, name) ?? name;
      const f = frame.data;
      events.push({
        type: 'count',
        source,
        line,
        from: f.time,
        at: f.time,
        in: isIn ? 1 : 0,
        out: isIn ? 0 : 1,
        passed: 0,
        key: `xovis:${source}:${f.framenumber}:${name}:${String(e.data.attributes.track_id ?? '')}:${e.data.attributes.direction}`,
      });
    }
  }
  return { events, quality: quality.snapshot() };
}
