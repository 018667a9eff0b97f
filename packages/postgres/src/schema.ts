import { PostgresError, PostgresErrorCode } from './errors';

/** The schema the stores use when none is given. */
export const DEFAULT_SCHEMA = 'aisle';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Validates a schema name and returns it double-quoted for SQL. Only `a-z`, `0-9` and `_` (1–63
 * characters, not starting with a digit, not `pg_…`) are accepted, so a name can never change the
 * meaning of a statement and means the same thing quoted or not.
 *
 * @throws {@link PostgresError} `POSTGRES_INVALID_SCHEMA`.
 *
 * @example
 * ```ts
 * import { quoteSchema } from '@aisle/postgres';
 *
 * quoteSchema('aisle_tenant_7'); // '"aisle_tenant_7"'
 * ```
 *
 * @public
 */
export function quoteSchema(schema: string = DEFAULT_SCHEMA): string {
  if (typeof schema !== 'string' || !NAME.test(schema) || schema.startsWith('pg_')) {
    const received =
      typeof schema === 'string'
        ? schema.length > 70
          ? `a string of ${schema.length} characters`
          : JSON.stringify(schema)
        : typeof schema;
    throw new PostgresError(
      PostgresErrorCode.INVALID_SCHEMA,
      `schema: expected 1 to 63 characters of a-z, 0-9 and _, not starting with a digit or pg_, received ${received}`,
      { details: { received: typeof schema === 'string' ? schema.slice(0, 70) : typeof schema } },
    );
  }
  return `"${schema}"`;
}
