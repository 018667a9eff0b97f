// A day of 1,000 cameras' 5-minute buckets (1,000 × 288 = 288,000 rows, one counting line per
// camera, 40 of them also counting passers-by) aggregated to the hourly report: compiled SQL in
// DuckDB and in ClickHouse (chdb), against buildHourlyReport on the same rows in memory, each in
// its own child process so peak RSS is that engine's alone. The rows are generated inside each
// engine from one integer formula that the in-memory side evaluates too; the three reports must
// be identical. Run: pnpm --filter @aisle/footfall bench:warehouse
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from 'chdb';
import { record } from '../../../bench/lib';
import {
  buildHourlyReport,
  compileHourlyReportSql,
  type FootfallAggregate,
  type HourlyReportOptions,
  hourlyReportFromRows,
  type LineBucket,
} from '../src/index';

const CAMERAS = Number(process.env.FOOTFALL_BENCH_CAMERAS ?? 1000);
const SLOTS = 288;
const DATE = '2026-11-21';
const ZONE = 'Asia/Shanghai';
const OPEN = Date.parse('2026-11-21T00:00:00+08:00');
const BUCKET = 300_000;
const RUNS = 5;

const options: HourlyReportOptions = {
  zone: ZONE,
  date: DATE,
  openingHours: { open: '10:00', close: '22:00' },
  passerbyLines: Array.from({ length: CAMERAS / 25 }, (_, k) => `line-${k * 25}`),
};

// Counts of camera c in slot b: the same integer formula in JavaScript and in both engines.
const countIn = (c: number, b: number) => (c * 7 + b * 13) % 11;
const countOut = (c: number, b: number) => (c * 5 + b * 3) % 12;
const countPassed = (c: number, b: number) => (c + b) % 4;
// Coverage: every camera up all day, except every 50th (down 13:00–14:30) and every 97th (inferred).
const GAP_FROM = OPEN + 13 * 3_600_000;
const GAP_TO = OPEN + 14.5 * 3_600_000;
const DAY_END = OPEN + SLOTS * BUCKET;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mib = (b: number) => b / 2 ** 20;

interface ChildResult {
  engine: string;
  loadMs: number;
  reportMs: number;
  heapDeltaMiB: number | null;
  rssBeforeMiB: number;
  peakRssMiB: number;
  report: string;
}

function rssNow(): number {
  return mib(process.memoryUsage().rss);
}

async function timeRuns(fn: () => Promise<unknown> | unknown): Promise<{ ms: number; last: unknown }> {
  let last = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), last };
}

async function memoryChild(): Promise<ChildResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const t0 = performance.now();
  // The aggregate the aggregators of 1,000 cameras merge to: buckets per line, coverage per source.
  const buckets = Object.create(null) as Record<string, Record<string, LineBucket>>;
  for (let b = 0; b < SLOTS; b++) {
    const lines = Object.create(null) as Record<string, LineBucket>;
    for (let c = 0; c < CAMERAS; c++) lines[`line-${c}`] = { in: countIn(c, b), out: countOut(c, b), passed: countPassed(c, b) };
    buckets[String(OPEN + b * BUCKET)] = lines;
  }
  const coverage = Object.create(null) as Record<string, [number, number][]>;
  const kinds = Object.create(null) as Record<string, 'declared' | 'inferred'>;
  for (let c = 0; c < CAMERAS; c++) {
    coverage[`cam-${c}`] =
      c % 50 === 0
        ? [
            [OPEN, GAP_FROM],
            [GAP_TO, DAY_END],
          ]
        : [[OPEN, DAY_END]];
    kinds[`cam-${c}`] = c % 97 === 0 ? 'inferred' : 'declared';
  }
  const agg: FootfallAggregate = {
    version: 1,
    gapMs: BUCKET,
    buckets,
    coverage,
    coverageKinds: kinds,
    dwell: {},
    staffVisits: {},
    transitions: {},
    late: 0,
    quality: {},
  };
  const loadMs = performance.now() - t0;
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rssBefore = rssNow();
  const { ms, last } = await timeRuns(() => buildHourlyReport(agg, options));
  const heapDelta = mib(process.memoryUsage().heapUsed - heap0);
  return {
    engine: 'buildHourlyReport (in memory)',
    loadMs,
    reportMs: ms,
    heapDeltaMiB: heapDelta,
    rssBeforeMiB: rssBefore,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    report: JSON.stringify(last),
  };
}

