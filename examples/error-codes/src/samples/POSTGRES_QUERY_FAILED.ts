import assert from 'node:assert/strict';
import { createPostgresStreamStore, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
try {
  await migrate(db);
  const store = createPostgresStreamStore(db);
  // The database refuses a statement for a reason that is neither transient nor a missing schema:
  // here, a check constraint someone added to the entries table by hand.
  await db.query(`ALTER TABLE aisle.entries ADD CONSTRAINT no_refunds CHECK (type <> 'refunded')`);

  // Wrong: writing what the database refuses (the error carries the SQLSTATE and the server's message).
  await assert.rejects(store.append('order:o-1', [{ id: 'e-1', type: 'refunded', data: {} }], { expectedVersion: 'no_stream' }), {
    code: 'POSTGRES_QUERY_FAILED',
  });

  // Right: remove the hand-made change (the schema belongs to migrate()), then write.
  await db.query('ALTER TABLE aisle.entries DROP CONSTRAINT no_refunds');
  const written = await store.append('order:o-1', [{ id: 'e-1', type: 'refunded', data: {} }], { expectedVersion: 'no_stream' });
  assert.equal(written.version, 1);
} finally {
  await db.close();
}
