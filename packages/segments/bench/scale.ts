// Scale figures: one 6-clause segment counted at 5M and 50M members through the compiled SQL in
// DuckDB and in ClickHouse (chdb), beside the bitmap engine at 5M (50M with
// SEGMENTS_SCALE_BITMAP_50M=1 when the machine has the memory). Each engine and size runs in its
// own child process, so its peak RSS (getrusage maxRSS) is its own. The members are generated
// inside each engine (DuckDB range(), ClickHouse numbers()) from one integer hash that the bitmap
// side evaluates in JavaScript too: every engine must give the same count at a size.
// Sizes: 500k, 1M and 2M members times BENCH_SCALE (the report's curve), or SEGMENTS_SCALE_SIZES
// (the README's 5M and 50M: SEGMENTS_SCALE_SIZES=5000000,50000000). Prints one `BENCH_RESULT` row
// per engine and size (bench/lib.ts) beside the readable lines.
// Run: pnpm --filter @aisle/segments bench:scale   (SEGMENTS_SCALE_SIZES=5000000 for 5M only)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from 'chdb';
import { record, sizes as scaledSizes } from '../../../bench/lib';
import { compileSql, defineProfileSchema, type Profile, parseSegment } from '../src/index';
import { createBitmapIndex } from '../src/node/index';

const AT = '2026-11-21T20:00:00+08:00';
const ZONE = 'Asia/Shanghai';
const AT_MS = Date.parse(AT);
const TAGS = 300;
const RUNS = 5;
const schema = defineProfileSchema({
  tags: { type: 'tags' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
});
const TEXT =
  "tags CONTAINS 't002' AND tags CONTAINS ANY ('t010', 't025', 't040') AND NOT tags CONTAINS 't000' AND visits30d >= 2 AND spend90d BETWEEN 10000 AND 300000 AND lastVisit >= -60d";
const ast = parseSegment(TEXT, { schema });
const when = { at: AT, zone: ZONE };

// h(i, k) = ((i + k · 1000003) · 2654435761) mod 2^32, the same in JavaScript, DuckDB and ClickHouse.
const h = (i: number, k: number) => Math.imul((i + k * 1_000_003) | 0, 2654435761 | 0) >>> 0;
const sqlHash = (k: number, ch: boolean) =>
  ch ? `(((number + ${k * 1_000_003}) * 2654435761) % 4294967296)` : `(((i + ${k * 1_000_003}) * 2654435761) % 4294967296)`;
// Three tag draws skewed to low numbers (tag a·b/300 for uniform a, b), the traits uniform.
const tagIndex = (i: number, j: number) => Math.floor(((h(i, 2 * j + 1) % TAGS) * (h(i, 2 * j + 2) % TAGS)) / TAGS);
const tagName = (k: number) => `t${String(k).padStart(3, '0')}`;
const visits = (i: number) => h(i, 7) % 13;
const spend = (i: number) => h(i, 8) % 1_000_000;
const lastVisit = (i: number) => AT_MS - (h(i, 9) % 31_536_000) * 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mib = (b: number) => b / 2 ** 20;
const maxRssMiB = () => mib(process.resourceUsage().maxRSS * 1024);

interface Result {
  engine: string;
  members: number;
  loadMs: number;
  countMs: number;
  count: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  note?: string;
}

async function timeRuns(fn: () => Promise<number> | number): Promise<{ ms: number; count: number }> {
  let count = await fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    count = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), count };
}

