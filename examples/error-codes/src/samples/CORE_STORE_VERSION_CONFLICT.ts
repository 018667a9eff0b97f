import assert from 'node:assert/strict';
import { createMemoryStreamStore, decideAndRetry } from '@aisle/core';

const store = createMemoryStreamStore();
await store.append('counter:c-1', [{ id: 'inc-0', type: 'incremented', data: { n: 1 } }], { expectedVersion: 'no_stream' });

// Wrong: appending at a version read earlier, after someone else appended (the stream is at 1, not 0).
await assert.rejects(
  store.append('counter:c-1', [{ id: 'inc-x', type: 'incremented', data: { n: 1 } }], { expectedVersion: 'no_stream' }),
  { code: 'CORE_STORE_VERSION_CONFLICT' },
);

// Right: reload, decide again on the current state, append at that version (decideAndRetry does it).
const { result } = await decideAndRetry({
  store,
  streamId: 'counter:c-1',
  decide: (stream) => ({
    entries: [{ id: `inc-${stream.version}`, type: 'incremented', data: { n: stream.version + 1 } }],
    result: stream.version + 1,
  }),
});
assert.equal(result, 2);
