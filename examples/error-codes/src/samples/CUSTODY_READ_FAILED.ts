import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestFromDirectory } from '@aisle/custody/node';

const backup = mkdtempSync(join(tmpdir(), 'backup-'));
try {
  writeFileSync(join(backup, 'members.csv'), 'M000042\n');

  // Wrong: a path that is not a readable directory (a file, an unmounted disk, a typo).
  await assert.rejects(manifestFromDirectory(join(backup, 'members.csv'), { mediumId: 'HDD-0001' }), { code: 'CUSTODY_READ_FAILED' });

  // Right: the mounted medium's directory.
  assert.equal((await manifestFromDirectory(backup, { mediumId: 'HDD-0001' })).fileCount, 1);
} finally {
  rmSync(backup, { recursive: true, force: true });
}
