/**
 * `@aisle/postgres`: Aisle's stores on PostgreSQL 13+ (a `pg` Pool against a server) or embedded
 * PGlite (persisting to a directory). Node-only.
 *
 * @packageDocumentation
 * @module @aisle/postgres
 */

export { PostgresError, PostgresErrorCode } from './errors';
export type { MigrateOptions, MigrateResult } from './migrations';
export { checkSchema, migrate, migrationSql } from './migrations';
export type { CliIo } from './node/cli';
export { runCli } from './node/cli';
export type { PgliteHandle } from './node/pglite';
export { openPglite } from './node/pglite';
export type {
  PgliteLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresDatabase,
  PostgresQueryable,
  PostgresQueryResult,
  PostgresSession,
  ToQueryableOptions,
} from './queryable';
export { toQueryable } from './queryable';
export { createPostgresRawAccess } from './raw';
export { redactConnectionString } from './redact';
export { quoteSchema } from './schema';
export type { PostgresStreamStoreOptions } from './stream-store';
export { createPostgresStreamStore } from './stream-store';
