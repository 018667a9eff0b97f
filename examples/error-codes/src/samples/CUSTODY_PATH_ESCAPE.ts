import assert from 'node:assert/strict';
import { createManifest } from '@aisle/custody';

const chunks = [new TextEncoder().encode('M000042\n')];

// Wrong: a path that climbs out of the backup ("../") or is absolute.
await assert.rejects(createManifest({ mediumId: 'HDD-0001', files: [{ path: '../etc/passwd', chunks }] }), { code: 'CUSTODY_PATH_ESCAPE' });

// Right: paths relative to the medium's root, with "/" separators.
assert.equal((await createManifest({ mediumId: 'HDD-0001', files: [{ path: 'members/2026-11-21.csv', chunks }] })).fileCount, 1);
