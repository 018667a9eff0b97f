import assert from 'node:assert/strict';
import { createManifest, manifestJson, parseManifest } from '@aisle/custody';

const manifest = await createManifest({
  mediumId: 'HDD-0001',
  files: [{ path: 'members.csv', chunks: [new TextEncoder().encode('M000042\n')] }],
});

// Wrong: a stored manifest that was edited (its root no longer matches its files).
const edited = { ...JSON.parse(manifestJson(manifest)), root: '0'.repeat(64) };
assert.throws(() => parseManifest(edited), { code: 'CUSTODY_MANIFEST_INVALID' });

// Right: the manifest as written (manifestJson), read back untouched.
assert.equal(parseManifest(JSON.parse(manifestJson(manifest))).root, manifest.root);
