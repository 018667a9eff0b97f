import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/postgres` itself. The stream store also throws the `CORE_STORE_…` codes
 * of the contract (`CORE_STORE_VERSION_CONFLICT`, `CORE_STORE_TRANSIENT`, `CORE_STORE_UNAVAILABLE`…).
 *
 * @public
 */
export const PostgresErrorCode = {
  /** A schema name that is not 1–63 characters of `a-z`, `0-9` and `_`, starting with a letter or `_`. */
  INVALID_SCHEMA: 'POSTGRES_INVALID_SCHEMA',
  /** An applied migration's checksum differs from the SQL this package ships: the schema was changed by hand or by another build. */
  MIGRATION_CHECKSUM: 'POSTGRES_MIGRATION_CHECKSUM',
  /** The database holds a migration newer than this package knows: upgrade the package, never downgrade the schema. */
  SCHEMA_TOO_NEW: 'POSTGRES_SCHEMA_TOO_NEW',
  /** The schema has not been migrated (or only partly): run `migrate` or `aisle-postgres migrate`. */
  SCHEMA_NOT_MIGRATED: 'POSTGRES_SCHEMA_NOT_MIGRATED',
  /** Another process holds the embedded database directory; `details.pid` names it. */
  DIRECTORY_LOCKED: 'POSTGRES_DIRECTORY_LOCKED',
  /** The value passed as a database is neither a `pg` Pool, a PGlite instance nor a {@link PostgresQueryable}. */
  INVALID_DATABASE: 'POSTGRES_INVALID_DATABASE',
  /** A statement failed for a reason that is neither a conflict, a transient failure nor an outage; `cause` holds the driver's error. */
  QUERY_FAILED: 'POSTGRES_QUERY_FAILED',
  /** The command line was used wrongly (unknown command or option, missing `--url`). */
  CLI_USAGE: 'POSTGRES_CLI_USAGE',
} as const;

/** @public */
export type PostgresErrorCode = (typeof PostgresErrorCode)[keyof typeof PostgresErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/postgres`. */
    postgres: PostgresErrorCode;
  }
}

/**
 * The errors `@aisle/postgres` throws with its own codes.
 * `PostgresError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { PostgresError, PostgresErrorCode } from '@aisle/postgres';
 *
 * try {
 *   throw new PostgresError(PostgresErrorCode.INVALID_SCHEMA, 'schema: expected a-z, 0-9 or _, received "a-b"');
 * } catch (error) {
 *   if (PostgresError.isInstance(error, PostgresErrorCode.INVALID_SCHEMA)) console.log(error.message);
 * }
 * ```
 *
 * @public
 */
export class PostgresError extends AisleError<PostgresErrorCode> {
  /** The `POSTGRES_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(PostgresErrorCode);
  /** Always `'PostgresError'`. */
  override name = 'PostgresError';
}
