import assert from 'node:assert/strict';
import { createManifest } from '@aisle/custody';

const file = (path: string) => ({ path, chunks: [new TextEncoder().encode('M000042\n')] });

// Wrong: the same path twice (two exports written to one name).
await assert.rejects(createManifest({ mediumId: 'HDD-0001', files: [file('members.csv'), file('members.csv')] }), {
  code: 'CUSTODY_DUPLICATE_PATH',
});

// Right: one entry per path.
assert.equal((await createManifest({ mediumId: 'HDD-0001', files: [file('members.csv'), file('orders.csv')] })).fileCount, 2);
