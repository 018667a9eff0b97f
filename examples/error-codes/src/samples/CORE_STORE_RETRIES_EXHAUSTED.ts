import assert from 'node:assert/strict';
import { createMemoryStreamStore, decideAndRetry } from '@aisle/core';

const store = createMemoryStreamStore();
let rival = 0;
// A decision that another writer always beats: every attempt meets a version conflict.
const contended = {
  store,
  streamId: 'hot:h-1',
  maxAttempts: 3,
  backoff: async () => {},
  decide: async (stream: { version: number }) => {
    await store.append('hot:h-1', [{ id: `rival-${rival++}`, type: 'bumped', data: {} }], { expectedVersion: 'any' });
    return { entries: [{ id: `mine-${stream.version}`, type: 'bumped', data: {} }], result: 'mine' };
  },
};

// Wrong: a hot stream with too few attempts.
await assert.rejects(decideAndRetry(contended), { code: 'CORE_STORE_RETRIES_EXHAUSTED' });

// Right: once the contention is gone (or with more attempts and backoff), the same call succeeds.
const { result } = await decideAndRetry({
  ...contended,
  decide: (stream) => ({ entries: [{ id: `mine-${stream.version}`, type: 'bumped', data: {} }], result: 'mine' }),
});
assert.equal(result, 'mine');
