import {
  AisleError,
  type AppendOptions,
  type AppendResult,
  CoreErrorCode,
  checkAppend,
  entryBodyOfText,
  GENESIS_HASH,
  type Json,
  type NewStreamEntry,
  parseEntryBody,
  type StreamEntry,
  toInstant,
} from '@aisle/core';
import { sha256Hex } from '../node/hash';
import type { PostgresQueryable, PostgresSession } from '../queryable';
import { constraintOf, mapDatabaseError, sqlState } from './map-error';
import { sortKeyHex } from './sort-key';

/** Why an append's transaction stopped without writing: answered after the rollback, outside it. */
class Stop {
  constructor(
    readonly kind: 'classify' | 'key',
    readonly key?: { readonly streamId: string; readonly from: number; readonly count: number },
  ) {}
}

interface Planned {
  readonly from: number;
  /** Each entry's stored body, its hash, and the text of its `jsonb` query copy (null when jsonb cannot hold it). */
  readonly rows: ReadonlyArray<{ readonly body: string; readonly hash: string; readonly data: string | null }>;
  readonly head: string;
}

// What jsonb cannot hold (U+0000, a lone surrogate) shows in canonical JSON as one of these escapes.
const JSONB_UNSAFE = /\\u(0000|d[89abcdef])/;

/**
 * The planned rows of an append. `queryCopy` false leaves every `data` NULL (no jsonb copy):
 * nothing Aisle reads or verifies uses the copy, only the caller's own queries do.
 */
function plan(
  streamId: string,
  entries: ReadonlyArray<NewStreamEntry>,
  texts: ReadonlyArray<string>,
  from: number,
  prev: string,
  queryCopy: boolean,
): Planned {
  let head = prev;
  const rows = entries.map((entry, i) => {
    // The canonical text of the data checkAppend produced while validating: canonicalised once.
    const data = texts[i] as string;
    const body = entryBodyOfText(streamId, from + i, head, entry.id, entry.type, data);
    // Node's native SHA-256 over the body's UTF-8 bytes: the digest core's hashBody gives (tested).
    head = sha256Hex(body);
    return { body, hash: head, data: queryCopy && !JSONB_UNSAFE.test(data) ? data : null };
  });
  return { from, rows, head };
}

/**
 * Appends atomically: one statement moves the head and inserts the entries (the whole append is
 * one transaction when it also claims a key, moves counters or timers, or locks the head for
 * `any` / `stream_exists`). The database decides every race: a stream's first append is an
 * `INSERT … ON CONFLICT DO NOTHING` whose row count is checked; later ones a conditional
 * `UPDATE … WHERE version = $expected`; `any` and `stream_exists` lock the head row. Idempotency
 * keys are inserted first (a concurrent twin waits on the unique index), entry ids are unique per
 * stream, counters move with `used + delta <= limit`. When the transaction stops without writing,
 * the outcome (a retried append, a reused key, a conflict) is classified after the rollback.
 */
