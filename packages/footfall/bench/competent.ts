// Issue 17, footfall: the product's line counter + aggregator against a competently written
// counter for this one job (typed per-track state in a Map from track id to a slot, no per-frame
// copies, no string keys, a periodic eviction sweep, hour buckets by arithmetic on the store's
// fixed UTC+8 offset), at three sizes, crossings and hourly totals compared on every run, and the
// memory of each counter's state measured in a child process.
// Run: pnpm --filter @aisle/footfall bench   (sizes scale with BENCH_SCALE)
//
// Detections per frame: 2,000 concurrent tracks by default, far denser than any real camera (MOT20,
// the MOTChallenge crowd benchmark, has at most 246 pedestrians in a frame: Dendorfer et al., 2020,
// arXiv:2003.09003), so per-frame costs are amortised over many detections. FOOTFALL_BENCH_TRACKS
// sets another density (for example 200 or 30) with the same 400k detections per round; the rows
// then name it.
//
// Track ids (columns rows): each round of frames carries fresh ids, because trackers give every
// track its own id for the whole sequence and never hand a finished track's id to a new one: the
// MOTChallenge format gives one identity per trajectory (Dendorfer et al., arXiv:1906.04567; the
// Datumaro MOT format page: "track_id - Unique ID assigned to an object within a trajectory"), and
// DeepStream's Gst-nvtracker tracks "objects over time persistently with unique IDs"
// (docs.nvidia.com/deepstream, Gst-nvtracker). Replaying round 0's ids was a bench artifact, not
// a workload: see `idsOfRound`. The object rows still replay round 0 (their frames are objects,
// and fresh objects for 16 rounds would cost hundreds of MB of input on the shared machine).
import { formatMemory, interleavedBest, type MemoryDelta, measureInChild, memoryChild, record, sizes } from '../../../bench/lib';
import { buildHourlyReport, createFootfallAggregator, createLineCounter, type FrameColumns, type FrameEvent } from '../src/index';
import { makeFrames } from './workload';

const DEFAULT_TRACKS = 2_000;
const TRACKS = Number(process.env.FOOTFALL_BENCH_TRACKS ?? DEFAULT_TRACKS);
if (!Number.isInteger(TRACKS) || TRACKS < 1 || TRACKS > 400_000) {
  throw new RangeError(`FOOTFALL_BENCH_TRACKS: expected an integer from 1 to 400000, received ${process.env.FOOTFALL_BENCH_TRACKS}`);
}
const FRAMES = Math.round(400_000 / TRACKS);
/** Rows of a non-default density say so. */
const DENSITY = TRACKS === DEFAULT_TRACKS ? '' : ` (${TRACKS} detections per frame)`;
const ZONE = 'Asia/Shanghai';
const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
const frames = makeFrames({ tracks: TRACKS, frames: FRAMES });
const shifted = (f: FrameEvent, r: number): FrameEvent => ({ ...f, frame: f.frame + r * FRAMES, at: f.at + r * FRAMES * 40 });
// The same frames as struct-of-arrays columns (Int32Array ids, Float32Array boxes: the workload's
// coordinates are small integers, exact in float32), built once like the object frames.
const columns: FrameColumns[] = frames.map((f) => {
  const n = f.detections.length;
  const c = { trackId: new Int32Array(n), x: new Float32Array(n), y: new Float32Array(n), w: new Float32Array(n), h: new Float32Array(n) };
  f.detections.forEach((d, i) => {
    c.trackId[i] = d.trackId as number;
    c.x[i] = d.box.x;
    c.y[i] = d.box.y;
    c.w[i] = d.box.w;
    c.h[i] = d.box.h;
  });
  return { source: f.source, frame: f.frame, at: f.at, ...c };
});
// Track ids on the columns path are fresh in every round. A tracker numbers each new track with
// an id it has not used before in the sequence (the MOTChallenge ground truth and the ByteTrack /
// DeepStream trackers count ids up: see the header), so replaying round 0's ids in later rounds
// would be an artifact: a person who left the view at y = 180 "comes back" at y = 20 under the same
// id 1.6 s later, inside the 5 s timeout, which both counts a spurious upward crossing and keeps
// the stale id's state alive. Here every (person, pass) of every round gets its own id, numbered up
// densely (i + tracks × (pass + passes × round)), exactly as a continuous stream would; the boxes
// are the round-0 boxes. The competent counter, the product and the floor read the same arrays.
const PASSES = Math.floor((FRAMES - 1 + 159) / 160) + 1;
const freshIds: Int32Array[][] = [];
/** The id columns of round `r` (built once, outside every timed or measured run). */
function idsOfRound(r: number): Int32Array[] {
  let ids = freshIds[r];
  if (ids === undefined) {
    ids = frames.map((f) =>
      Int32Array.from(f.detections, (d) => {
        const id = d.trackId as number;
        return ((id / 100_000) | 0) + TRACKS * ((id % 100_000) + PASSES * r);
      }),
    );
    freshIds[r] = ids;
  }
  return ids;
}
/** Builds the id columns of rounds 0 to `rounds - 1`. */
function prepareIds(rounds: number): void {
  for (let r = 0; r < rounds; r++) idsOfRound(r);
}
const shiftedColumns = (f: FrameColumns, r: number, i: number): FrameColumns => ({
  ...f,
  trackId: (freshIds[r] as Int32Array[])[i] as Int32Array,
  frame: f.frame + r * FRAMES,
  at: f.at + r * FRAMES * 40,
});

