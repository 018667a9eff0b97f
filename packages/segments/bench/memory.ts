// Measures the bitmap index's memory instead of estimating it: a process run with --expose-gc
// indexes N members' profiles streamed from a seeded generator, collects garbage and reports the
// heap, external (typed arrays) and RSS deltas (RSS also holds roaring's native bitmaps, which
// V8 does not see) against a baseline taken after a small warm-up index was built (and kept:
// what a process pays once is not the index's), beside the index's own `memory()` estimate; then
// times a segment count against the same segment written directly on roaring bitmaps and typed
// arrays, the two taking turns. The package script pins glibc's mmap and trim thresholds
// (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_) so that transient buffers freed after the bulk
// load go back to the system instead of staying in RSS as fragments; without them the RSS delta
// also holds those freed pages (run the file with tsx directly to see it).
// Same schema and generator as bench/segments.ts. Run: pnpm --filter @aisle/segments bench:memory
// Without SEGMENTS_BENCH_MEMBERS it runs itself once per size (250k, 1M and 4M members, times
// BENCH_SCALE), each in a fresh process, and prints one `BENCH_RESULT` row per size (bench/lib.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import roaringModule from 'roaring';
import { record, sizes } from '../../../bench/lib';
import { defineProfileSchema, type Profile, parseSegment } from '../src/index';

const { RoaringBitmap32 } = roaringModule;
type RoaringBitmap32 = InstanceType<typeof RoaringBitmap32>;

import { createBitmapIndex } from '../src/node/index';