export async function appendEntries<T extends Json>(
  db: PostgresQueryable,
  s: string,
  streamId: string,
  entries: ReadonlyArray<NewStreamEntry<T>>,
  options: AppendOptions,
  heads?: HeadCache,
  queryCopy = false,
): Promise<AppendResult<T>> {
  const checked = checkAppend(streamId, entries, options);
  const texts = checked.data;
  const expected = options.expectedVersion;
  const idem = options.idempotency;
  const snapshot = checked.snapshot ?? null;
  const scope = idem?.scope ?? streamId;
  const counters = options.counters ?? [];
  const timers = options.timers;
  const hasTimers = (timers?.set?.length ?? 0) + (timers?.clear?.length ?? 0) > 0;
  // An append at a known version without counters is one atomic statement (head, entries,
  // idempotency key, timers) after an unlocked read of the head, which the head cache usually
  // saves: no explicit transaction. Counters, 'any' and 'stream_exists' run in a transaction.
  if (counters.length === 0 && (typeof expected === 'number' || expected === 'no_stream')) {
    return appendInOneStatement<T>(db, s, streamId, entries, {
      texts,
      expected,
      snapshot,
      idem,
      scope,
      timers: hasTimers ? timers : undefined,
      heads,
      queryCopy,
    });
  }
  const claim: Claim | undefined =
    idem === undefined
      ? undefined
      : {
          sql: `INSERT INTO ${s}.idempotency (scope, key, fingerprint, stream_id, from_seq, count) VALUES ($2, $3, $4, $1, $5, $6) ON CONFLICT DO NOTHING`,
          params: [
            scope,
            idem.key,
            idem.fingerprint,
            expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected : -1,
            entries.length,
          ],
          // Where an 'any' / 'stream_exists' append landed is known only once the head is locked.
          fix:
            typeof expected === 'number' || expected === 'no_stream'
              ? undefined
              : {
                  sql: (p) => `UPDATE ${s}.idempotency SET from_seq = $${p + 2}::bigint WHERE scope = $${p} AND key = $${p + 1}`,
                  params: [scope, idem.key],
                },
          async taken(tx) {
            const row = await lookUpKey(tx, s, idem, scope);
            if (row === undefined)
              throw new AisleError(CoreErrorCode.STORE_TRANSIENT, `Idempotency key "${idem.key}" changed during the append; retry`);
            if (row.fingerprint !== idem.fingerprint) throw keyConflict(idem, scope);
            return new Stop('key', { streamId: String(row.k_stream), from: Number(row.from_seq), count: Number(row.count) });
          },
        };
  const work = async (tx: PostgresSession): Promise<Planned> => {
    const planned = await moveHead(tx, { s, streamId, entries, texts, expected, snapshot, claim, queryCopy });
    if (counters.length > 0) await moveCounters(tx, s, counters);
    if (timers !== undefined && hasTimers) await moveTimers(tx, s, streamId, timers);
    return planned;
  };
  let written: Planned;
  heads?.delete(streamId);
  try {
    written = await db.transaction(work);
  } catch (error) {
    if (error instanceof Stop) {
      if (error.kind === 'key' && error.key !== undefined) return original<T>(db, s, error.key.streamId, error.key.from, error.key.count);
      return classify<T>(db, s, streamId, entries, expected);
    }
    if (sqlState(error) === '23505' && constraintOf(error) === 'entries_entry_id_key')
      return classify<T>(db, s, streamId, entries, expected);
    if (sqlState(error) === '23505' && constraintOf(error) === 'entries_pkey') throw headBehind(streamId, error);
    throw mapDatabaseError(error, `Appending to stream ${streamId}`);
  }
  heads?.set(streamId, written.from + written.rows.length, written.head);
  return {
    streamId,
    version: written.from + written.rows.length,
    head: written.head,
    entries: written.rows.map((row) => parseEntryBody<T>(row.body, row.hash)),
    duplicate: false,
  };
}

/**
 * The heads this store last saw (read or wrote), so that an append at the version just read needs
 * no second read of the head: its statement checks `version` and `head` anyway, so a stale entry
 * only costs a read and a second try, never a wrong write. Bounded; oldest entries go first.
 */
