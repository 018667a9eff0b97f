// The testing entry imports the package by name, so its types and runtime are the main entry's
// (tsup keeps '@aisle/core' external here): one StreamStore type, not a bundled copy.
import {
  AisleError,
  CoreErrorCode,
  createCheckpoint,
  decideAndRetry,
  type FeedEntry,
  GENESIS_HASH,
  type Json,
  type NewStreamEntry,
  type RawStreamAccess,
  type StreamStore,
  verifyStore,
  verifyStreamEntries,
} from '@aisle/core';
import { type ConformanceAssertions, conformanceAssertions } from './assertions';

const assertions = conformanceAssertions('StreamStore conformance');
const check: ConformanceAssertions['check'] = assertions.check;
const { equal, rejects } = assertions;

/**
 * The two functions of a test runner the suites need (vitest's, jest's, node:test's `describe`
 * and `it` all fit), so `@aisle/core/testing` depends on no runner.
 *
 * @public
 */
export interface TestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
}

/**
 * A store under test, fresh and empty, with raw access to its rows and a way to release it.
 *
 * @public
 */
export interface StreamStoreFixture {
  readonly store: StreamStore;
  readonly raw: RawStreamAccess;
  close?(): Promise<void>;
}

/**
 * Options of {@link describeStreamStore}.
 *
 * @public
 */
export interface DescribeStreamStoreOptions {
  /** Names the suite, e.g. `'PGlite'`. */
  readonly name: string;
  /** Makes a fresh, empty store for each test. */
  readonly create: () => Promise<StreamStoreFixture>;
  readonly test: TestApi;
  /** Per-test timeout in milliseconds (default 30 000). */
  readonly timeout?: number;
  /**
   * The adapter returns `readSnapshot(id, { tail: true })`'s `tail` (default `false`: the suite
   * then checks the tail only when one is returned; `true` requires it, as core's memory store
   * and `@aisle/postgres` do).
   */
  readonly snapshotTail?: boolean;
}

/**
 * The conformance suite of the `StreamStore` contract: every adapter runs it. It covers expected
 * versions, idempotent retries and keys, snapshots, counters, timers, the feed, heads,
 * checkpoints, argument validation, and tampering through the raw hooks (edited, swapped and
 * deleted entries, deleted streams, altered checkpoints), each named by `verifyStore`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryStreamStoreHarness } from '@aisle/core';
 * import { describeStreamStore } from '@aisle/core/testing';
 *
 * describeStreamStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
 * ```
 *
 * @public
 */
