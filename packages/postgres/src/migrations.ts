import { encodeUtf8 } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PostgresError, PostgresErrorCode } from './errors';
import { mapDatabaseError } from './internal/map-error';
import { type PostgresDatabase, type PostgresSession, toQueryable } from './queryable';
import { DEFAULT_SCHEMA, quoteSchema } from './schema';

/** `{{schema}}` stands for the quoted schema name. Never edit a published migration: add one. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: ReadonlyArray<string>;
}

const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'stream store',
    statements: [
      // One row per stream: its length and head, moved by a conditional update on every append.
      // sort_key is the id in UTF-16 (big-endian) so that ORDER BY gives JavaScript's code-unit order.
      `CREATE TABLE {{schema}}.streams (
  stream_id text COLLATE "C" PRIMARY KEY,
  sort_key bytea NOT NULL,
  version bigint NOT NULL CHECK (version > 0),
  head text NOT NULL,
  head_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  snapshot text,
  snapshot_version bigint NOT NULL DEFAULT 0
)`,
      `CREATE INDEX streams_sort_key ON {{schema}}.streams (sort_key)`,
      // body is the exact canonical text that is hashed; data is a jsonb copy for queries only
      // (NULL when jsonb cannot hold the text: U+0000 or a lone surrogate).
      `CREATE TABLE {{schema}}.entries (
  stream_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  entry_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  hash text NOT NULL,
  body text NOT NULL,
  data jsonb,
  position bigint GENERATED ALWAYS AS IDENTITY,
  tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT entries_pkey PRIMARY KEY (stream_id, seq),
  CONSTRAINT entries_entry_id_key UNIQUE (stream_id, entry_id)
)`,
      `CREATE INDEX entries_feed ON {{schema}}.entries (tx, position)`,
      `CREATE TABLE {{schema}}.idempotency (
  scope text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  stream_id text COLLATE "C" NOT NULL,
  from_seq bigint NOT NULL,
  count integer NOT NULL,
  CONSTRAINT idempotency_pkey PRIMARY KEY (scope, key)
)`,
      // lim: the limit given by the latest move (moves carry their limit; kept for operators).
      `CREATE TABLE {{schema}}.counters (
  key text COLLATE "C" PRIMARY KEY,
  used bigint NOT NULL,
  lim bigint NOT NULL
)`,
      `CREATE TABLE {{schema}}.timers (
  stream_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  due_at timestamptz NOT NULL,
  PRIMARY KEY (stream_id, key)
)`,
      `CREATE INDEX timers_due ON {{schema}}.timers (due_at, stream_id, key)`,
      `CREATE TABLE {{schema}}.checkpoints (
  sequence bigint PRIMARY KEY,
  previous text NOT NULL,
  cut text NOT NULL,
  entry_count bigint NOT NULL,
  stream_count bigint NOT NULL,
  root text NOT NULL,
  algorithm text NOT NULL,
  hash text NOT NULL
)`,
      `CREATE TABLE {{schema}}.checkpoint_leaves (
  sequence bigint NOT NULL REFERENCES {{schema}}.checkpoints (sequence) ON DELETE CASCADE,
  ord integer NOT NULL,
  stream_id text COLLATE "C" NOT NULL,
  length bigint NOT NULL,
  head text NOT NULL,
  PRIMARY KEY (sequence, ord)
)`,
    ],
  },
  {
    version: 2,
    name: 'streams: in-place head updates',
    statements: [
      // Every append rewrites its stream's head row (version, head, snapshot), and no indexed
      // column changes: with room left on each page (fillfactor) the new row version goes on the
      // same page as a heap-only tuple, so neither index of the table is written. A head row with
      // its snapshot is usually a little over the 2 kB at which PostgreSQL starts compressing
      // wide rows; compressing it on every append cost more CPU than any other single step of
      // the write, so rows stay uncompressed inline up to 8160 bytes (toast_tuple_target).
      // Applies to pages written from now on; no rewrite, no long lock.
      `ALTER TABLE {{schema}}.streams SET (fillfactor = 70, toast_tuple_target = 8160)`,
    ],
  },
];

/** The newest schema version this package knows. @internal */
export const SCHEMA_VERSION = MIGRATIONS.length;

const checksumOf = (migration: Migration): string => bytesToHex(sha256(encodeUtf8(migration.statements.join(';\n'))));

const render = (statement: string, quoted: string): string => statement.replaceAll('{{schema}}', quoted);

const header = (quoted: string): ReadonlyArray<string> => [
  `CREATE SCHEMA IF NOT EXISTS ${quoted}`,
  `CREATE TABLE IF NOT EXISTS ${quoted}.aisle_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`,
];

/**
 * Options of {@link migrate} and {@link migrationSql}.
 *
 * @public
 */
export interface MigrateOptions {
  /** The schema holding Aisle's tables (default `aisle`); see {@link quoteSchema}. */
  readonly schema?: string | undefined;
}

/**
 * What {@link migrate} did.
 *
 * @public
 */
export interface MigrateResult {
  readonly schema: string;
  /** Versions applied by this call, in order (empty when the schema was up to date). */
  readonly applied: ReadonlyArray<number>;
  /** The schema's version now. */
  readonly version: number;
}

