// Shared helpers for the package benches (issue 17): one machine-readable result line per
// comparison, picked up by `pnpm bench:report`, and memory measured in a child process.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One row of the report: a subject measured against a baseline in the same run. */
export interface BenchResult {
  /** Package and benchmark, e.g. `points/engine`. */
  readonly bench: string;
  /** What is measured, e.g. `@aisle/points engine`. */
  readonly subject: string;
  /** What it is compared with, e.g. `optimised hand-written`. */
  readonly baseline: string;
  /** baseline time / subject time (above 1: the subject is faster). */
  readonly ratio: number;
  /** Input size (records, transactions, detections…). */
  readonly size: number;
  /** Subject throughput, formatted with its unit. */
  readonly rate?: string;
  /** Measured memory (heap and RSS deltas), formatted. */
  readonly memory?: string;
  /** The target, in words, and whether this run met it. */
  readonly target?: string;
  readonly met?: boolean;
}

/** Prints one result as a `BENCH_RESULT {json}` line (and nothing else on that line). */
export function record(result: BenchResult): void {
  console.log(`BENCH_RESULT ${JSON.stringify({ ...result, load: loadavg()[0] })}`);
}

/** Median of `rounds` runs after one warm-up, in ms. */
export function timeMedian(rounds: number, run: () => void): number {
  run();
  const xs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    run();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] as number;
}

/**
 * Runs contenders interleaved (A, B, A, B…) so other processes' load hits both alike; returns
 * each one's best time in ms after a warm-up round.
 */
export function interleavedBest(contenders: Record<string, () => void>, rounds = 5): Record<string, number> {
  const entries = Object.entries(contenders);
  for (const [, run] of entries) run();
  const best: Record<string, number> = {};
  for (const [label] of entries) best[label] = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    for (const [label, run] of entries) {
      const t = performance.now();
      run();
      best[label] = Math.min(best[label] as number, performance.now() - t);
    }
  }
  return best;
}

export interface MemoryDelta {
  readonly heapBytes: number;
  readonly rssBytes: number;
}

const CHILD_FLAG = '--bench-memory-child';

/**
 * Measures the heap and RSS growth of building one structure, in a fresh child process (same
 * loader flags, plus --expose-gc): GC, read `process.memoryUsage()`, build, GC, read again, with
 * the structure still referenced. The bench file must call {@link memoryChild} at top level.
 */
export function measureInChild(file: string, kind: string, size: number): MemoryDelta {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file;
  const out = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', path, CHILD_FLAG, kind, String(size)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = out.stdout.split('\n').find((l) => l.startsWith('MEMORY '));
  if (line === undefined) throw new Error(`memory child for ${kind} ${size} failed: ${out.stderr.slice(0, 2000)}`);
  return JSON.parse(line.slice(7)) as MemoryDelta;
}

/**
 * In the child: if this process was started by {@link measureInChild}, prepares the inputs
 * (`builders[kind](size)`), then measures only the call of the function it returns (the
 * structure under test), prints the delta and exits; otherwise returns false.
 */
export function memoryChild(builders: Record<string, (size: number) => () => unknown>): boolean {
  const at = process.argv.indexOf(CHILD_FLAG);
  if (at < 0) return false;
  const kind = process.argv[at + 1] as string;
  const size = Number(process.argv[at + 2]);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory child needs --expose-gc');
  const build = builders[kind];
  if (build === undefined) throw new Error(`unknown memory kind ${kind}`);
  const make = build(size); // inputs are prepared outside the measured window
  gc();
  gc();
  const before = process.memoryUsage();
  const keep = make();
  gc();
  gc();
  const after = process.memoryUsage();
  const delta: MemoryDelta = {
    heapBytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
    rssBytes: after.rss - before.rss,
  };
  console.log(`MEMORY ${JSON.stringify(delta)}`);
  (globalThis as { __keep?: unknown }).__keep = keep;
  process.exit(0);
}

/** `12.3 MB heap / 14.0 MB RSS` (and per-item bytes when `items` is given). */
export function formatMemory(m: MemoryDelta, items?: number): string {
  const mb = (b: number) => `${(b / 1_048_576).toFixed(1)} MB`;
  const per = items === undefined ? '' : ` (${Math.round(m.heapBytes / items)} B/item heap)`;
  return `${mb(m.heapBytes)} heap / ${mb(m.rssBytes)} RSS${per}`;
}

/** Sizes from BENCH_SCALE (default 1): each size multiplied, at least 1. */
export function sizes(base: readonly number[]): number[] {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  return base.map((n) => Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1))));
}
