import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { PostgresQueryable, PostgresSession } from '../../src/index';
import { toQueryable } from '../../src/index';

/** The server under test (scripts/with-postgres.sh starts one and sets it). */
export const url = process.env.AISLE_PG_URL;

if (url === undefined && process.env.CI !== undefined && process.env.CI !== '') {
  throw new Error(
    'CI is set but AISLE_PG_URL is not: the PostgreSQL server suites must run in CI (start them through scripts/with-postgres.sh)',
  );
}
if (url === undefined)
  console.warn('AISLE_PG_URL is not set: skipping the PostgreSQL server suites (run them with scripts/with-postgres.sh)');

/** `describe` when a server is configured, `describe.skip` (announced above) when not. */
export function describeServer(name: string, body: () => void): void {
  if (url === undefined) describe.skip(name, body);
  else describe(name, body);
}

const pools: pg.Pool[] = [];

/** A pool closed after the file's tests. */
export function pool(max = 10): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max });
  pools.push(p);
  return p;
}

afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

let counter = 0;
/** A schema name unique to this run and test. */
export function freshSchema(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/**
 * A queryable whose transactions stop at chosen points: `hold(match)` makes the next transaction
 * statement whose text contains `match` (or COMMIT) wait until the returned `release` is called;
 * `reached` resolves when a transaction is waiting there.
 */
export function gated(pool: pg.Pool): PostgresQueryable & { hold(match: string): { reached: Promise<void>; release: () => void } } {
  const base = toQueryable(pool);
  const holds: Array<{ match: string; reached: () => void; wait: Promise<void> }> = [];
  return {
    query: base.query,
    hold(match) {
      let reached!: () => void;
      let release!: () => void;
      const reachedP = new Promise<void>((r) => {
        reached = r;
      });
      const wait = new Promise<void>((r) => {
        release = r;
      });
      holds.push({ match, reached, wait });
      return { reached: reachedP, release };
    },
    async transaction<T>(fn: (tx: PostgresSession) => Promise<T>): Promise<T> {
      const check = async (text: string) => {
        const i = holds.findIndex((h) => text.includes(h.match));
        if (i < 0) return;
        const [h] = holds.splice(i, 1);
        h?.reached();
        await h?.wait;
      };
      return base.transaction(async (tx) => {
        const session: PostgresSession = {
          query: async (text, params) => {
            await check(text);
            return tx.query(text, params);
          },
        };
        const result = await fn(session);
        await check('COMMIT');
        return result;
      });
    },
  };
}

/** Polls `probe` until it returns true (other test files' open transactions can delay the feed). */
export async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
