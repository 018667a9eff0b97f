import assert from 'node:assert/strict';
import { createPostgresStreamStore, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const entry = { id: 'evt-1', type: 'opened', data: { by: 'S-014' } };

// Wrong: writing through a database connection that is gone (here: a PGlite that was closed;
// on a server: a dropped connection or a statement timeout).
const down = new PGlite();
await migrate(down);
await down.close();
await assert.rejects(createPostgresStreamStore(down).append('till:t-1', [entry], { expectedVersion: 'no_stream' }), {
  code: 'CORE_STORE_UNAVAILABLE',
});

// Right: nothing was half-written, so retry the same append (same entry ids) once the database is back.
const db = new PGlite();
await migrate(db);
const store = createPostgresStreamStore(db);
const written = await store.append('till:t-1', [entry], { expectedVersion: 'no_stream' });
assert.equal(written.version, 1);
await db.close();
