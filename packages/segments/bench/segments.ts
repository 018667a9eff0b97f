// Benchmark: one 6-clause segment over N members (default 5M) with 300 power-law tags and three
// numeric traits, on the bitmap engine, on DuckDB and on ClickHouse (chdb) running the compiled
// SQL in this process, and with the per-profile predicate over every profile. Prints medians,
// ratios and index memory.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from 'chdb';
import { compileSql, defineProfileSchema, type Profile, parseSegment, toPredicate } from '../src/index';
import { createBitmapIndex } from '../src/node/index';

const N = Number(process.env.SEGMENTS_BENCH_MEMBERS ?? 5_000_000);
const TAGS = 300;
const AT = '2026-11-21T20:00:00+08:00';
const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

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
const tagName = (k: number) => `t${String(k).padStart(3, '0')}`;
// Zipf(1) popularity: tag k is drawn with weight 1 / (k + 1).
const cumulative = new Float64Array(TAGS);
let total = 0;
for (let k = 0; k < TAGS; k++) cumulative[k] = total += 1 / (k + 1);
function drawTag(): number {
  const x = rand() * total;
  let lo = 0;
  let hi = TAGS - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const schema = defineProfileSchema({
  tags: { type: 'tags' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
});

const ms = (t0: number) => performance.now() - t0;
const atMs = Date.parse(AT);
let t0 = performance.now();
const profiles: Profile[] = new Array(N);
for (let i = 0; i < N; i++) {
  const n = 1 + Math.floor(rand() * 6);
  const tags = new Set<string>();
  for (let j = 0; j < n; j++) tags.add(tagName(drawTag()));
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
console.log(`generated ${N.toLocaleString('en')} members in ${(ms(t0) / 1000).toFixed(1)} s`);

t0 = performance.now();
const index = createBitmapIndex({ schema, profiles });
console.log(`bitmap index built in ${(ms(t0) / 1000).toFixed(1)} s`);
const mem = index.memory();
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
console.log(
  `index memory: ${mib(mem.total)} (bitmaps ${mib(mem.bitmaps)}, value columns ${mib(mem.values)}, id dictionary ${mib(mem.dictionary)})`,
);

t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
// Bulk load through a CSV file (the appender is far slower from JavaScript).
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
await conn.run(
  `CREATE TABLE members AS SELECT id, string_split(tags, '|') AS tags, visits30d, spend90d, make_timestamptz(last_ms * 1000) AS lastVisit
   FROM read_csv('${csv}', header = false, columns = {'id': 'VARCHAR', 'tags': 'VARCHAR', 'visits30d': 'DOUBLE', 'spend90d': 'BIGINT', 'last_ms': 'BIGINT'})`,
);
console.log(`DuckDB table loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

t0 = performance.now();
const chDir = mkdtempSync(join(tmpdir(), 'aisle-segments-bench-chdb-'));
const ch = new Session(chDir);
ch.query('CREATE DATABASE IF NOT EXISTS bench ENGINE = Atomic');
ch.query('USE bench');
ch.query(
  `CREATE TABLE members ENGINE = MergeTree ORDER BY id AS SELECT id, splitByChar('|', tags) AS tags, visits30d, spend90d, fromUnixTimestamp64Milli(last_ms, 'UTC') AS lastVisit
   FROM file('${csv}', CSV, 'id String, tags String, visits30d Float64, spend90d Int64, last_ms Int64')`,
);
rmSync(dir, { recursive: true, force: true });
console.log(`ClickHouse (chdb) table loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

const text =
  "tags CONTAINS 't002' AND tags CONTAINS ANY ('t010', 't025', 't040') AND NOT tags CONTAINS 't000' AND visits30d >= 2 AND spend90d BETWEEN 10000 AND 300000 AND lastVisit >= -60d";
const ast = parseSegment(text, { schema });
console.log(`segment: ${text}`);
const when = { at: AT, zone: ZONE };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

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

const bitmap = await time(21, () => index.count(ast, when));
const bitmapIds = await time(5, () => index.query(ast, when).length);

const q = compileSql(ast, { dialect: 'duckdb', mapping: { table: 'members', id: 'id' }, schema, ...when });
const countSql = `SELECT count(*) FROM "members" AS m WHERE ${q.where}`;
const prepared = await conn.prepare(countSql);
prepared.bind(q.params.map((p) => p.value));
const duck = await time(5, async () => Number((await prepared.runAndReadAll()).getRows()[0]?.[0]));

const chq = compileSql(ast, { dialect: 'clickhouse', mapping: { table: 'members', id: 'id' }, schema, ...when });
const chSql = `SELECT count() FROM members AS m WHERE ${chq.where}`;
const chParams = Object.fromEntries(chq.params.map((p) => [p.name, p.value]));
const click = await time(5, () => Number(ch.queryBind(chSql, chParams, 'CSV').trim()));

const predicate = toPredicate(ast, { schema, ...when });
const pred = await time(1, () => {
  let n = 0;
  for (const p of profiles) if (predicate.test(p)) n++;
  return n;
});

if (!(bitmap.result === duck.result && duck.result === pred.result && bitmapIds.result === pred.result && click.result === pred.result)) {
  throw new Error(`engines disagree: bitmap ${bitmap.result}, DuckDB ${duck.result}, ClickHouse ${click.result}, predicate ${pred.result}`);
}
console.log(`members in segment: ${bitmap.result.toLocaleString('en')} (identical on all four engines)`);
console.log(`bitmap count:             ${bitmap.ms.toFixed(2)} ms (median of 21)`);
console.log(`bitmap ids (materialised): ${bitmapIds.ms.toFixed(2)} ms (median of 5)`);
console.log(`DuckDB compiled SQL:      ${duck.ms.toFixed(2)} ms (median of 5)`);
console.log(`ClickHouse (chdb) SQL:    ${click.ms.toFixed(2)} ms (median of 5)`);
console.log(`predicate over profiles:  ${pred.ms.toFixed(2)} ms (1 run after a warm-up)`);
console.log(`ratio DuckDB / bitmap:    ${(duck.ms / bitmap.ms).toFixed(1)}x (target >= 20x)`);
console.log(`ratio ClickHouse / bitmap: ${(click.ms / bitmap.ms).toFixed(1)}x`);
console.log(`ratio predicate / bitmap: ${(pred.ms / bitmap.ms).toFixed(1)}x (target >= 50x)`);
conn.closeSync();
db.closeSync();
ch.cleanup();
rmSync(chDir, { recursive: true, force: true });
