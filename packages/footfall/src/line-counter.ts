import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { type COLUMNS_MAX_DETECTIONS, checkColumns as checkColumnsImport, type FrameColumns } from './columns';
import { FootfallError, FootfallErrorCode } from './errors';
import { ANCHOR_OFFSETS, type Anchor } from './internal/geometry';
import {
  Hits as HitsImport,
  observe as observeImport,
  SKIPPED_INVALID as SKIPPED_INVALIDImport,
  SKIPPED_OUTSIDE as SKIPPED_OUTSIDEImport,
  SKIPPED_STRADDLING as SKIPPED_STRADDLINGImport,
  scanColumns as scanColumnsImport,
  scanObjects as scanObjectsImport,
  TRACKS_ADDED as TRACKS_ADDEDImport,
} from './internal/scan';
import { SLOT_LAYOUT, TrackTable } from './internal/track-table';
import { QualityCounter, QualityReason, type QualityReport } from './quality';
import type { Crossing, FrameEvent, Point } from './types';

// Module-level copies (see SLOT_LAYOUT): under a TypeScript loader every read of an imported
// binding may be an accessor call, and these are read on every frame.
const { SLOT, CROSSINGS } = SLOT_LAYOUT;
const Hits = HitsImport;
const SKIPPED_INVALID = SKIPPED_INVALIDImport;
const SKIPPED_OUTSIDE = SKIPPED_OUTSIDEImport;
const SKIPPED_STRADDLING = SKIPPED_STRADDLINGImport;
const TRACKS_ADDED = TRACKS_ADDEDImport;
const observe = observeImport;
const scanColumns = scanColumnsImport;
const scanObjects = scanObjectsImport;
const checkColumns = checkColumnsImport;

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
  /**
   * Processes one frame given as struct-of-arrays columns (typed arrays of track ids and box
   * coordinates, optionally class indices) and returns the crossings completed in it: the same
   * rules, state, counts and quality report as {@link LineCounter.update} given the same
   * detections as objects (the two may be mixed on one counter). No object is built per
   * detection, and tracks live in typed arrays, so this is the fast path for high-rate feeds.
   *
   * The columns are checked before any detection is read: a column that is not a typed array of
   * an accepted kind, lengths that disagree, or a class index outside `classes` throws
   * `FOOTFALL_INVALID_COLUMNS`; more than {@link COLUMNS_MAX_DETECTIONS} detections throws
   * `FOOTFALL_INPUT_TOO_LARGE`. Bad values in a detection (NaN or infinite coordinates, a
   * non-positive size, a Float64Array id that is not a safe integer) are skipped and counted
   * exactly as in `update` (`invalidBoxes`, `unsafeTrackIds`).
   *
   * @example
   * ```ts
   * import { createLineCounter } from '@aisle/footfall';
   *
   * const door = createLineCounter({ id: 'north', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } });
   * const columns = (y: number) => ({
   *   trackId: Int32Array.of(7, 8),
   *   x: Float32Array.of(90, 300), // track 8 is beyond the line's end: outside the band
   *   y: Float32Array.of(y, y),
   *   w: Float32Array.of(20, 20),
   *   h: Float32Array.of(40, 40),
   * });
   * door.updateColumns({ source: 'cam1', frame: 1, at: 0, ...columns(20) });
   * const crossings = door.updateColumns({ source: 'cam1', frame: 2, at: 40, ...columns(80) });
   * // crossings: [{ source: 'cam1', line: 'north', direction: 'out', trackId: 7, … }]
   * ```
   */
  updateColumns(frame: FrameColumns): Crossing[];
  /** Totals since creation. */
  counts(): LineCounts;
  /** Tracks currently held in memory. */
  activeTracks(): number;
  /** Evicts tracks unseen since `at − trackTimeoutMs`; returns how many. Called by `update` on its own. */
  evict(at: number): number;
  /** What was ignored and why. */
  quality(): QualityReport;
}

/** From this many crossings of one track on, the track is oscillating (in, out, in…). */
const OSCILLATION_CROSSINGS = 3;

