import { openDemoStore } from '@aisle-examples/mall-day/persist';
import { runMallDay } from '@aisle-examples/mall-day/run';
import pg from 'pg';

/** What one run against the server did. */
export interface ServerRun {
  readonly run: number;
  /** The earlier runs' streams verified against the kept checkpoint (`undefined` on the first run). */
  readonly previous: { readonly ok: boolean; readonly streams: number; readonly entries: number } | undefined;
  readonly dayVerified: boolean;
  readonly checkpoint: { readonly sequence: number; readonly streamCount: number; readonly entryCount: number };
}

/**
 * Runs the mall day against a PostgreSQL server: migrates `schema`, verifies what earlier runs
 * stored against the checkpoint kept in `dir` (outside the database), runs the day in the same
 * store, and keeps a new checkpoint. `reset` drops the schema and the checkpoint first.
 */
export async function runOnServer(options: {
  url: string;
  schema: string;
  dir: string;
  reset?: boolean;
  quiet?: boolean;
}): Promise<ServerRun> {
  const pool = new pg.Pool({ connectionString: options.url, max: 4, application_name: 'aisle-example-postgres-server' });
  try {
    const demo = await openDemoStore({ dir: options.dir, database: pool, schema: options.schema, reset: options.reset ?? false });
    const say = options.quiet ? () => {} : (line: string) => console.log(line);
    say(`Server schema ${options.schema}: run ${demo.run}${demo.run === 1 ? ', a fresh schema' : ''}`);
    const p = demo.previous;
    if (p !== undefined) {
      say(`Earlier runs: ${p.streams} streams, ${p.entries} entries, verified against the kept checkpoint: ${p.ok ? 'yes' : 'NO'}`);
      if (!p.ok) throw new Error(`The schema ${options.schema} does not verify against its checkpoint: ${JSON.stringify(p.problems)}`);
    }
    const day = await runMallDay({ store: demo.store, run: demo.run, quiet: options.quiet ?? false });
    const checkpoint = await demo.finish();
    say(`Checkpoint #${checkpoint.sequence} over ${checkpoint.streamCount} streams, ${checkpoint.entryCount} entries`);
    return {
      run: demo.run,
      previous: p === undefined ? undefined : { ok: p.ok, streams: p.streams, entries: p.entries },
      dayVerified: day.verified && day.tamperDetected,
      checkpoint,
    };
  } finally {
    await pool.end();
  }
}