export class HeadCache {
  readonly #heads = new Map<string, { readonly version: number; readonly head: string }>();
  constructor(readonly limit = 10_000) {}
  get(streamId: string): { readonly version: number; readonly head: string } | undefined {
    return this.#heads.get(streamId);
  }
  set(streamId: string, version: number, head: string): void {
    this.#heads.delete(streamId);
    this.#heads.set(streamId, { version, head });
    if (this.#heads.size > this.limit) this.#heads.delete(this.#heads.keys().next().value as string);
  }
  delete(streamId: string): void {
    this.#heads.delete(streamId);
  }
}

interface OneStatement {
  /** The canonical text of each entry's data (from checkAppend). */
  readonly texts: ReadonlyArray<string>;
  readonly expected: number | 'no_stream';
  readonly snapshot: string | null;
  readonly idem: AppendOptions['idempotency'];
  readonly scope: string;
  readonly timers: AppendOptions['timers'];
  readonly heads: HeadCache | undefined;
  /** Write the `jsonb` query copy of each entry's data (`PostgresStreamStoreOptions.queryCopy`). */
  readonly queryCopy: boolean;
}

/** An idempotency key reused for a different request. */
function keyConflict(idem: NonNullable<AppendOptions['idempotency']>, scope: string): AisleError {
  return new AisleError(CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT, `Idempotency key "${idem.key}" was used before for a different request`, {
    details: { scope, key: idem.key },
  });
}

/** The head row lags its entries: rows were changed outside Aisle. */
function headBehind(streamId: string, cause: unknown): AisleError {
  return new AisleError(
    CoreErrorCode.CHAIN_BROKEN,
    `Stream ${streamId}: its head row is behind its entries (rows changed outside Aisle); verify the store`,
    {
      cause,
      details: { context: 'postgres', streamId, reason: 'head' },
    },
  );
}

/** A stored idempotency key: the original write, or a conflict when the request differs. */
function keyOutcome<T extends Json>(
  db: PostgresQueryable,
  s: string,
  idem: NonNullable<AppendOptions['idempotency']>,
  scope: string,
  row: Record<string, unknown>,
): Promise<AppendResult<T>> {
  if (row.fingerprint !== idem.fingerprint) throw keyConflict(idem, scope);
  return original<T>(db, s, String(row.k_stream), Number(row.from_seq), Number(row.count));
}

async function lookUpKey(
  db: PostgresSession,
  s: string,
  idem: NonNullable<AppendOptions['idempotency']>,
  scope: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { rows } = await db.query(
      `SELECT fingerprint, stream_id AS k_stream, from_seq, count FROM ${s}.idempotency WHERE scope = $1 AND key = $2`,
      [scope, idem.key],
    );
    return rows[0];
  } catch (error) {
    throw mapDatabaseError(error, `Reading idempotency key ${idem.key}`);
  }
}

/**
 * One statement, one implicit transaction: a data-modifying CTE moves (or creates) the head row
 * only at the expected version and head; the entries, the idempotency key and the timers are
 * written only if it moved. A reused idempotency key violates its primary key, which aborts the
 * whole statement (nothing written); the outcome is then read outside it. Saves the explicit
 * transaction's `BEGIN`/`COMMIT` and, with the head cache, the read of the head.
 */
