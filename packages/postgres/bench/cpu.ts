// CPU per operation of the domain stores against the floor, on a PostgreSQL server: for each
// operation, CPU_CLIENTS (default 32) concurrent clients for BENCH_SECONDS, and the CPU time this
// Node process and every process of the server (read from /proc) spent per operation, with the
// statements sent per operation. On a machine whose cores are all busy, throughput is the inverse
// of CPU per operation, so this is the figure to lower; other load on a shared machine moves it
// by about ±10% (a throughput ratio moves far more), so compare variants run by run, alternating.
// A diagnostic, not part of `pnpm bench:report` (no package script). Linux only (reads /proc);
// the server must run on this machine. From packages/postgres:
//   bash ../../scripts/with-postgres.sh node bench/run.mjs bench/cpu.ts
// (bench/run.mjs compiles it as the published package is: see there why not tsx).
// CPU_ONLY=floor,earn picks operations (floor: the one-statement floor, floorTx: BEGIN…COMMIT, see floor.ts); BENCH_MEMBERS (default 10 000), BENCH_SECONDS (3), CPU_WARM (4),
// BENCH_MEMBER_CACHE (the ledger's memberCache, default 10 000 as in bench/domain.ts; 0 turns it off).
// CPU_STATEMENTS=1 prints, after each operation, the server's execution and planning time and WAL
// bytes per call of each statement it ran (pg_stat_statements, which the server must preload:
// AISLE_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on"
// on scripts/with-postgres.sh).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { AisleError } from '@aisle/core';
import pg from 'pg';
import { createPostgresConsentStore } from '../src/consent';
import { migrate } from '../src/index';
import { createPostgresLedger } from '../src/points';
import { accrual, catalogue, consentEvent } from '../test/support/domain';
import { createFloor, floorWrite, floorWriteOneStatement } from './floor';
import { ledgerOptions, rng, seedDomain, T0 } from './seed';

const url = process.env.AISLE_PG_URL;
if (url === undefined) {
  console.error('AISLE_PG_URL is not set: run through scripts/with-postgres.sh');
  process.exit(1);
}
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CLIENTS = Number(process.env.CPU_CLIENTS ?? 32);
const ONLY = process.env.CPU_ONLY?.split(',');
// CPU_PROFILE=dir: a V8 CPU profile of each measured run (not of the seeding and warm-up), as <dir>/<op>.cpuprofile.
const PROFILE = process.env.CPU_PROFILE;
// CPU_PERF=dir: \`perf record -a -g\` during each measured run, as <dir>/<op>.data, and the pids of this
// process and the server's in <dir>/<op>.pids (run node with --perf-basic-prof for JavaScript names).
const PERF = process.env.CPU_PERF;
// The ledger keeps what it last wrote for up to this many members (`memberCache`; BENCH_MEMBER_CACHE=0 turns it off).
const MEMBER_CACHE = Number(process.env.BENCH_MEMBER_CACHE ?? 10_000);
// BENCH_QUERY_COPY=1 also writes the jsonb query copy of entry data (the stores' `queryCopy: true`;
// off by default, as in the stores).
const QUERY_COPY = process.env.BENCH_QUERY_COPY === '1';
const schema = `benchc_${Date.now().toString(36)}`;
const TICK = 100; // clock ticks per second (USER_HZ on Linux)
const STATEMENTS = process.env.CPU_STATEMENTS === '1';

let statements = 0;
const realQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (realQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof realQuery;

/** CPU seconds of the server: the postmaster and every process it started, running or exited (from /proc/<pid>/stat). */
function serverCpu(postmaster: number): number {
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (Number(name) !== postmaster && ppid !== postmaster) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    // The postmaster reaps its children: cutime + cstime hold the CPU of those that exited (autovacuum workers).
    if (Number(name) === postmaster) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return ticks / TICK;
}

/** CPU seconds of this process's main thread and of its other threads (V8's compiler and GC helpers, libuv), from /proc/self/task. */
function threadCpu(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number(tid) === process.pid) main += ticks;
    else others += ticks;
  }
  return { main: main / TICK, others: others / TICK };
}

