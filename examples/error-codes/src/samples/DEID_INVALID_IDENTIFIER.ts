import assert from 'node:assert/strict';
import { createPseudonymizer } from '@aisle/deid';

const pseudonymizer = createPseudonymizer({ key: new Uint8Array(32).fill(9), tenant: 'sh-jingan-001', purpose: 'analytics' });

// Wrong: a value that is not a mainland mobile number (10 digits) where one is declared.
assert.throws(() => pseudonymizer.pseudonymize('mobile', '1380013800'), { code: 'DEID_INVALID_IDENTIFIER' });

// Right: the full number, in any common spelling (+86, spaces and dashes are canonicalised).
assert.equal(pseudonymizer.pseudonymize('mobile', '+86 138-0013-8000'), pseudonymizer.pseudonymize('mobile', '13800138000'));