async function appendInOneStatement<T extends Json>(
  db: PostgresQueryable,
  s: string,
  streamId: string,
  entries: ReadonlyArray<NewStreamEntry<T>>,
  o: OneStatement,
): Promise<AppendResult<T>> {
  const { expected, idem, scope, heads } = o;
  const create = expected === 'no_stream' || expected === 0;
  for (let attempt = 0; ; attempt++) {
    let from = 0;
    let prev = GENESIS_HASH;
    let usedCache = false;
    if (!create) {
      from = expected as number;
      const cached = attempt === 0 ? heads?.get(streamId) : undefined;
      if (cached !== undefined && cached.version === expected) {
        prev = cached.head;
        usedCache = true;
      } else {
        let row: Record<string, unknown> | undefined;
        try {
          const { rows } = await db.query(
            idem === undefined
              ? `SELECT version, head FROM ${s}.streams WHERE stream_id = $1`
              : `SELECT st.version, st.head, k.fingerprint, k.stream_id AS k_stream, k.from_seq, k.count FROM (SELECT 1) AS one
LEFT JOIN ${s}.streams st ON st.stream_id = $1 LEFT JOIN ${s}.idempotency k ON k.scope = $2 AND k.key = $3`,
            idem === undefined ? [streamId] : [streamId, scope, idem.key],
          );
          row = rows[0];
        } catch (error) {
          throw mapDatabaseError(error, `Appending to stream ${streamId}`);
        }
        if (idem !== undefined && row !== undefined && row.fingerprint != null) return keyOutcome<T>(db, s, idem, scope, row);
        if (row === undefined || row.version == null || Number(row.version) !== expected) {
          heads?.delete(streamId);
          return classify<T>(db, s, streamId, entries, expected);
        }
        prev = String(row.head);
      }
    }
    const planned = plan(streamId, entries, o.texts, from, prev, o.queryCopy);
    const n = entries.length;
    const params: unknown[] = create
      ? [streamId, sortKeyHex(streamId), n, planned.head, o.snapshot]
      : [streamId, from, from + n, planned.head, o.snapshot, prev];
    const headSql = create
      ? `INSERT INTO ${s}.streams (stream_id, sort_key, version, head, snapshot, snapshot_version)
VALUES ($1, decode($2, 'hex'), $3::bigint, $4, $5::text, CASE WHEN $5::text IS NULL THEN 0 ELSE $3::bigint END)
ON CONFLICT (stream_id) DO NOTHING`
      : `UPDATE ${s}.streams SET version = $3::bigint, head = $4, head_tx = pg_current_xact_id(),
  snapshot = COALESCE($5::text, snapshot), snapshot_version = CASE WHEN $5::text IS NULL THEN snapshot_version ELSE $3::bigint END
WHERE stream_id = $1 AND version = $2::bigint AND head = $6`;
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const ctes = [`head AS (${headSql} RETURNING 1)`];
    if (idem !== undefined) {
      ctes.push(`k AS (INSERT INTO ${s}.idempotency (scope, key, fingerprint, stream_id, from_seq, count)
SELECT ${p(scope)}, ${p(idem.key)}, ${p(idem.fingerprint)}, $1, ${p(from)}::bigint, ${p(n)}::int WHERE EXISTS (SELECT 1 FROM head))`);
    }
    const clear = o.timers?.clear ?? [];
    const set = o.timers?.set ?? [];
    // One timer, the usual case (an earn's expiry), is bound as scalars; several as arrays.
    if (clear.length > 0) {
      const keys = clear.length === 1 ? `= ${p(clear[0])}::text` : `= ANY(${p([...clear])}::text[])`;
      ctes.push(`tc AS (DELETE FROM ${s}.timers WHERE stream_id = $1 AND key ${keys} AND EXISTS (SELECT 1 FROM head))`);
    }
    if (set.length > 0) {
      const [one] = set;
      const rows =
        set.length === 1 && one !== undefined
          ? `SELECT $1, ${p(one.key)}::text, ${p(toInstant(one.dueAt).toISOString())}::timestamptz`
          : `SELECT $1, t.key, t.due_at FROM unnest(${p(set.map((t) => t.key))}::text[], ${p(set.map((t) => toInstant(t.dueAt).toISOString()))}::timestamptz[]) AS t(key, due_at)`;
      ctes.push(`ts AS (INSERT INTO ${s}.timers (stream_id, key, due_at)
${rows}
WHERE EXISTS (SELECT 1 FROM head)
ON CONFLICT (stream_id, key) DO UPDATE SET due_at = EXCLUDED.due_at)`);
    }
    const sql = `WITH ${ctes.join(',\n')}
${insertEntries(s, entries, planned, p)}`;
    let inserted: number | null;
    try {
      inserted = (await db.query(sql, params)).rowCount;
    } catch (error) {
      heads?.delete(streamId);
      if (sqlState(error) === '23505' && idem !== undefined) {
        // A stored key decides first (a retried request whose entries are stored too: the original).
        const row = await lookUpKey(db, s, idem, scope);
        if (row !== undefined) return keyOutcome<T>(db, s, idem, scope, row);
        if (constraintOf(error) === 'idempotency_pkey') {
          throw new AisleError(CoreErrorCode.STORE_TRANSIENT, `Idempotency key "${idem.key}" changed during the append; retry`);
        }
      }
      if (sqlState(error) === '23505' && constraintOf(error) === 'entries_entry_id_key')
        return classify<T>(db, s, streamId, entries, expected);
      if (sqlState(error) === '23505' && constraintOf(error) === 'entries_pkey') throw headBehind(streamId, error);
      throw mapDatabaseError(error, `Appending to stream ${streamId}`);
    }
    if (inserted === n) {
      heads?.set(streamId, from + n, planned.head);
      return {
        streamId,
        version: from + n,
        head: planned.head,
        entries: planned.rows.map((row) => parseEntryBody<T>(row.body, row.hash)),
        duplicate: false,
      };
    }
    heads?.delete(streamId);
    // The head did not move. A cached head may have been stale: read it and try once more.
    if (usedCache) continue;
    if (idem !== undefined) {
      const row = await lookUpKey(db, s, idem, scope);
      if (row !== undefined) return keyOutcome<T>(db, s, idem, scope, row);
    }
    return classify<T>(db, s, streamId, entries, expected);
  }
}