/**
 * Entries plus exits in the hourly report from 10:00 (the workload's start, store time) to the
 * hour after the last frame: one row at the default density (a round is 8 s of frames).
 */
function hourlyTotal(agg: ReturnType<typeof createFootfallAggregator>, rounds: number): number {
  const hours = Math.max(1, Math.ceil((rounds * FRAMES * 40) / 3_600_000));
  const close = `${String(10 + hours).padStart(2, '0')}:00`;
  const report = buildHourlyReport(agg.snapshot(), { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close } });
  let total = 0;
  for (const row of report.rows) total += (row.entries ?? 0) + (row.exits ?? 0);
  return total;
}

function product(rounds: number) {
  const counter = createLineCounter({ ...line, id: 'north', minFrames: 2, trackTimeoutMs: 5_000 });
  const agg = createFootfallAggregator({ allowedLatenessMs: 60_000 });
  let crossings = 0;
  for (let r = 0; r < rounds; r++) {
    for (const f of frames) {
      const frame = r === 0 ? f : shifted(f, r);
      agg.heartbeat(frame.source, frame.at);
      for (const c of counter.update(frame)) {
        agg.add(c);
        crossings++;
      }
    }
  }
  return { crossings, hourly: hourlyTotal(agg, rounds), keep: [counter, agg] };
}

/** The product's typed-array path with the same bookkeeping: heartbeat per frame, every crossing aggregated. */
function productColumns(rounds: number) {
  const counter = createLineCounter({ ...line, id: 'north', minFrames: 2, trackTimeoutMs: 5_000 });
  const agg = createFootfallAggregator({ allowedLatenessMs: 60_000 });
  let crossings = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < columns.length; i++) {
      const frame = shiftedColumns(columns[i] as FrameColumns, r, i);
      agg.heartbeat(frame.source, frame.at);
      for (const c of counter.updateColumns(frame)) {
        agg.add(c);
        crossings++;
      }
    }
  }
  return { crossings, hourly: hourlyTotal(agg, rounds), keep: [counter, agg] };
}

