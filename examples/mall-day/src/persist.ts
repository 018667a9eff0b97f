import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Checkpoint, createCheckpoint, type StoreVerification, type StreamStore, verifyStore } from '@aisle/core';
import { createPostgresStreamStore, migrate, openPglite, type PostgresDatabase, quoteSchema, toQueryable } from '@aisle/postgres';

/** What the demo keeps beside the database: the newest checkpoint and how many runs wrote to it. */
interface Kept {
  readonly runs: number;
  readonly checkpoint: Checkpoint;
}

/** A demo store opened for one run: the previous runs' data verified, and `finish` to keep a new checkpoint. */
export interface DemoStore {
  readonly store: StreamStore;
  /** This run's number (1 when the directory held no data). */
  readonly run: number;
  /** The verification of the earlier runs' streams against their checkpoint (`undefined` on run 1). */
  readonly previous: StoreVerification | undefined;
  /** Takes a checkpoint over every stream, writes it beside the database, closes the database. */
  finish(): Promise<Checkpoint>;
  /** Closes the database without a new checkpoint (after a failure). */
  close(): Promise<void>;
}

/**
 * Opens the demo's data in `dir` (created if needed): embedded PGlite in `dir/pglite` (under
 * `openPglite`'s directory lock, so a second demo on the same directory fails fast), migrated, and
 * the checkpoint the previous run kept in `dir/checkpoint.json` — outside the database, so that
 * deleting or editing rows cannot also rewrite it. When data is there, every stream is verified
 * against that checkpoint before the day starts. `reset` deletes the directory first.
 *
 * With `database` (a `pg` Pool against a server, for examples/postgres-server) the streams live
 * there in `schema` (default `aisle_demo`; `reset` drops it) and `dir` only holds the checkpoint;
 * the caller closes the database.
 */
export async function openDemoStore(options: {
  dir: string;
  reset?: boolean;
  database?: PostgresDatabase;
  schema?: string;
}): Promise<DemoStore> {
  const dir = resolve(options.dir);
  const schema = options.schema ?? 'aisle_demo';
  if (options.reset) rmSync(dir, { recursive: true, force: true });
  if (options.reset && options.database !== undefined)
    await toQueryable(options.database).query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  mkdirSync(dir, { recursive: true });
  const checkpointFile = join(dir, options.database === undefined ? 'checkpoint.json' : `checkpoint-${schema}.json`);
  const pglite = options.database === undefined ? await openPglite(join(dir, 'pglite')) : undefined;
  const database = options.database ?? (pglite?.db as PostgresDatabase);
  try {
    await migrate(database, { schema });
    const store = createPostgresStreamStore(database, { schema });
    const kept = existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as Kept) : undefined;
    const previous = kept === undefined ? undefined : await verifyStore(store, { checkpoint: kept.checkpoint });
    const run = (kept?.runs ?? 0) + 1;
    return {
      store,
      run,
      previous,
      async finish() {
        const checkpoint = await createCheckpoint(store);
        const next: Kept = { runs: run, checkpoint };
        writeFileSync(`${checkpointFile}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
        renameSync(`${checkpointFile}.tmp`, checkpointFile);
        await pglite?.close();
        return checkpoint;
      },
      close: async () => pglite?.close(),
    };
  } catch (error) {
    await pglite?.close();
    throw error;
  }
}
