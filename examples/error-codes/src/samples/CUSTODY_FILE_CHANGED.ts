import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestFromDirectory } from '@aisle/custody/node';

// CUSTODY_FILE_CHANGED is thrown when a file's size or modification time changes while it is being
// hashed: a backup job still writing. The race cannot be staged reliably in a short sample, so this
// shows the handling: wait for the writer, then hash again (the error names the file).
async function manifestWhenQuiet(dir: string, mediumId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await manifestFromDirectory(dir, { mediumId });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'CUSTODY_FILE_CHANGED' || attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the writer is still at work
    }
  }
}

const backup = mkdtempSync(join(tmpdir(), 'backup-'));
try {
  writeFileSync(join(backup, 'members.csv'), 'M000042\n');
  assert.equal((await manifestWhenQuiet(backup, 'HDD-0001')).fileCount, 1);
} finally {
  rmSync(backup, { recursive: true, force: true });
}