export function describeStreamStore(options: DescribeStreamStoreOptions): void {
  const { describe, it } = options.test;
  const timeout = options.timeout ?? 30_000;
  const test = (name: string, body: (store: StreamStore, raw: RawStreamAccess) => Promise<void>) =>
    it(
      name,
      async () => {
        const fixture = await options.create();
        try {
          await body(fixture.store, fixture.raw);
        } finally {
          await fixture.close?.();
        }
      },
      timeout,
    );

  describe(`StreamStore conformance: ${options.name}`, () => {
    test('appends, reads back, and chains entries within a stream', async (store) => {
      const first = await store.append('s-1', [entry('a', { n: 1 }), entry('b', { n: 2 })], { expectedVersion: 'no_stream' });
      equal(first.version, 2, 'version after two entries');
      equal(first.duplicate, false, 'a first append is not a duplicate');
      equal(first.entries[0]?.prev, GENESIS_HASH, 'the first entry links to genesis');
      equal(first.entries[1]?.prev, first.entries[0]?.hash, 'the second links to the first');
      const slice = await store.read('s-1');
      equal(slice.version, 2, 'read version');
      equal(slice.head, first.head, 'read head');
      equal(
        slice.entries.map((e) => [e.seq, e.id, e.type, e.data]),
        [
          [0, 'a', 't', { n: 1 }],
          [1, 'b', 't', { n: 2 }],
        ],
        'entries as written',
      );
      check(verifyStreamEntries('s-1', slice.entries).ok, 'the stream verifies');
      const partial = await store.read('s-1', { from: 1, limit: 5 });
      equal(
        partial.entries.map((e) => e.id),
        ['b'],
        'read from 1',
      );
      const none = await store.read('nobody');
      equal([none.version, none.head, none.entries.length], [0, GENESIS_HASH, 0], 'an unknown stream reads as empty');
    });

    test('keeps its own copy of the data', async (store) => {
      const data = { list: [1, 2] };
      await store.append('s-1', [{ id: 'a', type: 't', data }], { expectedVersion: 'no_stream' });
      data.list.push(3);
      equal((await store.read('s-1')).entries[0]?.data, { list: [1, 2] }, 'later changes to the caller object do not reach the store');
    });

    test('checks expected versions and writes nothing on a conflict', async (store) => {
      await store.append('s-1', [entry('a')], { expectedVersion: 'no_stream' });
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 'no_stream' }),
        CoreErrorCode.STORE_VERSION_CONFLICT,
        'no_stream on an existing stream',
      );
      await rejects(
        store.append('s-2', [entry('b')], { expectedVersion: 'stream_exists' }),
        CoreErrorCode.STORE_VERSION_CONFLICT,
        'stream_exists on none',
      );
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 0 }),
        CoreErrorCode.STORE_VERSION_CONFLICT,
        'a stale exact version',
      );
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 2 }),
        CoreErrorCode.STORE_VERSION_CONFLICT,
        'a future exact version',
      );
      equal((await store.read('s-1')).version, 1, 'nothing written by the conflicts');
      equal((await store.read('s-2')).version, 0, 'no stream created by a conflict');
      await store.append('s-1', [entry('b')], { expectedVersion: 1 });
      await store.append('s-1', [entry('c')], { expectedVersion: 'stream_exists' });
      await store.append('s-1', [entry('d')], { expectedVersion: 'any' });
      await store.append('s-3', [entry('a')], { expectedVersion: 'any' });
      equal((await store.read('s-1')).version, 4, 'all matching appends stored');
      equal((await store.read('s-3')).version, 1, "'any' creates a stream");
    });

    test('lets exactly one of many concurrent appends at one version win', async (store) => {
      await store.append('s-1', [entry('seed')], { expectedVersion: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append('s-1', [entry(`r-${i}`)], { expectedVersion: 1 })),
      );
      equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'one winner');
      for (const r of results) {
        if (r.status === 'rejected')
          check(AisleError.isInstance(r.reason, CoreErrorCode.STORE_VERSION_CONFLICT), 'losers get a version conflict');
      }
      const creators = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append('new', [entry(`c-${i}`)], { expectedVersion: 'no_stream' })),
      );
      equal(creators.filter((r) => r.status === 'fulfilled').length, 1, 'one creator of a new stream');
      const anys = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append('any', [entry(`x-${i}`)], { expectedVersion: 'any' })),
      );
      equal(anys.filter((r) => r.status === 'fulfilled').length, 20, "every 'any' append stored");
      const slice = await store.read('any');
      equal(slice.version, 20, '20 entries');
      check(verifyStreamEntries('any', slice.entries).ok, 'contiguous and chained');
    });

    test('treats a retried append with the same ids as done, and refuses partial overlaps', async (store) => {
      const first = await store.append('s-1', [entry('a'), entry('b')], { expectedVersion: 'no_stream' });
      const again = await store.append('s-1', [entry('a'), entry('b')], { expectedVersion: 'no_stream' });
      equal(again.duplicate, true, 'the retry is reported as a duplicate');
      equal(again.head, first.head, 'with the original result');
      equal(
        again.entries.map((e) => e.hash),
        first.entries.map((e) => e.hash),
        'the original entries',
      );
      equal((await store.read('s-1')).version, 2, 'nothing written twice');
      await rejects(
        store.append('s-1', [entry('b'), entry('c')], { expectedVersion: 2 }),
        CoreErrorCode.STORE_DUPLICATE_ID,
        'ids partly present',
      );
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 0 }),
        CoreErrorCode.STORE_DUPLICATE_ID,
        'an id at another position',
      );
      equal((await store.read('s-1')).version, 2, 'nothing written by the refusals');
    });

    test('applies an idempotency key once and refuses it for another request', async (store) => {
      const key = { scope: 'earn', key: 'receipt-9', fingerprint: 'f1' };
      const first = await store.append('s-1', [entry('a')], { expectedVersion: 'no_stream', idempotency: key });
      const again = await store.append('s-1', [entry('other')], { expectedVersion: 'any', idempotency: key });
      equal([again.duplicate, again.head, again.entries[0]?.id], [true, first.head, 'a'], 'the original result');
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 'any', idempotency: { ...key, fingerprint: 'f2' } }),
        CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT,
        'another request under the same key',
      );
      await store.append('s-1', [entry('c')], { expectedVersion: 'any', idempotency: { ...key, scope: 'refund' } });
      equal((await store.read('s-1')).version, 2, 'keys are unique per scope');
    });

    test('stores the snapshot written with an append', async (store) => {
      const empty = await store.readSnapshot('s-1');
      equal([empty.version, empty.snapshotVersion, empty.snapshot], [0, 0, undefined], 'no snapshot yet');
      await store.append('s-1', [entry('a')], { expectedVersion: 'no_stream', snapshot: { balance: 1 } });
      await store.append('s-1', [entry('b')], { expectedVersion: 1 });
      const snap = await store.readSnapshot('s-1');
      equal([snap.version, snap.snapshotVersion, snap.snapshot], [2, 1, { balance: 1 }], 'the last snapshot and its version');
      await store.append('s-1', [entry('c')], { expectedVersion: 2, snapshot: { balance: 3 } });
      const later = await store.readSnapshot('s-1');
      equal([later.snapshotVersion, later.snapshot], [3, { balance: 3 }], 'replaced by a newer one');
    });

    test('reads the entries after the snapshot with it ({ tail: true })', async (store) => {
      const required = options.snapshotTail === true;
      const tailOf = async (id: string) => {
        const snap = await store.readSnapshot(id, { tail: true });
        if (snap.tail === undefined) {
          if (required) throw new Error(`readSnapshot(${id}, { tail: true }) returned no tail`);
          return undefined;
        }
        const slice = await store.read(id, { from: snap.snapshotVersion });
        equal(
          snap.tail.map((e) => [e.seq, e.id, e.prev, e.hash, e.data]),
          slice.entries.map((e) => [e.seq, e.id, e.prev, e.hash, e.data]),
          `the tail of ${id} is what read(from: snapshotVersion) returns`,
        );
        equal(snap.version, snap.snapshotVersion + snap.tail.length, `the tail of ${id} ends at the stream's version`);
        return snap;
      };
      const none = await tailOf('missing');
      if (none !== undefined) equal([none.version, none.tail?.length], [0, 0], 'an unknown stream: empty tail');
      await store.append('bare', [entry('a', { n: 1 }), entry('b', { n: 2 })], { expectedVersion: 'no_stream' });
      const bare = await tailOf('bare');
      if (bare !== undefined) equal([bare.snapshotVersion, bare.tail?.map((e) => e.id)], [0, ['a', 'b']], 'no snapshot: every entry');
      await store.append('s-1', [entry('a')], { expectedVersion: 'no_stream', snapshot: { balance: 1 } });
      const fresh = await tailOf('s-1');
      if (fresh !== undefined) equal(fresh.tail?.length, 0, 'a snapshot at the head: empty tail');
      await store.append('s-1', [entry('b'), entry('c')], { expectedVersion: 1 });
      await store.append('s-1', [entry('d')], { expectedVersion: 3 });
      const lagging = await tailOf('s-1');
      if (lagging !== undefined) {
        equal(
          [lagging.snapshotVersion, lagging.snapshot, lagging.tail?.map((e) => e.id)],
          [1, { balance: 1 }, ['b', 'c', 'd']],
          'the entries after it',
        );
      }
      const plain = await store.readSnapshot('s-1');
      equal(plain.tail, undefined, 'no tail unless asked for');
      for (const bad of [null, 'yes', { tail: 'yes' }, [true]]) {
        await rejects(store.readSnapshot('s-1', bad as never), CoreErrorCode.VALIDATION, `options ${JSON.stringify(bad)}`);
      }
    });

    test('moves counters with the append, never past their limit', async (store) => {
      await store.append('s-1', [entry('a')], { expectedVersion: 'no_stream', counters: [{ key: 'budget', delta: 60, limit: 100 }] });
      await rejects(
        store.append('s-1', [entry('b')], { expectedVersion: 1, counters: [{ key: 'budget', delta: 41, limit: 100 }] }),
        CoreErrorCode.STORE_LIMIT_EXCEEDED,
        'over the limit',
      );
      equal((await store.read('s-1')).version, 1, 'the append was refused with the counter');
      await store.append('s-1', [entry('b')], { expectedVersion: 1, counters: [{ key: 'budget', delta: 40, limit: 100 }] });
      await store.append('s-1', [entry('c')], { expectedVersion: 2, counters: [{ key: 'budget', delta: -30, limit: 100 }] });
      const values = await store.counters(['budget', 'never']);
      equal([values.get('budget'), values.get('never')], [70, 0], 'counter values');
      const racers = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.append(`r-${i}`, [entry('a')], { expectedVersion: 'no_stream', counters: [{ key: 'cap', delta: 3, limit: 10 }] }),
        ),
      );
      equal(racers.filter((r) => r.status === 'fulfilled').length, 3, 'concurrent moves stop at the limit');
      equal((await store.counters(['cap'])).get('cap'), 9, 'and the counter shows exactly the winners');
      // A refund before any use leaves room: used -1, then +5 under a limit of 4 reaches exactly 4.
      await store.append('s-2', [entry('a')], { expectedVersion: 'no_stream', counters: [{ key: 'early', delta: -1, limit: 0 }] });
      await store.append('s-3', [entry('a')], { expectedVersion: 'no_stream', counters: [{ key: 'early', delta: 5, limit: 4 }] });
      equal((await store.counters(['early'])).get('early'), 4, 'a refund made first counts for a later move above the limit alone');
    });

    test('keeps a due-time index of timers', async (store) => {
      await store.append('s-1', [entry('a')], {
        expectedVersion: 'no_stream',
        timers: {
          set: [
            { key: 'expire:l1', dueAt: '2026-12-31T16:00:00Z' },
            { key: 'activate:l1', dueAt: '2026-01-08T00:00:00+08:00' },
          ],
        },
      });
      await store.append('s-2', [entry('a')], {
        expectedVersion: 'no_stream',
        timers: { set: [{ key: 'expire:l2', dueAt: '2026-06-30T16:00:00.000Z' }] },
      });
      const due = await store.dueTimers({ at: '2026-07-01T00:00:00Z' });
      equal(
        due.map((t) => [t.streamId, t.key, t.dueAt]),
        [
          ['s-1', 'activate:l1', '2026-01-07T16:00:00.000Z'],
          ['s-2', 'expire:l2', '2026-06-30T16:00:00.000Z'],
        ],
        'due timers, earliest first, instants in UTC',
      );
      await store.append('s-1', [entry('b')], { expectedVersion: 1, timers: { clear: ['activate:l1'] } });
      equal(
        (await store.dueTimers({ at: '2026-07-01T00:00:00Z', limit: 1 })).map((t) => t.key),
        ['expire:l2'],
        'cleared, and limited',
      );
      equal((await store.dueTimers({ at: '2027-01-01T00:00:00Z' })).length, 2, 'later, both expiries');
      await store.append('other:1', [entry('a')], {
        expectedVersion: 'no_stream',
        timers: { set: [{ key: 'k', dueAt: '2026-01-01T00:00:00Z' }] },
      });
      equal(
        (await store.dueTimers({ at: '2027-01-01T00:00:00Z', prefix: 's-' })).map((t) => t.key),
        ['expire:l2', 'expire:l1'],
        'only one prefix of streams',
      );
      const firstPage = await store.dueTimers({ at: '2027-01-01T00:00:00Z', limit: 2 });
      const secondPage = await store.dueTimers({ at: '2027-01-01T00:00:00Z', limit: 2, after: firstPage[1] });
      equal(
        [...firstPage, ...secondPage].map((t) => `${t.streamId}/${t.key}`),
        ['other:1/k', 's-2/expire:l2', 's-1/expire:l1'],
        'paged after the last timer of the previous page',
      );
    });

    test('feeds every entry once, in pages, across streams', async (store) => {
      const written: string[] = [];
      for (let i = 0; i < 25; i++) {
        const streamId = `s-${i % 4}`;
        await store.append(streamId, [entry(`e-${i}`)], { expectedVersion: 'any' });
        written.push(`${streamId}/e-${i}`);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result: { entries: ReadonlyArray<FeedEntry>; cursor: string } = await store.feed({ after: cursor, limit: 7 });
        for (const e of result.entries) seen.push(`${e.streamId}/${e.id}`);
        if (result.entries.length === 0) {
          equal(result.cursor, cursor ?? result.cursor, 'an empty page keeps the cursor');
          break;
        }
        cursor = result.cursor;
      }
      equal(seen, written, 'every entry once, in commit order');
      await store.append('s-9', [entry('late')], { expectedVersion: 'no_stream' });
      const next = await store.feed({ after: cursor });
      equal(
        next.entries.map((e) => e.id),
        ['late'],
        'a later entry after the saved cursor',
      );
      await rejects(store.feed({ after: 'not a cursor' }), CoreErrorCode.VALIDATION, 'a forged cursor');
      const lag = await store.feedLag();
      check(lag.heldBackEntries >= 0 && lag.oldestOpenMs >= 0, 'feed lag is reported');
    });

    test('lists stream ids in order, in pages', async (store) => {
      for (const id of ['b', 'a', 'c:2', 'c:1']) await store.append(id, [entry('x')], { expectedVersion: 'no_stream' });
      equal(await store.streamIds({ limit: 2 }), ['a', 'b'], 'first page');
      equal(await store.streamIds({ after: 'b' }), ['c:1', 'c:2'], 'after b');
    });

    test('validates its arguments with coded errors', async (store) => {
      await rejects(store.append('', [entry('a')], { expectedVersion: 'any' }), CoreErrorCode.VALIDATION, 'empty stream id');
      await rejects(
        store.append('s\u0000', [entry('a')], { expectedVersion: 'any' }),
        CoreErrorCode.VALIDATION,
        'control character in a stream id',
      );
      await rejects(
        store.append('s\ud800', [entry('a')], { expectedVersion: 'any' }),
        CoreErrorCode.VALIDATION,
        'a lone surrogate in a stream id',
      );
      await rejects(
        store.append('s', [entry('a\udc00')], { expectedVersion: 'any' }),
        CoreErrorCode.VALIDATION,
        'a lone surrogate in an entry id',
      );
      await rejects(store.append('s', [], { expectedVersion: 'any' }), CoreErrorCode.VALIDATION, 'no entries');
      await rejects(store.append('s', [entry('a'), entry('a')], { expectedVersion: 'any' }), CoreErrorCode.VALIDATION, 'an id twice');
      await rejects(
        store.append('s', [{ id: 'a', type: 't', data: Number.NaN }], { expectedVersion: 'any' }),
        CoreErrorCode.VALIDATION,
        'NaN data',
      );
      await rejects(store.append('s', [entry('a')], { expectedVersion: -1 }), CoreErrorCode.VALIDATION, 'a negative version');
      await rejects(
        store.append('s', [entry('a')], { expectedVersion: 'latest' as never }),
        CoreErrorCode.VALIDATION,
        'an unknown version keyword',
      );
      await rejects(
        store.append('s', [entry('a')], { expectedVersion: 'any', counters: [{ key: 'k', delta: 0.5, limit: 1 }] }),
        CoreErrorCode.VALIDATION,
        'a fractional counter move',
      );
      await rejects(
        store.append('s', [entry('a')], { expectedVersion: 'any', timers: { set: [{ key: 'k', dueAt: '2026-01-01 00:00' }] } }),
        CoreErrorCode.VALIDATION,
        'a due time without an offset',
      );
      equal((await store.read('s')).version, 0, 'nothing written by invalid appends');
      await rejects(store.read('s', { from: -1 }), CoreErrorCode.VALIDATION, 'a negative read position');
    });

    test('retries a decision on conflict, deciding again on the new state', async (store) => {
      // Each request has its own entry id: the same id twice would be one entry (an idempotent retry).
      const increment = (_: unknown, request: number) =>
        decideAndRetry({
          store,
          streamId: 'counter',
          load: 'snapshot',
          // Ten racers: the last to win needs ten attempts when nobody backs off.
          maxAttempts: 12,
          backoff: async () => {},
          decide: (loaded) => {
            const n = ((loaded.snapshot as { n: number } | undefined)?.n ?? 0) + loaded.entries.length;
            return { entries: [{ id: `request-${request}`, type: 'inc', data: n + 1 }], result: n + 1, snapshot: { n: n + 1 } };
          },
        });
      const results = await Promise.all(Array.from({ length: 10 }, increment));
      equal(
        [...results.map((r) => r.result)].sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        'ten increments, each decided on the state it extends',
      );
      equal((await store.readSnapshot('counter')).snapshot, { n: 10 }, 'the snapshot follows');
    });

    test('verifies an intact store against a kept checkpoint and reports newer entries as uncovered', async (store) => {
      await store.append('a', [entry('1'), entry('2')], { expectedVersion: 'no_stream' });
      await store.append('b', [entry('1')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      equal([kept.sequence, kept.entryCount, kept.streamCount, kept.previous], [1, 3, 2, GENESIS_HASH], 'checkpoint fields');
      const clean = await verifyStore(store, { checkpoint: kept });
      equal([clean.ok, clean.streams, clean.entries, clean.uncovered.length], [true, 2, 3, 0], 'intact and covered');
      await store.append('a', [entry('3')], { expectedVersion: 2 });
      await store.append('c', [entry('1')], { expectedVersion: 'no_stream' });
      const later = await verifyStore(store, { checkpoint: kept });
      check(later.ok, 'newer entries are not problems');
      equal(
        later.uncovered.map((u) => [u.streamId, u.fromSeq, u.count]),
        [
          ['a', 2, 1],
          ['c', 0, 1],
        ],
        'but are uncovered',
      );
      const second = await createCheckpoint(store);
      equal([second.sequence, second.previous], [2, kept.hash], 'checkpoints chain');
      check((await verifyStore(store, { checkpoint: second })).ok, 'the second verifies');
      const unanchored = await verifyStore(store);
      equal(unanchored.uncovered.length, 3, 'without a checkpoint everything is uncovered');
    });

    test('names an edited entry', async (store, raw) => {
      await store.append('a', [entry('1', { points: 10 }), entry('2', { points: 5 }), entry('3')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      await raw.editData('a', 1, { points: 500 });
      const report = await verifyStore(store, { checkpoint: kept });
      problem(report.problems, 'hash', 'a', 1);
    });

    test('names reordered entries', async (store, raw) => {
      await store.append('a', [entry('1'), entry('2'), entry('3')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      await raw.swap('a', 0, 1);
      const report = await verifyStore(store, { checkpoint: kept });
      check(!report.ok, 'a swap is found');
      check(
        report.problems.some((p) => p.streamId === 'a' && (p.kind === 'sequence' || p.kind === 'link')),
        `reported as sequence or link, got ${JSON.stringify(report.problems)}`,
      );
    });

    test('names the newest entries deleted with the head row rewritten', async (store, raw) => {
      await store.append('a', [entry('1'), entry('2'), entry('3')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      await raw.deleteNewest('a', 1, { rewriteHead: true });
      problem((await verifyStore(store, { checkpoint: kept })).problems, 'truncated', 'a', 2);
      check(
        verifyStreamEntries('a', (await store.read('a')).entries).ok,
        'the remaining chain alone looks intact: only the checkpoint tells',
      );
    });

    test('names the newest entries deleted behind a stale head row, even without a checkpoint', async (store, raw) => {
      await store.append('a', [entry('1'), entry('2'), entry('3')], { expectedVersion: 'no_stream' });
      await raw.deleteNewest('a', 2, { rewriteHead: false });
      problem((await verifyStore(store)).problems, 'truncated', 'a', 1);
    });

    test('names a deleted stream', async (store, raw) => {
      await store.append('a', [entry('1')], { expectedVersion: 'no_stream' });
      await store.append('b', [entry('1')], { expectedVersion: 'no_stream' });
      await store.append('c', [entry('1')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      await raw.deleteStream('b');
      await raw.deleteStream('c');
      const report = await verifyStore(store, { checkpoint: kept });
      problem(report.problems, 'missing', 'b');
      problem(report.problems, 'missing', 'c');
    });

    test('names a forged or replaced checkpoint', async (store, raw) => {
      await store.append('a', [entry('1'), entry('2')], { expectedVersion: 'no_stream' });
      const kept = await createCheckpoint(store);
      await raw.editCheckpoint(kept.sequence, { entryCount: 1 });
      const forged = await verifyStore(store, { checkpoint: kept });
      check(
        forged.problems.some((p) => p.kind === 'checkpoint'),
        'an edited stored checkpoint is found',
      );
      const altered = await verifyStore(store, { checkpoint: { ...kept, root: kept.root.replace(/^./, (c) => (c === '0' ? '1' : '0')) } });
      check(
        altered.problems.some((p) => p.kind === 'checkpoint'),
        'a kept checkpoint that does not match its hash is found',
      );
    });

    test('refuses a second checkpoint with the same sequence', async (store) => {
      const kept = await createCheckpoint(store);
      await rejects(store.saveCheckpoint({ checkpoint: kept, leaves: [] }), CoreErrorCode.STORE_VERSION_CONFLICT, 'a duplicate sequence');
      equal((await store.checkpoints()).length, 1, 'still one');
      equal((await store.loadCheckpoint(kept.sequence))?.checkpoint.hash, kept.hash, 'loadable');
      equal(await store.loadCheckpoint(99), undefined, 'an unknown sequence');
    });
  });
}

function entry(id: string, data: Json = { id }): NewStreamEntry {
  return { id, type: 't', data };
}

function problem(
  problems: ReadonlyArray<{ kind: string; streamId?: string | undefined; seq?: number | undefined }>,
  kind: string,
  streamId: string,
  seq?: number,
): void {
  const found = problems.some((p) => p.kind === kind && p.streamId === streamId && (seq === undefined || p.seq === seq));
  check(found, `expected a '${kind}' problem on ${streamId}${seq === undefined ? '' : ` at ${seq}`}, received ${JSON.stringify(problems)}`);
}
