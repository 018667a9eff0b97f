import assert from 'node:assert/strict';
import { migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite();
try {
  // Wrong: a schema name with a hyphen (names are spliced into SQL, so only a-z, 0-9 and _ are accepted).
  await assert.rejects(migrate(db, { schema: 'aisle-demo' }), { code: 'POSTGRES_INVALID_SCHEMA' });

  // Right: a plain identifier.
  const result = await migrate(db, { schema: 'aisle_demo' });
  assert.ok(result.version >= 1);
} finally {
  await db.close();
}
