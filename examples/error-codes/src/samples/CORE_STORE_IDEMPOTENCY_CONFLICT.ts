import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';

const store = createMemoryStreamStore();
const key = { key: 'pos:R-0107', fingerprint: 'total=96500' };
await store.append('member:m-1', [{ id: 'earn-1', type: 'earned', data: { points: 1409 } }], {
  expectedVersion: 'no_stream',
  idempotency: key,
});

// Wrong: the same idempotency key with a different request (another fingerprint).
await assert.rejects(
  store.append('member:m-1', [{ id: 'earn-2', type: 'earned', data: { points: 2000 } }], {
    expectedVersion: 1,
    idempotency: { key: 'pos:R-0107', fingerprint: 'total=120000' },
  }),
  { code: 'CORE_STORE_IDEMPOTENCY_CONFLICT' },
);

// Right: one key per distinct request; a retry of the same request (same fingerprint) is a harmless duplicate.
const retried = await store.append('member:m-1', [{ id: 'earn-1', type: 'earned', data: { points: 1409 } }], {
  expectedVersion: 'no_stream',
  idempotency: key,
});
assert.equal(retried.duplicate, true);
