import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from './errors';
import { ANCHOR_OFFSETS, type Anchor, isValidBox, pointInPolygon, polygonArea2 } from './internal/geometry';
import { QualityCounter, QualityReason, type QualityReport } from './quality';
import type { FrameEvent, Point } from './types';

const PointSchema = z.object({ x: z.number(), y: z.number() });
const OptionsSchema = z.object({
  zones: z.array(z.object({ id: z.string().check(z.minLength(1)), polygon: z.array(PointSchema) })).check(z.minLength(1)),
  anchor: z._default(z.enum(Object.keys(ANCHOR_OFFSETS) as [Anchor, ...Anchor[]]), 'bottom-centre'),
  minDwellMs: z._default(z.number().check(z.nonnegative()), 0),
  mergeGapMs: z._default(z.number().check(z.nonnegative()), 0),
  staffDwellMs: z.optional(z.number().check(z.positive())),
  trackTimeoutMs: z._default(z.number().check(z.positive()), 10_000),
  maxStepMs: z._default(z.number().check(z.positive()), 2_000),
  boxUnit: z.optional(z.enum(['pixels', 'relative'])),
  heatmap: z.optional(
    z.object({
      width: z.number().check(z.positive()),
      height: z.number().check(z.positive()),
      cols: z.int().check(z.gte(1), z.lte(1000)),
      rows: z.int().check(z.gte(1), z.lte(1000)),
    }),
  ),
});

/** A polygon zone (vertices in order, image coordinates). @public */
export interface ZoneDefinition {
  readonly id: string;
  readonly polygon: readonly Point[];
}

/** Options of {@link createZoneTracker}. @public */
export interface ZoneTrackerOptions {
  readonly zones: readonly ZoneDefinition[];
  /** Box point tested against the zones (default `bottom-centre`, where feet touch the floor). */
  readonly anchor?: Anchor;
  /** Visits shorter than this are dropped (counted as `shortVisits`). */
  readonly minDwellMs?: number;
  /** A leave and return within this is one visit. */
  readonly mergeGapMs?: number;
  /** Visits at least this long are marked `staff: true` (the dwell rule for staff exclusion). */
  readonly staffDwellMs?: number;
  /** Tracks unseen this long end their visits and are evicted (default 10 s). */
  readonly trackTimeoutMs?: number;
  /** Heatmap time steps are capped at this (a track seen again after a long gap adds at most this; default 2 s). */
  readonly maxStepMs?: number;
  /** The unit the polygons (and the heatmap's width and height) are in; frames in the other unit are skipped and counted (`boxUnitMismatches`). */
  readonly boxUnit?: 'pixels' | 'relative';
  /** Heatmap grid over the image. */
  readonly heatmap?: { readonly width: number; readonly height: number; readonly cols: number; readonly rows: number };
}

/** One finished visit of one track to one zone. @public */
export interface Visit {
  readonly zone: string;
  readonly source: string;
  readonly trackId: number | string;
  readonly start: number;
  readonly end: number;
  /** The zone this track visited before (for transition matrices). */
  readonly previousZone?: string;
  readonly staff: boolean;
}

/**
 * Person-seconds per grid cell (row-major, `rows × cols`), over `durationMs` of observed time:
 * frame-rate independent. `seconds[i] / (durationMs / 1000)` is the mean number of people in cell `i`.
 *
 * @public
 */
export interface Heatmap {
  readonly cols: number;
  readonly rows: number;
  readonly seconds: readonly number[];
  readonly durationMs: number;
}

/** A zone tracker. @public */
export interface ZoneTracker {
  /** Processes a frame; returns visits that finished (left longer than `mergeGapMs` ago, or evicted). */
  update(frame: FrameEvent): Visit[];
  /** Ends every open visit (at closing time) and returns them. */
  flush(): Visit[];
  /** Zones that contain a point (closed polygons: the boundary is inside). */
  zonesAt(point: Point): string[];
  /** Zone-to-zone transitions so far: `[from][to]`. */
  transitions(): Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The heatmap so far (empty grid when none was configured). */
  heatmap(): Heatmap;
  quality(): QualityReport;
}

interface Open {
  start: number;
  lastInside: number;
}

interface TrackZones {
  source: string;
  trackId: number | string;
  lastSeen: number;
  open: Map<string, Open>;
  previousZone: string | undefined;
}

