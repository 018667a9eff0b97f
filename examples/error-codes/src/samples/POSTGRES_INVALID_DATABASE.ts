import assert from 'node:assert/strict';
import { toQueryable } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

// Wrong: something that is not a database handle (a connection string, or a pg Client instead of a Pool).
assert.throws(() => toQueryable('postgres://localhost/aisle' as never), { code: 'POSTGRES_INVALID_DATABASE' });

// Right: a pg Pool or a PGlite instance.
const db = new PGlite();
try {
  const { rows } = await toQueryable(db).query('SELECT 1 AS one');
  assert.deepEqual(rows, [{ one: 1 }]);
} finally {
  await db.close();
}
