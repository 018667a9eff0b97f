import assert from 'node:assert/strict';
import { decideAndRetry } from '@aisle/core';
import { createPostgresStreamStore, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';

const pglite = new PGlite();
await migrate(pglite);
// PGlite has a single connection and cannot deadlock: the first transaction below fails the way a
// PostgreSQL server reports a serialisation failure (SQLSTATE 40001) under concurrent writers.
let failures = 1;
const serialisationFailure = () => Object.assign(new Error('could not serialize access'), { code: '40001' });
const db = {
  query: (text: string, params?: unknown[]) => (failures-- > 0 ? Promise.reject(serialisationFailure()) : pglite.query(text, params)),
  transaction: ((fn) => (failures-- > 0 ? Promise.reject(serialisationFailure()) : pglite.transaction(fn))) as typeof pglite.transaction,
};
const store = createPostgresStreamStore(db);
const entries = [{ id: 'evt-1', type: 'opened', data: {} }];

// Wrong: treating a transient failure as final.
await assert.rejects(store.append('till:t-2', entries, { expectedVersion: 'no_stream' }), { code: 'CORE_STORE_TRANSIENT' });

// Right: retry the same operation; decideAndRetry reloads and retries transient failures for you.
let armed = true;
const { append, attempts } = await decideAndRetry({
  store,
  streamId: 'till:t-2',
  decide: () => {
    if (armed) failures = 1; // the first attempt's append meets the serialisation failure again
    armed = false;
    return { entries, result: undefined };
  },
});
assert.equal(attempts, 2);
assert.equal(append?.version, 1);
await pglite.close();
