import * as z from 'zod/mini';
import { stripBiometrics } from '../internal/biometric';
import { DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { readRecord } from '../internal/read-record';
import { instantMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { Detection, FrameEvent } from '../types';
import type { FrameAdapterResult } from './result';

const BoxSchema = z.union([
  z.pipe(
    z.tuple([z.number(), z.number(), z.number(), z.number()]),
    z.transform(([x, y, w, h]) => ({ x, y, w, h })),
  ),
  z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
]);

const DetectionSchema = z.object({
  trackId: z.union([z.number(), z.string().check(z.minLength(1), z.maxLength(128))]),
  box: BoxSchema,
  class: z.optional(z.string().check(z.minLength(1))),
  confidence: z.optional(z.number().check(z.gte(0), z.lte(1))),
});

const FrameSchema = z.object({
  source: z.string().check(z.minLength(1), z.maxLength(256)),
  epoch: z.optional(z.union([z.number(), z.string()])),
  frame: z.int().check(z.nonnegative()),
  timestamp: z.union([z.number().check(z.nonnegative()), z.string().check(z.minLength(1))]),
  detections: z.array(z.unknown()),
});

/**
 * The generic per-frame JSON shape: one frame of one camera, with tracked detections.
 *
 * ```json
 * { "source": "door-n", "epoch": 3, "frame": 1201, "timestamp": "2026-11-21T10:00:00.040+08:00",
 *   "detections": [{ "trackId": 17, "box": [412, 120, 64, 180], "class": "person", "confidence": 0.91 }] }
 * ```
 *
 * `box` is `[left, top, width, height]` or `{ x, y, w, h }`; `timestamp` is epoch ms, epoch
 * seconds (below 1e11) or ISO 8601 with an offset.
 *
 * @public
 */
export interface GenericFrameInput {
  readonly source: string;
  readonly epoch?: number | string;
  readonly frame: number;
  readonly timestamp: number | string;
  readonly detections: readonly unknown[];
}

/**
 * Reads frames in the generic JSON shape (one object or an array). Biometric fields are removed
 * first and counted; a frame or detection that does not validate is skipped and counted
 * (`invalidRecords`), as is a numeric `trackId` that is not a safe integer (`unsafeTrackIds`: ids
 * of 2^53 and more collide in a double, so send them as strings); the rest of the batch is read.
 * Boxes are passed through unchanged (NaN and negative sizes are counted by the engines that read
 * them). Limits: `maxRecords` frames per call and detections per frame (100 000), checked before
 * reading; at most 2 000 000 array elements and object members in all.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` over a limit.
 *
 * @example
 * ```ts
 * import { fromDetections } from '@aisle/footfall';
 *
 * const { events } = fromDetections({ source: 'door-n', frame: 1, timestamp: 1_763_690_400_000,
 *   detections: [{ trackId: 1, box: [10, 10, 20, 40], faceEmbedding: [0.1, 0.2] }] });
 * // events[0].detections[0] has no embedding; quality.biometricFieldsDropped === 1
 * ```
 *
 * @public
 */
export function fromDetections(
  input: GenericFrameInput | readonly GenericFrameInput[],
  options: { readonly maxRecords?: number } = {},
): FrameAdapterResult {
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const records = recordsOf(input, maxRecords, 'detection frames');
  const quality = new QualityCounter();
  const events: FrameEvent[] = [];
  for (let i = 0; i < records.length; i++) {
    const stripped = stripBiometrics(records[i]);
    quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
    const parsed = readRecord(FrameSchema, stripped.value);
    if (!parsed.success) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const f = parsed.data;
    let at: number;
    try {
      at = instantMs(f.timestamp);
    } catch {
      quality.add(QualityReason.UNREADABLE_TIMES);
      continue;
    }
    const dets = recordsOf(f.detections, maxRecords, 'detections in one frame');
    const detections: Detection[] = [];
    for (let j = 0; j < dets.length; j++) {
      const d = readRecord(DetectionSchema, dets[j]);
      if (!d.success) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      if (typeof d.data.trackId === 'number' && !Number.isSafeInteger(d.data.trackId)) {
        quality.add(QualityReason.UNSAFE_TRACK_IDS);
        continue;
      }
      detections.push({
        trackId: d.data.trackId,
        box: d.data.box,
        cls: d.data.class ?? 'person',
        ...(d.data.confidence === undefined ? {} : { confidence: d.data.confidence }),
      });
    }
    events.push({
      type: 'frame',
      source: f.source,
      ...(f.epoch === undefined ? {} : { epoch: f.epoch }),
      frame: f.frame,
      at,
      detections,
    });
  }
  return { events, quality: quality.snapshot() };
}
