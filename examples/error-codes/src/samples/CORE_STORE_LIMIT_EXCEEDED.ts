import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';

const store = createMemoryStreamStore();
const budget = (delta: number) => [{ key: 'budget:spring-2026', delta, limit: 1000 }];

// Wrong: a grant that would take the campaign budget past its limit (nothing is written).
await assert.rejects(
  store.append('grant:g-1', [{ id: 'g-1', type: 'granted', data: { points: 1500 } }], {
    expectedVersion: 'no_stream',
    counters: budget(1500),
  }),
  { code: 'CORE_STORE_LIMIT_EXCEEDED' },
);

// Right: grant within what is left (read it with store.counters()).
const used = (await store.counters(['budget:spring-2026'])).get('budget:spring-2026') ?? 0;
await store.append('grant:g-1', [{ id: 'g-1', type: 'granted', data: { points: 1000 - used } }], {
  expectedVersion: 'no_stream',
  counters: budget(1000 - used),
});
assert.equal((await store.counters(['budget:spring-2026'])).get('budget:spring-2026'), 1000);
