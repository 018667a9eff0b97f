/**
 * `@aisle/postgres/points`: the store of `@aisle/points` on PostgreSQL or PGlite. A separate entry point so
 * that `@aisle/points`, an optional peer dependency, is only needed by those who import it.
 *
 * @packageDocumentation
 * @module @aisle/postgres/points
 */

export type {
  PgliteLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresDatabase,
  PostgresQueryable,
  PostgresQueryResult,
  PostgresSession,
} from './queryable';
export type { PostgresLedgerOptions } from './stores/points';
export { createPostgresLedger } from './stores/points';
