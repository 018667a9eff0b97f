/**
 * The line counter's hot loop over struct-of-arrays columns, as a module-level function (one
 * optimised copy for every counter, no closure context in the loop): validation, the side test
 * and the track update for one anchor and one class. Crossings are not built here: each one is
 * appended to a {@link Hits} buffer (track key, new side, the track's crossings so far) and the
 * caller turns them into `Crossing` objects after the loop, in detection order.
 */
import { homeOf, type TrackTable } from './track-table';

/**
 * The line and the anchor, as the loop reads them: `[ax, ay, ox, oy, lx, ly, l2, near]` — anchor
 * offsets (fractions of width and height), the line's start, its direction vector, its squared
 * length and the hysteresis bound on the cross product.
 */
export type LineGeometry = Float64Array;

/** Where {@link scanColumns} adds its counts: invalid boxes, outside the band, straddling, tracks inserted. */
export const SKIPPED_INVALID = 0;
export const SKIPPED_OUTSIDE = 1;
export const SKIPPED_STRADDLING = 2;
export const TRACKS_ADDED = 3;

/** Crossings found by the loop, in order: key, new side (−1 or 1), crossings of the track so far. */
export class Hits {
  keys = new Float64Array(16);
  sides = new Int32Array(16);
  counts = new Int32Array(16);
  length = 0;

  push(key: number, side: number, count: number): void {
    if (this.length === this.keys.length) {
      const keys = new Float64Array(this.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const sides = new Int32Array(this.length * 2);
      sides.set(this.sides);
      this.sides = sides;
      const counts = new Int32Array(this.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.keys[this.length] = key;
    this.sides[this.length] = side;
    this.counts[this.length] = count;
    this.length++;
  }
}

/**
 * Scans detections `0 … n − 1`: each with a positive finite size, finite position, inside the
 * band and strictly on one side is observed on `table` (inserted when new). `frames` is
 * `minFrames`. The skip counts are written to `skipped` (this frame's, not added); crossings are pushed to `hits`.
 */
export function scanColumns(
  table: TrackTable,
  ids: Int32Array | Uint32Array,
  xs: Float32Array | Float64Array,
  ys: Float32Array | Float64Array,
  ws: Float32Array | Float64Array,
  hs: Float32Array | Float64Array,
  n: number,
  at: number,
  g: LineGeometry,
  frames: number,
  skipped: Int32Array,
  hits: Hits,
): void {
  const ax = g[0] as number;
  const ay = g[1] as number;
  const ox = g[2] as number;
  const oy = g[3] as number;
  const lx = g[4] as number;
  const ly = g[5] as number;
  const l2 = g[6] as number;
  const near = g[7] as number;
  let keys = table.keys;
  let states = table.state;
  let seen = table.lastSeen;
  let shift = table.shift;
  let mask = table.mask;
  let invalid = 0;
  let outside = 0;
  let onLine = 0;
  let added = 0;
  for (let i = 0; i < n; i++) {
    const bw = ws[i] as number;
    const bh = hs[i] as number;
    if (!(bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY)) {
      invalid++;
      continue;
    }
    const bx = xs[i] as number;
    const by = ys[i] as number;
    // x − x is 0 for every finite x, NaN for NaN and ±Infinity.
    if (!(bx - bx === 0 && by - by === 0)) {
      invalid++;
      continue;
    }
    const px = bx + ax * bw - ox;
    const py = by + ay * bh - oy;
    const t = px * lx + py * ly;
    if (t < 0 || t > l2) {
      outside++;
      continue;
    }
    const c = lx * py - ly * px;
    let side: number;
    if (c < -near) side = -1;
    else if (c > near) side = 1;
    else {
      onLine++;
      continue;
    }
    const id = ids[i] as number;
    const lo = id | 0;
    let pos = lo === id ? Math.imul(lo, 0x9e3779b1) >>> shift : homeOf(id, shift);
    for (;;) {
      const key = keys[pos] as number;
      if (key === id) break;
      // biome-ignore lint/suspicious/noSelfCompare: NaN marks an empty position; this is the hottest test.
      if (key !== key) {
        pos = -1;
        break;
      }
      pos = (pos + 1) & mask;
    }
    if (pos < 0) {
      table.locate(id, side, at);
      added++;
      // Inserting may have grown the table: reload its arrays.
      keys = table.keys;
      states = table.state;
      seen = table.lastSeen;
      shift = table.shift;
      mask = table.mask;
      continue;
    }
    seen[pos] = at;
    // One integer per track: the settled side in bit 0, the run towards the other side above it.
    const state = states[pos] as number;
    const settled = side > 0 ? 1 : 0;
    if ((state & 1) === settled) {
      if (state !== settled) states[pos] = settled;
      continue;
    }
    if ((state >> 1) + 1 < frames) {
      states[pos] = state + 2;
      continue;
    }
    states[pos] = settled;
    const count = (table.crossings[pos] as number) + 1;
    table.crossings[pos] = count;
    hits.push(id, side, count);
  }
  skipped[SKIPPED_INVALID] = invalid;
  skipped[SKIPPED_OUTSIDE] = outside;
  skipped[SKIPPED_STRADDLING] = onLine;
  skipped[TRACKS_ADDED] = added;
}