/**
 * Tracks people in polygon zones: dwell per visit (enter when the anchor is inside, leave when it
 * is not; a return within `mergeGapMs` continues the visit; visits shorter than `minDwellMs` are
 * dropped and counted), a zone-to-zone transition matrix, and a heatmap weighted by time (each
 * observation adds the time since the track's previous observation, capped at `maxStepMs`, to
 * its cell), so 5 fps and 25 fps give the same map.
 *
 * Boundary rule: polygons are closed, a point on an edge or vertex is inside; with integer
 * coordinates the test is exact. Overlapping zones are all entered.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_GEOMETRY` for a polygon with fewer than 3 vertices or zero area.
 *
 * @example
 * ```ts
 * import { createZoneTracker } from '@aisle/footfall';
 *
 * const zones = createZoneTracker({ zones: [{ id: 'cosmetics', polygon: [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }, { x: 0, y: 100 }] }] });
 * zones.update({ type: 'frame', source: 'cam1', frame: 1, at: 0, detections: [{ trackId: 1, box: { x: 40, y: 20, w: 20, h: 40 } }] });
 * zones.update({ type: 'frame', source: 'cam1', frame: 2, at: 60_000, detections: [{ trackId: 1, box: { x: 40, y: 20, w: 20, h: 40 } }] });
 * const [visit] = zones.flush(); // { zone: 'cosmetics', start: 0, end: 60000, … }
 * ```
 *
 * @public
 */
