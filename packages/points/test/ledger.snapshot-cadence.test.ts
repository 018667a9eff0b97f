import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger, type LedgerOptions, memberStreamId } from '../src/index';
import { accrual } from './fixtures';

// `snapshotEvery`: the member's state is stored as the stream's snapshot by the first append,
// then once that many entries were appended since the stored one (or, with 'auto', the default,
// once they are about as large as the snapshot), and a load reads the snapshot with the entries
// after it.
const START = Date.parse('2026-11-01T10:00:00+08:00');
const options = (store: StreamStore, extra: Partial<LedgerOptions> = {}): LedgerOptions => ({
  store,
  zone: 'Asia/Shanghai',
  expiry: { type: 'rolling', months: 24 },
  ...extra,
});

/** A store that counts its reads; `tails: false` drops readSnapshot's options (a store without tails). */
function counting(store: StreamStore, tails = true) {
  const calls: string[] = [];
  const counted: StreamStore = {
    ...store,
    read: (...args: Parameters<StreamStore['read']>) => {
      calls.push('read');
      return store.read(...args);
    },
    readSnapshot: (id, o) => {
      calls.push('readSnapshot');
      return tails ? store.readSnapshot(id, o) : store.readSnapshot(id);
    },
  };
  return { store: counted, calls };
}

const stored = async (store: StreamStore, memberId = 'm-1') => (await store.readSnapshot(memberStreamId(memberId))).snapshotVersion;

