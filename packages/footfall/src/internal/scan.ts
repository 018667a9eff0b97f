/**
 * The line counter's hot loop over struct-of-arrays columns, as a module-level function (one
 * optimised copy for every counter, no closure context in the loop): validation, the side test
 * and the track update for one anchor and one class. Crossings are not built here: each one is
 * appended to a {@link Hits} buffer (track key, new side, the track's crossings so far) and the
 * caller turns them into `Crossing` objects after the loop, in detection order.
 */
import type { Detection } from '../types';
import { homeOf, SLOT_LAYOUT, TrackTable } from './track-table';

// Module-level copies (see SLOT_LAYOUT).
const { SLOT, KEY, SEEN, STATE, CROSSINGS } = SLOT_LAYOUT;

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

  /** Makes room for `capacity` crossings in all. */
  reserve(capacity: number): void {
    if (capacity <= this.keys.length) return;
    let size = this.keys.length;
    while (size < capacity) size *= 2;
    const keys = new Float64Array(size);
    keys.set(this.keys.subarray(0, this.length));
    this.keys = keys;
    const sides = new Int32Array(size);
    sides.set(this.sides.subarray(0, this.length));
    this.sides = sides;
    const counts = new Int32Array(size);
    counts.set(this.counts.subarray(0, this.length));
    this.counts = counts;
  }

  push(key: number, side: number, count: number): void {
    if (this.length === this.keys.length) this.reserve(this.length + 1);
    this.keys[this.length] = key;
    this.sides[this.length] = side;
    this.counts[this.length] = count;
    this.length++;
  }
}

/**
 * Scans detections `0 … n − 1`: each with a positive finite size, finite position, inside the
 * band and strictly on one side is observed on `table` (inserted when new). `frames` is
 * `minFrames`. The skip counts are written to `skipped` (this frame's, not added); crossings are
 * pushed to `hits`.
 *
 * The loops make no call and stop at the rare detection that needs the table (or, in
 * {@link scanRun}, completes a crossing), which is handled here before the loop resumes. {@link scanHome} handles detections
 * whose track is in its home slot and stops at any other; once a frame has had
 * {@link MAX_MISSES} known tracks out of place (a tracker that does not keep its order),
 * {@link scanRun}, which looks them up in the index itself, takes the rest of the frame. Both
 * stop at a known track out of place whose home the table would move it to (see
 * `TrackTable.place`).
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
  if (!primed) primeLoops(ids, xs, ys, ws, hs);
  // Four stores (a fill call costs more, once per frame).
  skipped[0] = 0;
  skipped[1] = 0;
  skipped[2] = 0;
  skipped[3] = 0;
  table.frame(at);
  // Every detection completes at most one crossing.
  hits.reserve(hits.length + n);
  // Home mode: the loop without the index (tracks in order); after MAX_MISSES known tracks out of
  // place in this frame, the loop that looks them up itself. An empty table (a camera's first
  // frame) starts in that loop: it inserts new tracks itself, without a call per track.
  let home = table.size > 0;
  let misses = 0;
  let from = 0;
  while (from < n) {
    const stop = home
      ? scanHome(table, ids, xs, ys, ws, hs, from, n, at, g, frames, skipped, hits)
      : scanRun(table, ids, xs, ys, ws, hs, from, n, at, g, frames, skipped);
    if (stop < 0) return;
    const i = stop >>> 2;
    const side = (stop & 1) === 1 ? 1 : -1;
    const id = ids[i] as number;
    if ((stop & 2) !== 0) {
      // A crossing: the loop has settled the new side already.
      const slots = table.slots;
      const slot = i * SLOT < slots.length && slots[i * SLOT + KEY] === id ? i : (table.indexSlots[table.probeOf(id)] as number);
      const count = (slots[slot * SLOT + CROSSINGS] as number) + 1;
      slots[slot * SLOT + CROSSINGS] = count;
      hits.push(id, side, count);
    } else {
      const pos = table.place(id, i, side, at);
      if (pos < 0) skipped[TRACKS_ADDED] = (skipped[TRACKS_ADDED] as number) + 1;
      else {
        if (pos !== i && ++misses > MAX_MISSES) home = false;
        const count = observe(table, pos, side, at, frames);
        if (count > 0) hits.push(id, side, count);
      }
    }
    from = i + 1;
  }
}

/** Known tracks out of place one frame's home-mode loop leaves to the table before it switches loops. */
const MAX_MISSES = 32;

