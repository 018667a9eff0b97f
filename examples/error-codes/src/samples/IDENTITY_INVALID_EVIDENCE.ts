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

// Wrong: evidence whose time has no UTC offset (which zone was "10:00"?).
await assert.rejects(graph.link({ a, b, evidence: { ...evidence, seenAt: '2026-03-01 10:00' }, caller: server }), {
  code: 'IDENTITY_INVALID_EVIDENCE',
});

// Right: ISO 8601 instants with an offset, a known strength, a legal basis and the purposes.
assert.equal((await graph.link({ a, b, evidence, caller: server })).status, 'linked');
