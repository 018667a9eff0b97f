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

const linked = await graph.link({
  a: { type: 'phone', value: '13912340001' },
  b: { type: 'member', value: 'M-1001' },
  evidence,
  caller: server,
});
assert.equal(linked.status, 'linked');

// Wrong: unlinking by an id the graph does not have (a profile id, or a link id from another graph).
await assert.rejects(graph.unlink('lnk_0000', { reason: 'removed', at: '2026-03-02T10:00:00+08:00' }), { code: 'IDENTITY_UNKNOWN_LINK' });

// Right: the link id the graph returned.
if (linked.status !== 'linked') throw new Error('expected a link');
const parts = await graph.unlink(linked.linkId, { reason: 'removed', at: '2026-03-02T10:00:00+08:00' });
assert.ok(Array.isArray(parts));
assert.equal(graph.profileOf({ type: 'phone', value: '13912340001' }) === graph.profileOf({ type: 'member', value: 'M-1001' }), false);
