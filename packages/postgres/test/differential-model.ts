import { AisleError, type AppendOptions, createMemoryStreamStore, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createPostgresStreamStore, migrate, type PostgresDatabase } from '../src/index';

const streamIds = ['a', 'b', 'c'];
const entryIds = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];

/** One random append: a small id pool makes retries, duplicate ids and key reuse frequent. */
const appendArb = fc.record({
  streamId: fc.constantFrom(...streamIds),
  ids: fc.uniqueArray(fc.constantFrom(...entryIds), { minLength: 1, maxLength: 3 }),
  data: fc.jsonValue({ maxDepth: 2 }),
  expected: fc.oneof(fc.constantFrom('no_stream', 'stream_exists', 'any'), fc.integer({ min: 0, max: 6 })),
  key: fc.option(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3'), fingerprint: fc.constantFrom('f1', 'f2') }), { nil: undefined }),
  counter: fc.option(
    fc.record({ key: fc.constantFrom('c1', 'c2'), delta: fc.integer({ min: -3, max: 6 }), limit: fc.integer({ min: 0, max: 10 }) }),
    {
      nil: undefined,
    },
  ),
  snapshot: fc.option(fc.integer(), { nil: undefined }),
});

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!AisleError.isInstance(error)) throw error;
    return { ok: false, code: error.code };
  }
}

/** Everything observable through the contract, feed positions aside (their encoding is the adapter's). */
async function observe(store: StreamStore) {
  const streams = await Promise.all(streamIds.map((id) => store.read(id)));
  const snapshots = await Promise.all(streamIds.map((id) => store.readSnapshot(id)));
  const feed = (await store.feed({ limit: 1000 })).entries.map(({ position: _position, ...entry }) => entry);
  const { cut: _cut, heads } = await store.heads();
  return { streams, snapshots, feed, heads, counters: [...(await store.counters(['c1', 'c2']))], ids: await store.streamIds() };
}

/**
 * Random append sequences run on a fresh schema and on the in-memory reference store: every append
 * must have the same outcome (the same result, hashes included, or the same error code), and
 * everything observable must be equal afterwards.
 */
export async function checkAgainstMemory(db: PostgresDatabase, prefix: string, numRuns: number): Promise<void> {
  let n = 0;
  const sql = async (text: string) => {
    const q = db as { query(text: string): Promise<unknown> };
    await q.query(text);
  };
  await fc.assert(
    fc.asyncProperty(fc.array(appendArb, { minLength: 1, maxLength: 12 }), async (ops) => {
      const schema = `${prefix}_${++n}`;
      await migrate(db, { schema });
      const postgres = createPostgresStreamStore(db, { schema });
      const memory = createMemoryStreamStore();
      for (const op of ops) {
        const entries = op.ids.map((id) => ({ id, type: 'op', data: op.data }));
        const options: AppendOptions = {
          expectedVersion: op.expected as AppendOptions['expectedVersion'],
          ...(op.key === undefined ? {} : { idempotency: { scope: 'diff', ...op.key } }),
          ...(op.counter === undefined ? {} : { counters: [op.counter] }),
          ...(op.snapshot === undefined ? {} : { snapshot: { s: op.snapshot } }),
        };
        const expected = await outcome(() => memory.append(op.streamId, entries, options));
        const actual = await outcome(() => postgres.append(op.streamId, entries, options));
        expect(actual).toEqual(expected);
      }
      expect(await observe(postgres)).toEqual(await observe(memory));
      await sql(`DROP SCHEMA ${schema} CASCADE`);
    }),
    { numRuns },
  );
}
