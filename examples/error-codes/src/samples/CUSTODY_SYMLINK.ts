import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestFromDirectory } from '@aisle/custody/node';

const backup = mkdtempSync(join(tmpdir(), 'backup-'));
try {
  writeFileSync(join(backup, 'members.csv'), 'M000042\n');
  symlinkSync('/etc/hostname', join(backup, 'host'));

  // Wrong: a backup directory with a symbolic link in it (links are never followed: they could point anywhere).
  await assert.rejects(manifestFromDirectory(backup, { mediumId: 'HDD-0001' }), { code: 'CUSTODY_SYMLINK' });

  // Right: copy the files themselves into the backup (or leave the link out).
  unlinkSync(join(backup, 'host'));
  assert.equal((await manifestFromDirectory(backup, { mediumId: 'HDD-0001' })).fileCount, 1);
} finally {
  rmSync(backup, { recursive: true, force: true });
}
