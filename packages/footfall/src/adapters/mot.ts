import { parse, toInstant } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from '../errors';
import { checkText } from '../internal/limits';
import { QualityCounter, QualityReason } from '../quality';
import type { Detection, FrameEvent } from '../types';
import type { FrameAdapterResult } from './result';

/** Default and hard limit on MOT text (UTF-16 code units, 64 Mi). @public */
export const MOT_MAX_TEXT = 64 * 1024 * 1024;

const MotOptionsSchema = z.object({
  source: z.string().check(z.minLength(1)),
  epoch: z.optional(z.union([z.number(), z.string()])),
  fps: z.number().check(z.positive(), z.lte(1000)),
  startAt: z.union([z.date(), z.number(), z.string()]),
  strict: z._default(z.boolean(), false),
  classes: z._default(z.enum(['pedestrians', 'all']), 'pedestrians'),
  includeIgnored: z._default(z.boolean(), false),
  maxTextLength: z.optional(z.int().check(z.gte(1), z.lte(MOT_MAX_TEXT))),
});

/** Options of {@link fromMot}. @public */
export interface MotOptions {
  /** Camera id for the events. */
  readonly source: string;
  readonly epoch?: number | string;
  /** Frame rate: frame `n` is at `startAt + (n − 1) / fps`. */
  readonly fps: number;
  /** Time of frame 1 (Date, epoch ms, or ISO with an offset). */
  readonly startAt: Date | number | string;
  /** Throw on the first malformed line instead of skipping and counting it. */
  readonly strict?: boolean;
  /**
   * Ground truth (9 columns): `pedestrians` (default) keeps class 1 only, as the official MOT
   * evaluation does; `all` keeps every class (named `mot:<class>`, pedestrians `person`).
   */
  readonly classes?: 'pedestrians' | 'all';
  /** Ground truth: keep rows whose "consider" flag (column 7) is 0 (default false: skipped and counted). */
  readonly includeIgnored?: boolean;
  /** Longest text accepted, in characters (default and maximum {@link MOT_MAX_TEXT}). */
  readonly maxTextLength?: number;
}

/** MOT Challenge class 1 is "pedestrian"; other classes keep their number. */
function motClass(value: number): string {
  return value === 1 || value === -1 ? 'person' : `mot:${value}`;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A track id as written: a safe integer stays a number; longer digit strings stay exact as text. */
function trackIdOf(text: string): number | string | undefined {
  if (!/^-?\d{1,40}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text.replace(/^(-?)0+(?=\d)/, '$1');
}

/**
 * Reads MOT Challenge text. Accepted shapes, by column count:
 *
 * - 9 columns, ground truth (`frame,id,bb_left,bb_top,bb_width,bb_height,consider,class,visibility`,
 *   MOT16/17/20 `gt.txt`): column 7 is the "consider" flag and column 8 the class (1 pedestrian,
 *   2 person on vehicle, 3 car, 7 static person, 8 distractor, …). By default only considered
 *   pedestrians are kept, as the official evaluation does; the rest are counted
 *   (`notConsidered`). No confidence is emitted: the flag is not a score.
 * - 10 columns, detections and tracker results (`…,conf,x,y,z`): column 7 is the confidence.
 * - 6–8 columns: the box only (plus a confidence in column 7).
 *
 * Fields are separated by commas (or, in files without commas, by whitespace); an empty field
 * (`2,1,300,,40,150,1,1,0.9`) makes the line malformed. Blank lines and `#` comments are skipped; a
 * malformed line is skipped and counted (`invalidRecords`), or throws with `strict`. Track ids
 * beyond 2^53 are kept as exact text so they never collide. Boxes are passed through (MOT allows a
 * negative `bb_left`/`bb_top` for people partly outside the picture). Limit: `maxTextLength`
 * characters (64 Mi), checked before reading.
 *
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for input that is not text, or a malformed line with `strict: true`.
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for text over `maxTextLength`.
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
  checkText(text, o.maxTextLength ?? MOT_MAX_TEXT, 'MOT text');
  const start = toInstant(o.startAt).getTime();
  const quality = new QualityCounter();
  const byFrame = new Map<number, Detection[]>();
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    lineNo++;
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.includes(',') ? line.split(',').map((f) => f.trim()) : line.split(/\s+/);
    const bad = () => {
      if (o.strict)
        throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, `Malformed MOT line ${lineNo}`, { details: { line: lineNo } });
      quality.add(QualityReason.INVALID_RECORDS);
    };
    if (fields.length < 6 || fields.length > 10 || fields.some((f) => !NUMBER.test(f))) {
      bad();
      continue;
    }
    const cols = fields.map(Number);
    const frame = cols[0] as number;
    const id = trackIdOf(fields[1] as string);
    if (!Number.isSafeInteger(frame) || frame < 1 || id === undefined || cols.slice(2, 6).some((c) => !Number.isFinite(c))) {
      bad();
      continue;
    }
    let cls = 'person';
    let confidence: number | undefined;
    if (fields.length === 9) {
      const consider = cols[6] as number;
      const klass = cols[7] as number;
      if (!Number.isInteger(klass)) {
        bad();
        continue;
      }
      if ((consider === 0 && !o.includeIgnored) || (o.classes === 'pedestrians' && klass !== 1 && klass !== -1)) {
        quality.add(QualityReason.NOT_CONSIDERED);
        continue;
      }
      cls = motClass(klass);
    } else if (fields.length >= 7) {
      confidence = cols[6];
    }
    const det: Detection = {
      trackId: id,
      box: { x: cols[2] as number, y: cols[3] as number, w: cols[4] as number, h: cols[5] as number },
      cls,
      ...(confidence === undefined ? {} : { confidence }),
    };
    let list = byFrame.get(frame);
    if (list === undefined) {
      list = [];
      byFrame.set(frame, list);
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