/** The competent counter: same rules (bottom-centre anchor, on-segment, strict side, k frames). */
function createCompetentCounter(minFrames: number, timeoutMs: number) {
  const { start, end } = line;
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len2 = dx * dx + dy * dy;
  let cap = 4_096;
  let side = new Int8Array(cap);
  let pending = new Int8Array(cap);
  let run = new Int32Array(cap);
  let lastSeen = new Float64Array(cap);
  const slots = new Map<string | number, number>(); // one source, one class in this workload
  const free: number[] = [];
  let used = 0;
  let nextSweep = Number.NEGATIVE_INFINITY;
  const hourly = new Map<number, number>();
  let total = 0;
  const grow = () => {
    cap *= 2;
    const s = new Int8Array(cap);
    s.set(side);
    side = s;
    const p = new Int8Array(cap);
    p.set(pending);
    pending = p;
    const r = new Int32Array(cap);
    r.set(run);
    run = r;
    const l = new Float64Array(cap);
    l.set(lastSeen);
    lastSeen = l;
  };
  // The sweep is its own function (as a strong engineer would write it once a profile shows it):
  // inlined in `update`, V8 deoptimised and recompiled it about thirty times per bench run.
  const sweep = (at: number) => {
    for (const [id, s] of slots) {
      if (at - (lastSeen[s] as number) > timeoutMs) {
        slots.delete(id);
        free.push(s);
      }
    }
    nextSweep = at + 1_000;
  };
  return {
    update(frame: FrameEvent) {
      const at = frame.at;
      if (at >= nextSweep) sweep(at);
      const dets = frame.detections;
      for (let i = 0; i < dets.length; i++) {
        const det = dets[i] as FrameEvent['detections'][number];
        const b = det.box;
        const w = b.w;
        const h = b.h;
        if (!(w > 0 && h > 0 && Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(w) && Number.isFinite(h))) continue;
        const ax = b.x + w / 2 - start.x;
        const ay = b.y + h - start.y;
        const t = (ax * dx + ay * dy) / len2;
        if (!(t >= 0 && t <= 1)) continue;
        const c = dx * ay - dy * ax;
        if (c === 0) continue;
        const sd = c > 0 ? 1 : -1;
        let s = slots.get(det.trackId);
        if (s === undefined) {
          s = free.length > 0 ? (free.pop() as number) : used++;
          if (s >= cap) grow();
          slots.set(det.trackId, s);
          side[s] = sd;
          pending[s] = 0;
          run[s] = 0;
          lastSeen[s] = at;
          continue;
        }
        lastSeen[s] = at;
        if (sd === side[s]) {
          run[s] = 0;
          continue;
        }
        const k = pending[s] === sd ? (run[s] as number) + 1 : 1;
        pending[s] = sd;
        if (k >= minFrames) {
          side[s] = sd;
          run[s] = 0;
          pending[s] = 0;
          const hour = Math.floor((at + 8 * 3_600_000) / 3_600_000);
          hourly.set(hour, (hourly.get(hour) ?? 0) + 1);
          total++;
        } else run[s] = k;
      }
    },
    /** The same counter reading struct-of-arrays columns (no detection objects). */
    updateColumns(frame: FrameColumns) {
      const at = frame.at;
      if (at >= nextSweep) sweep(at);
      const { trackId: ids, x: xs, y: ys, w: ws, h: hs } = frame;
      for (let i = 0; i < ids.length; i++) {
        const w = ws[i] as number;
        const h = hs[i] as number;
        const x = xs[i] as number;
        const y = ys[i] as number;
        if (!(w > 0 && h > 0 && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(w) && Number.isFinite(h))) continue;
        const ax = x + w / 2 - start.x;
        const ay = y + h - start.y;
        const t = (ax * dx + ay * dy) / len2;
        if (!(t >= 0 && t <= 1)) continue;
        const c = dx * ay - dy * ax;
        if (c === 0) continue;
        const sd = c > 0 ? 1 : -1;
        const id = ids[i] as number;
        let s = slots.get(id);
        if (s === undefined) {
          s = free.length > 0 ? (free.pop() as number) : used++;
          if (s >= cap) grow();
          slots.set(id, s);
          side[s] = sd;
          pending[s] = 0;
          run[s] = 0;
          lastSeen[s] = at;
          continue;
        }
        lastSeen[s] = at;
        if (sd === side[s]) {
          run[s] = 0;
          continue;
        }
        const k = pending[s] === sd ? (run[s] as number) + 1 : 1;
        pending[s] = sd;
        if (k >= minFrames) {
          side[s] = sd;
          run[s] = 0;
          pending[s] = 0;
          const hour = Math.floor((at + 8 * 3_600_000) / 3_600_000);
          hourly.set(hour, (hourly.get(hour) ?? 0) + 1);
          total++;
        } else run[s] = k;
      }
    },
    total: () => total,
    hourly: () => hourly,
  };
}

