// Benchmark: one 6-clause segment over N members with 300 power-law tags and three numeric
// traits, at three sizes (250k, 500k and 1M members, times BENCH_SCALE; one size with
// SEGMENTS_BENCH_MEMBERS). The bitmap engine's count is compared, in the same run and with the
// same answer checked, against:
// - DuckDB with the best layout for this job, queried with hand-written SQL: typed columns (integer
//   ids, USMALLINT visits, INTEGER spend, BIGINT epoch-ms last visit) and tags either as a bitset
//   (five UBIGINT words, 300 bits) or as USMALLINT[] tag codes; each at 1 thread and at 2 threads;
// - DuckDB and ClickHouse (chdb) running the SQL `compileSql` emits, on the product's layout (tags as
//   a list of strings, string ids): what a warehouse user of this package gets;
// - the per-profile predicate over every profile.
// The index memory is measured in a child process (heap + array buffers, and RSS, deltas around
// building it). Prints one `BENCH_RESULT` row per comparison (bench/lib.ts) and a readable summary.
// Run: pnpm --filter @aisle/segments bench
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from 'chdb';
import { formatMemory, measureInChild, memoryChild, record, sizes } from '../../../bench/lib';
import { compileSql, defineProfileSchema, type Profile, parseSegment, toPredicate } from '../src/index';
import { createBitmapIndex } from '../src/node/index';

const TAGS = 300;
const AT = '2026-11-21T20:00:00+08:00';
const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const atMs = Date.parse(AT);
// `lastVisit >= -60d`: the start of the local (Asia/Shanghai) day 60 days before AT.
const CUTOFF_MS = Date.parse('2026-09-22T00:00:00+08:00');

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

const tagName = (k: number) => `t${String(k).padStart(3, '0')}`;
// Zipf(1) popularity: tag k is drawn with weight 1 / (k + 1).
const cumulative = new Float64Array(TAGS);
let total = 0;
for (let k = 0; k < TAGS; k++) cumulative[k] = total += 1 / (k + 1);