if (process.env.SEGMENTS_BENCH_MEMBERS === undefined) {
  // One fresh process per size, so that each measurement starts from the same empty heap.
  for (const n of sizes([250_000, 1_000_000, 4_000_000])) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, SEGMENTS_BENCH_MEMBERS: String(n) },
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`bench:memory at ${n} members failed (${child.signal ?? child.status})`);
  }
  process.exit(0);
}
const N = Number(process.env.SEGMENTS_BENCH_MEMBERS);
// `M123` ids (strings) or `123` (ids that are already integers): SEGMENTS_BENCH_IDS=integer.
const IDS = process.env.SEGMENTS_BENCH_IDS === 'integer' ? 'integer' : 'string';
const WARM_UP = 20_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const settle = () => {
  for (let i = 0; i < 4; i++) gc();
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const schema = defineProfileSchema({
  tags: { type: 'tags' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
});
const atMs = Date.parse('2026-11-21T20:00:00+08:00');

const TAGS = 300;
const cumulative = new Float64Array(TAGS);
let total = 0;
for (let k = 0; k < TAGS; k++) cumulative[k] = total += 1 / (k + 1);

/** The bench population, member by member, from a fixed seed (so it can be generated twice). */
function* population(n = N, seed = 20261121): Generator<Profile> {
  const rand = mulberry32(seed);
  const drawTag = () => {
    const x = rand() * total;
    let lo = 0;
    let hi = TAGS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return `t${String(lo).padStart(3, '0')}`;
  };
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(rand() * 6);
    const tags = new Set<string>();
    for (let j = 0; j < k; j++) tags.add(drawTag());
    yield {
      id: IDS === 'integer' ? String(i) : `M${i}`,
      attributes: {
        tags: [...tags],
        visits30d: Math.floor(-Math.log(1 - rand()) * 3),
        spend90d: Math.floor(rand() * rand() * 1_000_000),
        lastVisit: atMs - Math.floor(rand() * 365 * 86_400_000),
      },
    };
  }
}

// Warm-up: build and query a small index (another seed) first, so that what any process pays
// once (compiled code, zone and Intl data, roaring's native module, the allocator's arenas: about
// 12 MiB, the difference between a process's first and second 250k-member index) is paid before
// the baseline, and the delta is the index's own memory. The small index stays alive until the
// end: dropped, its native memory would be freed at some later collection and reused by the
// index under test, which would then look smaller than it is.
function warmUp() {
  const small = createBitmapIndex({ schema, profiles: population(WARM_UP, 1) });
  small.count(parseSegment("tags CONTAINS 't001' AND visits30d >= 1", { schema }), { at: atMs, zone: 'Asia/Shanghai' });
  return small;
}
/** process.memoryUsage() plus the V8 heap's resident size (committed pages it has not given back). */
const usage = () => ({ ...process.memoryUsage(), v8Resident: getHeapStatistics().total_physical_size });
const cold = usage().rss;
const warm = warmUp();
settle();
const before = usage();
console.log(
  `warm-up (a ${WARM_UP.toLocaleString('en')}-member index, kept): RSS +${((before.rss - cold) / 2 ** 20).toFixed(1)} MiB, not counted`,
);
// Profiles stream in from the generator (as from a database cursor), so they are never all alive
// at once and the RSS delta is the index's, not pages the profiles left behind.
const index = createBitmapIndex({ schema, profiles: population() });
settle();
const after = usage();
const estimate = index.memory();
const per = (bytes: number) => (bytes / N).toFixed(1);
const heap = after.heapUsed - before.heapUsed;
const external = after.external - before.external; // includes ArrayBuffers
const rss = after.rss - before.rss;
console.log(`members: ${N.toLocaleString('en')} with ${IDS} ids (index holds ${index.size.toLocaleString('en')})`);
console.log(`heap delta:      ${(heap / 2 ** 20).toFixed(1)} MiB = ${per(heap)} B/member`);
console.log(`external delta:  ${(external / 2 ** 20).toFixed(1)} MiB = ${per(external)} B/member (native bitmaps, typed arrays)`);
console.log(`RSS delta:       ${(rss / 2 ** 20).toFixed(1)} MiB = ${per(rss)} B/member (includes freed-but-kept pages)`);
// The V8 heap's resident pages, used or not (heapTotal would also count pages V8 has handed back
// to the system, and the RSS they take again would then be charged to the native side).
const v8Resident = after.v8Resident - before.v8Resident;
const native = rss - v8Resident - external;
console.log(`V8 heap resident delta: ${(v8Resident / 2 ** 20).toFixed(1)} MiB = ${per(v8Resident)} B/member (used or not)`);
console.log(
  `RSS - V8 resident - external: ${(native / 2 ** 20).toFixed(1)} MiB = ${per(native)} B/member (outside V8: roaring's native bitmaps, allocator slack)`,
);
console.log(`measured index = heap + external + native: ${per(heap + external + native)} B/member (goal <= 60)`);
console.log(`memory() estimate: ${(estimate.total / 2 ** 20).toFixed(1)} MiB = ${per(estimate.total)} B/member`);
console.log(`measured (heap + external + native) / estimate: ${((heap + external + native) / estimate.total).toFixed(2)}x`);
console.log(`memory() by part: bitmaps ${per(estimate.bitmaps)}, values ${per(estimate.values)}, ids ${per(estimate.dictionary)} B/member`);

// Query speed, against a baseline measured in the same run: the same segment written directly on
// roaring bitmaps and typed arrays (a bitmap per tag, one Float64Array per numeric column), built
// after the memory was measured from the same seeded population.
const text =
  "tags CONTAINS 't002' AND tags CONTAINS ANY ('t010', 't025', 't040') AND NOT tags CONTAINS 't000' AND visits30d >= 2 AND spend90d BETWEEN 10000 AND 300000 AND lastVisit >= -60d";
const ast = parseSegment(text, { schema });
const when = { at: atMs, zone: 'Asia/Shanghai' };
const cutoff = Date.parse('2026-09-22T00:00:00+08:00'); // the start of the local day 60 days before `at`
const tagLists = new Map<string, number[]>();
const visits = new Float64Array(N);
const spend = new Float64Array(N);
const last = new Float64Array(N);
let slot = 0;
for (const p of population()) {
  const a = p.attributes as { tags: string[]; visits30d: number; spend90d: number; lastVisit: number };
  for (const t of a.tags) {
    const list = tagLists.get(t);
    if (list) list.push(slot);
    else tagLists.set(t, [slot]);
  }
  visits[slot] = a.visits30d;
  spend[slot] = a.spend90d;
  last[slot] = a.lastVisit;
  slot++;
}
const tagBitmaps = new Map<string, RoaringBitmap32>();
for (const [t, list] of tagLists) tagBitmaps.set(t, new RoaringBitmap32(list));
tagLists.clear();
const bm = (t: string) => tagBitmaps.get(t) ?? new RoaringBitmap32();
const direct = () => {
  const tagged = RoaringBitmap32.andNot(
    RoaringBitmap32.and(bm('t002'), RoaringBitmap32.orMany([bm('t010'), bm('t025'), bm('t040')])),
    bm('t000'),
  );
  let n = 0;
  for (const s of tagged.toUint32Array()) {
    const sp = spend[s] as number;
    if ((visits[s] as number) >= 2 && sp >= 10000 && sp <= 300000 && (last[s] as number) >= cutoff) n++;
  }
  return n;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const time = (runs: number, fn: () => number) => {
  let result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
};
// The index and the baseline take turns (which one goes first alternates), so load from other
// processes falls on both alike; the ids are listed every fifth round.
const interleaved = (rounds: number, contenders: { count: () => number; direct: () => number; ids: () => number }) => {
  const times = { count: [] as number[], direct: [] as number[], ids: [] as number[] };
  const results = { count: contenders.count(), direct: contenders.direct(), ids: contenders.ids() };
  // Steady state: each runs until the JIT has optimised it (200 calls, or 2 s at the largest
  // sizes) before any is timed; a hundred calls left the engine's longer path partly unoptimised.
  for (const name of ['count', 'direct', 'ids'] as const) {
    const until = performance.now() + 2000;
    for (let i = 0; i < 200 && performance.now() < until; i++) results[name] = contenders[name]();
  }
  const run = (name: 'count' | 'direct' | 'ids') => {
    const t0 = performance.now();
    results[name] = contenders[name]();
    times[name].push(performance.now() - t0);
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      run('count');
      run('direct');
    } else {
      run('direct');
      run('count');
    }
    if (i % 5 === 0) run('ids');
  }
  const ms = (name: 'count' | 'direct' | 'ids') => ({ ms: median(times[name]), result: results[name], runs: times[name].length });
  return { engine: ms('count'), baseline: ms('direct'), ids: ms('ids') };
};
const { engine, baseline, ids } = interleaved(201, {
  count: () => index.count(ast, when),
  direct,
  ids: () => index.query(ast, when).length,
});
if (engine.result !== baseline.result || ids.result !== baseline.result)
  throw new Error(`counts disagree: index ${engine.result}, ids ${ids.result}, baseline ${baseline.result}`);
const probe = time(5, () => {
  let n = 0;
  for (let i = 0; i < 100_000; i++) if (index.has(IDS === 'integer' ? String((i * 7919) % N) : `M${(i * 7919) % N}`)) n++;
  return n;
});
console.log(`segment: ${text} -> ${engine.result.toLocaleString('en')} members`);
console.log(`index count:      ${engine.ms.toFixed(3)} ms (median of ${engine.runs}, interleaved with the baseline)`);
console.log(`index query (ids): ${ids.ms.toFixed(3)} ms (median of ${ids.runs})`);
console.log(
  `roaring directly: ${baseline.ms.toFixed(3)} ms (median of ${baseline.runs}): index count / baseline ${(engine.ms / baseline.ms).toFixed(2)}x`,
);
console.log(`has(id) x 100k:   ${probe.ms.toFixed(2)} ms (median of 5)`);
console.log(`(warm-up index still held: ${warm.size.toLocaleString('en')} members)`);

const measured = heap + external + native;
record({
  bench: 'segments/index memory + count',
  subject: `bitmap index count (compact index, ${IDS} ids)`,
  baseline: 'the same segment on roaring bitmaps + Float64Arrays directly',
  ratio: baseline.ms / engine.ms,
  size: N,
  rate: `${engine.ms.toFixed(2)} ms/count (baseline ${baseline.ms.toFixed(2)} ms)`,
  memory: `${per(measured)} B/member measured (heap ${per(heap)} + typed arrays ${per(external)} + native ${per(native)}); RSS delta ${per(rss)} B/member; memory() estimate ${per(estimate.total)}`,
  target: 'index ≤ 60 B/member, measured',
  met: measured / N <= 60,
});
