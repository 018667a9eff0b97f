import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from './errors';
import { ANCHOR_OFFSETS, type Anchor } from './internal/geometry';
import { QualityCounter, QualityReason, type QualityReport } from './quality';
import type { Crossing, FrameEvent, Point } from './types';

const PointSchema = z.object({ x: z.number(), y: z.number() });
const AnchorSchema = z.enum(Object.keys(ANCHOR_OFFSETS) as [Anchor, ...Anchor[]]);

const LineCounterOptionsSchema = z.object({
  id: z._default(z.string().check(z.minLength(1)), 'line'),
  start: PointSchema,
  end: PointSchema,
  anchors: z._default(z.array(AnchorSchema).check(z.minLength(1)), ['bottom-centre']),
  minFrames: z._default(z.int().check(z.gte(1), z.lte(1000)), 1),
  flip: z._default(z.boolean(), false),
  trackTimeoutMs: z._default(z.number().check(z.positive()), 10_000),
  maxClockJumpMs: z._default(z.number().check(z.positive()), 60_000),
  minDistance: z._default(z.number().check(z.gte(0), z.lte(1e6)), 0),
  boxUnit: z.optional(z.enum(['pixels', 'relative'])),
});

/**
 * Options of {@link createLineCounter}.
 *
 * @public
 */
export interface LineCounterOptions {
  /** Line (door) id put on every crossing; `line` by default. */
  readonly id?: string;
  readonly start: Point;
  readonly end: Point;
  /** Box points that must all be on one side, inside the band (default `['bottom-centre']`). */
  readonly anchors?: readonly Anchor[];
  /** Consecutive observations on the new side needed to count a crossing (k, default 1). */
  readonly minFrames?: number;
  /** Swap "in" and "out". */
  readonly flip?: boolean;
  /** Tracks not seen for this long (event time) are evicted (default 10 s). */
  readonly trackTimeoutMs?: number;
  /** A frame time that moves more than this from the previous frame of its source is a clock jump (default 60 s). */
  readonly maxClockJumpMs?: number;
  /**
   * Hysteresis: an anchor closer to the line than this (perpendicular distance, in the frame's
   * units) is on neither side, so a box jittering a pixel across the line never counts
   * (default 0: every strictly-one-side observation counts). Such detections are counted as
   * `straddling`. Combine with `minFrames`.
   */
  readonly minDistance?: number;
  /**
   * The unit `start` and `end` are in. Frames that say they are in the other unit (Frigate API
   * frames are `relative`, MQTT frames `pixels`) are skipped and counted (`boxUnitMismatches`)
   * instead of silently never crossing. Frames without a `boxUnit` are taken as they are.
   */
  readonly boxUnit?: 'pixels' | 'relative';
}

/** Running totals of a line counter. @public */
export interface LineCounts {
  readonly in: number;
  readonly out: number;
}

/** A line counter: feed frames, get crossings. @public */
export interface LineCounter {
  /** Processes one frame and returns the crossings completed in it (often none). */
  update(frame: FrameEvent): Crossing[];
  /** Totals since creation. */
  counts(): LineCounts;
  /** Tracks currently held in memory. */
  activeTracks(): number;
  /** Evicts tracks unseen since `at − trackTimeoutMs`; returns how many. Called by `update` on its own. */
  evict(at: number): number;
  /** What was ignored and why. */
  quality(): QualityReport;
}

interface TrackState {
  side: number;
  pending: number;
  run: number;
  lastSeen: number;
  crossings: number;
}

/** From this many crossings of one track on, the track is oscillating (in, out, in…). */
const OSCILLATION_CROSSINGS = 3;

interface SourceState {
  epoch: number | string;
  /** Implicit epoch bumped when the frame counter restarts. */
  restarts: number;
  lastFrame: number;
  lastAt: number;
  /** trackId → state, per class. */
  tracks: Map<string, Map<number | string, TrackState>>;
}