async function duck(n: number): Promise<Result> {
  // A database file (compressed at checkpoint, read through the buffer manager), 2 threads and a
  // 4 GB memory limit: how one runs 50M rows on a machine shared with other work.
  const dir = mkdtempSync(join(tmpdir(), 'aisle-segments-scale-duckdb-'));
  const db = await DuckDBInstance.create(join(dir, 'members.duckdb'), { threads: '2', memory_limit: '4GB' });
  const conn = await db.connect();
  const t0 = performance.now();
  // Tag names from a constant list (indexing is far cheaper than formatting 3 strings a row).
  const names = `[${Array.from({ length: TAGS }, (_, k) => `'${tagName(k)}'`).join(', ')}]`;
  const tag = (j: number) =>
    `${names}[((${sqlHash(2 * j + 1, false)} % ${TAGS}) * (${sqlHash(2 * j + 2, false)} % ${TAGS})) // ${TAGS} + 1]`;
  // Tags as a list column, traits as typed columns: the layout the compiled SQL reads.
  await conn.run(`CREATE TABLE members AS SELECT 'M' || i AS id, list_distinct([${tag(0)}, ${tag(1)}, ${tag(2)}]) AS tags,
    CAST(${sqlHash(7, false)} % 13 AS DOUBLE) AS visits30d, CAST(${sqlHash(8, false)} % 1000000 AS BIGINT) AS spend90d,
    make_timestamptz((${AT_MS} - (${sqlHash(9, false)} % 31536000) * 1000) * 1000) AS lastVisit
    FROM range(${n}) AS t(i)`);
  await conn.run('CHECKPOINT');
  const loadMs = performance.now() - t0;
  const q = compileSql(ast, { dialect: 'duckdb', mapping: { table: 'members', id: 'id' }, schema, ...when });
  const prepared = await conn.prepare(`SELECT count(*) FROM "members" AS m WHERE ${q.where}`);
  prepared.bind(q.params.map((p) => p.value));
  const rssBeforeMiB = mib(process.memoryUsage().rss);
  const { ms, count } = await timeRuns(async () => Number((await prepared.runAndReadAll()).getRows()[0]?.[0]));
  conn.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
  return { engine: 'DuckDB (compiled SQL)', members: n, loadMs, countMs: ms, count, rssBeforeMiB, peakRssMiB: maxRssMiB() };
}

async function clickhouse(n: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-segments-scale-chdb-'));
  const ch = new Session(dir);
  ch.query('CREATE DATABASE IF NOT EXISTS bench ENGINE = Atomic');
  ch.query('USE bench');
  const t0 = performance.now();
  const tag = (j: number) =>
    `concat('t', leftPad(toString(intDiv((${sqlHash(2 * j + 1, true)} % ${TAGS}) * (${sqlHash(2 * j + 2, true)} % ${TAGS}), ${TAGS})), 3, '0'))`;
  // MergeTree with LowCardinality tags; ordered by id as a member table keyed by id would be.
  ch.query(`CREATE TABLE members (id String, tags Array(LowCardinality(String)), visits30d Float64, spend90d Int64, lastVisit DateTime64(3, 'UTC'))
    ENGINE = MergeTree ORDER BY id`);
  ch.query(`INSERT INTO members SELECT concat('M', toString(number)), arrayDistinct([${tag(0)}, ${tag(1)}, ${tag(2)}]),
    toFloat64(${sqlHash(7, true)} % 13), toInt64(${sqlHash(8, true)} % 1000000),
    fromUnixTimestamp64Milli(toInt64(${AT_MS} - (${sqlHash(9, true)} % 31536000) * 1000), 'UTC')
    FROM numbers(${n}) SETTINGS max_threads = 2`);
  const loadMs = performance.now() - t0;
  const q = compileSql(ast, { dialect: 'clickhouse', mapping: { table: 'members', id: 'id' }, schema, ...when });
  const sql = `SELECT count() FROM members AS m WHERE ${q.where} SETTINGS max_threads = 2`;
  const params = Object.fromEntries(q.params.map((p) => [p.name, p.value]));
  const rssBeforeMiB = mib(process.memoryUsage().rss);
  const { ms, count } = await timeRuns(() => Number(ch.queryBind(sql, params, 'CSV').trim()));
  ch.cleanup();
  rmSync(dir, { recursive: true, force: true });
  return { engine: 'ClickHouse (chdb, compiled SQL)', members: n, loadMs, countMs: ms, count, rssBeforeMiB, peakRssMiB: maxRssMiB() };
}

