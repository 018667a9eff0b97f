import { parse, toInstant } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from '../errors';
import { QualityCounter, QualityReason } from '../quality';
import type { Detection, FrameEvent } from '../types';
import type { FrameAdapterResult } from './result';

const MotOptionsSchema = z.object({
  source: z.string().check(z.minLength(1)),
  epoch: z.optional(z.union([z.number(), z.string()])),
  fps: z.number().check(z.positive(), z.lte(1000)),
  startAt: z.union([z.date(), z.number(), z.string()]),
  strict: z._default(z.boolean(), false),
});

/** Options of {@link fromMot}. @public */
export interface MotOptions {
  /** Camera id for the events. */
  readonly source: string;
  readonly epoch?: number | string;
  /** Frame rate: frame `n` is at `startAt + (n − 1) / fps`. */
  readonly fps: number;
  /** Time of frame 1 (Date, epoch ms, or ISO with offset). */
  readonly startAt: Date | number | string;
  /** Throw on the first malformed line instead of skipping and counting it. */
  readonly strict?: boolean;
}

/** MOT Challenge class 1 is "pedestrian"; other classes keep their number. */
function motClass(value: number | undefined): string {
  if (value === undefined || value === -1 || value === 1) return 'person';
  return `mot:${value}`;
}

/**
 * Reads MOT Challenge text (`frame,id,bb_left,bb_top,bb_width,bb_height,conf,class,visibility`;
 * the 10-column detection/result form `…,conf,x,y,z` with world coordinates −1 is read too, as
 * class "person"). Lines are grouped into one frame event per frame number, in frame order.
 * Blank lines and `#` comments are skipped; a malformed line is skipped and counted
 * (`invalidRecords`), or throws with `strict`. Boxes are passed through (MOT allows a negative
 * `bb_left`/`bb_top` for people partly outside the picture).
 *
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for a malformed line with `strict: true`.
 *
 * @example
 * ```ts
 * import { fromMot } from '@aisle/footfall';
 *
 * const text = '1,1,794.2,47.5,71.2,174.8,1,1,0.8\n2,1,796.0,49.1,71.2,174.8,1,1,0.8\n';
 * const { events } = fromMot(text, { source: 'MOT17-09', fps: 30, startAt: '2026-11-21T10:00:00+08:00' });
 * // events.length === 2; events[1].at − events[0].at ≈ 33.3 ms
 * ```
 *
 * @public
 */
export function fromMot(text: string, options: MotOptions): FrameAdapterResult {
  const o = parse(MotOptionsSchema, options, { label: 'MOT options' });
  if (typeof text !== 'string') throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'MOT input must be text');
  const start = toInstant(o.startAt).getTime();
  const quality = new QualityCounter();
  const byFrame = new Map<number, Detection[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const cols = line.split(/[,\s]+/).map(Number);
    const [frame, id, left, top, width, height, conf] = cols as (number | undefined)[];
    const ok =
      cols.length >= 6 &&
      Number.isInteger(frame) &&
      (frame as number) >= 1 &&
      Number.isFinite(id) &&
      cols.slice(2, 6).every((c) => !Number.isNaN(c));
    if (!ok) {
      if (o.strict) throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, `Malformed MOT line ${i + 1}`, { details: { line: i + 1 } });
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const cls = cols.length === 9 ? motClass(cols[7]) : 'person';
    const det: Detection = {
      trackId: id as number,
      box: { x: left as number, y: top as number, w: width as number, h: height as number },
      cls,
      ...(conf === undefined || Number.isNaN(conf) ? {} : { confidence: conf }),
    };
    let list = byFrame.get(frame as number);
    if (list === undefined) {
      list = [];
      byFrame.set(frame as number, list);
    }
    list.push(det);
  }
  const events: FrameEvent[] = [...byFrame.keys()]
    .sort((a, b) => a - b)
    .map((frame) => ({
      type: 'frame' as const,
      source: o.source,
      ...(o.epoch === undefined ? {} : { epoch: o.epoch }),
      frame,
      at: start + Math.round(((frame - 1) * 1000) / o.fps),
      detections: byFrame.get(frame) as Detection[],
    }));
  return { events, quality: quality.snapshot() };
}