/** Whether {@link primeLoops} has run in this process. */
let primed = false;

/**
 * What each synthetic track of {@link primeLoops} does over its three frames (k = 2): stays on
 * its side; starts a run and breaks it; crosses; sits on the line; is outside the band; has an
 * invalid box.
 */
const PRIME_SCRIPTS = 6;
/**
 * Tracks of the shuffled frames: after the first frame the tracker lists them rotated, so more
 * than {@link MAX_MISSES} known tracks are out of place (half the scripts reach the table) and
 * {@link scanRun} takes the rest of the frame, two rounds of scripts of it.
 */
const PRIME_SHUFFLED = 2 * (MAX_MISSES + 1) + 4 * PRIME_SCRIPTS;

/**
 * Runs the column loops once, on scratch tables, over small synthetic frames that take every
 * branch of {@link scanHome} (at even and odd positions), {@link scanHomeOne} and
 * {@link scanRun}, and the table steps they leave to `TrackTable.place`, with columns of the
 * kinds of the caller's frame. V8 compiles a loop with the types it has seen: a branch first
 * taken after that (a run towards the other side broken off, a crossing at an odd position, a
 * first invalid box) has no type feedback and deoptimises the loop. When that happened inside a
 * frame's long loop, V8 also compiled an on-stack-replacement copy of the loop, and from then on
 * every call (one per new track: thousands a second) entered that copy from the unoptimised
 * function, which V8 did not recompile for a long time (it counts time in unoptimised code only):
 * the columns path ran at about half speed in one process in three. Priming leaves no branch
 * without feedback. Once per process, well under a millisecond; touches only its scratch tables.
 */
