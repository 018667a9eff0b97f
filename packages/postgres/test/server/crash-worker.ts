// A worker for the crash test: appends operations [from, to) with idempotency keys, printing
// `done <op>` after each; the test kills it with SIGKILL at a random moment.
// The test bundles it with esbuild (node starts in ~0.1 s instead of tsx's seconds on a busy machine).
// Usage: node crash-worker.mjs <schema> <from> <to>
import pg from 'pg';
import { createPostgresStreamStore } from '../../src/index';
import { crashOp } from './crash-op';

const [schema, from, to] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.AISLE_PG_URL, max: 1, application_name: 'aisle-crash-worker' });
const store = createPostgresStreamStore(pool, { schema });
process.stdout.write('ready\n');
for (let op = Number(from); op < Number(to); op++) {
  const { streamId, entries, options } = crashOp(op);
  await store.append(streamId, entries, options);
  process.stdout.write(`done ${op}\n`);
}
await pool.end();
