import assert from 'node:assert/strict';
import { checkSchema, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
try {
  // Wrong: using a database whose Aisle schema was never created.
  await assert.rejects(checkSchema(db), { code: 'POSTGRES_SCHEMA_NOT_MIGRATED' });

  // Right: run the migrations first (migrate() in code, or `aisle-postgres migrate` in deployment).
  await migrate(db);
  await checkSchema(db);
} finally {
  await db.close();
}