async function duckChild(): Promise<ChildResult> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const t0 = performance.now();
  await conn.run(`CREATE TABLE footfall_buckets (source VARCHAR, line VARCHAR, bucket_start BIGINT, count_in INTEGER, count_out INTEGER, count_passed INTEGER);
    INSERT INTO footfall_buckets SELECT 'cam-' || c, 'line-' || c, ${OPEN} + b * ${BUCKET}, (c * 7 + b * 13) % 11, (c * 5 + b * 3) % 12, (c + b) % 4
      FROM range(${CAMERAS}) AS t(c), range(${SLOTS}) AS u(b) ORDER BY 3;
    CREATE TABLE footfall_coverage (source VARCHAR, from_ms BIGINT, to_ms BIGINT, kind VARCHAR);
    INSERT INTO footfall_coverage SELECT 'cam-' || c, ${OPEN}, CASE WHEN c % 50 = 0 THEN ${GAP_FROM} ELSE ${DAY_END} END, CASE WHEN c % 97 = 0 THEN 'inferred' ELSE 'declared' END FROM range(${CAMERAS}) AS t(c);
    INSERT INTO footfall_coverage SELECT 'cam-' || c, ${GAP_TO}, ${DAY_END}, CASE WHEN c % 97 = 0 THEN 'inferred' ELSE 'declared' END FROM range(${CAMERAS}) AS t(c) WHERE c % 50 = 0;`);
  const loadMs = performance.now() - t0;
  const q = compileHourlyReportSql({ ...options, dialect: 'duckdb' });
  const prepared = await conn.prepare(q.sql);
  prepared.bind(q.params.map((p) => p.value));
  const rssBefore = rssNow();
  const { ms, last } = await timeRuns(async () => hourlyReportFromRows(q, (await prepared.runAndReadAll()).getRows()));
  const out = {
    engine: 'DuckDB (compiled SQL)',
    loadMs,
    reportMs: ms,
    heapDeltaMiB: null,
    rssBeforeMiB: rssBefore,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    report: JSON.stringify(last),
  };
  conn.closeSync();
  db.closeSync();
  return out;
}

