import {
  AisleError,
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  CoreErrorCode,
  checkSnapshotOptions,
  type DueTimer,
  type FeedEntry,
  type FeedLag,
  type FeedPage,
  GENESIS_HASH,
  type HeadsAtCut,
  type Json,
  type NewStreamEntry,
  parseEntryBody,
  type ReadSnapshotOptions,
  type StoredCheckpoint,
  type StreamHead,
  type StreamSlice,
  type StreamSnapshot,
  type StreamStore,
  ValidationError,
  type ValidationIssueInit,
} from '@aisle/core';
import { appendEntries, entriesOf, HeadCache } from './internal/append';
import { decodeCursor, encodeCursor, START } from './internal/cursor';
import { mapDatabaseError } from './internal/map-error';
import { sortKeyHex } from './internal/sort-key';
import { checkId, checkStreamId, checkWhole, describe, fail, instantArg } from './internal/validate';
import { type PostgresDatabase, type ToQueryableOptions, toQueryable } from './queryable';
import { DEFAULT_SCHEMA, quoteSchema } from './schema';

/**
 * Options of {@link createPostgresStreamStore}.
 *
 * @public
 */
export interface PostgresStreamStoreOptions {
  /** The schema {@link migrate} created (default `aisle`). */
  readonly schema?: string | undefined;
  /**
   * With a `pg` Pool, run each statement as a named prepared statement, planned once per
   * connection (see {@link ToQueryableOptions.preparedStatements}; default `false`).
   */
  readonly preparedStatements?: boolean | undefined;
  /**
   * Also write a `jsonb` query copy of each entry's data in the `data` column beside `body` (default
   * `false`). Only your own SQL would read it: reading, the feed, idempotency and `verify` use
   * `body`, the hashed text, so leaving it off loses no safety. Off, new rows have `data` NULL and a
   * query reads `(body::jsonb)->'data'` instead; on, the server also parses and stores the data as
   * `jsonb` (about 40 % more bytes per ledger entry, and CPU on every append).
   */
  readonly queryCopy?: boolean | undefined;
}

const LEAF_BATCH = 5000;

/**
 * The `StreamStore` contract of `@aisle/core` on PostgreSQL 13+ (a `pg` Pool) or PGlite.
 *
 * - Expected versions are checked by the database: a stream's first append inserts its head row
 *   (`ON CONFLICT DO NOTHING`, row count checked), later ones update it with
 *   `WHERE version = $expected`; `any` and `stream_exists` lock the head row. A stale version writes nothing and
 *   throws `CORE_STORE_VERSION_CONFLICT`.
 * - Each entry row keeps `body`, the exact canonical text that is hashed (a `jsonb` copy of the
 *   data sits beside it for queries only when `queryCopy` is on), the writing transaction's id and an identity position.
 * - The feed returns only entries of transactions older than every transaction still running
 *   (`tx < pg_snapshot_xmin(pg_current_snapshot())`), ordered by `(tx, position)`, so an entry that
 *   commits late is never skipped: it waits until it can be returned in order. `feedLag()` says how much is held back and for how long.
 * - Deadlocks and serialisation failures throw `CORE_STORE_TRANSIENT`; a lost connection or a
 *   timeout `CORE_STORE_UNAVAILABLE` (nothing half-written: each append is one transaction).
 * - Every statement is parameterised and no session state is kept, so a transaction-mode pooler works.
 *
 * Run {@link migrate} (or apply {@link migrationSql}) first.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresStreamStore, migrate } from '@aisle/postgres';
 *
 * const db = new PGlite();
 * await migrate(db);
 * const store = createPostgresStreamStore(db);
 * await store.append('member:m-1', [{ id: 'e-1', type: 'earn', data: { points: 10 } }], { expectedVersion: 'no_stream' });
 * (await store.read('member:m-1')).version; // 1
 * ```
 *
 * @public
 */