interface SourceState {
  epoch: number | string;
  /** Implicit epoch bumped when the frame counter restarts. */
  restarts: number;
  lastFrame: number;
  lastAt: number;
  /** Per class, the tracks' state in typed arrays. */
  tracks: Map<string, TrackTable>;
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

  const fx0 = fx[0] as number;
  const fy0 = fy[0] as number;
  // What the columns loop reads (see scanColumns), its skip counts and its crossings.
  const geometry = Float64Array.of(fx0, fy0, sx, sy, dx, dy, len2, minC);
  const skipped = new Int32Array(4);
  const hits = new Hits();

  function evict(at: number): number {
    const limit = at - timeout;
    let evicted = 0;
    for (const source of sources.values()) {
      for (const table of source.tracks.values()) evicted += table.evict(limit);
    }
    active -= evicted;
    quality.add(QualityReason.TRACKS_EVICTED, evicted);
    return evicted;
  }

  function sourceFor(frame: FrameEvent | FrameColumns): SourceState | undefined {
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

  /** The frame-level checks both paths share: the source's state, or undefined when the frame is skipped. */
  function begin(frame: FrameEvent | FrameColumns): SourceState | undefined {
    const at = frame.at;
    if (!Number.isFinite(at) || !Number.isFinite(frame.frame)) {
      quality.add(QualityReason.INVALID_RECORDS);
      return undefined;
    }
    if (o.boxUnit !== undefined && frame.boxUnit !== undefined && frame.boxUnit !== o.boxUnit) {
      quality.add(QualityReason.BOX_UNIT_MISMATCHES);
      return undefined;
    }
    const source = sourceFor(frame);
    if (source === undefined) return undefined;
    if (at > maxAt) maxAt = at;
    if (maxAt >= nextSweep) {
      evict(maxAt);
      nextSweep = maxAt + timeout / 2;
    }
    return source;
  }

  function tableFor(source: SourceState, cls: string): TrackTable {
    let table = source.tracks.get(cls);
    if (table === undefined) {
      table = new TrackTable();
      source.tracks.set(cls, table);
    }
    return table;
  }

  /**
   * The side of a box's anchors: −1 or 1, or {@link OUTSIDE} / {@link STRADDLING} (counted here).
   * Coordinates must be finite and sizes positive.
   */
  function sideOf(bx: number, by: number, bw: number, bh: number): number {
    if (nAnchors === 1) {
      const px = bx + fx0 * bw - sx;
      const py = by + fy0 * bh - sy;
      const t = px * dx + py * dy;
      if (t < 0 || t > len2) {
        outsideBand++;
        return OUTSIDE;
      }
      // |c| / |end − start| is the anchor's distance to the line: inside minDistance is no side.
      const c = dx * py - dy * px;
      if (c < -minC) return -1;
      if (c > minC) return 1;
      straddling++;
      return STRADDLING;
    }
    let side = 0;
    for (let a = 0; a < nAnchors; a++) {
      const px = bx + (fx[a] as number) * bw - sx;
      const py = by + (fy[a] as number) * bh - sy;
      const t = px * dx + py * dy;
      if (t < 0 || t > len2) {
        outsideBand++;
        return OUTSIDE;
      }
      const c = dx * py - dy * px;
      const s = c < -minC ? -1 : c > minC ? 1 : 0;
      if (s === 0 || (side !== 0 && s !== side)) {
        straddling++;
        return STRADDLING;
      }
      side = s;
    }
    return side;
  }

  /** Records the crossing the track `key` just completed to `side`, its `n`th. */
  function crossing(
    frame: FrameEvent | FrameColumns,
    source: SourceState,
    table: TrackTable,
    key: number,
    n: number,
    side: number,
    cls: string,
  ): Crossing {
    const direction = side === inSign ? 'in' : 'out';
    if (direction === 'in') countIn++;
    else countOut++;
    // A third crossing by one track is a reversal back and forth: flag the track (once).
    if (n === OSCILLATION_CROSSINGS) quality.add(QualityReason.OSCILLATING_TRACKS);
    const trackId = table.idOf(key);
    const epoch = source.restarts === 0 ? source.epoch : `${String(source.epoch)}+${source.restarts}`;
    if (n < OSCILLATION_CROSSINGS)
      return { source: frame.source, line: lineId, direction, at: frame.at, trackId, epoch, cls, frame: frame.frame };
    return { source: frame.source, line: lineId, direction, at: frame.at, trackId, epoch, cls, frame: frame.frame, oscillating: true };
  }

  // The class and track table of the last detection the full steps placed: at the start of every
  // object frame the table becomes this source's for that class, read by `fastObjects` to resume
  // its call-free loop on that table.
  let stepCls = '';
  let stepTable: TrackTable | undefined;

  /**
   * One detection of an object frame through the full steps: box checks (a hole in a sparse
   * array, or null, reads as a box of NaN size: counted, never a TypeError), side, class table,
   * id, placement and the crossing it completes, if any.
   */
  function fullStep(frame: FrameEvent, source: SourceState, d: number, crossings: Crossing[]): void {
    const det = frame.detections[d] as FrameEvent['detections'][number] | undefined;
    const box = det?.box;
    const bw = box?.w ?? Number.NaN;
    const bh = box?.h ?? Number.NaN;
    if (!(bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY)) {
      invalidBoxes++;
      return;
    }
    const bx = (box as NonNullable<typeof box>).x;
    const by = (box as NonNullable<typeof box>).y;
    if (!Number.isFinite(bx) || !Number.isFinite(by)) {
      invalidBoxes++;
      return;
    }
    const side = sideOf(bx, by, bw, bh);
    if (side !== -1 && side !== 1) return;
    const cls = (det as NonNullable<typeof det>).cls ?? 'person';
    if (cls !== stepCls || stepTable === undefined) {
      stepCls = cls;
      stepTable = tableFor(source, cls);
    }
    const table = stepTable;
    const id = (det as NonNullable<typeof det>).trackId;
    let key: number;
    if (typeof id === 'number') {
      // 2^53 and 2^53 + 1 are the same double: merging two people's tracks makes phantom exits.
      if (!Number.isSafeInteger(id)) {
        unsafeIds++;
        return;
      }
      key = id;
    } else if (typeof id === 'string') key = table.keyOfString(id);
    else {
      unsafeIds++;
      return;
    }
    const pos = table.place(key, d, side, frame.at);
    if (pos < 0) active++;
    else {
      const count = observe(table, pos, side, frame.at, k);
      if (count > 0) crossings.push(crossing(frame, source, table, key, count, side, cls));
    }
  }

  function update(frame: FrameEvent): Crossing[] {
    const source = begin(frame);
    if (source === undefined) return [];
    const crossings: Crossing[] = [];
    // The class of the previous frame's last placed detection is most likely this frame's first:
    // the loop starts on this source's table for it (when there is one) instead of in the full steps.
    stepTable = stepCls === '' ? undefined : source.tracks.get(stepCls);
    if (nAnchors === 1) return fastObjects(frame, source, crossings);
    for (let i = 0; i < frame.detections.length; i++) fullStep(frame, source, i, crossings);
    return crossings;
  }

  /**
   * {@link update} for one anchor (the default): detections whose track is in its home slot and
   * of the current class run through {@link scanObjects} (no call in its loop); the others — a new
   * or moved track, another class, a string or unsafe id, a hole — take {@link fullStep}, and
   * crossings completed in the loop only need their `Crossing` built here.
   */
  function fastObjects(frame: FrameEvent, source: SourceState, crossings: Crossing[]): Crossing[] {
    const at = frame.at;
    const dets = frame.detections;
    const n = dets.length;
    skipped[0] = 0;
    skipped[1] = 0;
    skipped[2] = 0;
    let i = 0;
    while (i < n) {
      const table = stepTable;
      if (table !== undefined) {
        table.frame(at);
        const stop = scanObjects(table, dets, i, n, at, geometry, k, stepCls, skipped);
        if (stop < 0) break;
        i = stop >>> 3;
        if ((stop & 4) === 0) {
          // A crossing: the loop has settled the new side already.
          const key = (dets[i] as FrameEvent['detections'][number]).trackId as number;
          const slot = table.indexSlots[table.probeOf(key)] as number;
          const count = (table.slots[slot * SLOT + CROSSINGS] as number) + 1;
          table.slots[slot * SLOT + CROSSINGS] = count;
          crossings.push(crossing(frame, source, table, key, count, (stop & 1) === 1 ? 1 : -1, stepCls));
          i++;
          continue;
        }
      }
      fullStep(frame, source, i++, crossings);
    }
    invalidBoxes += skipped[SKIPPED_INVALID] as number;
    outsideBand += skipped[SKIPPED_OUTSIDE] as number;
    straddling += skipped[SKIPPED_STRADDLING] as number;
    return crossings;
  }

  function updateColumns(frame: FrameColumns): Crossing[] {
    const n = checkColumns(frame);
    const source = begin(frame);
    if (source === undefined) return [];
    const at = frame.at;
    const crossings: Crossing[] = [];
    const { trackId: ids, x: xs, y: ys, w: ws, h: hs, cls: clsColumn, classes } = frame;
    // Int32Array and Uint32Array hold integers only; doubles must be safe integers.
    const checkIds = ids instanceof Float64Array;
    let cls = 'person';
    let lastIndex = -1;
    let table = clsColumn === undefined ? tableFor(source, cls) : undefined;
    if (table !== undefined && nAnchors === 1 && !checkIds) return fastColumns(frame, n, source, table, crossings);
    for (let i = 0; i < n; i++) {
      const bw = ws[i] as number;
      const bh = hs[i] as number;
      if (!(bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY)) {
        invalidBoxes++;
        continue;
      }
      const bx = xs[i] as number;
      const by = ys[i] as number;
      if (!(bx - bx === 0 && by - by === 0)) {
        invalidBoxes++;
        continue;
      }
      const side = sideOf(bx, by, bw, bh);
      if (side !== -1 && side !== 1) continue;
      if (clsColumn !== undefined) {
        const index = clsColumn[i] as number;
        if (index !== lastIndex || table === undefined) {
          lastIndex = index;
          cls = (classes as readonly string[])[index] as string;
          table = tableFor(source, cls);
        }
      }
      const id = ids[i] as number;
      if (checkIds && !Number.isSafeInteger(id)) {
        unsafeIds++;
        continue;
      }
      const t = table as TrackTable;
      const pos = t.place(id, i, side, at);
      if (pos < 0) active++;
      else {
        const count = observe(t, pos, side, at, k);
        if (count > 0) crossings.push(crossing(frame, source, t, id, count, side, cls));
      }
    }
    return crossings;
  }

  /**
   * {@link updateColumns} for the common shape (one anchor, one class, integer-typed ids): the
   * loop is {@link scanColumns}; its crossings become `Crossing` objects here, in order.
   */
  function fastColumns(frame: FrameColumns, n: number, source: SourceState, table: TrackTable, crossings: Crossing[]): Crossing[] {
    hits.length = 0;
    // A camera's first frame: every detection is a new track.
    if (table.size === 0) table.reserve(n);
    scanColumns(
      table,
      frame.trackId as Int32Array | Uint32Array,
      frame.x,
      frame.y,
      frame.w,
      frame.h,
      n,
      frame.at,
      geometry,
      k,
      skipped,
      hits,
    );
    for (let h = 0; h < hits.length; h++) {
      crossings.push(crossing(frame, source, table, hits.keys[h] as number, hits.counts[h] as number, hits.sides[h] as number, 'person'));
    }
    invalidBoxes += skipped[SKIPPED_INVALID] as number;
    outsideBand += skipped[SKIPPED_OUTSIDE] as number;
    straddling += skipped[SKIPPED_STRADDLING] as number;
    active += skipped[TRACKS_ADDED] as number;
    return crossings;
  }

  return {
    update,
    updateColumns,
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

/** {@link sideOf}'s answer for a detection outside the band. */
const OUTSIDE = 2;
/** {@link sideOf}'s answer for a detection whose anchors are on no one side. */
const STRADDLING = 0;

function countTracks(s: SourceState): number {
  let n = 0;
  for (const t of s.tracks.values()) n += t.size;
  return n;
}