async function chdbChild(): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-footfall-bench-chdb-'));
  const ch = new Session(dir);
  ch.query('CREATE DATABASE IF NOT EXISTS bench ENGINE = Atomic');
  ch.query('USE bench');
  const t0 = performance.now();
  ch.query(`CREATE TABLE footfall_buckets (source LowCardinality(String), line LowCardinality(String), bucket_start Int64,
    count_in UInt32, count_out UInt32, count_passed UInt32) ENGINE = MergeTree ORDER BY (bucket_start, source, line)`);
  ch.query(`INSERT INTO footfall_buckets SELECT concat('cam-', toString(c)), concat('line-', toString(c)), ${OPEN} + b * ${BUCKET},
    (c * 7 + b * 13) % 11, (c * 5 + b * 3) % 12, (c + b) % 4
    FROM (SELECT number AS c FROM numbers(${CAMERAS})) AS t CROSS JOIN (SELECT number AS b FROM numbers(${SLOTS})) AS u`);
  ch.query(`CREATE TABLE footfall_coverage (source LowCardinality(String), from_ms Int64, to_ms Int64, kind Enum8('declared' = 1, 'inferred' = 2))
    ENGINE = MergeTree ORDER BY (source, from_ms)`);
  ch.query(`INSERT INTO footfall_coverage SELECT concat('cam-', toString(number)), ${OPEN}, if(number % 50 = 0, ${GAP_FROM}, ${DAY_END}),
    if(number % 97 = 0, 'inferred', 'declared') FROM numbers(${CAMERAS})`);
  ch.query(`INSERT INTO footfall_coverage SELECT concat('cam-', toString(number)), ${GAP_TO}, ${DAY_END},
    if(number % 97 = 0, 'inferred', 'declared') FROM numbers(${CAMERAS}) WHERE number % 50 = 0`);
  ch.query('OPTIMIZE TABLE footfall_buckets FINAL');
  const loadMs = performance.now() - t0;
  const materializeCtes = process.argv.includes('--materialize');
  const q = compileHourlyReportSql({ ...options, dialect: 'clickhouse', materializeCtes });
  const params = Object.fromEntries(q.params.map((p) => [p.name, p.value]));
  const rssBefore = rssNow();
  const { ms, last } = await timeRuns(() => {
    const text = ch.queryBind(q.sql, params, 'JSONCompactEachRow');
    const rows = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as unknown[]);
    return hourlyReportFromRows(q, rows);
  });
  const out = {
    engine: `ClickHouse (chdb${materializeCtes ? ', materialized' : ''})`,
    loadMs,
    reportMs: ms,
    heapDeltaMiB: null,
    rssBeforeMiB: rssBefore,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    report: JSON.stringify(last),
  };
  ch.cleanup();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const child = process.argv.find((a) => a.startsWith('--child='))?.slice(8);
if (child !== undefined) {
  const run = { memory: memoryChild, duckdb: duckChild, chdb: chdbChild }[child];
  if (run === undefined) throw new Error(`unknown child ${child}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const results: ChildResult[] = [];
  for (const [engine, ...flags] of [['memory'], ['duckdb'], ['chdb'], ['chdb', '--materialize']] as [string, ...string[]][]) {
    const r = spawnSync(process.execPath, [...process.execArgv, self, `--child=${engine}`, ...flags], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`${engine} failed: ${r.stderr}`);
    results.push(JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult);
  }
  const base = results[0] as ChildResult;
  const same = results.every((r) => r.report === base.report);
  if (!same) throw new Error('the engines gave different reports');
  const rows = JSON.parse(base.report) as { rows: unknown[]; totals: { entries: number } };
  console.log(
    `${CAMERAS.toLocaleString('en')} cameras × ${SLOTS} buckets = ${(CAMERAS * SLOTS).toLocaleString('en')} rows; ${rows.rows.length} report hours, ${rows.totals.entries.toLocaleString('en')} entries; identical report from all three`,
  );
  console.log('engine                           | load/build | report (median of 5) | vs memory | RSS before | peak RSS | heap Δ');
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(32)} | ${`${(r.loadMs / 1000).toFixed(2)} s`.padStart(10)} | ${`${r.reportMs.toFixed(1)} ms`.padStart(20)} | ${`${(r.reportMs / base.reportMs).toFixed(2)}x`.padStart(9)} | ${`${r.rssBeforeMiB.toFixed(0)} MiB`.padStart(10)} | ${`${r.peakRssMiB.toFixed(0)} MiB`.padStart(8)} | ${r.heapDeltaMiB === null ? '–' : `${r.heapDeltaMiB.toFixed(1)} MiB`}`,
    );
    if (r !== base)
      record({
        bench: 'footfall/warehouse hourly report',
        subject: r.engine,
        baseline: base.engine,
        ratio: base.reportMs / r.reportMs,
        size: CAMERAS * SLOTS,
        rate: `${r.reportMs.toFixed(1)} ms/report (baseline ${base.reportMs.toFixed(1)} ms)`,
        memory: `peak RSS ${r.peakRssMiB.toFixed(0)} MiB (baseline ${base.peakRssMiB.toFixed(0)} MiB)`,
      });
  }
}
