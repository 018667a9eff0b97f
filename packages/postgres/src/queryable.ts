import { PostgresError, PostgresErrorCode } from './errors';
import { sha256Hex } from './node/hash';

/**
 * One statement's result as the stores read it: the rows (column name → value) and how many rows
 * the statement inserted, updated or deleted.
 *
 * @public
 */
export interface PostgresQueryResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly rowCount: number;
}

/**
 * Something that runs one parameterised statement: a connection inside a transaction.
 *
 * @public
 */
export interface PostgresSession {
  /** Runs one statement with `$1…$n` parameters (never interpolated into the text). */
  query(text: string, params?: ReadonlyArray<unknown>): Promise<PostgresQueryResult>;
}

/**
 * The small query interface every Aisle store on PostgreSQL uses: single statements, and
 * transactions on one connection (`BEGIN` … `COMMIT`, rolled back when `fn` throws). It keeps no
 * session state between calls (unless asked for prepared statements: `ToQueryableOptions`), so
 * it works through a transaction-mode pooler (PgBouncer).
 * `toQueryable` makes one from a `pg` Pool or a PGlite instance; implement it yourself for
 * another driver.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { toQueryable } from '@aisle/postgres';
 *
 * const db = toQueryable(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * await db.transaction(async (tx) => tx.query('SELECT $1::int AS one', [1]));
 * ```
 *
 * @public
 */
export interface PostgresQueryable extends PostgresSession {
  transaction<T>(fn: (tx: PostgresSession) => Promise<T>): Promise<T>;
}

/**
 * The shape of a `pg` Pool that `toQueryable` uses (structural: no import of `pg`).
 *
 * @public
 */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  connect(): Promise<PgPoolClientLike>;
  readonly totalCount: number;
}

/**
 * A client checked out of a `pg` Pool.
 *
 * @public
 */
export interface PgPoolClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(destroy?: Error | boolean): void;
  /** `pg` clients emit `error` when the server drops a checked-out connection between statements. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The shape of a PGlite instance that `toQueryable` uses (structural: no import of PGlite).
 *
 * @public
 */
export interface PgliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number; rowCount?: number }>;
  transaction<T>(fn: (tx: { query: PgliteLike['query'] }) => Promise<T>): Promise<T>;
}

/**
 * What the stores accept as a database: a `pg` Pool, a PGlite instance, or your own
 * {@link PostgresQueryable}.
 *
 * @public
 */
export type PostgresDatabase = PostgresQueryable | PgPoolLike | PgliteLike;

/**
 * Options of {@link toQueryable}.
 *
 * @example `{ preparedStatements: true }`
 *
 * @public
 */
export interface ToQueryableOptions {
  /**
   * With a `pg` Pool: send each statement as a named prepared statement (the name derived from
   * its text), so that each connection parses and plans it once and then reuses the plan — the
   * append statement's planning is most of its server time. Default `false`, because a prepared
   * statement lives in the server session: behind a transaction-mode pooler turn it on only when
   * the pooler supports protocol-level prepared statements (PgBouncer 1.21 or newer with
   * `max_prepared_statements` above 0). Ignored for PGlite and for your own
   * {@link PostgresQueryable}.
   */
  readonly preparedStatements?: boolean | undefined;
}

/**
 * Adapts a `pg` Pool or a PGlite instance to {@link PostgresQueryable} (anything that already has
 * `query` and `transaction` is wrapped so its results are normalised). A pooled client whose
 * transaction failed on the connection is destroyed, not returned to the pool.
 *
 * @throws {@link PostgresError} `POSTGRES_INVALID_DATABASE` for anything else (a `pg` Client
 * included: pass a Pool, so that concurrent transactions get their own connections).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { toQueryable } from '@aisle/postgres';
 *
 * const db = toQueryable(new PGlite());
 * (await db.query('SELECT 1 AS one')).rows; // [{ one: 1 }]
 * ```
 *
 * @public
 */
