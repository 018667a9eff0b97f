import assert from 'node:assert/strict';
import { createFf1 } from '@aisle/deid';

const ff1 = createFf1({ key: new Uint8Array(16).fill(2), radix: 10 });

// Wrong: a letter in a radix-10 (digits only) value.
assert.throws(() => ff1.encrypt('13800A38000'), { code: 'DEID_INVALID_CHARACTER' });

// Right: only characters of the radix's alphabet (strip separators first).
const encrypted = ff1.encrypt('13800138000');
assert.equal(ff1.decrypt(encrypted), '13800138000');
