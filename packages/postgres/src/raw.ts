import { type Checkpoint, canonicalJson, GENESIS_HASH, type Json, type RawStreamAccess } from '@aisle/core';
import { type PostgresDatabase, toQueryable } from './queryable';
import { DEFAULT_SCHEMA, quoteSchema } from './schema';

/**
 * Raw access to a PostgreSQL stream store's rows behind its back, through plain SQL, for the
 * conformance suite's tamper tests (`describeStreamStore` in `@aisle/core/testing`) and for the
 * suites of stores built on the stream store. Never use it in production code.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresRawAccess, createPostgresStreamStore, migrate } from '@aisle/postgres';
 *
 * const db = new PGlite();
 * await migrate(db);
 * const fixture = { store: createPostgresStreamStore(db), raw: createPostgresRawAccess(db) };
 * ```
 *
 * @public
 */
export function createPostgresRawAccess(
  database: PostgresDatabase,
  options: { readonly schema?: string | undefined } = {},
): RawStreamAccess {
  const s = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const db = toQueryable(database);
  return {
    async editData(streamId, seq, data) {
      const { rows } = await db.query(`SELECT body FROM ${s}.entries WHERE stream_id = $1 AND seq = $2`, [streamId, seq]);
      const row = rows[0];
      if (row === undefined) throw new RangeError(`No entry ${seq} in ${streamId}`);
      const parsed = JSON.parse(String(row.body)) as Record<string, Json>;
      parsed.data = data;
      await db.query(`UPDATE ${s}.entries SET body = $3, data = $4::jsonb WHERE stream_id = $1 AND seq = $2`, [
        streamId,
        seq,
        canonicalJson(parsed),
        canonicalJson(data),
      ]);
    },
    async swap(streamId, a, b) {
      await db.transaction(async (tx) => {
        const moved = await tx.query(`UPDATE ${s}.entries SET seq = -1 WHERE stream_id = $1 AND seq = $2`, [streamId, a]);
        if (moved.rowCount !== 1) throw new RangeError(`No entry ${a} in ${streamId}`);
        const other = await tx.query(`UPDATE ${s}.entries SET seq = $3 WHERE stream_id = $1 AND seq = $2`, [streamId, b, a]);
        if (other.rowCount !== 1) throw new RangeError(`No entry ${b} in ${streamId}`);
        await tx.query(`UPDATE ${s}.entries SET seq = $2 WHERE stream_id = $1 AND seq = -1`, [streamId, b]);
      });
    },
    async deleteNewest(streamId, count, deleteOptions) {
      await db.transaction(async (tx) => {
        await tx.query(
          `DELETE FROM ${s}.entries WHERE stream_id = $1 AND seq IN (SELECT seq FROM ${s}.entries WHERE stream_id = $1 ORDER BY seq DESC LIMIT $2)`,
          [streamId, count],
        );
        if (!deleteOptions.rewriteHead) return;
        const { rows } = await tx.query(`SELECT seq, hash FROM ${s}.entries WHERE stream_id = $1 ORDER BY seq DESC LIMIT 1`, [streamId]);
        const last = rows[0];
        if (last === undefined) await tx.query(`DELETE FROM ${s}.streams WHERE stream_id = $1`, [streamId]);
        else
          await tx.query(`UPDATE ${s}.streams SET version = $2, head = $3 WHERE stream_id = $1`, [
            streamId,
            Number(last.seq) + 1,
            String(last.hash ?? GENESIS_HASH),
          ]);
      });
    },
    async deleteStream(streamId) {
      await db.transaction(async (tx) => {
        const gone = await tx.query(`DELETE FROM ${s}.streams WHERE stream_id = $1`, [streamId]);
        if (gone.rowCount !== 1) throw new RangeError(`No stream ${streamId}`);
        await tx.query(`DELETE FROM ${s}.entries WHERE stream_id = $1`, [streamId]);
        await tx.query(`DELETE FROM ${s}.timers WHERE stream_id = $1`, [streamId]);
      });
    },
    async editCheckpoint(sequence, patch: Partial<Checkpoint>) {
      const columns: ReadonlyArray<readonly [keyof Checkpoint, string]> = [
        ['previous', 'previous'],
        ['cut', 'cut'],
        ['entryCount', 'entry_count'],
        ['streamCount', 'stream_count'],
        ['root', 'root'],
        ['algorithm', 'algorithm'],
        ['hash', 'hash'],
      ];
      for (const [field, column] of columns) {
        if (patch[field] === undefined) continue;
        const edited = await db.query(`UPDATE ${s}.checkpoints SET ${column} = $2 WHERE sequence = $1`, [sequence, patch[field]]);
        if (edited.rowCount !== 1) throw new RangeError(`No checkpoint ${sequence}`);
      }
    },
  };
}