/**
 * The INSERT of the planned entries, written only if the `head` CTE moved the head row (`$1` is
 * the stream id; `p` adds a parameter and returns its placeholder). One entry, the usual append,
 * is bound as scalars; several as arrays through `unnest`.
 */
function insertEntries(s: string, entries: ReadonlyArray<NewStreamEntry>, planned: Planned, p: (value: unknown) => string): string {
  const into = `INSERT INTO ${s}.entries (stream_id, seq, entry_id, type, hash, body, data)`;
  if (entries.length === 1) {
    const [entry, row] = [entries[0] as NewStreamEntry, planned.rows[0] as Planned['rows'][number]];
    return `${into}
SELECT $1, ${p(planned.from)}::bigint, ${p(entry.id)}::text, ${p(entry.type)}::text, ${p(row.hash)}::text, ${p(row.body)}::text, ${p(row.data)}::jsonb
WHERE EXISTS (SELECT 1 FROM head)`;
  }
  return `${into}
SELECT $1, u.seq, u.entry_id, u.type, u.hash, u.body, u.data::jsonb
FROM unnest(${p(planned.rows.map((_, i) => planned.from + i))}::bigint[], ${p(entries.map((e) => e.id))}::text[], ${p(entries.map((e) => e.type))}::text[], ${p(planned.rows.map((r) => r.hash))}::text[], ${p(planned.rows.map((r) => r.body))}::text[], ${p(planned.rows.map((r) => r.data))}::text[]) AS u(seq, entry_id, type, hash, body, data)
WHERE EXISTS (SELECT 1 FROM head)`;
}

/**
 * Moves the stream's head and inserts the entries in one statement: a data-modifying CTE moves
 * (or creates) the head row, and the entries are inserted only if it did. Returns the plan, or
 * undefined when the head did not move (the row count said so).
 */
async function moveAndInsert(
  tx: PostgresSession,
  s: string,
  entries: ReadonlyArray<NewStreamEntry>,
  planned: Planned,
  head: HeadMove,
): Promise<boolean> {
  const params: unknown[] = [...head.params];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const insert = insertEntries(s, entries, planned, p);
  let fix = '';
  if (head.fix !== undefined) {
    const first = params.length + 1;
    params.push(...head.fix.params, planned.from);
    fix = `, fix AS (${head.fix.sql(first)} AND EXISTS (SELECT 1 FROM head))`;
  }
  const inserted = await tx.query(`WITH head AS (${head.sql} RETURNING 1)${fix}\n${insert}`, params);
  return inserted.rowCount === entries.length;
}

/** A head-row statement (its first parameter is the stream id) to run in {@link moveAndInsert}. */
interface HeadMove {
  readonly sql: string;
  readonly params: ReadonlyArray<unknown>;
  readonly fix: Claim['fix'];
}

