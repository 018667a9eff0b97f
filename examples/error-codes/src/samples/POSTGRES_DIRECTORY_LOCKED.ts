import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '@aisle/postgres';

const dir = mkdtempSync(join(tmpdir(), 'aisle-pglite-'));
try {
  const first = await openPglite(dir);

  // Wrong: opening the same PGlite directory twice (two writers would corrupt it).
  await assert.rejects(openPglite(dir), { code: 'POSTGRES_DIRECTORY_LOCKED' });

  // Right: share the one open database, or close it before opening the directory again.
  await first.close();
  const second = await openPglite(dir);
  await second.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