/**
 * Counts people crossing a line between `start` and `end`, in image coordinates (y down).
 *
 * Rules, exactly:
 * - **Sign.** For an anchor `p`, `c = cross(end − start, p − start)`. "In" means arriving on the side
 *   where `c < 0`; `flip` swaps the meaning.
 * - **Band.** A detection is ignored while any anchor's projection on the line falls outside
 *   `[start, end]` (the band between the perpendiculars through the ends; on the perpendicular is inside).
 * - **Straddle.** A detection is ignored while its anchors are not all strictly on one side (`c = 0`
 *   counts as straddling).
 * - **Jitter.** A crossing is counted when a track holds the new side for `minFrames` consecutive
 *   accepted observations. Ignored detections neither extend nor break the run. A track's first
 *   accepted observation only sets its side.
 * - **State** is keyed by (source, tracker epoch, track id, class). A frame whose number goes
 *   backwards while its time moves forwards is a tracker restart (a new implicit epoch, old tracks
 *   dropped); a frame not after the previous one in both is out of order and skipped.
 * - **Eviction.** Tracks unseen for `trackTimeoutMs` of event time are dropped, so memory is bounded by
 *   the tracks active within the timeout.
 * - **Hysteresis.** With `minDistance`, an anchor closer than that to the line is on no side (like
 *   straddling), so one-pixel jitter across the line never counts.
 * - **Oscillation.** A track's third crossing and every later one carry `oscillating: true`, and the
 *   track is counted once in `oscillatingTracks`, so someone dithering in the door (or jitter
 *   the hysteresis did not absorb) is visible rather than silently counted.
 * - **Track ids** must be strings or safe integers: numbers of 2^53 and more collide as doubles
 *   and are skipped and counted (`unsafeTrackIds`); send such ids as strings.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_GEOMETRY` when `start` equals `end`.
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for malformed options.
 *
 * @example
 * ```ts
 * import { createLineCounter } from '@aisle/footfall';
 *
 * const door = createLineCounter({ id: 'north', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } });
 * const box = (y: number) => ({ trackId: 7, box: { x: 90, y, w: 20, h: 40 } });
 * door.update({ type: 'frame', source: 'cam1', frame: 1, at: 0, detections: [box(20)] });
 * const crossings = door.update({ type: 'frame', source: 'cam1', frame: 2, at: 200, detections: [box(80)] });
 * // crossings[0].direction === 'out' (the bottom-centre moved from y 60 to y 120: c went from < 0 to > 0)
 * door.counts(); // { in: 0, out: 1 }
 * ```
 *
 * @public
 */
