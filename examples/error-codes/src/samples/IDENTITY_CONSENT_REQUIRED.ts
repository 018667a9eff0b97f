import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';
import { createMemoryKeyStore, createShredder } from '@aisle/deid';
import { createIdentityGraph, createTrajectoryStore, defaultIdentifierTypes } from '@aisle/identity';

const store = createMemoryStreamStore();
const graph = createIdentityGraph({
  types: defaultIdentifierTypes(),
  pseudonymise: ({ type, canonical }) => `${type}:${canonical}`, // in production: @aisle/deid's HMAC pseudonymiser
  store,
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
const consented = new Set<string>();
const trajectories = createTrajectoryStore({
  graph,
  consent: (subject) => consented.has(subject),
  store,
  sealer: createShredder({ kek: new Uint8Array(32).fill(7), store: createMemoryKeyStore() }), // in production: a KEK from your KMS
  clock: { now: () => new Date('2026-11-21T10:30:00+08:00') },
});
const point = {
  member: { type: 'member', value: 'M-1001' },
  subjectId: 'psn_4f2a',
  site: 'sh-jingan-001',
  zone: 'kids-corner',
  at: Date.parse('2026-11-21T10:00:00+08:00'),
};

// Wrong: recording where a member went without the member in the graph and their separate consent.
await assert.rejects(trajectories.record(point), { code: 'IDENTITY_CONSENT_REQUIRED' });

// Right: the member is linked (signed in) and has given the consent for trajectories.
await graph.link({ a: { type: 'phone', value: '13912340001' }, b: { type: 'member', value: 'M-1001' }, evidence, caller: server });
consented.add('psn_4f2a');
await trajectories.record(point);
assert.equal((await trajectories.trajectory({ subjectId: 'psn_4f2a', at: '2026-11-21T12:00:00+08:00' })).length, 1);
