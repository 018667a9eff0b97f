// A worker for bench/domain.ts: 3000 earns and redemptions on members drawn from `space` member ids
// (members not seeded are created by their first earn: a sparse id space), then its RSS and heap
// after a full GC, as one JSON line. Usage: tsx --expose-gc memory-worker.ts <schema> <space> <ops>
import pg from 'pg';
import { createPostgresLedger } from '../src/points';
import { accrual } from '../test/support/domain';

const [schema, spaceArg, opsArg] = process.argv.slice(2) as [string, string, string];
const space = Number(spaceArg);
const pool = new pg.Pool({ connectionString: process.env.AISLE_PG_URL, max: 8 });
// The member cache of the bench's ledger (BENCH_MEMBER_CACHE, passed on by bench/domain.ts): bounded, so flat too.
const ledger = createPostgresLedger(pool, {
  schema,
  zone: 'Asia/Shanghai',
  expiry: { type: 'rolling', months: 24 },
  memberCache: Number(process.env.BENCH_MEMBER_CACHE ?? 0),
});
const at = Date.parse('2026-11-25T10:00:00+08:00'); // after every operation of the bench
let x = space;
const next = () => {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  return x % space;
};
const members = new Set<number>();
const ops = Number(opsArg);
let i = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (i < ops) {
      const n = i++;
      const m = next();
      members.add(m);
      const memberId = `member-${m}`;
      if (n % 2 === 0) await ledger.earn({ key: `mem:${space}:${n}`, at, evaluation: accrual(`M-${space}-${n}`, memberId, 10) });
      else await ledger.redeem({ key: `memr:${space}:${n}`, memberId, points: 1, at }).catch(() => undefined);
    }
  }),
);
await pool.end();
(globalThis as { gc?: () => void }).gc?.();
const usage = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rss: usage.rss, heap: usage.heapUsed, members: members.size })}\n`);
