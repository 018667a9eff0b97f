import assert from 'node:assert/strict';
import { createFf1 } from '@aisle/deid';

const ff1 = createFf1({ key: new Uint8Array(16).fill(2), radix: 10 });

// Wrong: 4 digits have only 10,000 values: too few for FF1 to be secure (NIST SP 800-38G needs at least 1,000,000).
assert.throws(() => ff1.encrypt('8000'), { code: 'DEID_FF1_DOMAIN_TOO_SMALL' });

// Right: encrypt a long enough value (the whole number, not its last four digits), or mask short ones instead.
assert.equal(ff1.encrypt('138000').length, 6);
