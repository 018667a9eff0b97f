// The domain stores on a PostgreSQL server against the floor measured in the same run (writes:
// the journal insert and balance update in one statement, see floor.ts; the BEGIN…COMMIT form is
// measured too and reported against it): the points ledger's earn and redeem, consent append and decide (readSnapshot + decide), with 1,
// 8 and 32 concurrent clients over BENCH_MEMBERS (default 100 000) seeded members and subjects;
// bytes on disk per ledger entry and per consent event; and the RSS and heap of a worker process
// after operating on members spread over 100 000 and over 1 000 000 member ids. Each operation (the
// floor's too) first runs 1 s unmeasured so the JIT has compiled its path; the stores and the floor
// use named prepared statements (BENCH_PREPARED=0 turns them off for both). The ledger keeps what it
// last wrote for up to 10 000 members (`memberCache`, BENCH_MEMBER_CACHE; 0 turns it off): an earn or
// redemption of such a member skips the snapshot read (members are drawn evenly, so the share of
// such operations falls as BENCH_MEMBERS grows past it). The headline earn row is the default
// ledger (no jsonb query copy of entry data); a second earn row, after the redemptions, runs a
// ledger with `queryCopy: true`, labelled as such. Each ledger's memberCache sees only its own
// writes until its rows are done (the redemptions run on the ledger that just earned): a copy made
// stale by another writer costs a refused append, a fresh read and a retry, which is a multi-server
// deployment's cost, not the single writer's this bench measures. `pnpm bench:domain` runs this file compiled
// as the published package is (bench/run.mjs: no esbuild keepNames, which tsx adds). Needs a server:
//   bash scripts/with-postgres.sh pnpm --filter @aisle/postgres bench:domain
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { decide } from '@aisle/consent';
import { AisleError } from '@aisle/core';
import pg from 'pg';
import { record } from '../../../bench/lib';
import { createPostgresConsentStore } from '../src/consent';
import { migrate } from '../src/index';
import { createPostgresLedger } from '../src/points';
import { accrual, catalogue, consentEvent } from '../test/support/domain';
import { createFloor, floorRead, floorWrite, floorWriteOneStatement } from './floor';
import { ledgerOptions, rng, seedDomain, T0 } from './seed';

const url = process.env.AISLE_PG_URL;
if (url === undefined) {
  console.error('AISLE_PG_URL is not set: run through scripts/with-postgres.sh');
  process.exit(1);
}
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CLIENTS = [1, 8, 32];
// The stores and the floor both use named prepared statements (BENCH_PREPARED=0: neither does).
const PREPARED = process.env.BENCH_PREPARED !== '0';
// The ledger keeps what it last wrote for up to this many members (`memberCache`; BENCH_MEMBER_CACHE=0 turns it off).
const MEMBER_CACHE = Number(process.env.BENCH_MEMBER_CACHE ?? 10_000);
const schema = `benchd_${Date.now().toString(36)}`;

interface Result {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly refused: number;
}

const warmed = new Set<string>();

/** Runs `op` for `clients` concurrent clients for SECONDS; the first time for `name`, first 1 s unmeasured (JIT warm-up). */
async function measure(name: string, clients: number, op: (member: number) => Promise<number>): Promise<Result> {
  if (!warmed.has(name)) {
    warmed.add(name);
    const until = performance.now() + 1000;
    let m = 0;
    while (performance.now() < until) await op((m++ * 7919) % MEMBERS);
  }
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const next = rng(c + 7);
      while (performance.now() < until) {
        const t = performance.now();
        refused += await op(Math.floor(next() * MEMBERS));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), refused };
}

const admin = new pg.Pool({ connectionString: url, max: 2 });
await migrate(admin, { schema });
await createFloor(admin, schema, MEMBERS);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
console.log(
  `@aisle/postgres domain bench at ${commit}: ${MEMBERS} members and subjects, ${SECONDS} s per run, ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} (shared machine: other work was running), prepared statements ${PREPARED ? 'on' : 'off'} (stores and floor alike), ledger memberCache ${MEMBER_CACHE}`,
);