/** An idempotency key to claim in the append's first statement. */
interface Claim {
  /** Inserts the key (`$1` is the stream id, then `params`); 0 rows means someone holds it. */
  readonly sql: string;
  readonly params: ReadonlyArray<unknown>;
  /** Records where the entries landed, as a CTE of the head statement (`p` = first parameter number). */
  readonly fix: { readonly sql: (p: number) => string; readonly params: ReadonlyArray<unknown> } | undefined;
  /** The outcome when the key was already held: the original write, or a conflict. */
  taken(tx: PostgresSession): Promise<Stop>;
}

interface HeadArgs {
  readonly s: string;
  readonly streamId: string;
  readonly entries: ReadonlyArray<NewStreamEntry>;
  /** The canonical text of each entry's data (from checkAppend). */
  readonly texts: ReadonlyArray<string>;
  readonly expected: AppendOptions['expectedVersion'];
  readonly snapshot: string | null;
  readonly claim: Claim | undefined;
  readonly queryCopy: boolean;
}

async function moveHead(tx: PostgresSession, args: HeadArgs): Promise<Planned> {
  const { s, streamId, entries, texts, expected, snapshot, claim, queryCopy } = args;
  const create = async (): Promise<Planned | undefined> => {
    const planned = plan(streamId, entries, texts, 0, GENESIS_HASH, queryCopy);
    const moved = await moveAndInsert(tx, s, entries, planned, {
      sql: `INSERT INTO ${s}.streams (stream_id, sort_key, version, head, snapshot, snapshot_version)
VALUES ($1, decode($2, 'hex'), $3::bigint, $4, $5::text, CASE WHEN $5::text IS NULL THEN 0 ELSE $3::bigint END)
ON CONFLICT (stream_id) DO NOTHING`,
      params: [streamId, sortKeyHex(streamId), entries.length, planned.head, snapshot],
      fix: claim?.fix,
    });
    return moved ? planned : undefined;
  };
  const update = async (version: number, head: string): Promise<Planned | undefined> => {
    const planned = plan(streamId, entries, texts, version, head, queryCopy);
    const moved = await moveAndInsert(tx, s, entries, planned, {
      sql: `UPDATE ${s}.streams SET version = $3::bigint, head = $4, head_tx = pg_current_xact_id(),
  snapshot = COALESCE($5::text, snapshot), snapshot_version = CASE WHEN $5::text IS NULL THEN snapshot_version ELSE $3::bigint END
WHERE stream_id = $1 AND version = $2::bigint AND head = $6`,
      params: [streamId, version, version + entries.length, planned.head, snapshot, head],
      fix: claim?.fix,
    });
    return moved ? planned : undefined;
  };

  if (typeof expected === 'number' && expected > 0) {
    // Read without a lock (claiming the idempotency key in the same statement), then let the
    // conditional update decide: a concurrent append moved the version (the update re-checks the
    // newest row after waiting for its lock) → 0 rows → conflict.
    const { rows } = await tx.query(
      claim === undefined
        ? `SELECT 1 AS claimed, version, head FROM ${s}.streams WHERE stream_id = $1`
        : `WITH k AS (${claim.sql} RETURNING 1)
SELECT (SELECT count(*) FROM k)::int AS claimed, st.version, st.head FROM (SELECT 1) AS one LEFT JOIN ${s}.streams st ON st.stream_id = $1`,
      [streamId, ...(claim?.params ?? [])],
    );
    const row = rows[0];
    if (claim !== undefined && Number(row?.claimed) !== 1) throw await claim.taken(tx);
    if (row === undefined || row.version === null || Number(row.version) !== expected) throw new Stop('classify');
    const planned = await update(expected, String(row.head));
    if (planned === undefined) throw new Stop('classify');
    return planned;
  }
  if (claim !== undefined) {
    const claimed = await tx.query(claim.sql, [streamId, ...claim.params]);
    if (claimed.rowCount !== 1) throw await claim.taken(tx);
  }
  if (expected === 'no_stream' || expected === 0) {
    const planned = await create();
    if (planned === undefined) throw new Stop('classify');
    return planned;
  }
  // 'any' and 'stream_exists' serialise on the head row instead of conflicting.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await tx.query(`SELECT version, head FROM ${s}.streams WHERE stream_id = $1 FOR UPDATE`, [streamId]);
    const row = rows[0];
    if (row !== undefined) {
      const planned = await update(Number(row.version), String(row.head));
      if (planned !== undefined) return planned;
      throw new AisleError(
        CoreErrorCode.CHAIN_BROKEN,
        `Stream ${streamId}: its locked head row did not accept the update (rows changed outside Aisle)`,
        {
          details: { context: 'postgres', streamId, reason: 'head' },
        },
      );
    }
    if (expected === 'stream_exists') throw new Stop('classify');
    const planned = await create();
    if (planned !== undefined) return planned;
    // Another transaction created the stream between our read and our insert: lock it now.
  }
  throw new AisleError(CoreErrorCode.STORE_TRANSIENT, `Stream ${streamId} kept changing while appending with 'any'; retry`, {
    details: { streamId },
  });
}

