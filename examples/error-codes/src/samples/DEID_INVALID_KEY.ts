import assert from 'node:assert/strict';
import { createPseudonymizer } from '@aisle/deid';

// Wrong: a 16-byte key (or a string) where 32 bytes are needed.
assert.throws(() => createPseudonymizer({ key: new Uint8Array(16), tenant: 'sh-jingan-001', purpose: 'analytics' }), {
  code: 'DEID_INVALID_KEY',
});

// Right: a 32-byte Uint8Array (in production from your key service; never logged).
const pseudonymizer = createPseudonymizer({ key: new Uint8Array(32).fill(9), tenant: 'sh-jingan-001', purpose: 'analytics' });
assert.match(pseudonymizer.pseudonymize('mobile', '13800138000'), /^p1_/);
