import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';

const store = createMemoryStreamStore();
await store.append('orders:o-1', [{ id: 'evt-1', type: 'placed', data: {} }], { expectedVersion: 'no_stream' });

// Wrong: reusing an entry id for a different entry at another position.
await assert.rejects(store.append('orders:o-1', [{ id: 'evt-1', type: 'paid', data: {} }], { expectedVersion: 1 }), {
  code: 'CORE_STORE_DUPLICATE_ID',
});

// Right: a fresh id for every new entry (retrying the very same append with the same ids is fine: it is a duplicate, not an error).
const paid = await store.append('orders:o-1', [{ id: 'evt-2', type: 'paid', data: {} }], { expectedVersion: 1 });
assert.equal(paid.version, 2);