export function primeLoops(
  ids: Int32Array | Uint32Array,
  xs: Float32Array | Float64Array,
  ys: Float32Array | Float64Array,
  ws: Float32Array | Float64Array,
  hs: Float32Array | Float64Array,
): PrimeReport {
  primed = true;
  // The line y = 100 from x = 0 to 200, anchor bottom-centre, no hysteresis; 20 × 40 boxes.
  const g = Float64Array.of(0.5, 1, 0, 100, 200, 0, 40_000, 0);
  const skipped = new Int32Array(4);
  const hits = new Hits();
  const n = PRIME_SHUFFLED;
  const idColumn = ids instanceof Int32Array ? new Int32Array(n) : new Uint32Array(n);
  const coordinates = (like: Float32Array | Float64Array) => (like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
  const x = coordinates(xs);
  const y = coordinates(ys);
  const w = coordinates(ws);
  const h = coordinates(hs);
  // Event times like real ones (epoch milliseconds are doubles, not small integers).
  const t0 = 1_764_000_000_000;
  const report = { ordered: emptyPrimeCounts(), shuffled: emptyPrimeCounts(), singles: emptyPrimeCounts() };
  /** One frame of `count` tracks on `table`; track `track` follows script `script(track)`. */
  const run = (table: TrackTable, counts: PrimeCounts, count: number, frame: number, shift: number, script: (track: number) => number) => {
    for (let i = 0; i < count; i++) {
      const track = (i + shift) % count;
      const s = script(track);
      // New ids at the end of the last shuffled frame: new tracks for scanRun.
      idColumn[i] = shift > 1 && i >= count - 2 ? track + 1 + count : track + 1;
      // Above the line (side −1) on frame 0; the crossing track (2) and the broken run (1) go
      // below on frame 1; the crossing track stays there on frame 2, the broken run returns.
      const below = (s === 1 && frame === 1) || (s === 2 && frame > 0);
      x[i] = s === 4 ? 300 : 80;
      y[i] = s === 3 ? 60 : below ? 80 : 20;
      w[i] = s === 5 ? Number.NaN : 20;
      h[i] = 40;
    }
    scanColumns(table, idColumn, x, y, w, h, count, t0 + 40 * frame, g, 2, skipped, hits);
    counts.invalid += skipped[SKIPPED_INVALID] as number;
    counts.outside += skipped[SKIPPED_OUTSIDE] as number;
    counts.straddling += skipped[SKIPPED_STRADDLING] as number;
    counts.added += skipped[TRACKS_ADDED] as number;
    for (let c = 0; c < hits.length; c++) counts.crossingIds.push(hits.keys[c] as number);
    hits.length = 0;
  };
  // Every script at an even and an odd position (the pair loop), then an odd tail.
  const ordered = new TrackTable();
  const pairs = (track: number) => (track >> 1) % PRIME_SCRIPTS;
  const shuffled = new TrackTable();
  // One detection a frame: only the single-detection loop runs.
  const singles = Array.from({ length: PRIME_SCRIPTS }, () => new TrackTable());
  for (let frame = 0; frame < 3; frame++) {
    run(ordered, report.ordered, 2 * PRIME_SCRIPTS + 1, frame, 0, pairs);
    run(shuffled, report.shuffled, PRIME_SHUFFLED, frame, frame, pairs);
    for (let s = 0; s < PRIME_SCRIPTS; s++) run(singles[s] as TrackTable, report.singles, 1, frame, 0, () => s);
  }
  return report;
}

/** What {@link primeLoops}' frames did, per group of frames (for the test that pins its coverage). */
export interface PrimeReport {
  readonly ordered: PrimeCounts;
  readonly shuffled: PrimeCounts;
  readonly singles: PrimeCounts;
}

/** Skip counts, tracks inserted and the track ids of the crossings of one group of priming frames. */
export interface PrimeCounts {
  invalid: number;
  outside: number;
  straddling: number;
  added: number;
  readonly crossingIds: number[];
}

function emptyPrimeCounts(): PrimeCounts {
  return { invalid: 0, outside: 0, straddling: 0, added: 0, crossingIds: [] };
}

/**
 * One accepted observation on `side` of the track in slot `pos`: the track's crossings so far
 * when it completes one (`frames` consecutive observations on the new side), else 0.
 */
export function observe(table: TrackTable, pos: number, side: number, at: number, frames: number): number {
  const slots = table.slots;
  const base = pos * SLOT;
  slots[base + SEEN] = at;
  const state = slots[base + STATE] as number;
  const settled = side > 0 ? 1 : 0;
  if ((state & 1) === settled) {
    if (state !== settled) slots[base + STATE] = settled;
    return 0;
  }
  if ((state >> 1) + 1 < frames) {
    slots[base + STATE] = state + 2;
    return 0;
  }
  slots[base + STATE] = settled;
  const count = (slots[base + CROSSINGS] as number) + 1;
  slots[base + CROSSINGS] = count;
  return count;
}

/**
 * The loop of {@link scanColumns} from detection `from`: returns `4i + 2c + s` for the first
 * detection `i` it cannot finish on its own — `c` 1 when it completed a crossing in its home
 * slot, 0 when its track is new or is to be moved home; `s` 1 for side 1, 0 for −1 — or −1 at
 * the end.
 * Skip counts are added to `skipped`.
 */
function scanRun(
  table: TrackTable,
  ids: Int32Array | Uint32Array,
  xs: Float32Array | Float64Array,
  ys: Float32Array | Float64Array,
  ws: Float32Array | Float64Array,
  hs: Float32Array | Float64Array,
  from: number,
  n: number,
  at: number,
  g: LineGeometry,
  frames: number,
  skipped: Int32Array,
): number {
  const ax = g[0] as number;
  const ay = g[1] as number;
  const ox = g[2] as number;
  const oy = g[3] as number;
  const lx = g[4] as number;
  const ly = g[5] as number;
  const l2 = g[6] as number;
  const near = g[7] as number;
  // Read once as raw numbers (a parameter used in the loop is unboxed again on every iteration).
  const now = at + 0;
  const k = frames | 0;
  // Small integers from here on: the loop index stays an untagged int32.
  const end = n | 0;
  const slots = table.slots;
  const indexKeys = table.indexKeys;
  const indexSlots = table.indexSlots;
  const shift = table.shift;
  const mask = table.mask;
  const capacity = slots.length;
  const movable = table.moves > 0;
  const stale = table.staleBefore + 0;
  let invalid = 0;
  let outside = 0;
  let onLine = 0;
  let added = 0;
  let stop = -1;
  for (let i = from | 0; i < end; i++) {
    const bw = ws[i] as number;
    const bh = hs[i] as number;
    const bx = xs[i] as number;
    const by = ys[i] as number;
    const px = bx + ax * bw - ox;
    const py = by + ay * bh - oy;
    const t = px * lx + py * ly;
    // A NaN or infinite coordinate or size makes px or py NaN or infinite, and so t (the line's
    // direction is finite and not zero): such a box never passes this test, and only boxes that
    // fail it need the full check to say why they are skipped.
    if (!(t >= 0 && t <= l2 && bw > 0 && bh > 0)) {
      if (bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY && bx - bx === 0 && by - by === 0) outside++;
      else invalid++;
      continue;
    }
    const c = lx * py - ly * px;
    let settled: number;
    if (c < -near) settled = 0;
    else if (c > near) settled = 1;
    else {
      onLine++;
      continue;
    }
    // The track of detection i is in slot i while the tracker keeps its order (see TrackTable).
    const id = ids[i] as number;
    let base = i * SLOT;
    if (base >= capacity || slots[base + KEY] !== id) {
      // Not in its home slot: through the index (a new track leaves the loop to be inserted).
      const lo = id | 0;
      let pos = lo === id ? Math.imul(lo, 0x9e3779b1) >>> shift : homeOf(id, shift);
      let empty = -1;
      for (;;) {
        const key = indexKeys[pos] as number;
        if (key === id) break;
        // biome-ignore lint/suspicious/noSelfCompare: NaN marks an empty position.
        if (key !== key) {
          empty = pos;
          pos = -1;
          break;
        }
        pos = (pos + 1) & mask;
      }
      if (pos < 0) {
        // A new track whose home slot is free, with room in the table (no resize): inserted
        // without leaving the loop, where TrackTable.place would put it, so a camera's first
        // frame is one loop.
        // biome-ignore lint/suspicious/noSelfCompare: NaN marks a free slot.
        if (base < capacity && slots[base + KEY] !== slots[base + KEY] && (table.size + 1) * 2 * SLOT <= capacity) {
          table.insert(empty, i, id, settled, now);
          added++;
          continue;
        }
        stop = 4 * i + settled;
        break;
      }
      // Known but out of place: when its home is free or its track missed the previous frame,
      // the table moves it home (see TrackTable.place).
      if (movable && base < capacity) {
        const other = slots[base + KEY] as number;
        // biome-ignore lint/suspicious/noSelfCompare: NaN marks a free slot.
        if (other !== other || (slots[base + SEEN] as number) < stale) {
          stop = 4 * i + settled;
          break;
        }
      }
      base = (indexSlots[pos] as number) * SLOT;
    }
    slots[base + SEEN] = now;
    // One integer per track: the settled side in bit 0, the run towards the other side above it.
    const state = slots[base + STATE] as number;
    if (state === settled) continue;
    if ((state & 1) === settled) {
      slots[base + STATE] = settled;
      continue;
    }
    if ((state >> 1) + 1 < k) {
      slots[base + STATE] = state + 2;
      continue;
    }
    slots[base + STATE] = settled;
    stop = 4 * i + 2 + settled;
    break;
  }
  skipped[SKIPPED_INVALID] = (skipped[SKIPPED_INVALID] as number) + invalid;
  skipped[SKIPPED_OUTSIDE] = (skipped[SKIPPED_OUTSIDE] as number) + outside;
  skipped[SKIPPED_STRADDLING] = (skipped[SKIPPED_STRADDLING] as number) + onLine;
  skipped[TRACKS_ADDED] = (skipped[TRACKS_ADDED] as number) + added;
  return stop;
}

/**
 * {@link scanRun} for a frame whose tracks are in their home slots: the same steps without the
 * index (a loop with no inner loop, which V8 optimises better), stopping at any detection whose
 * track is not in its home slot, returning `4i + s` for it (`s` as in {@link scanRun}) or −1 at the
 * end. Crossings completed in home slots are counted in the slot and appended to `hits` without
 * leaving the loop (`hits` must have room for one per detection). Two detections per iteration:
 * V8 checks each typed array's kind and buffer once per iteration rather than once per detection
 * (about a fifth faster).
 */
function scanHome(
  table: TrackTable,
  ids: Int32Array | Uint32Array,
  xs: Float32Array | Float64Array,
  ys: Float32Array | Float64Array,
  ws: Float32Array | Float64Array,
  hs: Float32Array | Float64Array,
  from: number,
  n: number,
  at: number,
  g: LineGeometry,
  frames: number,
  skipped: Int32Array,
  hits: Hits,
): number {
  const ax = g[0] as number;
  const ay = g[1] as number;
  const ox = g[2] as number;
  const oy = g[3] as number;
  const lx = g[4] as number;
  const ly = g[5] as number;
  const l2 = g[6] as number;
  const near = g[7] as number;
  // Read once as raw numbers (a parameter used in the loop is unboxed again on every iteration).
  const now = at + 0;
  const k = frames | 0;
  // Small integers from here on: the loop index stays an untagged int32.
  const end = n | 0;
  const slots = table.slots;
  const capacity = slots.length | 0;
  // Crossings are appended here (the caller has reserved room for every detection).
  const hitKeys = hits.keys;
  const hitSides = hits.sides;
  const hitCounts = hits.counts;
  let h = hits.length | 0;
  let invalid = 0;
  let outside = 0;
  let onLine = 0;
  let stop = -1;
  let i = from | 0;
  // Each detection's steps are those of scanHomeOne: a NaN or infinite value fails the band test,
  // and only boxes that fail it are classified; the track of detection i is in slot i while the
  // tracker keeps its order, and any other leaves the loop for the table.
  for (; i + 1 < end; i += 2) {
    const i0 = i;
    const i1 = i + 1;
    const bw0 = ws[i0] as number;
    const bh0 = hs[i0] as number;
    const bx0 = xs[i0] as number;
    const by0 = ys[i0] as number;
    const id0 = ids[i0] as number;
    const bw1 = ws[i1] as number;
    const bh1 = hs[i1] as number;
    const bx1 = xs[i1] as number;
    const by1 = ys[i1] as number;
    const id1 = ids[i1] as number;
    // biome-ignore lint/suspicious/noConfusingLabels: the first detection's steps end by leaving this block (the second's by continuing the loop).
    first: {
      const px = bx0 + ax * bw0 - ox;
      const py = by0 + ay * bh0 - oy;
      const t = px * lx + py * ly;
      if (!(t >= 0 && t <= l2 && bw0 > 0 && bh0 > 0)) {
        if (bw0 > 0 && bh0 > 0 && bw0 < Number.POSITIVE_INFINITY && bh0 < Number.POSITIVE_INFINITY && bx0 - bx0 === 0 && by0 - by0 === 0)
          outside++;
        else invalid++;
        break first;
      }
      const c = lx * py - ly * px;
      let settled: number;
      if (c < -near) settled = 0;
      else if (c > near) settled = 1;
      else {
        onLine++;
        break first;
      }
      const base = (i0 * SLOT) | 0;
      if (base >= capacity || slots[base + KEY] !== id0) {
        stop = 4 * i0 + settled;
        break;
      }
      slots[base + SEEN] = now;
      const state = slots[base + STATE] as number;
      if (state === settled) break first;
      if ((state & 1) === settled) {
        slots[base + STATE] = settled;
        break first;
      }
      if ((state >> 1) + 1 < k) {
        slots[base + STATE] = state + 2;
        break first;
      }
      slots[base + STATE] = settled;
      const count = (slots[base + CROSSINGS] as number) + 1;
      slots[base + CROSSINGS] = count;
      hitKeys[h] = id0;
      hitSides[h] = settled === 1 ? 1 : -1;
      hitCounts[h] = count;
      h++;
    }
    {
      const px = bx1 + ax * bw1 - ox;
      const py = by1 + ay * bh1 - oy;
      const t = px * lx + py * ly;
      if (!(t >= 0 && t <= l2 && bw1 > 0 && bh1 > 0)) {
        if (bw1 > 0 && bh1 > 0 && bw1 < Number.POSITIVE_INFINITY && bh1 < Number.POSITIVE_INFINITY && bx1 - bx1 === 0 && by1 - by1 === 0)
          outside++;
        else invalid++;
        continue;
      }
      const c = lx * py - ly * px;
      let settled: number;
      if (c < -near) settled = 0;
      else if (c > near) settled = 1;
      else {
        onLine++;
        continue;
      }
      const base = (i1 * SLOT) | 0;
      if (base >= capacity || slots[base + KEY] !== id1) {
        stop = 4 * i1 + settled;
        break;
      }
      slots[base + SEEN] = now;
      const state = slots[base + STATE] as number;
      if (state === settled) continue;
      if ((state & 1) === settled) {
        slots[base + STATE] = settled;
        continue;
      }
      if ((state >> 1) + 1 < k) {
        slots[base + STATE] = state + 2;
        continue;
      }
      slots[base + STATE] = settled;
      const count = (slots[base + CROSSINGS] as number) + 1;
      slots[base + CROSSINGS] = count;
      hitKeys[h] = id1;
      hitSides[h] = settled === 1 ? 1 : -1;
      hitCounts[h] = count;
      h++;
    }
  }
  hits.length = h;
  skipped[SKIPPED_INVALID] = (skipped[SKIPPED_INVALID] as number) + invalid;
  skipped[SKIPPED_OUTSIDE] = (skipped[SKIPPED_OUTSIDE] as number) + outside;
  skipped[SKIPPED_STRADDLING] = (skipped[SKIPPED_STRADDLING] as number) + onLine;
  if (stop < 0 && i < end) return scanHomeOne(table, ids, xs, ys, ws, hs, i, end, at, g, frames, skipped, hits);
  return stop;
}

/**
 * {@link scanHome}'s steps one detection at a time (for the last detection of an odd run).
 */
function scanHomeOne(
  table: TrackTable,
  ids: Int32Array | Uint32Array,
  xs: Float32Array | Float64Array,
  ys: Float32Array | Float64Array,
  ws: Float32Array | Float64Array,
  hs: Float32Array | Float64Array,
  from: number,
  n: number,
  at: number,
  g: LineGeometry,
  frames: number,
  skipped: Int32Array,
  hits: Hits,
): number {
  const ax = g[0] as number;
  const ay = g[1] as number;
  const ox = g[2] as number;
  const oy = g[3] as number;
  const lx = g[4] as number;
  const ly = g[5] as number;
  const l2 = g[6] as number;
  const near = g[7] as number;
  // Read once as raw numbers (a parameter used in the loop is unboxed again on every iteration).
  const now = at + 0;
  const k = frames | 0;
  // Small integers from here on: the loop index stays an untagged int32.
  const end = n | 0;
  const slots = table.slots;
  const capacity = slots.length | 0;
  // Crossings are appended here (the caller has reserved room for every detection).
  const hitKeys = hits.keys;
  const hitSides = hits.sides;
  const hitCounts = hits.counts;
  let h = hits.length | 0;
  let invalid = 0;
  let outside = 0;
  let onLine = 0;
  let stop = -1;
  for (let i = from | 0; i < end; i++) {
    const bw = ws[i] as number;
    const bh = hs[i] as number;
    const bx = xs[i] as number;
    const by = ys[i] as number;
    const px = bx + ax * bw - ox;
    const py = by + ay * bh - oy;
    const t = px * lx + py * ly;
    // A NaN or infinite coordinate or size makes px or py NaN or infinite, and so t (the line's
    // direction is finite and not zero): such a box never passes this test, and only boxes that
    // fail it need the full check to say why they are skipped.
    if (!(t >= 0 && t <= l2 && bw > 0 && bh > 0)) {
      if (bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY && bx - bx === 0 && by - by === 0) outside++;
      else invalid++;
      continue;
    }
    const c = lx * py - ly * px;
    let settled: number;
    if (c < -near) settled = 0;
    else if (c > near) settled = 1;
    else {
      onLine++;
      continue;
    }
    // The track of detection i is in slot i while the tracker keeps its order (see TrackTable).
    const id = ids[i] as number;
    const base = (i * SLOT) | 0;
    if (base >= capacity || slots[base + KEY] !== id) {
      // Not in its home slot: the table finds it (or inserts it).
      stop = 4 * i + settled;
      break;
    }
    slots[base + SEEN] = now;
    // One integer per track: the settled side in bit 0, the run towards the other side above it.
    const state = slots[base + STATE] as number;
    if (state === settled) continue;
    if ((state & 1) === settled) {
      slots[base + STATE] = settled;
      continue;
    }
    if ((state >> 1) + 1 < k) {
      slots[base + STATE] = state + 2;
      continue;
    }
    slots[base + STATE] = settled;
    const count = (slots[base + CROSSINGS] as number) + 1;
    slots[base + CROSSINGS] = count;
    hitKeys[h] = id;
    hitSides[h] = settled === 1 ? 1 : -1;
    hitCounts[h] = count;
    h++;
  }
  hits.length = h;
  skipped[SKIPPED_INVALID] = (skipped[SKIPPED_INVALID] as number) + invalid;
  skipped[SKIPPED_OUTSIDE] = (skipped[SKIPPED_OUTSIDE] as number) + outside;
  skipped[SKIPPED_STRADDLING] = (skipped[SKIPPED_STRADDLING] as number) + onLine;
  return stop;
}

/**
 * The object-frame twin of {@link scanRun}, from detection `from`, for the tracks of class `cls`
 * in the table whose slot arrays are given: the same checks, in the same order, as the full
 * steps of `update` (values are read as they are, so a string size coerces exactly as there).
 * Returns `8i + 2c + s` for a crossing completed in detection `i`'s home slot (`c` 1, `s` 1 for
 * side 1, 0 for −1), `8i + 4` for a detection it leaves to the full steps (a hole, a box of
 * another class, an id that is not in its home slot or not a safe integer), or −1 at the end.
 */
export function scanObjects(
  table: TrackTable,
  dets: readonly Detection[],
  from: number,
  n: number,
  at: number,
  g: LineGeometry,
  frames: number,
  cls: string,
  skipped: Int32Array,
): number {
  if (objectsPrimeTries > 0) primeObjects(dets, from, n);
  const ax = g[0] as number;
  const ay = g[1] as number;
  const ox = g[2] as number;
  const oy = g[3] as number;
  const lx = g[4] as number;
  const ly = g[5] as number;
  const l2 = g[6] as number;
  const near = g[7] as number;
  // Read once as raw numbers (a parameter used in the loop is unboxed again on every iteration).
  const now = at + 0;
  const k = frames | 0;
  // Small integers from here on: the loop index stays an untagged int32.
  const end = n | 0;
  const slots = table.slots;
  const indexKeys = table.indexKeys;
  const indexSlots = table.indexSlots;
  const shift = table.shift;
  const mask = table.mask;
  const capacity = slots.length;
  const movable = table.moves > 0;
  const stale = table.staleBefore + 0;
  let invalid = 0;
  let outside = 0;
  let onLine = 0;
  let stop = -1;
  for (let i = from | 0; i < end; i++) {
    const det = dets[i];
    if (det === undefined || det === null) {
      stop = 8 * i + 4;
      break;
    }
    const box = det.box;
    if (box === undefined || box === null) {
      stop = 8 * i + 4;
      break;
    }
    const bw = box.w;
    const bh = box.h;
    if (!(bw > 0 && bh > 0 && bw < Number.POSITIVE_INFINITY && bh < Number.POSITIVE_INFINITY)) {
      invalid++;
      continue;
    }
    const bx = box.x;
    const by = box.y;
    if (!Number.isFinite(bx) || !Number.isFinite(by)) {
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
    let settled: number;
    if (c < -near) settled = 0;
    else if (c > near) settled = 1;
    else {
      onLine++;
      continue;
    }
    const trackId = det.trackId;
    // String ids and unsafe numbers take the full steps (interning, counting).
    if ((det.cls ?? 'person') !== cls || !Number.isSafeInteger(trackId)) {
      stop = 8 * i + 4;
      break;
    }
    const id = trackId as number;
    let base = i * SLOT;
    if (base >= capacity || slots[base + KEY] !== id) {
      // Not in its home slot: through the index (a new track leaves the loop to be inserted).
      const lo = id | 0;
      let pos = lo === id ? Math.imul(lo, 0x9e3779b1) >>> shift : homeOf(id, shift);
      for (;;) {
        const key = indexKeys[pos] as number;
        if (key === id) break;
        // biome-ignore lint/suspicious/noSelfCompare: NaN marks an empty position.
        if (key !== key) {
          pos = -1;
          break;
        }
        pos = (pos + 1) & mask;
      }
      if (pos < 0) {
        stop = 8 * i + 4;
        break;
      }
      if (movable && base < capacity) {
        const other = slots[base + KEY] as number;
        // biome-ignore lint/suspicious/noSelfCompare: NaN marks a free slot.
        if (other !== other || (slots[base + SEEN] as number) < stale) {
          stop = 8 * i + 4;
          break;
        }
      }
      base = (indexSlots[pos] as number) * SLOT;
    }
    slots[base + SEEN] = now;
    const state = slots[base + STATE] as number;
    if (state === settled) continue;
    if ((state & 1) === settled) {
      slots[base + STATE] = settled;
      continue;
    }
    if ((state >> 1) + 1 < k) {
      slots[base + STATE] = state + 2;
      continue;
    }
    slots[base + STATE] = settled;
    stop = 8 * i + 2 + settled;
    break;
  }
  skipped[SKIPPED_INVALID] = (skipped[SKIPPED_INVALID] as number) + invalid;
  skipped[SKIPPED_OUTSIDE] = (skipped[SKIPPED_OUTSIDE] as number) + outside;
  skipped[SKIPPED_STRADDLING] = (skipped[SKIPPED_STRADDLING] as number) + onLine;
  return stop;
}

/**
 * Calls of {@link scanObjects} left that may look for a detection to prime it with (see
 * {@link primeObjects}); 0 once primed, or after that many calls found none.
 */
let objectsPrimeTries = 64;

/**
 * {@link primeObjects}' steps, each a table, a position of the box and `frames`. Tables: `n` new
 * and empty; `h` with the track in its home slot, `o` in the next slot, `b` in the next slot
 * behind another track in its home slot (no moves home due); `F` as `o` with moves due; `s` the
 * same table, `f` the same with moves due (a new frame). Positions: `1` side 1, `0` side −1,
 * `x` outside the band, `l` on the line, `c` side 1 with another class counted.
 */
const PRIME_OBJECT_STEPS = 'n12 hc2 hx2 hl2 h13 s03 s13 s02 s02 s11 o12 b03 f03 F12'.split(' ');

/**
 * Runs {@link scanObjects} on scratch tables over one detection of the caller's own frame
 * (`dets[j]` for the first `j` from `from`, within 16, with a finite numeric box of positive size
 * and a safe integer track id), once per process, so that every branch of its loop has type
 * feedback before V8 optimises it: a new track; a track in its home slot that stays on its side,
 * starts, breaks off and extends a run and crosses (to either side); a track out of place (its
 * home slot free or held by a fresh track, moves home due or not); a box outside the band, one on
 * the line, one of another class. Without it the loop was first optimised on a camera's first
 * frame (every track new: one call per track, each leaving at once), then deoptimised by each
 * branch first taken later; when that happened inside a long frame with an on-stack-replacement
 * compile pending, the objects path ran at about 0.6 of its speed for the rest of the process in
 * about one process in five (the pattern {@link primeLoops} describes for the column loops). It
 * reads the caller's array and detection as they are (so the loop's property reads see only the
 * caller's shapes) and writes nothing but its scratch tables. Returns what each step gave (for the
 * test that pins its coverage), or `undefined` when no detection in reach qualified (a later call
 * tries again, up to 64 calls in all).
 */
export function primeObjects(dets: readonly Detection[], from: number, n: number): number[] | undefined {
  objectsPrimeTries--;
  for (let j = from; j < n && j < from + 16 && j < 4096; j++) {
    const det = dets[j];
    const box = det?.box;
    const id = det?.trackId as number;
    const cls = det?.cls ?? 'person';
    if (box === undefined || box === null || typeof cls !== 'string' || !Number.isSafeInteger(id)) continue;
    const { x, y, w, h } = box;
    if (typeof w !== 'number' || typeof h !== 'number' || !(w > 0 && h > 0 && w < Number.POSITIVE_INFINITY && h < Number.POSITIVE_INFINITY))
      continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    objectsPrimeTries = 0;
    let capacity = 16;
    while (capacity < 2 * (j + 2)) capacity *= 2;
    const at0 = 1_764_000_000_000.5;
    const skipped = new Int32Array(4);
    const results: number[] = [];
    let table = new TrackTable(capacity);
    // Four rounds: V8 gives a function its feedback vector only once it has run a few times its
    // own bytecode length (8 times in Node 20), and records nothing before; one round runs less.
    for (let round = 0; round < 4; round++) {
      results.length = 0;
      for (const step of PRIME_OBJECT_STEPS) {
        const op = step[0];
        const place = step[1];
        if (op !== 's' && op !== 'f') {
          table = new TrackTable(capacity);
          if (op === 'b') table.place(id === 1 ? 2 : 1, j, 1, at0);
          if (op !== 'n') table.place(id, op === 'h' ? j : j + 1, 1, at0);
          table.moves = 0;
        }
        if (op === 'f' || op === 'F') table.frame(at0 + 40);
        // The box's anchor (bottom-centre) against a line of length 2 along x that starts one
        // unit left of it (right: outside the band) and one unit below it (above: side −1).
        const g = Float64Array.of(
          0.5,
          1,
          x + 0.5 * w - (place === 'x' ? -1 : 1),
          y + h - (place === '0' ? -1 : 1),
          2,
          0,
          4,
          place === 'l' ? 10 : 0.5,
        );
        const stepCls = place !== 'c' ? cls : cls === 'person' ? 'vehicle' : 'person';
        results.push(scanObjects(table, dets, j, j + 1, at0, g, Number(step[2]), stepCls, skipped));
      }
    }
    return results;
  }
  return undefined;
}