describe('ledger snapshot cadence (snapshotEvery)', () => {
  it('stores the snapshot with the first entry, then every 8th with snapshotEvery: 8, on fresh reads and on cached copies alike', async () => {
    for (const memberCache of [0, 100]) {
      const store = createMemoryStreamStore();
      const ledger = createLedger(options(store, { memberCache, snapshotEvery: 8 }));
      const versions: number[] = [];
      for (let i = 0; i < 17; i++) {
        await ledger.earn({ key: `e-${i}`, at: START + i * 1000, evaluation: accrual(`R-${i}`, 10) });
        versions.push(await stored(store));
      }
      expect(versions, `memberCache ${memberCache}`).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 17]);
      expect(await ledger.balance('m-1')).toMatchObject({ available: 170 });
      expect((await ledger.reconcile()).problems).toEqual([]);
    }
  });

  it('stores it with every append with snapshotEvery: 1, and every n-th entry with n', async () => {
    for (const [every, expected] of [
      [1, [1, 2, 3, 4, 5]],
      [2, [1, 1, 3, 3, 5]],
      [3, [1, 1, 1, 4, 4]],
    ] as const) {
      const store = createMemoryStreamStore();
      const ledger = createLedger(options(store, { snapshotEvery: every }));
      const versions: number[] = [];
      for (let i = 0; i < 5; i++) {
        await ledger.earn({ key: `e-${i}`, at: START + i * 1000, evaluation: accrual(`R-${i}`, 10) });
        versions.push(await stored(store));
      }
      expect(versions, `snapshotEvery ${every}`).toEqual(expected);
    }
  });

  it('loads the snapshot and the entries after it in one read, or two from a store without tails', async () => {
    const memory = createMemoryStreamStore();
    const writer = createLedger(options(memory, { snapshotEvery: 8 }));
    for (let i = 0; i < 11; i++) await writer.earn({ key: `e-${i}`, at: START + i * 1000, evaluation: accrual(`R-${i}`, 10) });
    expect(await stored(memory)).toBe(9);
    for (const tails of [true, false]) {
      const { store, calls } = counting(memory, tails);
      const ledger = createLedger(options(store, { snapshotEvery: 8 }));
      expect(await ledger.balance('m-1')).toMatchObject({ available: tails ? 110 : 95 });
      expect(calls).toEqual(tails ? ['readSnapshot'] : ['readSnapshot', 'read']);
      calls.length = 0;
      const { entry } = await ledger.redeem({ key: `r-${tails}`, memberId: 'm-1', points: 15, at: START + 60_000 + (tails ? 0 : 1) });
      expect(calls, 'an operation loads the same way').toEqual(tails ? ['readSnapshot'] : ['readSnapshot', 'read']);
      expect(entry.data.consumed).toEqual(
        tails
          ? [
              { lotId: 'lot-0', points: 10 },
              { lotId: 'lot-1', points: 5 },
            ]
          : [
              { lotId: 'lot-1', points: 5 },
              { lotId: 'lot-2', points: 10 },
            ],
      );
    }
    expect(await stored(memory), 'the 12th and 13th entries wrote none: 13 - 9 < 8').toBe(9);
    expect(await createLedger(options(memory)).balance('m-1')).toMatchObject({ available: 80 });
  });

  it("by default ('auto') stores it about when the entries since the last one weigh as much as it would", async () => {
    for (const memberCache of [0, 100]) {
      const store = createMemoryStreamStore();
      const ledger = createLedger(options(store, { memberCache }));
      const versions: number[] = [];
      for (let i = 0; i < 40; i++) {
        await ledger.earn({ key: `e-${i}`, at: START + i * 1000, evaluation: accrual(`R-${i}`, 10) });
        versions.push(await stored(store));
      }
      // Each earn adds about five rows to the state (a lot, its accrual, its key, a qualifying row,
      // usage): with n earns the state keeps about 5n rows, and an entry weighs about 8, so a
      // snapshot is due once the entries since the last one number about 5/8 of the earns so far.
      expect(versions[0], `memberCache ${memberCache}`).toBe(1);
      for (const [i, v] of versions.entries()) {
        const n = i + 1;
        expect(n - v, `entries after the snapshot, after ${n} earns`).toBeLessThanOrEqual(Math.ceil(0.7 * n));
      }
      const written = new Set(versions).size;
      // The gap grows with the state (by about 1.6 each time): a handful of snapshots, not 40.
      expect(written, 'snapshots stored in 40 earns').toBeGreaterThanOrEqual(4);
      expect(written).toBeLessThanOrEqual(8);
      expect((await ledger.reconcile()).problems).toEqual([]);
    }
  });

  it("refuses a cadence that is not 'auto' or a whole number from 1 to 1000", () => {
    const store = createMemoryStreamStore();
    for (const bad of [0, -1, 1.5, 1001, Number.NaN, '8', 'Auto', null]) {
      expect(() => createLedger(options(store, { snapshotEvery: bad as number })), String(bad)).toThrow(
        /snapshotEvery must be 'auto' or a whole number from 1 to 1000/,
      );
    }
    for (const good of [1, 1000, 'auto'] as const) expect(() => createLedger(options(store, { snapshotEvery: good }))).not.toThrow();
  });

  it('reconciles the stored snapshot against the replay at its own version, older than the stream', async () => {
    const memory = createMemoryStreamStore();
    const ledger = createLedger(options(memory, { snapshotEvery: 8 }));
    for (let i = 0; i < 10; i++) await ledger.earn({ key: `e-${i}`, at: START + i * 1000, evaluation: accrual(`R-${i}`, 10) });
    expect([await stored(memory), (await memory.read(memberStreamId('m-1'))).version]).toEqual([9, 10]);
    expect((await ledger.reconcile()).problems).toEqual([]);
    // A snapshot that does not match the replay at version 9 (it shows other points).
    const edited: StreamStore = {
      ...memory,
      readSnapshot: async (id, o) => {
        const snap = await memory.readSnapshot(id, o);
        return { ...snap, snapshot: { ...(snap.snapshot as object), available: 81 } };
      },
    };
    expect((await createLedger(options(edited)).reconcile()).problems).toEqual([
      expect.objectContaining({ memberId: 'm-1', kind: 'snapshot', message: expect.stringContaining('of version 9 differs') }),
    ]);
    // A snapshot claiming a version the stream does not have (entries deleted after it).
    const ahead: StreamStore = {
      ...memory,
      readSnapshot: async (id, o) => ({ ...(await memory.readSnapshot(id, o)), snapshotVersion: 12 }),
    };
    expect((await createLedger(options(ahead)).reconcile()).problems).toEqual([
      expect.objectContaining({
        memberId: 'm-1',
        kind: 'snapshot',
        message: expect.stringContaining('of version 12, but the stream holds 10'),
      }),
    ]);
  });

  it('gives the answers of a snapshot with every append, whatever the cadence and cache (property)', async () => {
    type Op = { kind: 'earn'; member: number; points: number } | { kind: 'redeem'; member: number; points: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('earn' as const), member: fc.integer({ min: 0, max: 2 }), points: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('redeem' as const), member: fc.integer({ min: 0, max: 2 }), points: fc.integer({ min: 1, max: 60 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant('auto' as const)),
        fc.constantFrom(0, 2, 100),
        async (ops: Op[], every, memberCache) => {
          const reference = createLedger(options(createMemoryStreamStore(), { snapshotEvery: 1 }));
          const memory = createMemoryStreamStore();
          const subject = createLedger(options(memory, { snapshotEvery: every, memberCache }));
          // A second ledger over the same store, without a cache, reads what the first wrote.
          const reader = createLedger(options(memory, { snapshotEvery: every }));
          for (const [i, o] of ops.entries()) {
            const memberId = `m-${o.member}`;
            const at = START + i * 1000;
            const run = (l: typeof reference) =>
              o.kind === 'earn'
                ? l.earn({ key: `k-${i}`, at, evaluation: accrual(`R-${i}`, o.points, o.points * 100, memberId) })
                : l.redeem({ key: `k-${i}`, memberId, points: o.points, at });
            const outcome = (l: typeof reference) =>
              run(l).then(
                (r) => ({ ok: true, data: r.entry.data }),
                (e: { code?: string }) => ({ ok: false, code: e.code }),
              );
            expect(await outcome(subject)).toEqual(await outcome(reference));
            expect(await reader.balance(memberId)).toEqual(await reference.balance(memberId));
          }
          const report = await subject.reconcile();
          expect(report.problems).toEqual([]);
          expect(report.balanced).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
