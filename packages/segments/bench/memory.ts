// Measures the bitmap index's memory instead of estimating it: a child process (this file, run
// with --expose-gc) builds N members' profiles, indexes them, drops the profiles, collects
// garbage and reports the heap, external (roaring's native bitmaps) and RSS deltas against the
// baseline taken before anything was allocated, beside the index's own `memory()` estimate.
// Same schema and generator as bench/segments.ts. Run: pnpm --filter @aisle/segments bench:memory
import { defineProfileSchema, type Profile } from '../src/index';
import { createBitmapIndex } from '../src/node/index';

const N = Number(process.env.SEGMENTS_BENCH_MEMBERS ?? 1_000_000);
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
const rand = mulberry32(20261121);
const TAGS = 300;
const cumulative = new Float64Array(TAGS);
let total = 0;
for (let k = 0; k < TAGS; k++) cumulative[k] = total += 1 / (k + 1);
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
const schema = defineProfileSchema({
  tags: { type: 'tags' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
});
const atMs = Date.parse('2026-11-21T20:00:00+08:00');

settle();
const before = process.memoryUsage();
let profiles: Profile[] | null = new Array(N);
for (let i = 0; i < N; i++) {
  const n = 1 + Math.floor(rand() * 6);
  const tags = new Set<string>();
  for (let j = 0; j < n; j++) tags.add(drawTag());
  profiles[i] = {
    id: `M${i}`,
    attributes: {
      tags: [...tags],
      visits30d: Math.floor(-Math.log(1 - rand()) * 3),
      spend90d: Math.floor(rand() * rand() * 1_000_000),
      lastVisit: atMs - Math.floor(rand() * 365 * 86_400_000),
    },
  };
}
const index = createBitmapIndex({ schema, profiles });
profiles = null;
settle();
const after = process.memoryUsage();
const estimate = index.memory();
const per = (bytes: number) => (bytes / N).toFixed(1);
const heap = after.heapUsed - before.heapUsed;
const external = after.external - before.external; // includes ArrayBuffers
const rss = after.rss - before.rss;
console.log(`members: ${N.toLocaleString('en')} (index holds ${index.size.toLocaleString('en')})`);
console.log(`heap delta:      ${(heap / 2 ** 20).toFixed(1)} MiB = ${per(heap)} B/member`);
console.log(`external delta:  ${(external / 2 ** 20).toFixed(1)} MiB = ${per(external)} B/member (native bitmaps, typed arrays)`);
console.log(`RSS delta:       ${(rss / 2 ** 20).toFixed(1)} MiB = ${per(rss)} B/member (includes freed-but-kept pages)`);
console.log(`memory() estimate: ${(estimate.total / 2 ** 20).toFixed(1)} MiB = ${per(estimate.total)} B/member`);
console.log(`measured (heap + external) / estimate: ${((heap + external) / estimate.total).toFixed(2)}x`);