export function createLineCounter(options: LineCounterOptions): LineCounter {
  const o = parse(LineCounterOptionsSchema, options, { label: 'line counter options' });
  const sx = o.start.x;
  const sy = o.start.y;
  const dx = o.end.x - sx;
  const dy = o.end.y - sy;
  const len2 = dx * dx + dy * dy;
  if (!(len2 > 0) || !Number.isFinite(len2)) {
    throw new FootfallError(FootfallErrorCode.INVALID_GEOMETRY, 'A counting line needs two distinct, finite end points');
  }
  const fx = Float64Array.from(o.anchors, (a) => ANCHOR_OFFSETS[a][0]);
  const fy = Float64Array.from(o.anchors, (a) => ANCHOR_OFFSETS[a][1]);
  const nAnchors = fx.length;
  const k = o.minFrames;
  const inSign = o.flip ? 1 : -1;
  const timeout = o.trackTimeoutMs;
  const maxJump = o.maxClockJumpMs;
  const lineId = o.id;
  const quality = new QualityCounter();
  const sources = new Map<string, SourceState>();
  let countIn = 0;
  let countOut = 0;
  let active = 0;
  let maxAt = Number.NEGATIVE_INFINITY;
  let nextSweep = Number.NEGATIVE_INFINITY;
  // Counters kept as plain numbers on the hot path, flushed into `quality` on read.
  let invalidBoxes = 0;
  let outsideBand = 0;
  let straddling = 0;
  let unsafeIds = 0;
  const minC = o.minDistance * Math.sqrt(len2);

  function evict(at: number): number {
    const limit = at - timeout;
    let evicted = 0;
    for (const source of sources.values()) {
      for (const tracks of source.tracks.values()) {
        for (const [id, state] of tracks) {
          if (state.lastSeen < limit) {
            tracks.delete(id);
            evicted++;
          }
        }
      }
    }
    active -= evicted;
    quality.add(QualityReason.TRACKS_EVICTED, evicted);
    return evicted;
  }

  function sourceFor(frame: FrameEvent): SourceState | undefined {
    const epoch = frame.epoch ?? 0;
    let s = sources.get(frame.source);
    if (s === undefined || s.epoch !== epoch) {
      if (s !== undefined) active -= countTracks(s);
      s = { epoch, restarts: 0, lastFrame: Number.NEGATIVE_INFINITY, lastAt: Number.NEGATIVE_INFINITY, tracks: new Map() };
      sources.set(frame.source, s);
    }
    if (frame.frame <= s.lastFrame) {
      if (frame.at > s.lastAt) {
        // The tracker restarted without telling us: ids may be reused, so forget the old tracks.
        quality.add(QualityReason.TRACKER_RESTARTS);
        active -= countTracks(s);
        s.tracks.clear();
        s.restarts++;
      } else {
        quality.add(QualityReason.OUT_OF_ORDER_FRAMES);
        return undefined;
      }
    } else if (s.lastAt !== Number.NEGATIVE_INFINITY && (frame.at < s.lastAt || frame.at - s.lastAt > maxJump)) {
      quality.add(QualityReason.CLOCK_JUMPS);
    }
    s.lastFrame = frame.frame;
    s.lastAt = frame.at;
    return s;
  }

  function update(frame: FrameEvent): Crossing[] {
    const at = frame.at;
    if (!Number.isFinite(at) || !Number.isFinite(frame.frame)) {
      quality.add(QualityReason.INVALID_RECORDS);
      return [];
    }
    if (o.boxUnit !== undefined && frame.boxUnit !== undefined && frame.boxUnit !== o.boxUnit) {
      quality.add(QualityReason.BOX_UNIT_MISMATCHES);
      return [];
    }
    const source = sourceFor(frame);
    if (source === undefined) return [];
    if (at > maxAt) maxAt = at;
    if (maxAt >= nextSweep) {
      evict(maxAt);
      nextSweep = maxAt + timeout / 2;
    }
    const crossings: Crossing[] = [];
    const dets = frame.detections;
    let lastCls = '';
    let tracks: Map<number | string, TrackState> | undefined;
    for (let i = 0; i < dets.length; i++) {
      const det = dets[i] as FrameEvent['detections'][number] | undefined;
      const box = det?.box;
      // A hole in a sparse array, or null, reads as a box of NaN size: counted, never a TypeError.
      const bw = box?.w ?? Number.NaN;
      const bh = box?.h ?? Number.NaN;
      if (!(bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY)) {
        invalidBoxes++;
        continue;
      }
      const bx = (box as NonNullable<typeof box>).x;
      const by = (box as NonNullable<typeof box>).y;
      if (!Number.isFinite(bx) || !Number.isFinite(by)) {
        invalidBoxes++;
        continue;
      }
      let side = 0;
      let ignored = false;
      for (let a = 0; a < nAnchors; a++) {
        const px = bx + (fx[a] as number) * bw - sx;
        const py = by + (fy[a] as number) * bh - sy;
        const t = px * dx + py * dy;
        if (t < 0 || t > len2) {
          outsideBand++;
          ignored = true;
          break;
        }
        const c = dx * py - dy * px;
        // |c| / |end − start| is the anchor's distance to the line: inside minDistance is no side.
        const s = c < -minC ? -1 : c > minC ? 1 : 0;
        if (s === 0 || (side !== 0 && s !== side)) {
          straddling++;
          ignored = true;
          break;
        }
        side = s;
      }
      if (ignored) continue;
      const cls = (det as NonNullable<typeof det>).cls ?? 'person';
      if (cls !== lastCls || tracks === undefined) {
        lastCls = cls;
        tracks = source.tracks.get(cls);
        if (tracks === undefined) {
          tracks = new Map();
          source.tracks.set(cls, tracks);
        }
      }
      const id = (det as NonNullable<typeof det>).trackId;
      if (typeof id === 'number' ? !Number.isSafeInteger(id) : typeof id !== 'string') {
        // 2^53 and 2^53 + 1 are the same double: merging two people's tracks makes phantom exits.
        unsafeIds++;
        continue;
      }
      const state = tracks.get(id);
      if (state === undefined) {
        tracks.set(id, { side, pending: 0, run: 0, lastSeen: at, crossings: 0 });
        active++;
        continue;
      }
      state.lastSeen = at;
      if (side === state.side) {
        state.run = 0;
        continue;
      }
      if (state.pending === side) state.run++;
      else {
        state.pending = side;
        state.run = 1;
      }
      if (state.run >= k) {
        state.side = side;
        state.run = 0;
        state.pending = 0;
        const direction = side === inSign ? 'in' : 'out';
        if (direction === 'in') countIn++;
        else countOut++;
        state.crossings++;
        // A third crossing by one track is a reversal back and forth: flag the track (once).
        if (state.crossings === OSCILLATION_CROSSINGS) quality.add(QualityReason.OSCILLATING_TRACKS);
        crossings.push({
          source: frame.source,
          line: lineId,
          direction,
          at,
          trackId: id,
          epoch: source.restarts === 0 ? source.epoch : `${String(source.epoch)}+${source.restarts}`,
          cls,
          frame: frame.frame,
          ...(state.crossings >= OSCILLATION_CROSSINGS ? { oscillating: true as const } : {}),
        });
      }
    }
    return crossings;
  }

  return {
    update,
    counts: () => ({ in: countIn, out: countOut }),
    activeTracks: () => active,
    evict,
    quality() {
      quality.add(QualityReason.INVALID_BOXES, invalidBoxes);
      quality.add(QualityReason.OUTSIDE_BAND, outsideBand);
      quality.add(QualityReason.STRADDLING, straddling);
      quality.add(QualityReason.UNSAFE_TRACK_IDS, unsafeIds);
      unsafeIds = 0;
      invalidBoxes = 0;
      outsideBand = 0;
      straddling = 0;
      return quality.snapshot();
    },
  };
}

function countTracks(s: SourceState): number {
  let n = 0;
  for (const t of s.tracks.values()) n += t.size;
  return n;
}
