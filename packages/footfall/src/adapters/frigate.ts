import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { stripBiometrics } from '../internal/biometric';
import { QualityCounter, QualityReason } from '../quality';
import type { Detection, FrameEvent } from '../types';
import type { FrameAdapterResult } from './result';

const TrackedObject = z.object({
  id: z.string().check(z.minLength(1)),
  camera: z.string().check(z.minLength(1)),
  frame_time: z.number().check(z.positive()),
  label: z.string().check(z.minLength(1)),
  /** Pixels, `[x1, y1, x2, y2]`. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  score: z.optional(z.number()),
  false_positive: z.optional(z.boolean()),
});

const MqttMessage = z.object({ type: z.enum(['new', 'update', 'end']), before: z.optional(z.unknown()), after: z.unknown() });

const ApiEvent = z.object({
  id: z.string().check(z.minLength(1)),
  camera: z.string().check(z.minLength(1)),
  label: z.string().check(z.minLength(1)),
  start_time: z.number().check(z.positive()),
  end_time: z.optional(z.nullable(z.number().check(z.positive()))),
  top_score: z.optional(z.nullable(z.number())),
  false_positive: z.optional(z.nullable(z.boolean())),
  /** Relative to the frame, `[x, y, w, h]` in 0–1. */
  data: z.optional(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]) })),
});

/** Frigate input: MQTT `frigate/events` messages, or events from `GET /api/events`. @public */
export type FrigateInput = unknown;

/**
 * Reads Frigate output. MQTT `frigate/events` messages (`{ type, before, after }`) become frame
 * events from `after` (box `[x1, y1, x2, y2]` in pixels, time `frame_time`); messages of one camera
 * with the same `frame_time` share a frame. Events from the HTTP API (`/api/events`, with
 * `data.box` as relative `[x, y, w, h]`) become one observation at `start_time`. Frigate's
 * `sub_label` (a recognised name), thumbnails and any face data are dropped and counted;
 * `false_positive` objects are skipped and counted as invalid records.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` when the input is not an object or array of objects.
 *
 * @example
 * ```ts
 * import { fromFrigate } from '@aisle/footfall';
 *
 * const { events, quality } = fromFrigate([{ type: 'new', after: { id: '1607123955.475377-mxklsc',
 *   camera: 'front_door', frame_time: 1607123961.837752, label: 'person', sub_label: 'Alice',
 *   box: [424, 500, 536, 712], score: 0.79 } }]);
 * // events[0].detections[0].box → { x: 424, y: 500, w: 112, h: 212 }; quality.biometricFieldsDropped === 1
 * ```
 *
 * @public
 */
export function fromFrigate(input: FrigateInput): FrameAdapterResult {
  const quality = new QualityCounter();
  const stripped = stripBiometrics(input);
  quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
  const items = parse(z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]), stripped.value, {
    label: 'Frigate events',
  });
  const frames = new Map<string, { source: string; at: number; detections: Detection[] }>();
  const push = (camera: string, seconds: number, det: Detection) => {
    const at = Math.round(seconds * 1000);
    const key = `${camera}\u0000${at}`;
    let f = frames.get(key);
    if (f === undefined) {
      f = { source: camera, at, detections: [] };
      frames.set(key, f);
    }
    f.detections.push(det);
  };
  for (const item of Array.isArray(items) ? items : [items]) {
    const mqtt = MqttMessage.safeParse(item);
    if (mqtt.success) {
      const obj = TrackedObject.safeParse(mqtt.data.after);
      if (!obj.success || obj.data.false_positive === true) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      const [x1, y1, x2, y2] = obj.data.box;
      push(obj.data.camera, obj.data.frame_time, {
        trackId: obj.data.id,
        box: { x: x1, y: y1, w: x2 - x1, h: y2 - y1 },
        cls: obj.data.label,
        ...(obj.data.score === undefined ? {} : { confidence: obj.data.score }),
      });
      continue;
    }
    const api = ApiEvent.safeParse(item);
    if (!api.success || api.data.false_positive === true || api.data.data === undefined) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const [x, y, w, h] = api.data.data.box;
    push(api.data.camera, api.data.start_time, {
      trackId: api.data.id,
      box: { x, y, w, h },
      cls: api.data.label,
      ...(typeof api.data.top_score === 'number' ? { confidence: api.data.top_score } : {}),
    });
  }
  const events: FrameEvent[] = [...frames.values()]
    .sort((a, b) => a.at - b.at || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .map((f) => ({ type: 'frame', source: f.source, frame: f.at, at: f.at, detections: f.detections }));
  return { events, quality: quality.snapshot() };
}
