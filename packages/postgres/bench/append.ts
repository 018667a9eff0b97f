// Append throughput and latency of the PostgreSQL stream store against a floor measured in the
// same run: a minimal transaction that inserts one journal row and updates one balance row for the
// same key (what any ledger on PostgreSQL must at least do), in one statement (see floor.ts). Needs a server:
//   bash scripts/with-postgres.sh pnpm --filter @aisle/postgres bench
// Prints ops/s, p50/p99 per client count, the ratio to the floor, and bytes on disk per entry.
import { AisleError, CoreErrorCode, type StreamStore } from '@aisle/core';
import pg from 'pg';
import { record } from '../../../bench/lib';
import { createPostgresStreamStore, migrate } from '../src/index';
import { createFloor, floorWriteOneStatement } from './floor';
import { rng } from './seed';

const url = process.env.AISLE_PG_URL;
if (url === undefined) {
  console.error('AISLE_PG_URL is not set: run through scripts/with-postgres.sh');
  process.exit(1);
}
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CLIENTS = [1, 8, 32];
const schema = `bench_${Date.now().toString(36)}`;

interface Result {
  readonly ops: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly retries: number;
}

async function measure(clients: number, op: (member: string) => Promise<number>): Promise<Result> {
  const latencies: number[] = [];
  let retries = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const next = rng(c + 1);
      while (performance.now() < until) {
        const member = `member-${Math.floor(next() * MEMBERS)}`;
        const t = performance.now();
        retries += await op(member);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ops: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), retries };
}

let sequence = 0;
const entryFor = (member: string) => [
  { id: `e-${process.pid}-${++sequence}`, type: 'earn', data: { member, points: 10, receipt: `r-${sequence}` } },
];

/** Blind append (`any`): the head row is locked, no read before. */
const appendAny = (store: StreamStore) => async (member: string) => {
  await store.append(member, entryFor(member), { expectedVersion: 'any', snapshot: { balance: sequence } });
  return 0;
};

/** The decide flow: read the snapshot (one indexed read), append at its version, retry on conflict. */
const decideAndAppend = (store: StreamStore) => async (member: string) => {
  for (let attempt = 0; ; attempt++) {
    const loaded = await store.readSnapshot(member);
    try {
      await store.append(member, entryFor(member), { expectedVersion: loaded.version, snapshot: { balance: sequence } });
      return attempt;
    } catch (error) {
      if (!AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT) || attempt > 20) throw error;
    }
  }
};

/** An earn as a ledger does it: the decide flow plus an idempotency key and a budget counter (16 shards). */
const earn = (store: StreamStore) => async (member: string) => {
  for (let attempt = 0; ; attempt++) {
    const loaded = await store.readSnapshot(member);
    try {
      const receipt = `receipt-${process.pid}-${sequence + 1}`;
      await store.append(member, entryFor(member), {
        expectedVersion: loaded.version,
        snapshot: { balance: sequence },
        idempotency: { scope: 'earn', key: receipt, fingerprint: receipt },
        counters: [{ key: `budget:shard-${Number(member.slice(7)) % 16}`, delta: 10, limit: Number.MAX_SAFE_INTEGER }],
      });
      return attempt;
    } catch (error) {
      if (!AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT) || attempt > 20) throw error;
    }
  }
};

const admin = new pg.Pool({ connectionString: url, max: 2 });
await migrate(admin, { schema });
await createFloor(admin, schema, MEMBERS);

const cores = (await import('node:os')).availableParallelism();
console.log(
  `@aisle/postgres append bench: ${MEMBERS} members, ${SECONDS} s per run, ${cores} cores (shared machine: other work was running)`,
);
const fmt = (r: Result) =>
  `${r.perSecond.toFixed(0).padStart(6)} ops/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms`;
for (const clients of CLIENTS) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const store = createPostgresStreamStore(pool, { schema });
  const base = await measure(clients, floorWriteOneStatement(pool, schema));
  const any = await measure(clients, appendAny(store));
  const decided = await measure(clients, decideAndAppend(store));
  const earned = await measure(clients, earn(store));
  console.log(`${String(clients).padStart(2)} clients  floor (insert + update, one statement):  ${fmt(base)}`);
  console.log(`            append 'any' (+ snapshot):              ${fmt(any)}  = ${(any.perSecond / base.perSecond).toFixed(2)}x floor`);
  console.log(
    `            readSnapshot + append at version:       ${fmt(decided)}  = ${(decided.perSecond / base.perSecond).toFixed(2)}x floor, ${decided.retries} conflict retries`,
  );
  console.log(
    `            … + idempotency key + budget counter:   ${fmt(earned)}  = ${(earned.perSecond / base.perSecond).toFixed(2)}x floor, ${earned.retries} conflict retries`,
  );
  // Rows for `pnpm bench:report` (bench/lib.ts).
  for (const [subject, r] of [
    ["append 'any' (+ snapshot)", any],
    ['readSnapshot + append at version', decided],
    ['… + idempotency key + budget counter', earned],
  ] as const) {
    record({
      bench: `postgres/append, ${clients} clients`,
      subject,
      baseline: 'floor: insert journal + update balance in one statement',
      ratio: r.perSecond / base.perSecond,
      size: MEMBERS,
      rate: `${r.perSecond.toFixed(0)} ops/s, p99 ${r.p99.toFixed(1)} ms`,
    });
  }
  await pool.end();
}

const size = async (table: string) => {
  const { rows } = await admin.query(
    `SELECT pg_total_relation_size($1::regclass)::bigint AS bytes, (SELECT count(*) FROM ${table})::bigint AS n`,
    [table],
  );
  return { bytes: Number(rows[0].bytes), n: Number(rows[0].n) };
};
await admin.query(`VACUUM ANALYZE ${schema}.entries`);
await admin.query(`VACUUM ANALYZE ${schema}.floor_journal`);
const entries = await size(`${schema}.entries`);
const journal = await size(`${schema}.floor_journal`);
const streams = await size(`${schema}.streams`);
console.log(
  `bytes on disk: ${(entries.bytes / entries.n).toFixed(0)} per entry (${entries.n} entries; table, body (no jsonb copy: queryCopy is off by default), 3 indexes), ` +
    `${(journal.bytes / journal.n).toFixed(0)} per floor journal row, ${(streams.bytes / Math.max(1, streams.n)).toFixed(0)} per stream head row`,
);
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