function competent(rounds: number) {
  const counter = createCompetentCounter(2, 5_000);
  for (let r = 0; r < rounds; r++) for (const f of frames) counter.update(r === 0 ? f : shifted(f, r));
  let hourly = 0;
  for (const v of counter.hourly().values()) hourly += v;
  return { crossings: counter.total(), hourly, keep: counter };
}

/** The best CPU time (ms, user + system) of `n` runs. */
function cpuBest(run: () => unknown, n = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function competentColumns(rounds: number) {
  const counter = createCompetentCounter(2, 5_000);
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < columns.length; i++) counter.updateColumns(shiftedColumns(columns[i] as FrameColumns, r, i));
  let hourly = 0;
  for (const v of counter.hourly().values()) hourly += v;
  return { crossings: counter.total(), hourly, keep: counter };
}

/**
 * The floor of any columns counter on this machine: read the five columns, check every value
 * (the cheapest way we know: a NaN or infinite value fails the band test, and only boxes that fail
 * it are classified), compute the anchor, the band test and the side, count the skips by reason —
 * and nothing else (no track state, no crossings, no aggregation). What the product's
 * `updateColumns` adds on top is the price of track state and bookkeeping.
 */
function floorColumns(rounds: number) {
  const { start, end } = line;
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len2 = dx * dx + dy * dy;
  let sum = 0;
  let invalid = 0;
  let outside = 0;
  let straddling = 0;
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < columns.length; j++) {
      const { trackId: ids, x: xs, y: ys, w: ws, h: hs } = shiftedColumns(columns[j] as FrameColumns, r, j);
      for (let i = 0; i < ids.length; i++) {
        const w = ws[i] as number;
        const h = hs[i] as number;
        const x = xs[i] as number;
        const y = ys[i] as number;
        const ax = x + 0.5 * w - start.x;
        const ay = y + h - start.y;
        const t = ax * dx + ay * dy;
        if (!(t >= 0 && t <= len2 && w > 0 && h > 0)) {
          if (w > 0 && h > 0 && Number.isFinite(w) && Number.isFinite(h) && Number.isFinite(x) && Number.isFinite(y)) outside++;
          else invalid++;
          continue;
        }
        const c = dx * ay - dy * ax;
        if (c < 0) sum += (ids[i] as number) - 1;
        else if (c > 0) sum += (ids[i] as number) + 1;
        else straddling++;
      }
    }
  }
  return sum + invalid + outside + straddling;
}