function serverPids(postmaster: number): number[] {
  const pids = [postmaster];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(name));
    } catch {}
  }
  return pids;
}

const admin = new pg.Pool({ connectionString: url, max: 2 });
const backend = Number((await admin.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
const postmaster = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${backend}/status`, 'utf8'))?.[1]);
if (STATEMENTS) await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
await migrate(admin, { schema });
await createFloor(admin, schema, MEMBERS);
await seedDomain(admin, schema, MEMBERS);

const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
const ledger = createPostgresLedger(pool, {
  schema,
  ...ledgerOptions,
  maxAttempts: 50,
  preparedStatements: true,
  memberCache: MEMBER_CACHE,
  queryCopy: QUERY_COPY,
});
const consents = createPostgresConsentStore(pool, { schema, catalogue, maxAttempts: 50, preparedStatements: true, queryCopy: QUERY_COPY });
const floor = floorWriteOneStatement(pool, schema, true);
const floorTx = floorWrite(pool, schema, true);
let n = 0;
let clock = T0 + 1000;
const refused = (codes: string[]) => (error: unknown) => {
  if (AisleError.isInstance(error) && codes.includes(error.code)) return 1;
  throw error;
};
const ops: Record<string, (m: number) => Promise<number>> = {
  floor: (m) => floor(`member-${m}`),
  // The BEGIN; INSERT; UPDATE; COMMIT floor (four statements; the floor until 2026-12-01).
  floorTx: (m) => floorTx(`member-${m}`),
  earn: (m) => {
    n += 1;
    clock += 1;
    return ledger
      .earn({ key: `b:${n}`, at: clock, evaluation: accrual(`B-${n}`, `member-${m}`, 10) })
      .then(() => 0, refused(['POINTS_BACKDATED']));
  },
  redeem: (m) => {
    n += 1;
    clock += 1;
    return ledger
      .redeem({ key: `r:${n}`, memberId: `member-${m}`, points: 1, at: clock })
      .then(() => 0, refused(['POINTS_INSUFFICIENT_BALANCE']));
  },
  consent: (m) => {
    n += 1;
    clock += 1;
    return consents
      .append(consentEvent(`b-${n}`, `member-${m}`, { type: n % 2 === 0 ? 'withdrawn' : 'given', at: clock }))
      .then(() => 0, refused(['CONSENT_OUT_OF_ORDER']));
  },
};

console.log(
  `CPU per op, ${MEMBERS} members, ${CLIENTS} clients, ${SECONDS} s each, ledger memberCache ${MEMBER_CACHE}, query copy ${QUERY_COPY ? 'on' : 'off'}, load ${loadavg()[0]?.toFixed(1)}`,
);
for (const [name, op] of Object.entries(ops)) {
  if (ONLY !== undefined && !ONLY.includes(name)) continue;
  // Warm-up with every client, so the pool's connections exist before the measured run and the
  // JIT has optimised the path (CPU_WARM seconds, default 4: on a loaded machine the earn path is
  // still being compiled after 1.5 s, a fifth of Node's CPU in the measured run).
  const warm = performance.now() + Number(process.env.CPU_WARM ?? 4) * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let m = c; performance.now() < warm; m += CLIENTS) await op((m * 7919) % MEMBERS);
    }),
  );
  const inspector = PROFILE === undefined ? undefined : new Session();
  if (inspector !== undefined) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const perf =
    PERF === undefined
      ? undefined
      : spawn(
          'perf',
          ['record', '-F', '4999', '-g', '-p', [process.pid, ...serverPids(postmaster)].join(','), '-o', `${PERF}/${name}.data`],
          {
            stdio: 'ignore',
          },
        );
  if (perf !== undefined) await new Promise((resolve) => setTimeout(resolve, 300));
  if (STATEMENTS) await admin.query('SELECT pg_stat_statements_reset()');
  const node0 = process.cpuUsage();
  const threads0 = threadCpu();
  const server0 = serverCpu(postmaster);
  const statements0 = statements;
  let count = 0;
  let refusals = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const next = rng(c + 7);
      while (performance.now() < until) {
        refusals += await op(Math.floor(next() * MEMBERS));
        count += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const node = process.cpuUsage(node0);
  const threads1 = threadCpu();
  const server = serverCpu(postmaster) - server0;
  if (perf !== undefined) {
    const done = new Promise((resolve) => perf.on('exit', resolve));
    perf.kill('SIGINT');
    await done;
    writeFileSync(`${PERF}/${name}.pids`, [process.pid, ...serverPids(postmaster)].join(','));
  }
  if (inspector !== undefined) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(`${PROFILE}/${name}.cpuprofile`, JSON.stringify(profile));
    inspector.disconnect();
  }
  const nodeMs = ((node.user + node.system) / 1000 / count).toFixed(3);
  const nodeSys = (node.system / 1000 / count).toFixed(3);
  const serverMs = ((server * 1000) / count).toFixed(3);
  const mainMs = (((threads1.main - threads0.main) * 1000) / count).toFixed(3);
  const otherMs = (((threads1.others - threads0.others) * 1000) / count).toFixed(3);
  console.log(
    `${name.padEnd(8)} ${(count / elapsed).toFixed(0).padStart(6)} ops/s  node ${nodeMs} ms/op (sys ${nodeSys}; main thread ${mainMs}, other threads ${otherMs})  server ${serverMs} ms/op  ` +
      `total ${(Number(nodeMs) + Number(serverMs)).toFixed(3)}  ${((statements - statements0) / count).toFixed(2)} statements/op  refused ${refusals}  load ${loadavg()[0]?.toFixed(1)}`,
  );
  if (STATEMENTS) {
    // Statements this operation ran at least once per 20 operations (the seeding, warm-up and reset are not counted).
    const { rows: stats } = await admin.query(
      `SELECT calls::bigint AS calls, total_exec_time / calls * 1000 AS exec_us, total_plan_time / calls * 1000 AS plan_us,
  wal_bytes::numeric / calls AS wal, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS text
FROM pg_stat_statements WHERE calls >= $1 ORDER BY total_exec_time DESC LIMIT 8`,
      [Math.max(1, Math.floor(count / 20))],
    );
    for (const r of stats) {
      console.log(
        `         ${String(r.calls).padStart(7)} calls  exec ${Number(r.exec_us).toFixed(0).padStart(4)} µs  plan ${Number(r.plan_us).toFixed(0).padStart(3)} µs  WAL ${Number(r.wal).toFixed(0).padStart(5)} B  ${r.text}`,
      );
    }
  }
}
const { rows } = await admin.query(
  `SELECT avg(length(snapshot))::int AS snap, avg(pg_column_size(s.*))::int AS row FROM ${schema}.streams s WHERE stream_id LIKE 'points:%'`,
);
console.log(`points stream rows: snapshot ${rows[0].snap} chars, row ${rows[0].row} bytes on average`);
const earned = await admin.query(
  `SELECT data IS NULL AS bare, count(*)::int AS n, avg(pg_column_size(e.*))::int AS row, avg(length(body))::int AS body FROM ${schema}.entries e
WHERE type = 'earn' GROUP BY 1 ORDER BY 1`,
);
for (const r of earned.rows) {
  console.log(
    `earn entry rows ${r.bare ? 'without' : 'with'} the jsonb copy: ${r.row} bytes on average (body ${r.body} chars; ${r.n} rows)`,
  );
}
const hot = await admin.query(
  `SELECT n_tup_upd::bigint AS upd, n_tup_hot_upd::bigint AS hot FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'streams'`,
  [schema],
);
console.log(`streams updates: ${hot.rows[0]?.upd}, heap-only (no index written): ${hot.rows[0]?.hot}`);
await pool.end();
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