let t = performance.now();
await seedDomain(admin, schema, MEMBERS);
console.log(
  `seeded ${MEMBERS} members (one earn each) and ${MEMBERS} subjects (one consent each) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const size = async (table: string, where: string) => {
  const { rows } = await admin.query(
    `SELECT pg_total_relation_size('${schema}.${table}'::regclass)::bigint AS bytes, (SELECT count(*) FROM ${schema}.${table} WHERE ${where})::bigint AS n`,
  );
  return { bytes: Number(rows[0].bytes), n: Number(rows[0].n) };
};

const fmt = (r: Result) =>
  `${r.perSecond.toFixed(0).padStart(6)} ops/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms`;
const ratio = (r: Result, base: Result) => `${(r.perSecond / base.perSecond).toFixed(2)}x floor`;
let n = 0;
let clock = T0 + 1000;
for (const clients of CLIENTS) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const ledger = createPostgresLedger(pool, {
    schema,
    ...ledgerOptions,
    maxAttempts: 50,
    preparedStatements: PREPARED,
    memberCache: MEMBER_CACHE,
  });
  // The same ledger also writing the jsonb query copy of entry data (`queryCopy: true`): its own
  // row, after the default ledger's earn and redeem rows, so neither ledger's memberCache holds a
  // member the other wrote while it is measured.
  const withCopy = createPostgresLedger(pool, {
    schema,
    ...ledgerOptions,
    maxAttempts: 50,
    preparedStatements: PREPARED,
    memberCache: MEMBER_CACHE,
    queryCopy: true,
  });
  const consents = createPostgresConsentStore(pool, { schema, catalogue, maxAttempts: 50, preparedStatements: PREPARED });
  const refusedOn = (codes: string[]) => (error: unknown) => {
    if (AisleError.isInstance(error) && codes.includes(error.code)) return 1;
    throw error;
  };
  const floorW = floorWriteOneStatement(pool, schema, PREPARED);
  const write = await measure('floor write', clients, (m) => floorW(`member-${m}`));
  const floorT = floorWrite(pool, schema, PREPARED);
  const writeTx = await measure('floor write, BEGIN…COMMIT', clients, (m) => floorT(`member-${m}`));
  const earn = await measure('earn', clients, (m) => {
    n += 1;
    clock += 1;
    return ledger
      .earn({ key: `b:${n}`, at: clock, evaluation: accrual(`B-${n}`, `member-${m}`, 10) })
      .then(() => 0, refusedOn(['POINTS_BACKDATED']));
  });
  const redeem = await measure('redeem', clients, (m) => {
    n += 1;
    clock += 1;
    return ledger
      .redeem({ key: `r:${n}`, memberId: `member-${m}`, points: 1, at: clock })
      .then(() => 0, refusedOn(['POINTS_INSUFFICIENT_BALANCE']));
  });
  const earnCopy = await measure('earn, query copy', clients, (m) => {
    n += 1;
    clock += 1;
    return withCopy
      .earn({ key: `b:${n}`, at: clock, evaluation: accrual(`B-${n}`, `member-${m}`, 10) })
      .then(() => 0, refusedOn(['POINTS_BACKDATED']));
  });
  const append = await measure('consent append', clients, (m) => {
    n += 1;
    clock += 1;
    return consents
      .append(consentEvent(`b-${n}`, `member-${m}`, { type: n % 2 === 0 ? 'withdrawn' : 'given', at: clock }))
      .then(() => 0, refusedOn(['CONSENT_OUT_OF_ORDER']));
  });
  const floorR = floorRead(pool, schema, PREPARED);
  const read = await measure('floor read', clients, (m) => floorR(`member-${m}`));
  const decided = await measure('decide', clients, async (m) => {
    const consent = await consents.subject(`member-${m}`);
    decide({ catalogue, purposeId: 'marketing.sms', at: new Date(clock), consent });
    return 0;
  });
  // A store write against the one-statement floor and, in brackets, against the BEGIN…COMMIT one.
  const both = (r: Result) => `${ratio(r, write)} (${(r.perSecond / writeTx.perSecond).toFixed(2)}x BEGIN…COMMIT)`;
  console.log(`${String(clients).padStart(2)} clients  floor write (insert + update, one statement): ${fmt(write)}`);
  console.log(`            floor write as BEGIN; INSERT; UPDATE; COMMIT: ${fmt(writeTx)}  = ${ratio(writeTx, write)}`);
  console.log(
    `            points earn:                                ${fmt(earn)}  = ${both(earn)} (${earn.refused} backdated by a concurrent earn)`,
  );
  console.log(`            points redeem:                              ${fmt(redeem)}  = ${both(redeem)}`);
  console.log(
    `            points earn, queryCopy: true (+ jsonb):     ${fmt(earnCopy)}  = ${both(earnCopy)} (${earnCopy.refused} backdated)`,
  );
  console.log(`            consent append:                             ${fmt(append)}  = ${both(append)} (${append.refused} out of order)`);
  console.log(`            floor read (one primary-key SELECT):        ${fmt(read)}`);
  console.log(`            consent subject() + decide:                 ${fmt(decided)}  = ${ratio(decided, read)}`);
  console.log(`            (load average ${loadavg()[0]?.toFixed(1)} after this client count)`);
  // Rows for `pnpm bench:report` (bench/lib.ts).
  for (const [subject, r, base] of [
    ['points earn (PostgreSQL ledger)', earn, write],
    ['points redeem (PostgreSQL ledger)', redeem, write],
    ['points earn (PostgreSQL ledger, queryCopy: true: + jsonb copy)', earnCopy, write],
    ['consent append (PostgreSQL consent store)', append, write],
    ['consent subject() + decide', decided, read],
    ['floor write as BEGIN; INSERT; UPDATE; COMMIT (4 statements; the floor until 2026-12-01)', writeTx, write],
  ] as const) {
    record({
      bench: `postgres/domain, ${clients} clients`,
      subject,
      baseline: `${base === write ? 'floor write: insert journal + update balance in one statement' : 'floor read: one primary-key SELECT'}${PREPARED ? ' (prepared statements, as the stores)' : ''}`,
      ratio: r.perSecond / base.perSecond,
      size: MEMBERS,
      rate: `${r.perSecond.toFixed(0)} ops/s, p99 ${r.p99.toFixed(1)} ms`,
      ...(clients === 32 && base === write && r !== writeTx
        ? { target: '≥ 0.5× the floor at 32 clients', met: r.perSecond / base.perSecond >= 0.5 }
        : {}),
    });
  }
  await pool.end();
}

await admin.query(`VACUUM ANALYZE ${schema}.entries`);
await admin.query(`VACUUM ANALYZE ${schema}.streams`);
await admin.query(`VACUUM ANALYZE ${schema}.floor_journal`);
// One table holds both kinds of entry: split its size by each kind's share of the body bytes plus a
// fixed per-row share (tuple header, indexes); the per-row cost is what the table holds per entry.
const { rows: kinds } = await admin.query(
  `SELECT stream_id LIKE 'points:%' AS points, data IS NULL AS bare, count(*)::bigint AS n, sum(pg_column_size(e.*))::bigint AS row_bytes
FROM ${schema}.entries e GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
);
const all = await size('entries', 'true');
const journal = await size('floor_journal', 'true');
const streams = await size('streams', 'true');
const rowsTotal = kinds.reduce((s, k) => s + Number(k.row_bytes), 0);
const overhead = (all.bytes - rowsTotal) / all.n;
for (const k of kinds) {
  const perRow = Number(k.row_bytes) / Number(k.n) + overhead;
  console.log(
    `bytes on disk per ${k.points ? 'ledger entry' : 'consent event'}${k.bare ? '' : ' with a query copy (queryCopy: true)'}: ${perRow.toFixed(0)} (${k.n} rows; row incl. body${k.bare ? '' : ' + jsonb copy'} ${(Number(k.row_bytes) / Number(k.n)).toFixed(0)}, table pages + 3 indexes ${overhead.toFixed(0)} per row)`,
  );
}
console.log(
  `bytes on disk: ${(all.bytes / all.n).toFixed(0)} per entry over both kinds, ${(journal.bytes / journal.n).toFixed(0)} per floor journal row, ` +
    `${(streams.bytes / streams.n).toFixed(0)} per stream row (head + snapshot; pgledger reports ~743 per transfer)`,
);

