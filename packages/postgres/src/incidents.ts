/**
 * `@aisle/postgres/incidents`: the store of `@aisle/incidents` on PostgreSQL or PGlite. A separate entry point so
 * that `@aisle/incidents`, an optional peer dependency, is only needed by those who import it.
 *
 * @packageDocumentation
 * @module @aisle/postgres/incidents
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
export type { PostgresIncidentStoreOptions } from './stores/incidents';
export { createPostgresIncidentStore } from './stores/incidents';