const schema = defineProfileSchema({
  tags: { type: 'tags' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
});

/** The bench population (the same seed at every size: a smaller size is a prefix of a larger). */
function generate(n: number): Profile[] {
  const rand = mulberry32(20261121);
  const drawTag = (): number => {
    const x = rand() * total;
    let lo = 0;
    let hi = TAGS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const profiles: Profile[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(rand() * 6);
    const tags = new Set<string>();
    for (let j = 0; j < k; j++) tags.add(tagName(drawTag()));
    profiles[i] = {
      id: `M${i}`,
      attributes: {
        tags: [...tags],
        visits30d: Math.floor(-Math.log(1 - rand()) * 3),
        spend90d: Math.floor(rand() * rand() * 1_000_000),
        lastVisit: atMs - Math.floor(rand() * 365 * DAY),
      },
    };
  }
  return profiles;
}

// In the memory child (measureInChild): build the index over prepared profiles, nothing else.
memoryChild({
  index: (n) => {
    const profiles = generate(n);
    return () => createBitmapIndex({ schema, profiles });
  },
});

const text =
  "tags CONTAINS 't002' AND tags CONTAINS ANY ('t010', 't025', 't040') AND NOT tags CONTAINS 't000' AND visits30d >= 2 AND spend90d BETWEEN 10000 AND 300000 AND lastVisit >= -60d";
const ast = parseSegment(text, { schema });
const when = { at: AT, zone: ZONE };

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time<T>(runs: number, fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(ms(start));
  }
  return { ms: median(times), result };
}

const fromEnv = process.env.SEGMENTS_BENCH_MEMBERS;
const SIZES = fromEnv === undefined ? sizes([250_000, 500_000, 1_000_000]) : [Number(fromEnv)];
const self = import.meta.url;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const chDir = mkdtempSync(join(tmpdir(), 'aisle-segments-bench-chdb-'));
const ch = new Session(chDir);
ch.query('CREATE DATABASE IF NOT EXISTS bench ENGINE = Atomic');
ch.query('USE bench');
const duckVersion = String((await conn.runAndReadAll('SELECT version()')).getRows()[0]?.[0]);
console.log(`segment: ${text}`);

// The bitset words and the hand-written SQL for the good layout: t000, t002, t010, t025 and t040
// all sit in word 0 (tags 0–63).
const bit = (k: number) => 1n << BigInt(k);
const anyMask = bit(10) | bit(25) | bit(40);
const numeric = `visits30d >= 2 AND spend90d BETWEEN 10000 AND 300000 AND last_ms >= ${CUTOFF_MS}`;
const bitsetSql = `SELECT count(*) FROM good WHERE ${numeric} AND (b0 & ${bit(2)}) <> 0 AND (b0 & ${anyMask}) <> 0 AND (b0 & ${bit(0)}) = 0`;
const codesSql = `SELECT count(*) FROM good WHERE ${numeric} AND list_contains(codes, 2::USMALLINT) AND list_has_any(codes, [10, 25, 40]::USMALLINT[]) AND NOT list_contains(codes, 0::USMALLINT)`;

for (const N of SIZES) {
  let t0 = performance.now();
  const profiles = generate(N);
  console.log(`\n${N.toLocaleString('en')} members generated in ${(ms(t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const index = createBitmapIndex({ schema, profiles });
  const buildS = ms(t0) / 1000;
  const memory = measureInChild(self, 'index', N);
  console.log(`bitmap index built in ${buildS.toFixed(1)} s; measured ${formatMemory(memory, N)}`);

  // DuckDB: the product's layout (what compileSql reads) through a CSV bulk load, then the good layout.
  t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'aisle-segments-bench-'));
  const csv = join(dir, 'members.csv');
  const out = openSync(csv, 'w');
  let chunk: string[] = [];
  for (const p of profiles) {
    const a = p.attributes as { tags: string[]; visits30d: number; spend90d: number; lastVisit: number };
    chunk.push(`${p.id},${a.tags.join('|')},${a.visits30d},${a.spend90d},${a.lastVisit}`);
    if (chunk.length === 100_000) {
      writeSync(out, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(out, `${chunk.join('\n')}\n`);
  closeSync(out);
  await conn.run('DROP TABLE IF EXISTS members');
  await conn.run('DROP TABLE IF EXISTS good');
  await conn.run(
    `CREATE TABLE members AS SELECT id, string_split(tags, '|') AS tags, visits30d, spend90d, make_timestamptz(last_ms * 1000) AS lastVisit
     FROM read_csv('${csv}', header = false, columns = {'id': 'VARCHAR', 'tags': 'VARCHAR', 'visits30d': 'DOUBLE', 'spend90d': 'BIGINT', 'last_ms': 'BIGINT'})`,
  );
  const words = [0, 1, 2, 3, 4]
    .map(
      (w) =>
        `coalesce(list_aggregate(list_transform(list_filter(codes, c -> c >= ${w * 64} AND c < ${(w + 1) * 64}), c -> (1::UBIGINT << (c - ${w * 64})::INTEGER)), 'bit_or'), 0)::UBIGINT AS b${w}`,
    )
    .join(', ');
  await conn.run(
    `CREATE TABLE good AS SELECT id, codes, ${words}, visits30d, spend90d, last_ms FROM (
       SELECT CAST(substr(id, 2) AS UINTEGER) AS id, list_transform(tags, t -> CAST(substr(t, 2) AS USMALLINT)) AS codes,
              CAST(visits30d AS USMALLINT) AS visits30d, CAST(spend90d AS INTEGER) AS spend90d, epoch_ms(lastVisit) AS last_ms
       FROM members)`,
  );
  console.log(`DuckDB ${duckVersion} tables loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  ch.query('DROP TABLE IF EXISTS members');
  ch.query(
    `CREATE TABLE members ENGINE = MergeTree ORDER BY id AS SELECT id, splitByChar('|', tags) AS tags, visits30d, spend90d, fromUnixTimestamp64Milli(last_ms, 'UTC') AS lastVisit
     FROM file('${csv}', CSV, 'id String, tags String, visits30d Float64, spend90d Int64, last_ms Int64')`,
  );
  rmSync(dir, { recursive: true, force: true });
  console.log(`ClickHouse (chdb) table loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

  const bitmap = await time(21, () => index.count(ast, when));
  // Each baseline is followed at once by a fresh timing of the bitmap count, and its ratio uses
  // that pair: on a shared machine the load changes between baselines.
  const paired = async (base: Promise<{ ms: number; result: number }>) => {
    const r = await base;
    return { ...r, bitmapMs: (await time(21, () => index.count(ast, when))).ms };
  };
  const bitmapIds = await time(5, () => index.query(ast, when).length);

  const duckCount = async (sql: string, threads: number) => {
    await conn.run(`SET threads = ${threads}`);
    return paired(time(7, async () => Number((await conn.runAndReadAll(sql)).getRows()[0]?.[0])));
  };
  const good = [
    { name: 'DuckDB, bitset tags (5 × UBIGINT) + typed columns, hand-written SQL, 1 thread', r: await duckCount(bitsetSql, 1) },
    { name: 'DuckDB, bitset tags (5 × UBIGINT) + typed columns, hand-written SQL, 2 threads', r: await duckCount(bitsetSql, 2) },
    { name: 'DuckDB, USMALLINT[] tag codes + typed columns, hand-written SQL, 1 thread', r: await duckCount(codesSql, 1) },
    { name: 'DuckDB, USMALLINT[] tag codes + typed columns, hand-written SQL, 2 threads', r: await duckCount(codesSql, 2) },
  ];

  await conn.run('SET threads = 2');
  const q = compileSql(ast, { dialect: 'duckdb', mapping: { table: 'members', id: 'id' }, schema, ...when });
  const prepared = await conn.prepare(`SELECT count(*) FROM "members" AS m WHERE ${q.where}`);
  prepared.bind(q.params.map((p) => p.value));
  const duck = await paired(time(5, async () => Number((await prepared.runAndReadAll()).getRows()[0]?.[0])));

  const chq = compileSql(ast, { dialect: 'clickhouse', mapping: { table: 'members', id: 'id' }, schema, ...when });
  const chSql = `SELECT count() FROM members AS m WHERE ${chq.where}`;
  const chParams = Object.fromEntries(chq.params.map((p) => [p.name, p.value]));
  const click = await paired(time(5, () => Number(ch.queryBind(chSql, chParams, 'CSV').trim())));

  const predicate = toPredicate(ast, { schema, ...when });
  const pred = await paired(
    time(1, () => {
      let n = 0;
      for (const p of profiles) if (predicate.test(p)) n++;
      return n;
    }),
  );

  const answers = [
    ['bitmap count', bitmap.result],
    ['bitmap ids', bitmapIds.result],
    ...good.map((g) => [g.name, g.r.result] as const),
    ['DuckDB compiled', duck.result],
    ['ClickHouse compiled', click.result],
    ['predicate', pred.result],
  ] as const;
  if (answers.some(([, n]) => n !== pred.result)) {
    throw new Error(`engines disagree at ${N}: ${answers.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  }
  console.log(`members in segment: ${pred.result.toLocaleString('en')} (identical on all ${answers.length} measurements)`);
  console.log(`bitmap count: ${bitmap.ms.toFixed(2)} ms (median of 21); ids ${bitmapIds.ms.toFixed(2)} ms (median of 5)`);

  const baselines = [
    ...good.map((g) => ({ name: g.name, ms: g.r.ms, bitmapMs: g.r.bitmapMs })),
    { name: `DuckDB ${duckVersion}, compileSql on the VARCHAR[] tags layout, 2 threads`, ms: duck.ms, bitmapMs: duck.bitmapMs },
    { name: 'ClickHouse (chdb), compileSql on Array(String) tags', ms: click.ms, bitmapMs: click.bitmapMs },
    { name: 'toPredicate over every profile', ms: pred.ms, bitmapMs: pred.bitmapMs },
  ];
  // The best DuckDB layout: the lowest time relative to its paired bitmap timing.
  const best = Math.min(...good.map((g) => g.r.ms / g.r.bitmapMs));
  for (const [i, b] of baselines.entries()) {
    console.log(
      `${b.name.padEnd(82)} ${b.ms.toFixed(2).padStart(9)} ms: bitmap (${b.bitmapMs.toFixed(2)} ms just after) ${(b.ms / b.bitmapMs).toFixed(1)}x faster`,
    );
    record({
      bench: 'segments/count (6-clause segment)',
      subject: 'bitmap index count',
      baseline: b.ms / b.bitmapMs === best ? `${b.name} (best DuckDB layout)` : b.name,
      ratio: b.ms / b.bitmapMs,
      size: N,
      rate: `${b.bitmapMs.toFixed(2)} ms/count (baseline ${b.ms.toFixed(b.ms < 10 ? 2 : 1)} ms)`,
      ...(i === 0 ? { memory: `index ${formatMemory(memory, N)}; build ${buildS.toFixed(1)} s` } : {}),
    });
  }
  await conn.run('DROP TABLE members');
  await conn.run('DROP TABLE good');
  ch.query('DROP TABLE members');
}

conn.closeSync();
db.closeSync();
ch.cleanup();
rmSync(chDir, { recursive: true, force: true });
