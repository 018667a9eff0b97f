import assert from 'node:assert/strict';
import { checkSchema, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
try {
  await migrate(db);
  // A newer @aisle/postgres (deployed elsewhere) applied a migration this copy does not know.
  await db.query(`INSERT INTO aisle.aisle_migrations (version, name, checksum) VALUES (999, 'from-the-future', 'x')`);

  // Wrong: an older package against a schema migrated by a newer one.
  await assert.rejects(checkSchema(db), { code: 'POSTGRES_SCHEMA_TOO_NEW' });

  // Right: upgrade @aisle/postgres everywhere that uses the schema (here: the newer migration is removed instead).
  await db.query('DELETE FROM aisle.aisle_migrations WHERE version = 999');
  await checkSchema(db);
} finally {
  await db.close();
}