/**
 * Brings a schema up to this package's version: one transaction under a transaction-scoped
 * advisory lock (so any number of processes may migrate at once: one applies, the others then
 * find nothing to do), recording each version with the checksum of its SQL.
 *
 * @throws {@link PostgresError} `POSTGRES_INVALID_SCHEMA`; `POSTGRES_MIGRATION_CHECKSUM` when an
 * applied migration's SQL differs from the one shipped; `POSTGRES_SCHEMA_TOO_NEW` when the
 * database holds a version this package does not know (nothing is changed in either case).
 * `CORE_STORE_UNAVAILABLE` / `CORE_STORE_TRANSIENT` when the database is down or the
 * transaction was aborted.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { migrate } from '@aisle/postgres';
 *
 * const result = await migrate(new PGlite(), { schema: 'aisle' });
 * result.version; // 1
 * ```
 *
 * @public
 */
export async function migrate(database: PostgresDatabase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(schema);
  const db = toQueryable(database);
  try {
    return await db.transaction(async (tx) => {
      // The lock key is derived from the schema name, so two schemas migrate independently.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`aisle-postgres:migrate:${schema}`]);
      for (const statement of header(quoted)) await tx.query(statement);
      const applied = await appliedVersions(tx, quoted);
      checkApplied(applied, schema);
      const done: number[] = [];
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        for (const statement of migration.statements) await tx.query(render(statement, quoted));
        await tx.query(`INSERT INTO ${quoted}.aisle_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
          migration.version,
          migration.name,
          checksumOf(migration),
        ]);
        done.push(migration.version);
      }
      return { schema, applied: done, version: SCHEMA_VERSION };
    });
  } catch (error) {
    throw mapDatabaseError(error, `Migrating schema ${schema}`);
  }
}

async function appliedVersions(tx: PostgresSession, quoted: string): Promise<Map<number, string>> {
  const { rows } = await tx.query(`SELECT version, checksum FROM ${quoted}.aisle_migrations ORDER BY version`);
  return new Map(rows.map((row) => [Number(row.version), String(row.checksum)]));
}

function checkApplied(applied: ReadonlyMap<number, string>, schema: string): void {
  for (const [version, checksum] of applied) {
    const known = MIGRATIONS[version - 1];
    if (known === undefined) {
      throw new PostgresError(
        PostgresErrorCode.SCHEMA_TOO_NEW,
        `Schema ${schema} is at version ${Math.max(...applied.keys())}, newer than this @aisle/postgres knows (${SCHEMA_VERSION}): upgrade the package`,
        { details: { schema, version, known: SCHEMA_VERSION } },
      );
    }
    if (checksumOf(known) !== checksum) {
      throw new PostgresError(
        PostgresErrorCode.MIGRATION_CHECKSUM,
        `Schema ${schema}: migration ${version} (${known.name}) was applied with checksum ${checksum.slice(0, 12)}…, but this package ships ${checksumOf(known).slice(0, 12)}…`,
        { details: { schema, version, expected: checksumOf(known), actual: checksum } },
      );
    }
  }
}

/**
 * Checks, without changing anything, that a schema is migrated to exactly this package's version.
 *
 * @throws {@link PostgresError} `POSTGRES_SCHEMA_NOT_MIGRATED`, `POSTGRES_SCHEMA_TOO_NEW`,
 * `POSTGRES_MIGRATION_CHECKSUM`.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { checkSchema, migrate } from '@aisle/postgres';
 *
 * const db = new PGlite();
 * await migrate(db);
 * await checkSchema(db); // resolves
 * ```
 *
 * @public
 */
export async function checkSchema(database: PostgresDatabase, options: MigrateOptions = {}): Promise<void> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(schema);
  const db = toQueryable(database);
  let applied: Map<number, string>;
  try {
    const exists = await db.query('SELECT to_regclass($1) IS NOT NULL AS present', [`${quoted}.aisle_migrations`]);
    applied = exists.rows[0]?.present === true ? await appliedVersions(db, quoted) : new Map();
  } catch (error) {
    throw mapDatabaseError(error, `Checking schema ${schema}`);
  }
  checkApplied(applied, schema);
  if (applied.size < SCHEMA_VERSION) {
    throw new PostgresError(
      PostgresErrorCode.SCHEMA_NOT_MIGRATED,
      `Schema ${schema} is at version ${applied.size}, expected ${SCHEMA_VERSION}: run migrate() or \`aisle-postgres migrate\``,
      { details: { schema, version: applied.size, expected: SCHEMA_VERSION } },
    );
  }
}

/**
 * The SQL of every migration for one schema, for teams that apply migrations with their own
 * tool: it creates the schema and its tables and records each version (with the same checksums
 * {@link migrate} checks), so `migrate` finds it up to date afterwards. Run it in one transaction.
 *
 * @throws {@link PostgresError} `POSTGRES_INVALID_SCHEMA`.
 *
 * @example
 * ```ts
 * import { migrationSql } from '@aisle/postgres';
 *
 * const sql = migrationSql('aisle'); // 'CREATE SCHEMA IF NOT EXISTS "aisle";\n…'
 * ```
 *
 * @public
 */
export function migrationSql(schema: string = DEFAULT_SCHEMA): string {
  const quoted = quoteSchema(schema);
  const lines = [...header(quoted)];
  for (const migration of MIGRATIONS) {
    lines.push(`-- ${migration.version}: ${migration.name}`);
    for (const statement of migration.statements) lines.push(render(statement, quoted));
    lines.push(
      `INSERT INTO ${quoted}.aisle_migrations (version, name, checksum) VALUES (${migration.version}, '${migration.name.replaceAll("'", "''")}', '${checksumOf(migration)}')`,
    );
  }
  return `${lines.map((line) => (line.startsWith('--') ? line : `${line};`)).join('\n')}\n`;
}