/**
 * Moves every counter in one statement: an upsert whose update only happens when
 * `used + delta <= limit` (a refund, `delta <= 0`, always), evaluated by the database on the
 * newest row after locking it; a missing row is created with `used = delta` only when
 * `delta <= limit`. Rows are locked in key order, so two appends never deadlock. A key missing
 * from RETURNING was refused.
 */
async function moveCounters(tx: PostgresSession, s: string, moves: NonNullable<AppendOptions['counters']>): Promise<void> {
  const sorted = [...moves].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { rows } = await tx.query(
    `INSERT INTO ${s}.counters AS c (key, used, lim)
SELECT m.key, m.delta, m.lim FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS m(key, delta, lim)
WHERE m.delta <= 0 OR m.delta <= m.lim OR EXISTS (SELECT 1 FROM ${s}.counters x WHERE x.key = m.key)
ORDER BY m.key
ON CONFLICT (key) DO UPDATE SET used = c.used + EXCLUDED.used, lim = EXCLUDED.lim
WHERE EXCLUDED.used <= 0 OR c.used + EXCLUDED.used <= EXCLUDED.lim
RETURNING c.key`,
    [sorted.map((m) => m.key), sorted.map((m) => m.delta), sorted.map((m) => m.limit)],
  );
  if (rows.length === sorted.length) return;
  const moved = new Set(rows.map((r) => String(r.key)));
  const refused = sorted.find((m) => !moved.has(m.key)) as (typeof sorted)[number];
  const current = await tx.query(`SELECT used FROM ${s}.counters WHERE key = $1`, [refused.key]);
  const used = Number(current.rows[0]?.used ?? 0);
  if (used + refused.delta <= refused.limit) {
    // The row was created by a concurrent append after this statement's snapshot: retry.
    throw new AisleError(CoreErrorCode.STORE_TRANSIENT, `Counter "${refused.key}" was created concurrently; retry`, {
      details: { key: refused.key },
    });
  }
  throw new AisleError(
    CoreErrorCode.STORE_LIMIT_EXCEEDED,
    `Counter "${refused.key}" would reach ${used + refused.delta}, over its limit ${refused.limit}`,
    {
      details: { key: refused.key, used, delta: refused.delta, limit: refused.limit },
    },
  );
}

async function moveTimers(tx: PostgresSession, s: string, streamId: string, timers: NonNullable<AppendOptions['timers']>): Promise<void> {
  if (timers.clear !== undefined && timers.clear.length > 0) {
    await tx.query(`DELETE FROM ${s}.timers WHERE stream_id = $1 AND key = ANY($2::text[])`, [streamId, [...timers.clear]]);
  }
  if (timers.set !== undefined && timers.set.length > 0) {
    await tx.query(
      `INSERT INTO ${s}.timers (stream_id, key, due_at) SELECT $1, t.key, t.due_at FROM unnest($2::text[], $3::timestamptz[]) AS t(key, due_at)
ON CONFLICT (stream_id, key) DO UPDATE SET due_at = EXCLUDED.due_at`,
      [streamId, timers.set.map((t) => t.key), timers.set.map((t) => toInstant(t.dueAt).toISOString())],
    );
  }
}

