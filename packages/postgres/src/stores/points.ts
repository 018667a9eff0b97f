import { createLedger, type Ledger, type LedgerOptions } from '@aisle/points';
import type { PostgresDatabase } from '../queryable';
import { createPostgresStreamStore } from '../stream-store';

/**
 * Options of {@link createPostgresLedger}: the schema `migrate` (from `@aisle/postgres`) created, and the
 * options of `createLedger` from `@aisle/points` except `store`.
 *
 * @example `{ schema: 'aisle', zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 24 }, holdDays: 7 }`
 *
 * @public
 */
export interface PostgresLedgerOptions extends Omit<LedgerOptions, 'store'> {
  /** The schema `migrate` created (default `aisle`). */
  readonly schema?: string | undefined;
  /** With a `pg` Pool, named prepared statements planned once per connection (default `false`; see `PostgresStreamStoreOptions`). */
  readonly preparedStatements?: boolean | undefined;
  /** Write the `jsonb` query copy of each entry's data (default `false`; see `PostgresStreamStoreOptions.queryCopy`). */
  readonly queryCopy?: boolean | undefined;
}

/**
 * The points ledger of `@aisle/points` on PostgreSQL or PGlite: `createLedger` over
 * `createPostgresStreamStore` (from `@aisle/postgres`). One hash-chained stream per member
 * (`points:member:{id}`) whose snapshot is written in the append's transaction, so an operation
 * reads one member and nothing in the process grows with the number of members; caps and sharded
 * campaign budgets are counters moved by a conditional update in the same transaction (several
 * servers together never exceed a budget); `runDue` finds due lots through the timers index and
 * may run on several workers at once. Run `migrate` first. (The points package has no separate
 * "ledger store" type: its store is the stream store, so this returns the ledger itself.)
 *
 * @example
 * ```ts
 * import { migrate } from '@aisle/postgres';
 * import { createPostgresLedger } from '@aisle/postgres/points';
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const ledger = createPostgresLedger(pool, { zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 24 } });
 * await ledger.earn({ key: 'earn:R-1', at: new Date(), evaluation });
 * (await ledger.balance('m-1')).available;
 * ```
 *
 * @public
 */
export function createPostgresLedger(database: PostgresDatabase, options: PostgresLedgerOptions): Ledger {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected the ledger options (zone, expiry, …)');
  const { schema, preparedStatements, queryCopy, ...rest } = options;
  return createLedger({ ...rest, store: createPostgresStreamStore(database, { schema, preparedStatements, queryCopy }) });
}