export function toQueryable(db: PostgresDatabase, options: ToQueryableOptions = {}): PostgresQueryable {
  if (typeof db !== 'object' || db === null || typeof (db as { query?: unknown }).query !== 'function') {
    throw invalid();
  }
  const prepared = options?.preparedStatements;
  if (prepared !== undefined && typeof prepared !== 'boolean') {
    throw new TypeError(`preparedStatements: expected true or false, received ${typeof prepared}`);
  }
  if (isPool(db)) return fromPool(db, prepared === true);
  if (typeof (db as { transaction?: unknown }).transaction === 'function') return fromTransactional(db as PgliteLike);
  throw invalid();
}

function invalid(): PostgresError {
  return new PostgresError(
    PostgresErrorCode.INVALID_DATABASE,
    'database: expected a pg Pool, a PGlite instance or an object with query(text, params) and transaction(fn); received something else (a pg Client? pass a Pool)',
  );
}

function isPool(db: object): db is PgPoolLike {
  return typeof (db as { connect?: unknown }).connect === 'function' && typeof (db as { totalCount?: unknown }).totalCount === 'number';
}

function normalise(result: { rows?: unknown[]; rowCount?: number | null; affectedRows?: number } | undefined): PostgresQueryResult {
  const rows = (Array.isArray(result?.rows) ? result.rows : []) as Array<Record<string, unknown>>;
  const rowCount =
    typeof result?.rowCount === 'number' ? result.rowCount : typeof result?.affectedRows === 'number' ? result.affectedRows : rows.length;
  return { rows, rowCount };
}

function fromTransactional(db: PgliteLike | PostgresQueryable): PostgresQueryable {
  const session = (target: { query: PgliteLike['query'] | PostgresQueryable['query'] }): PostgresSession => ({
    query: async (text, params = []) => normalise(await (target.query as PgliteLike['query'])(text, params as unknown[])),
  });
  const top = session(db);
  return {
    query: top.query,
    transaction: <T>(fn: (tx: PostgresSession) => Promise<T>) =>
      (db as PgliteLike).transaction((tx: { query: PgliteLike['query'] }) => fn(session(tx))) as Promise<T>,
  };
}

/** Statement texts named per queryable; beyond this many distinct texts, statements go unnamed. */
const MAX_NAMED = 500;

/**
 * Names statements for `pg` (`{ name, text, values }`): the name is a digest of the text, so two
 * queryables over one Pool never give one name to two texts (which `pg` refuses on a connection).
 */
function statementNamer(): (text: string, values: unknown[]) => { name?: string; text: string; values: unknown[] } {
  const names = new Map<string, string>();
  return (text, values) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `aisle_${sha256Hex(text).slice(0, 32)}`;
      names.set(text, name);
    }
    return name === undefined ? { text, values } : { name, text, values };
  };
}

function fromPool(pool: PgPoolLike, prepared: boolean): PostgresQueryable {
  const named = prepared ? statementNamer() : undefined;
  // pg accepts a query config object in place of the text (the structural types name only the text form).
  const run = (target: PgPoolLike | PgPoolClientLike, text: string, params: ReadonlyArray<unknown>) =>
    named === undefined
      ? target.query(text, params as unknown[])
      : (target.query as (config: unknown) => ReturnType<PgPoolLike['query']>)(named(text, params as unknown[]));
  return {
    query: async (text, params = []) => normalise(await run(pool, text, params)),
    async transaction<T>(fn: (tx: PostgresSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: PostgresSession = { query: async (text, params = []) => normalise(await run(client, text, params)) };
      let destroy: Error | undefined;
      // A connection the server drops while this transaction is between statements emits 'error'
      // on the checked-out client; unhandled, that would crash the process. The next statement
      // fails on the dead connection, and the client is destroyed instead of reused.
      const onError = (error: Error): void => {
        destroy = error;
      };
      client.on?.('error', onError);
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(tx);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            // The connection is unusable: drop it instead of handing a broken client to the next caller.
            destroy = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
          }
          throw error;
        }
      } catch (error) {
        destroy ??= isConnectionError(error) ? (error as Error) : undefined;
        throw error;
      } finally {
        client.removeListener?.('error', onError);
        client.release(destroy);
      }
    },
  };
}

/** True for errors that mean the connection itself failed (not the statement). @internal */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
    if (/^E[A-Z_]+$/.test(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|PGlite is closed/i.test(
      message,
    )
  );
}