// Memory of a worker process: RSS and heap after 3000 operations on members drawn from 100k, then 1M ids.
const worker = fileURLToPath(new URL('./memory-worker.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const memory = (space: number) =>
  JSON.parse(
    execFileSync(tsx, ['--conditions=@aisle/source', '--expose-gc', worker, schema, String(space), '3000'], {
      encoding: 'utf8',
      env: { ...process.env, BENCH_MEMBER_CACHE: String(MEMBER_CACHE) },
    }).trim(),
  ) as { rss: number; heap: number; members: number };
const small = memory(100_000);
const large = memory(1_000_000);
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
console.log(
  `worker memory after 3000 earns/redeems over 100k ids: RSS ${mb(small.rss)}, heap ${mb(small.heap)}; over 1M ids (sparse: only touched members have rows): RSS ${mb(large.rss)}, heap ${mb(large.heap)}; ratio 1M/100k: RSS ${(large.rss / small.rss).toFixed(2)}, heap ${(large.heap / small.heap).toFixed(2)}`,
);
record({
  bench: 'postgres/domain worker memory',
  subject: 'ledger worker after 3000 earns/redeems over 1M ids',
  baseline: 'the same over 100k ids (ratio: RSS at 100k ÷ RSS at 1M)',
  ratio: small.rss / large.rss,
  size: MEMBERS,
  memory: `RSS ${mb(large.rss)}, heap ${mb(large.heap)} (100k ids: RSS ${mb(small.rss)}, heap ${mb(small.heap)})`,
});
const total = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.streams`);
console.log(`(the database then held ${total.rows[0].n} streams; ${((performance.now() - t) / 1000).toFixed(0)} s in all)`);
t = performance.now();
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
