import assert from 'node:assert/strict';
import { checkSchema, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
try {
  await migrate(db);
  // Someone edited the record of an applied migration (or applied a hand-modified copy of it).
  await db.query(`UPDATE aisle.aisle_migrations SET checksum = 'edited' WHERE version = 1`);

  // Wrong: running against a schema whose applied migrations differ from the ones this package ships.
  await assert.rejects(checkSchema(db), { code: 'POSTGRES_MIGRATION_CHECKSUM' });

  // Right: find out what changed (the error names the migration); on a database you can rebuild, start from a fresh schema.
  await db.query('DROP SCHEMA aisle CASCADE');
  await migrate(db);
  await checkSchema(db);
} finally {
  await db.close();
}
