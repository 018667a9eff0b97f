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
const a = { type: 'phone', value: '13912340001' };
const b = { type: 'member', value: 'M-1001' };

// Wrong: a merge requested by a client (a mini-program page), which anyone can forge.
await assert.rejects(graph.link({ a, b, evidence, caller: { trusted: false, name: 'mini-program' } }), {
  code: 'IDENTITY_UNTRUSTED_CALLER',
});

// Right: links are made server-side, after the server verified the binding (an SMS code, a POS scan).
assert.equal((await graph.link({ a, b, evidence, caller: server })).status, 'linked');