async function bitmap(n: number): Promise<Result> {
  const t0 = performance.now();
  const rssStart = mib(process.memoryUsage().rss);
  // Profiles are fed one by one from a generator, so the JavaScript side holds only the index.
  function* profiles(): Generator<Profile> {
    for (let i = 0; i < n; i++) {
      yield {
        id: `M${i}`,
        attributes: {
          tags: [...new Set([tagName(tagIndex(i, 0)), tagName(tagIndex(i, 1)), tagName(tagIndex(i, 2))])],
          visits30d: visits(i),
          spend90d: spend(i),
          lastVisit: lastVisit(i),
        },
      };
    }
  }
  const index = createBitmapIndex({ schema, profiles: profiles() });
  const loadMs = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBeforeMiB = mib(process.memoryUsage().rss);
  const { ms, count } = await timeRuns(() => index.count(ast, when));
  return {
    engine: 'bitmap index (in process)',
    members: n,
    loadMs,
    countMs: ms,
    count,
    rssBeforeMiB,
    peakRssMiB: maxRssMiB(),
    note: `index RSS ≈ ${(rssBeforeMiB - rssStart).toFixed(0)} MiB after GC`,
  };
}

const child = process.argv.find((a) => a.startsWith('--child='))?.slice(8);
if (child !== undefined) {
  const [engine, size] = child.split(':') as [string, string];
  const run = { duckdb: duck, chdb: clickhouse, bitmap }[engine];
  if (run === undefined) throw new Error(`unknown engine ${engine}`);
  process.stdout.write(`${JSON.stringify(await run(Number(size)))}\n`);
} else {
  const fromEnv = process.env.SEGMENTS_SCALE_SIZES;
  const sizes = fromEnv === undefined ? scaledSizes([500_000, 1_000_000, 2_000_000]) : fromEnv.split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  console.log(`segment: ${TEXT}`);
  for (const n of sizes) {
    const engines = ['bitmap', 'duckdb', 'chdb'].filter(
      (e) => e !== 'bitmap' || n <= 5_000_000 || process.env.SEGMENTS_SCALE_BITMAP_50M === '1',
    );
    for (const engine of engines) {
      const r = spawnSync(process.execPath, [...process.execArgv, self, `--child=${engine}:${n}`], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (r.status !== 0) {
        console.log(`${engine} at ${n.toLocaleString('en')}: failed (${r.signal ?? r.status}) ${r.stderr.slice(-400)}`);
        continue;
      }
      const res = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result;
      results.push(res);
      console.log(
        `${res.members.toLocaleString('en').padStart(10)} ${res.engine.padEnd(32)} load ${(res.loadMs / 1000).toFixed(1).padStart(6)} s  count ${res.countMs.toFixed(1).padStart(8)} ms (median of ${RUNS})  = ${res.count.toLocaleString('en')}  RSS before ${res.rssBeforeMiB.toFixed(0)} MiB, peak ${res.peakRssMiB.toFixed(0)} MiB${res.note === undefined ? '' : `  (${res.note})`}`,
      );
    }
    const at = results.filter((r) => r.members === n);
    const counts = new Set(at.map((r) => r.count));
    if (counts.size > 1) throw new Error(`engines disagree at ${n}: ${at.map((r) => `${r.engine} ${r.count}`).join(', ')}`);
    const base = at.find((r) => r.engine.startsWith('bitmap')) ?? at[0];
    if (base !== undefined) {
      for (const r of at) {
        if (r === base) continue;
        console.log(`  ratio ${r.engine} / ${base.engine}: ${(r.countMs / base.countMs).toFixed(1)}x`);
        record({
          bench: 'segments/scale (6-clause segment, process per engine)',
          subject: base.engine,
          baseline: r.engine,
          ratio: r.countMs / base.countMs,
          size: n,
          rate: `${base.countMs.toFixed(2)} ms/count, build ${(base.loadMs / 1000).toFixed(1)} s (baseline ${r.countMs.toFixed(1)} ms, load ${(r.loadMs / 1000).toFixed(1)} s)`,
          memory: `peak RSS ${base.peakRssMiB.toFixed(0)} MiB${base.note === undefined ? '' : ` (${base.note})`}; baseline peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
        });
      }
    }
  }
}
