import assert from 'node:assert/strict';
import { AisleError, type AppendOptions, createMemoryStreamStore, type Json, type StreamStore } from '@aisle/core';
import { createIdentityGraph, defaultIdentifierTypes, loadIdentityGraph } from '@aisle/identity';

// Another process wrote the same link stream between this graph's load and its write: the stores
// report that as a version conflict. A second process repeating the very same link is recognised
// as a duplicate and succeeds, so the race is staged here with a store whose next append loses it.
const shared = createMemoryStreamStore();
let loseNextAppend = false;
const store: StreamStore = {
  ...shared,
  append<T extends Json>(streamId: string, entries: Parameters<StreamStore['append']>[1], options: AppendOptions) {
    if (loseNextAppend) {
      loseNextAppend = false;
      return Promise.reject(new AisleError('CORE_STORE_VERSION_CONFLICT', `Stream ${streamId}: another writer came first`));
    }
    return shared.append<T>(streamId, entries as never, options);
  },
};
const options = {
  types: defaultIdentifierTypes(),
  pseudonymise: ({ type, canonical }: { type: string; canonical: string }) => `${type}:${canonical}`,
  store,
};
const request = {
  a: { type: 'phone', value: '13912340001' },
  b: { type: 'member', value: 'M-1001' },
  caller: { trusted: true, name: 'crm' },
  evidence: {
    source: 'pos:sh-001',
    eventId: 'evt-1',
    seenAt: '2026-03-01T10:00:00+08:00',
    verifiedAt: '2026-03-01T10:00:00+08:00',
    strength: 'pos-bind',
    basis: { kind: 'contract' },
    purposes: ['loyalty'],
  },
} as const;

// Wrong: carrying on with a graph whose in-memory view is stale.
const stale = createIdentityGraph(options);
loseNextAppend = true;
await assert.rejects(stale.link(request), { code: 'IDENTITY_CONCURRENT_WRITER' });

// Right: reload the graph from the store (loadIdentityGraph), then decide again.
const reloaded = await loadIdentityGraph(options);
assert.equal((await reloaded.link(request)).status, 'linked');
