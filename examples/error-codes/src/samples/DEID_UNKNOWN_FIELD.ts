import assert from 'node:assert/strict';
import { createDeidentifier, createPseudonymizer } from '@aisle/deid';

const pseudonymizer = createPseudonymizer({ key: new Uint8Array(32).fill(1), tenant: 'acme', purpose: 'analytics' });
const policy = { fields: { phone: { action: 'pseudonymize', kind: 'mobile' } }, unknownFields: 'error' } as const;
const deid = createDeidentifier({ policy, pseudonymizer });

// Wrong: a record with a field the policy does not name, under unknownFields: 'error' (new columns must be decided on).
assert.throws(() => deid.apply({ phone: '13800138000', email: 'li@example.com' }), { code: 'DEID_UNKNOWN_FIELD' });

// Right: name every field in the policy (here: drop the e-mail address).
const complete = createDeidentifier({ policy: { ...policy, fields: { ...policy.fields, email: { action: 'drop' } } }, pseudonymizer });
assert.deepEqual(Object.keys(complete.apply({ phone: '13800138000', email: 'li@example.com' })), ['phone']);