export function createZoneTracker(options: ZoneTrackerOptions): ZoneTracker {
  const o = parse(OptionsSchema, options, { label: 'zone tracker options' });
  const zones = o.zones.map((zone) => {
    const xs = Float64Array.from(zone.polygon, (p) => p.x);
    const ys = Float64Array.from(zone.polygon, (p) => p.y);
    if (xs.length < 3 || polygonArea2(xs, ys) === 0) {
      throw new FootfallError(
        FootfallErrorCode.INVALID_GEOMETRY,
        `Zone ${JSON.stringify(zone.id)} needs at least 3 vertices and a non-zero area`,
      );
    }
    return { id: zone.id, xs, ys };
  });
  const [ax, ay] = ANCHOR_OFFSETS[o.anchor];
  const quality = new QualityCounter();
  const tracks = new Map<string, TrackZones>();
  const transitions = new Map<string, Map<string, number>>();
  const grid = o.heatmap;
  const cells = new Float64Array(grid === undefined ? 0 : grid.cols * grid.rows);
  const lastObs = new Map<string, number>();
  let minAt = Number.POSITIVE_INFINITY;
  let maxAt = Number.NEGATIVE_INFINITY;

  const zonesAt = (p: Point) => zones.filter((zn) => pointInPolygon(p.x, p.y, zn.xs, zn.ys)).map((zn) => zn.id);

  function finish(t: TrackZones, zone: string, v: Open, out: Visit[]): void {
    const { source, trackId } = t;
    const dwell = v.lastInside - v.start;
    if (dwell < o.minDwellMs) {
      quality.add(QualityReason.SHORT_VISITS);
      return;
    }
    const visit: Visit = {
      zone,
      source,
      trackId,
      start: v.start,
      end: v.lastInside,
      ...(t.previousZone === undefined || t.previousZone === zone ? {} : { previousZone: t.previousZone }),
      staff: o.staffDwellMs !== undefined && dwell >= o.staffDwellMs,
    };
    if (t.previousZone !== undefined && t.previousZone !== zone) {
      let row = transitions.get(t.previousZone);
      if (row === undefined) {
        row = new Map();
        transitions.set(t.previousZone, row);
      }
      row.set(zone, (row.get(zone) ?? 0) + 1);
    }
    t.previousZone = zone;
    out.push(visit);
  }

  function update(frame: FrameEvent): Visit[] {
    const out: Visit[] = [];
    const at = frame.at;
    if (!Number.isFinite(at)) {
      quality.add(QualityReason.INVALID_RECORDS);
      return out;
    }
    if (o.boxUnit !== undefined && frame.boxUnit !== undefined && frame.boxUnit !== o.boxUnit) {
      quality.add(QualityReason.BOX_UNIT_MISMATCHES);
      return out;
    }
    if (at < minAt) minAt = at;
    if (at > maxAt) maxAt = at;
    const epoch = String(frame.epoch ?? 0);
    for (const det of frame.detections) {
      if (typeof det !== 'object' || det === null || !isValidBox(det.box)) {
        quality.add(QualityReason.INVALID_BOXES);
        continue;
      }
      const px = det.box.x + ax * det.box.w;
      const py = det.box.y + ay * det.box.h;
      const key = `${frame.source}\u0000${epoch}\u0000${String(det.trackId)}\u0000${det.cls ?? 'person'}`;
      if (grid !== undefined) {
        const prev = lastObs.get(key);
        const step = prev === undefined ? 0 : Math.min(Math.max(at - prev, 0), o.maxStepMs);
        lastObs.set(key, at);
        const c = Math.floor((px / grid.width) * grid.cols);
        const r = Math.floor((py / grid.height) * grid.rows);
        if (c >= 0 && c < grid.cols && r >= 0 && r < grid.rows)
          cells[r * grid.cols + c] = (cells[r * grid.cols + c] as number) + step / 1000;
      }
      let t = tracks.get(key);
      if (t === undefined) {
        t = { source: frame.source, trackId: det.trackId, lastSeen: at, open: new Map(), previousZone: undefined };
        tracks.set(key, t);
      }
      t.lastSeen = at;
      for (const zn of zones) {
        if (!pointInPolygon(px, py, zn.xs, zn.ys)) continue;
        const v = t.open.get(zn.id);
        if (v === undefined) t.open.set(zn.id, { start: at, lastInside: at });
        else v.lastInside = at;
      }
      for (const [zone, v] of t.open) {
        if (at - v.lastInside > o.mergeGapMs) {
          t.open.delete(zone);
          finish(t, zone, v, out);
        }
      }
    }
    // Evict tracks unseen for the timeout, finishing their visits.
    for (const [key, t] of tracks) {
      if (at - t.lastSeen <= o.trackTimeoutMs) continue;
      for (const [zone, v] of t.open) finish(t, zone, v, out);
      tracks.delete(key);
      lastObs.delete(key);
      quality.add(QualityReason.TRACKS_EVICTED);
    }
    return out;
  }

  function flush(): Visit[] {
    const out: Visit[] = [];
    for (const t of tracks.values()) {
      for (const [zone, v] of t.open) finish(t, zone, v, out);
      t.open.clear();
    }
    tracks.clear();
    lastObs.clear();
    return out;
  }

  return {
    update,
    flush,
    zonesAt,
    transitions: () => Object.fromEntries([...transitions].map(([f, row]) => [f, Object.fromEntries(row)])),
    heatmap: () => ({
      cols: grid?.cols ?? 0,
      rows: grid?.rows ?? 0,
      seconds: Array.from(cells),
      durationMs: maxAt >= minAt ? maxAt - minAt : 0,
    }),
    quality: () => quality.snapshot(),
  };
}

/**
 * Merges two heatmaps of the same grid: person-seconds add, observed durations add (so the mean
 * people per cell is over the combined observation time). Commutative and associative; a
 * heatmap of zeros with `durationMs: 0` is the identity.
 *
 * @throws {@link FootfallError} `FOOTFALL_INCOMPATIBLE_AGGREGATES` when the grids differ.
 *
 * @example
 * ```ts
 * import { mergeHeatmaps } from '@aisle/footfall';
 *
 * mergeHeatmaps({ cols: 2, rows: 1, seconds: [1, 2], durationMs: 1000 }, { cols: 2, rows: 1, seconds: [3, 0], durationMs: 500 });
 * // { cols: 2, rows: 1, seconds: [4, 2], durationMs: 1500 }
 * ```
 *
 * @public
 */
export function mergeHeatmaps(a: Heatmap, b: Heatmap): Heatmap {
  if (a.cols !== b.cols || a.rows !== b.rows || a.seconds.length !== b.seconds.length) {
    throw new FootfallError(
      FootfallErrorCode.INCOMPATIBLE_AGGREGATES,
      `Cannot merge a ${a.cols}×${a.rows} heatmap with a ${b.cols}×${b.rows} one`,
    );
  }
  return {
    cols: a.cols,
    rows: a.rows,
    seconds: a.seconds.map((s, i) => s + (b.seconds[i] as number)),
    durationMs: a.durationMs + b.durationMs,
  };
}