/** The original write of a retried append or a reused idempotency key, as stored now. */
async function original<T extends Json>(
  db: PostgresQueryable,
  s: string,
  streamId: string,
  from: number,
  count: number,
): Promise<AppendResult<T>> {
  try {
    const { rows } = await db.query(
      `SELECT s.version, s.head, e.hash, e.body FROM ${s}.streams s
LEFT JOIN LATERAL (SELECT seq, hash, body FROM ${s}.entries WHERE stream_id = s.stream_id AND seq >= $2 AND seq < $3 ORDER BY seq) e ON true
WHERE s.stream_id = $1 ORDER BY e.seq`,
      [streamId, from, from + count],
    );
    const first = rows[0];
    const entries = entriesOf<T>(rows);
    return { streamId, version: Number(first?.version ?? 0), head: String(first?.head ?? GENESIS_HASH), entries, duplicate: true };
  } catch (error) {
    throw mapDatabaseError(error, `Reading the original append of stream ${streamId}`);
  }
}

/** The entries of rows that join a stream to its entries (`hash`, `body`; a stream without entries gives one row whose `body` is null). */
export function entriesOf<T extends Json>(rows: ReadonlyArray<Record<string, unknown>>): StreamEntry<T>[] {
  return rows.filter((r) => r.body !== null).map((r) => parseEntryBody<T>(String(r.body), String(r.hash)));
}

/**
 * After a transaction stopped without writing: the same ids at the expected positions → the
 * original write (`duplicate: true`); some ids present, or elsewhere → `CORE_STORE_DUPLICATE_ID`;
 * none → `CORE_STORE_VERSION_CONFLICT`. Entries are never deleted, so this read cannot go stale.
 */
async function classify<T extends Json>(
  db: PostgresQueryable,
  s: string,
  streamId: string,
  entries: ReadonlyArray<NewStreamEntry>,
  expected: AppendOptions['expectedVersion'],
): Promise<AppendResult<T>> {
  let rows: ReadonlyArray<Record<string, unknown>>;
  let version: number;
  try {
    const found = await db.query(
      `SELECT e.entry_id, e.seq, s.version FROM ${s}.streams s LEFT JOIN ${s}.entries e ON e.stream_id = s.stream_id AND e.entry_id = ANY($2::text[]) WHERE s.stream_id = $1`,
      [streamId, entries.map((e) => e.id)],
    );
    rows = found.rows.filter((r) => r.entry_id !== null);
    version = Number(found.rows[0]?.version ?? 0);
  } catch (error) {
    throw mapDatabaseError(error, `Appending to stream ${streamId}`);
  }
  if (rows.length > 0) {
    const at = new Map(rows.map((r) => [String(r.entry_id), Number(r.seq)]));
    const positions = entries.map((e) => at.get(e.id) ?? -1);
    const first = positions[0] ?? -1;
    const expectedFirst = typeof expected === 'number' ? expected : first;
    const contiguous = rows.length === entries.length && first === expectedFirst && positions.every((p, i) => p === first + i);
    if (!contiguous) {
      throw new AisleError(
        CoreErrorCode.STORE_DUPLICATE_ID,
        `Stream ${streamId} already holds ${rows.length} of the ${entries.length} entry ids, not as this exact append`,
        { details: { streamId, present: rows.length, count: entries.length } },
      );
    }
    return original<T>(db, s, streamId, first, entries.length);
  }
  throw new AisleError(
    CoreErrorCode.STORE_VERSION_CONFLICT,
    `Stream ${streamId}: expected version ${String(expected)}, found ${version === 0 ? 'no stream' : version}`,
    { details: { streamId, expected, actual: version } },
  );
}
