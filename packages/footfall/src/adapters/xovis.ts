import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { stripBiometrics } from '../internal/biometric';
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
    sensor_info: z.optional(z.object({ serial_number: z.string().check(z.minLength(1)), name: z.optional(z.string()) })),
    frames: z.array(
      z.object({
        framenumber: z.int().check(z.nonnegative()),
        time: z.number().check(z.positive()),
        events: z._default(z.array(z.unknown()), []),
      }),
    ),
  }),
});

/** Options of {@link fromXovis}. @public */
export interface XovisOptions {
  /** Source id when the push carries no `sensor_info.serial_number`. */
  readonly source?: string;
  /** Which line direction is "in" (default `FORWARD`). */
  readonly forward?: 'in' | 'out';
  /** Map a counter name to a door id (default: the counter name). */
  readonly lines?: Readonly<Record<string, string>>;
}

/**
 * Reads a Xovis live-data push: `live_data.sensor_info.serial_number` names the source, and
 * each frame (`framenumber`, `time` in epoch ms) carries `events`; every event with
 * `category: "COUNT"` and a `LINE_COUNT` type is one crossing of the counter named in
 * `attributes.counter_name`, in `attributes.direction` (`FORWARD` is "in" unless `forward: 'out'`).
 * Other event
 * categories (zone, tracking) are ignored; tracked-object positions are not read. A count event
 * that does not validate is skipped and counted.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` when the push is not live data.
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
  const quality = new QualityCounter();
  const stripped = stripBiometrics(input);
  quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
  const push = parse(LiveData, stripped.value, { label: 'Xovis live data' }).live_data;
  const source = push.sensor_info?.serial_number ?? options.source ?? 'xovis';
  const forwardIn = (options.forward ?? 'in') === 'in';
  const events: CountEvent[] = [];
  for (const frame of push.frames) {
    for (const raw of frame.events) {
      const category = typeof raw === 'object' && raw !== null ? (raw as { category?: unknown }).category : undefined;
      if (category !== 'COUNT') continue;
      const e = CountEventSchema.safeParse(raw);
      if (!e.success || !e.data.type.includes('LINE')) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      const isIn = (e.data.attributes.direction === 'FORWARD') === forwardIn;
      const line = options.lines?.[e.data.attributes.counter_name] ?? e.data.attributes.counter_name;
      events.push({
        type: 'count',
        source,
        line,
        from: frame.time,
        at: frame.time,
        in: isIn ? 1 : 0,
        out: isIn ? 0 : 1,
        passed: 0,
        key: `xovis:${source}:${frame.framenumber}:${e.data.attributes.counter_name}:${String(e.data.attributes.track_id ?? '')}:${e.data.attributes.direction}`,
      });
    }
  }
  return { events, quality: quality.snapshot() };
}
