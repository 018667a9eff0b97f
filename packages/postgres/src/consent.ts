/**
 * `@aisle/postgres/consent`: the store of `@aisle/consent` on PostgreSQL or PGlite. A separate entry point so
 * that `@aisle/consent`, an optional peer dependency, is only needed by those who import it.
 *
 * @packageDocumentation
 * @module @aisle/postgres/consent
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
export type { PostgresConsentStoreOptions } from './stores/consent';
export { createPostgresConsentStore } from './stores/consent';
