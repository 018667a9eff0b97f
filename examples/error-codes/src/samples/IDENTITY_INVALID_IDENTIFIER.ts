import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';
import { createIdentityGraph, defaultIdentifierTypes } from '@aisle/identity';

const graph = createIdentityGraph({
  types: defaultIdentifierTypes(),
  pseudonymise: ({ type, canonical }) => `${type}:${canonical}`, // in production: @aisle/deid's HMAC pseudonymiser
  store: createMemoryStreamStore(),
});
const server = { trusted: true, name: 'crm' } as const;
const evidence = {
  source: 'pos:sh-001',
  eventId: 'evt-1',
  seenAt: '2026-03-01T10:00:00+08:00',
  verifiedAt: '2026-03-01T10:00:00+08:00',
  strength: 'pos-bind',
  basis: { kind: 'contract' },
  purposes: ['loyalty'],
} as const;

// Wrong: a phone number that does not canonicalise (5 digits).
await assert.rejects(
  graph.link({ a: { type: 'phone', value: '12345' }, b: { type: 'member', value: 'M-1001' }, evidence, caller: server }),
  {
    code: 'IDENTITY_INVALID_IDENTIFIER',
  },
);

// Right: a valid value of the type (any common spelling of a mainland mobile number).
const linked = await graph.link({
  a: { type: 'phone', value: '+86 139-1234-0001' },
  b: { type: 'member', value: 'M-1001' },
  evidence,
  caller: server,
});
assert.equal(linked.status, 'linked');