if (
  !memoryChild({
    product: (rounds) => () => product(rounds).keep,
    competent: (rounds) => () => competent(rounds).keep,
    productColumns: (rounds) => {
      prepareIds(rounds);
      return () => productColumns(rounds).keep;
    },
    competentColumns: (rounds) => {
      prepareIds(rounds);
      return () => competentColumns(rounds).keep;
    },
  })
) {
  console.log(`footfall line counting vs a competent counter, ${TRACKS} concurrent tracks (Node ${process.version})`);
  const perRound = TRACKS * FRAMES;
  // Steady state before the first size: every contender (and the floor) runs a few times first, so
  // no row pays for compiling its code (the compiler's threads count in this process's CPU time).
  prepareIds(1);
  for (let i = 0; i < 3; i++) {
    product(1);
    competent(1);
    productColumns(1);
    competentColumns(1);
    floorColumns(1);
  }
  for (const rounds of sizes([1, 4, 16])) {
    const detections = perRound * rounds;
    prepareIds(rounds);
    const a = product(rounds);
    const b = competent(rounds);
    const ac = productColumns(rounds);
    const bc = competentColumns(rounds);
    // Each path against its own competent counter (the columns path has fresh ids in every round,
    // the object path replays round 0's ids, so their counts differ after round 0).
    for (const [[pn, p], [name, x]] of [
      [
        ['product', a],
        ['competent', b],
      ],
      [
        ['productColumns', ac],
        ['competentColumns', bc],
      ],
    ] as const) {
      if (x.crossings !== p.crossings || x.hourly !== p.hourly || p.hourly !== p.crossings) {
        throw new Error(`answers differ: ${JSON.stringify({ [pn]: [p.crossings, p.hourly], [name]: [x.crossings, x.hourly] })}`);
      }
    }
    const best = interleavedBest(
      {
        product: () => product(rounds),
        competent: () => competent(rounds),
        productColumns: () => productColumns(rounds),
        competentColumns: () => competentColumns(rounds),
      },
      5,
    );
    // On this shared machine wall time includes waiting for a core; CPU time (user + system of
    // this process, best of 5) is the rate per core-second, stated as such.
    const cpu = {
      product: cpuBest(() => product(rounds)),
      competent: cpuBest(() => competent(rounds)),
      productColumns: cpuBest(() => productColumns(rounds)),
      competentColumns: cpuBest(() => competentColumns(rounds)),
      floorColumns: cpuBest(() => floorColumns(rounds), 7),
    };
    const perCpu = (kind: keyof typeof cpu) => `${(detections / (cpu[kind] / 1000) / 1e6).toFixed(2)} M/s`;
    const mem = Object.fromEntries(
      ['product', 'competent', 'productColumns', 'competentColumns'].map((kind) => [kind, measureInChild(import.meta.url, kind, rounds)]),
    ) as Record<'product' | 'competent' | 'productColumns' | 'competentColumns', MemoryDelta>;
    const rate = (kind: keyof typeof best) => detections / ((best[kind] as number) / 1000);
    const mps = (kind: keyof typeof best) => `${(rate(kind) / 1e6).toFixed(2)} M/s`;
    console.log(
      `${detections.toLocaleString('en')} detections: objects (${a.crossings} crossings): product ${mps('product')}, competent ${mps('competent')} (${((best.competent as number) / (best.product as number)).toFixed(2)}×); ` +
        `columns (fresh ids, ${ac.crossings} crossings): product ${mps('productColumns')}, competent ${mps('competentColumns')} (${((best.competentColumns as number) / (best.productColumns as number)).toFixed(2)}×)`,
    );
    console.log(
      `  per CPU-second (best of 5): objects: product ${perCpu('product')}, competent ${perCpu('competent')} (${(cpu.competent / cpu.product).toFixed(2)}×); ` +
        `columns: product ${perCpu('productColumns')}, competent ${perCpu('competentColumns')} (${(cpu.competentColumns / cpu.productColumns).toFixed(2)}×); ` +
        `floor (read, check, side test only) ${perCpu('floorColumns')}`,
    );
    console.log(
      `  memory: product ${formatMemory(mem.product)}, competent ${formatMemory(mem.competent)}; columns: product ${formatMemory(mem.productColumns)}, competent ${formatMemory(mem.competentColumns)}`,
    );
    record({
      bench: `footfall/line counting + hourly${DENSITY}`,
      subject: 'createLineCounter + aggregator',
      baseline: 'competent typed-state counter',
      // By CPU time: wall time on the shared machine swings with the load (wall ratio in `rate`).
      ratio: cpu.competent / cpu.product,
      size: detections,
      rate: `${perCpu('product')} per CPU-second; wall ${(rate('product') / 1e6).toFixed(2)} M/s (${((best.competent as number) / (best.product as number)).toFixed(2)}× by wall time)`,
      memory: `product ${formatMemory(mem.product)}; competent ${formatMemory(mem.competent)}`,
      target: '≥ 1.0× the competent counter',
      met: cpu.product <= cpu.competent,
    });
    record({
      bench: `footfall/typed-array line counting + hourly${DENSITY}`,
      subject: 'updateColumns + aggregator',
      baseline: 'competent typed-state counter reading the same columns',
      ratio: cpu.competentColumns / cpu.productColumns,
      size: detections,
      rate: `${perCpu('productColumns')} per CPU-second; wall ${(rate('productColumns') / 1e6).toFixed(2)} M/s (${((best.competentColumns as number) / (best.productColumns as number)).toFixed(2)}× by wall time); floor (read, check, side test only) ${perCpu('floorColumns')}`,
      memory: `product ${formatMemory(mem.productColumns)}; competent ${formatMemory(mem.competentColumns)}`,
      target: '≥ 100 M detections/s on one core',
      met: detections / (cpu.productColumns / 1000) >= 100e6,
    });
  }
}
