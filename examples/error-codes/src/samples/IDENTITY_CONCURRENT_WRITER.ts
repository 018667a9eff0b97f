import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';
import { createIdentityGraph, defaultIdentifierTypes, loadIdentityGraph } from '@aisle/identity';

// Two processes over one link log: every append names the log version its graph last wrote, so
// the second writer's append is a version conflict.
const options = {
  types: defaultIdentifierTypes(),
  pseudonymise: ({ type, canonical }: { type: string; canonical: string }) => `${type}:${canonical}`,
  store: createMemoryStreamStore(),
};
const link = (eventId: string, card: string) =>
  ({
    a: { type: 'member', value: 'M-1001' },
    b: { type: 'card', value: card },
    caller: { trusted: true, name: 'crm' },
    evidence: {
      source: 'pos:sh-001',
      eventId,
      seenAt: '2026-03-01T10:00:00+08:00',
      verifiedAt: '2026-03-01T10:00:00+08:00',
      strength: 'pos-bind',
      basis: { kind: 'contract' },
      purposes: ['loyalty'],
    },
  }) as const;

const first = createIdentityGraph(options);
await first.link(link('evt-1', '880012345678'));
const second = await loadIdentityGraph(options); // another process
await second.link(link('evt-2', '880012345679'));

// Wrong: a second process writing the same graph; the first one's view is stale.
await assert.rejects(first.link(link('evt-3', '880012345670')), { code: 'IDENTITY_CONCURRENT_WRITER' });

// Right: one writer at a time. After the error the graph has reloaded the log, so decide again and retry.
assert.equal((await first.link(link('evt-3', '880012345670'))).status, 'linked');