export function createPostgresStreamStore(database: PostgresDatabase, options: PostgresStreamStoreOptions = {}): StreamStore {
  const s = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const db = toQueryable(database, { preparedStatements: options.preparedStatements });
  const queryCopy = options.queryCopy ?? false;
  if (typeof queryCopy !== 'boolean') throw new TypeError(`queryCopy: expected a boolean, received ${describe(queryCopy)}`);

  // The heads this store last read or wrote: an append at the version just read skips reading the
  // head again (its statement re-checks version and head, so a stale entry is never a wrong write).
  const heads = new HeadCache();
  const guarded = async <R>(doing: string, run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw mapDatabaseError(error, doing);
    }
  };

  return {
    append<T extends Json>(
      streamId: string,
      entries: ReadonlyArray<NewStreamEntry<T>>,
      appendOptions: AppendOptions,
    ): Promise<AppendResult<T>> {
      return appendEntries(db, s, streamId, entries, appendOptions, heads, queryCopy);
    },

    async read<T extends Json = Json>(streamId: string, readOptions: { from?: number | undefined; limit?: number | undefined } = {}) {
      checkStreamId(streamId);
      const from = readOptions.from ?? 0;
      checkWhole('from', from, 0);
      if (readOptions.limit !== undefined) checkWhole('limit', readOptions.limit, 1);
      const { rows } = await guarded(`Reading stream ${streamId}`, () =>
        db.query(
          `SELECT s.version, s.head, e.hash, e.body FROM ${s}.streams s
LEFT JOIN LATERAL (SELECT seq, hash, body FROM ${s}.entries WHERE stream_id = s.stream_id AND seq >= $2 ORDER BY seq LIMIT $3) e ON true
WHERE s.stream_id = $1 ORDER BY e.seq`,
          [streamId, from, readOptions.limit ?? null],
        ),
      );
      const first = rows[0];
      if (first !== undefined) heads.set(streamId, Number(first.version), String(first.head));
      const slice: StreamSlice<T> = {
        streamId,
        version: Number(first?.version ?? 0),
        head: first === undefined ? GENESIS_HASH : String(first.head),
        entries: entriesOf<T>(rows),
      };
      return slice;
    },

    async readSnapshot(streamId: string, snapshotOptions?: ReadSnapshotOptions) {
      checkStreamId(streamId);
      const withTail = checkSnapshotOptions(snapshotOptions);
      // With the tail: one statement, so the head row and the entries after its snapshot are read
      // at one point (READ COMMITTED takes one snapshot per statement).
      const { rows } = await guarded(`Reading the snapshot of stream ${streamId}`, () =>
        withTail
          ? db.query(
              `SELECT s.version, s.head, s.snapshot, s.snapshot_version, e.hash, e.body FROM ${s}.streams s
LEFT JOIN LATERAL (SELECT seq, hash, body FROM ${s}.entries WHERE stream_id = s.stream_id
  AND seq >= CASE WHEN s.snapshot IS NULL THEN 0 ELSE s.snapshot_version END ORDER BY seq) e ON true
WHERE s.stream_id = $1 ORDER BY e.seq`,
              [streamId],
            )
          : db.query(`SELECT version, head, snapshot, snapshot_version FROM ${s}.streams WHERE stream_id = $1`, [streamId]),
      );
      const row = rows[0];
      if (row !== undefined) heads.set(streamId, Number(row.version), String(row.head));
      const snapshot: StreamSnapshot = {
        streamId,
        version: Number(row?.version ?? 0),
        head: row === undefined ? GENESIS_HASH : String(row.head),
        snapshotVersion: row?.snapshot == null ? 0 : Number(row.snapshot_version),
        snapshot: row?.snapshot == null ? undefined : (JSON.parse(String(row.snapshot)) as Json),
        ...(withTail ? { tail: entriesOf(rows) } : {}),
      };
      return snapshot;
    },

    async feed<T extends Json = Json>(feedOptions: { after?: string | undefined; limit?: number | undefined } = {}) {
      const after = feedOptions.after === undefined ? START : decodeCursor(feedOptions.after);
      const limit = feedOptions.limit ?? 1000;
      checkWhole('limit', limit, 1);
      // Only transactions older than every running one: their entries can no longer change, so
      // a cursor past them never skips a late commit.
      const { rows } = await guarded('Reading the feed', () =>
        db.query(
          `SELECT e.tx::text AS tx, e.position::text AS position, e.hash, e.body FROM ${s}.entries e
WHERE (e.tx, e.position) > ($1::xid8, $2::bigint) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.tx, e.position LIMIT $3`,
          [after.tx, after.position, limit],
        ),
      );
      const entries: FeedEntry<T>[] = rows.map((r) => ({
        ...parseEntryBody<T>(String(r.body), String(r.hash)),
        position: encodeCursor({ tx: String(r.tx), position: String(r.position) }),
      }));
      const page: FeedPage<T> = { entries, cursor: entries.at(-1)?.position ?? encodeCursor(after) };
      return page;
    },

    async feedLag() {
      const { rows } = await guarded('Measuring the feed lag', () =>
        db.query(
          `SELECT
  (SELECT count(*) FROM ${s}.entries WHERE tx >= pg_snapshot_xmin(pg_current_snapshot())) AS held,
  (SELECT COALESCE(EXTRACT(EPOCH FROM (clock_timestamp() - min(xact_start))) * 1000, 0)
     FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()) AS oldest_ms`,
        ),
      );
      const lag: FeedLag = {
        heldBackEntries: Number(rows[0]?.held ?? 0),
        oldestOpenMs: Math.max(0, Math.round(Number(rows[0]?.oldest_ms ?? 0))),
      };
      return lag;
    },

    async streamIds(idOptions: { after?: string | undefined; limit?: number | undefined } = {}) {
      const limit = idOptions.limit ?? 1000;
      checkWhole('limit', limit, 1);
      const after = idOptions.after;
      if (after !== undefined && typeof after !== 'string') {
        throw new ValidationError([{ path: ['after'], message: `expected a stream id, received ${describe(after)}` }]);
      }
      const { rows } = await guarded('Listing stream ids', () =>
        db.query(`SELECT stream_id FROM ${s}.streams WHERE $1::text IS NULL OR sort_key > decode($1, 'hex') ORDER BY sort_key LIMIT $2`, [
          after === undefined ? null : sortKeyHex(after),
          limit,
        ]),
      );
      return rows.map((r) => String(r.stream_id));
    },

    async heads() {
      return guarded('Reading stream heads', () =>
        db.transaction(async (tx) => {
          // One snapshot for the three reads; the cut is the newest entry below the snapshot's xmin.
          await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
          const x = await tx.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
          const xmin = String(x.rows[0]?.xmin);
          const cut = await tx.query(
            `SELECT tx::text AS tx, position::text AS position FROM ${s}.entries WHERE tx < $1::xid8 ORDER BY tx DESC, position DESC LIMIT 1`,
            [xmin],
          );
          // A head row last moved below xmin is the head at the cut; a newer one (held back) is
          // replaced by the stream's newest entry below xmin.
          const { rows } = await tx.query(
            `SELECT stream_id, version AS length, head, sort_key FROM ${s}.streams WHERE head_tx < $1::xid8
UNION ALL
SELECT st.stream_id, e.seq + 1, e.hash, st.sort_key FROM ${s}.streams st
CROSS JOIN LATERAL (SELECT seq, hash FROM ${s}.entries WHERE stream_id = st.stream_id AND tx < $1::xid8 ORDER BY seq DESC LIMIT 1) e
WHERE st.head_tx >= $1::xid8
ORDER BY sort_key`,
            [xmin],
          );
          const at = cut.rows[0];
          const result: HeadsAtCut = {
            cut: encodeCursor(at === undefined ? START : { tx: String(at.tx), position: String(at.position) }),
            heads: rows.map((r) => ({ streamId: String(r.stream_id), length: Number(r.length), head: String(r.head) })),
          };
          return result;
        }),
      );
    },

    async counters(keys) {
      if (!Array.isArray(keys))
        throw new ValidationError([{ path: ['keys'], message: `expected an array of keys, received ${describe(keys)}` }]);
      const issues: ValidationIssueInit[] = [];
      keys.forEach((key, i) => {
        checkId(key, ['keys', i], issues);
      });
      fail(issues, 'counter keys');
      const { rows } = await guarded('Reading counters', () =>
        db.query(`SELECT key, used FROM ${s}.counters WHERE key = ANY($1::text[])`, [[...keys]]),
      );
      const used = new Map(rows.map((r) => [String(r.key), Number(r.used)]));
      return new Map(keys.map((key) => [key, used.get(key) ?? 0] as const));
    },

    async dueTimers(timerOptions) {
      const at = instantArg(timerOptions?.at, 'at');
      const limit = timerOptions.limit ?? 100;
      checkWhole('limit', limit, 1);
      const prefix = timerOptions.prefix ?? '';
      if (typeof prefix !== 'string') throw new ValidationError([{ path: ['prefix'], message: 'expected a string' }]);
      const after = timerOptions.after;
      if (after !== undefined && (typeof after?.streamId !== 'string' || typeof after.key !== 'string')) {
        throw new ValidationError([{ path: ['after'], message: 'expected a timer returned by dueTimers()' }]);
      }
      const afterAt = after === undefined ? null : instantArg(after.dueAt, 'after.dueAt').toISOString();
      // Keyset paging on the (due_at, stream_id, key) index; the prefix is matched as text, never as a LIKE pattern.
      const { rows } = await guarded('Reading due timers', () =>
        db.query(
          `SELECT stream_id, key, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at FROM ${s}.timers
WHERE due_at <= $1::timestamptz AND left(stream_id, length($3::text)) = $3::text
  AND ($4::timestamptz IS NULL OR (due_at, stream_id, key) > ($4::timestamptz, $5::text COLLATE "C", $6::text COLLATE "C"))
ORDER BY due_at, stream_id, key LIMIT $2`,
          [at.toISOString(), limit, prefix, afterAt, after?.streamId ?? null, after?.key ?? null],
        ),
      );
      return rows.map((r): DueTimer => ({ streamId: String(r.stream_id), key: String(r.key), dueAt: String(r.due_at) }));
    },

    async saveCheckpoint(stored: StoredCheckpoint) {
      const checkpoint = checkCheckpoint(stored);
      const leaves = stored.leaves;
      await guarded(`Saving checkpoint ${checkpoint.sequence}`, () =>
        db.transaction(async (tx) => {
          const inserted = await tx.query(
            `INSERT INTO ${s}.checkpoints (sequence, previous, cut, entry_count, stream_count, root, algorithm, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sequence) DO NOTHING`,
            [
              checkpoint.sequence,
              checkpoint.previous,
              checkpoint.cut,
              checkpoint.entryCount,
              checkpoint.streamCount,
              checkpoint.root,
              checkpoint.algorithm,
              checkpoint.hash,
            ],
          );
          if (inserted.rowCount !== 1) {
            throw new AisleError(CoreErrorCode.STORE_VERSION_CONFLICT, `Checkpoint ${checkpoint.sequence} is already stored`, {
              details: { checkpoint: checkpoint.sequence },
            });
          }
          for (let i = 0; i < leaves.length; i += LEAF_BATCH) {
            const batch = leaves.slice(i, i + LEAF_BATCH);
            await tx.query(
              `INSERT INTO ${s}.checkpoint_leaves (sequence, ord, stream_id, length, head)
SELECT $1, u.ord, u.stream_id, u.length, u.head FROM unnest($2::int[], $3::text[], $4::bigint[], $5::text[]) AS u(ord, stream_id, length, head)`,
              [
                checkpoint.sequence,
                batch.map((_, j) => i + j),
                batch.map((l) => l.streamId),
                batch.map((l) => l.length),
                batch.map((l) => l.head),
              ],
            );
          }
        }),
      );
    },

    async checkpoints() {
      const { rows } = await guarded('Listing checkpoints', () =>
        db.query(
          `SELECT sequence, previous, cut, entry_count, stream_count, root, algorithm, hash FROM ${s}.checkpoints ORDER BY sequence`,
        ),
      );
      return rows.map(checkpointOf);
    },

    async loadCheckpoint(sequence) {
      checkWhole('sequence', sequence, 1);
      return guarded(`Loading checkpoint ${sequence}`, async () => {
        const { rows } = await db.query(
          `SELECT sequence, previous, cut, entry_count, stream_count, root, algorithm, hash FROM ${s}.checkpoints WHERE sequence = $1`,
          [sequence],
        );
        const row = rows[0];
        if (row === undefined) return undefined;
        const leaves = await db.query(`SELECT stream_id, length, head FROM ${s}.checkpoint_leaves WHERE sequence = $1 ORDER BY ord`, [
          sequence,
        ]);
        const stored: StoredCheckpoint = {
          checkpoint: checkpointOf(row),
          leaves: leaves.rows.map((l): StreamHead => ({ streamId: String(l.stream_id), length: Number(l.length), head: String(l.head) })),
        };
        return stored;
      });
    },
  };
}

