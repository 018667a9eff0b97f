import { AisleError, CoreErrorCode } from '@aisle/core';
import { PostgresError, PostgresErrorCode } from '../errors';
import { isConnectionError } from '../queryable';

/** The SQLSTATE of a driver error, when it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The constraint a driver error names (unique violations), when it names one. */
export function constraintOf(error: unknown): string | undefined {
  const name = typeof error === 'object' && error !== null ? (error as { constraint?: unknown }).constraint : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Turns a driver error into the contract's codes: deadlocks and serialisation failures are
 * `CORE_STORE_TRANSIENT`, a lost connection or a timeout `CORE_STORE_UNAVAILABLE`, a missing table
 * `POSTGRES_SCHEMA_NOT_MIGRATED`, anything else `POSTGRES_QUERY_FAILED`. Aisle errors pass through.
 * Messages carry the SQLSTATE and the server's message, never parameters or connection strings.
 */
export function mapDatabaseError(error: unknown, doing: string): AisleError {
  if (AisleError.isInstance(error)) return error;
  const state = sqlState(error);
  const said = error instanceof Error ? error.message : String(error);
  if (state === '40001' || state === '40P01') {
    return new AisleError(
      CoreErrorCode.STORE_TRANSIENT,
      `${doing}: ${state === '40P01' ? 'deadlock' : 'serialisation failure'}; nothing was written, retry`,
      {
        cause: error,
        details: { sqlState: state },
      },
    );
  }
  if (
    isConnectionError(error) ||
    state === '57014' || // query_canceled (statement_timeout)
    state === '55P03' || // lock_not_available (lock_timeout)
    state === '25P03' // idle_in_transaction_session_timeout
  ) {
    return new AisleError(
      CoreErrorCode.STORE_UNAVAILABLE,
      `${doing}: the database is unavailable or timed out (${state ?? 'connection'}: ${said}); a retry with the same entry ids is safe`,
      { cause: error, details: { sqlState: state } },
    );
  }
  if (state === '42P01' || state === '3F000') {
    return new PostgresError(
      PostgresErrorCode.SCHEMA_NOT_MIGRATED,
      `${doing}: ${said}; run migrate() or \`aisle-postgres migrate\` first`,
      {
        cause: error,
        details: { sqlState: state },
      },
    );
  }
  return new PostgresError(PostgresErrorCode.QUERY_FAILED, `${doing}: ${state === undefined ? '' : `${state}: `}${said}`, {
    cause: error,
    details: { sqlState: state },
  });
}
