import assert from 'node:assert/strict';
import { createBiometricReferencer } from '@aisle/deid';

const refs = createBiometricReferencer({ key: new Uint8Array(32).fill(4), tenant: 'sh-jingan-001' });

// Wrong: an empty template (a capture that failed upstream) would give every failed capture the same reference.
assert.throws(() => refs.reference(new Uint8Array(0)), { code: 'DEID_EMPTY_VALUE' });

// Right: check the capture before referencing it.
const template = new Uint8Array([1, 2, 3]);
assert.ok(refs.matches(template, refs.reference(template)));
