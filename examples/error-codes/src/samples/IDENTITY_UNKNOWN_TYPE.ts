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

// Wrong: an identifier type the graph was not given ('fax').
await assert.rejects(
  graph.link({ a: { type: 'fax', value: '021-1234' }, b: { type: 'member', value: 'M-1001' }, evidence, caller: server }),
  {
    code: 'IDENTITY_UNKNOWN_TYPE',
  },
);

// Right: one of the graph's types (defaultIdentifierTypes(): member, phone, card, device, wechat-openid, …).
const linked = await graph.link({
  a: { type: 'phone', value: '13912340001' },
  b: { type: 'member', value: 'M-1001' },
  evidence,
  caller: server,
});
assert.equal(linked.status, 'linked');
