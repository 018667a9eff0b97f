import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestFromDirectory } from '@aisle/custody/node';

const backup = mkdtempSync(join(tmpdir(), 'backup-'));
try {
  writeFileSync(join(backup, 'members.csv'), 'M000042\n');
  execFileSync('mkfifo', [join(backup, 'pipe')]); // a named pipe, as a crashed export tool can leave behind

  // Wrong: a FIFO (or socket, or device file) in the backup directory: reading it could block forever.
  await assert.rejects(manifestFromDirectory(backup, { mediumId: 'HDD-0001' }), { code: 'CUSTODY_SPECIAL_FILE' });

  // Right: regular files and directories only.
  unlinkSync(join(backup, 'pipe'));
  assert.equal((await manifestFromDirectory(backup, { mediumId: 'HDD-0001' })).fileCount, 1);
} finally {
  rmSync(backup, { recursive: true, force: true });
}