function checkpointOf(row: Record<string, unknown>): Checkpoint {
  return {
    sequence: Number(row.sequence),
    previous: String(row.previous),
    cut: String(row.cut),
    entryCount: Number(row.entry_count),
    streamCount: Number(row.stream_count),
    root: String(row.root),
    algorithm: String(row.algorithm) as Checkpoint['algorithm'],
    hash: String(row.hash),
  };
}

function checkCheckpoint(stored: StoredCheckpoint): Checkpoint {
  const c = (typeof stored === 'object' && stored !== null ? stored.checkpoint : undefined) as Partial<Checkpoint> | undefined;
  const issues: ValidationIssueInit[] = [];
  if (typeof c !== 'object' || c === null) issues.push({ path: ['checkpoint'], message: `expected a checkpoint, received ${describe(c)}` });
  else {
    if (!Number.isSafeInteger(c.sequence) || (c.sequence as number) < 1) {
      issues.push({ path: ['checkpoint', 'sequence'], message: `expected a whole number >= 1, received ${describe(c.sequence)}` });
    }
    for (const key of ['previous', 'cut', 'root', 'algorithm', 'hash'] as const) {
      if (typeof c[key] !== 'string' || (c[key] as string).length > 1000) {
        issues.push({ path: ['checkpoint', key], message: `expected a string, received ${describe(c[key])}` });
      }
    }
    for (const key of ['entryCount', 'streamCount'] as const) {
      if (!Number.isSafeInteger(c[key]) || (c[key] as number) < 0)
        issues.push({ path: ['checkpoint', key], message: `expected a whole number >= 0, received ${describe(c[key])}` });
    }
  }
  if (!Array.isArray(stored?.leaves))
    issues.push({ path: ['leaves'], message: `expected an array of stream heads, received ${describe(stored?.leaves)}` });
  fail(issues, 'checkpoint');
  return c as Checkpoint;
}
