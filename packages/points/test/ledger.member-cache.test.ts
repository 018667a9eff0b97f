/**
 * `LedgerOptions.memberCache`: a ledger keeps what it last wrote per member and decides the next
 * operation on that copy without reading the store. Two ledgers over one store stand for two
 * processes: each makes the other's copy stale, and the store's expected-version check must turn
 * every stale copy into a fresh read, never a wrong write or a wrong refusal.
 */
import { AisleError, createMemoryStreamStore, type StreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger, memberStreamId } from '../src/index';
import { accrual } from './fixtures';

const AT = Date.parse('2026-11-21T10:00:00+08:00');
const at = (minutes: number) => new Date(AT + minutes * 60_000);

/** A store that counts the reads the ledger makes of each kind. */
function counting(inner: StreamStore): { store: StreamStore; reads: { snapshot: number; full: number } } {
  const reads = { snapshot: 0, full: 0 };
  const store: StreamStore = {
    ...inner,
    append: (streamId, entries, options) => inner.append(streamId, entries, options),
    readSnapshot(streamId) {
      reads.snapshot++;
      return inner.readSnapshot(streamId);
    },
    read(streamId, options) {
      reads.full++;
      return inner.read(streamId, options);
    },
  };
  return { store, reads };
}

function twoProcesses(memberCache = 100) {
  const inner = createMemoryStreamStore();
  const a = counting(inner);
  const b = counting(inner);
  const options = { zone: 'Asia/Shanghai', expiry: { type: 'never' } as const, memberCache };
  return {
    inner,
    a: { ledger: createLedger({ ...options, store: a.store }), reads: a.reads },
    b: { ledger: createLedger({ ...options, store: b.store }), reads: b.reads },
  };
}

const earn = (ledger: Ledger, n: number, points: number, member = 'm-1') =>
  ledger.earn({ key: `e${n}`, at: at(n), evaluation: accrual(`T${n}`, points, points * 100, member) });

const code = (c: string) => expect.objectContaining({ code: c });

describe('member cache (LedgerOptions.memberCache)', () => {
  it('decides the next operation of a member this ledger wrote without reading the store', async () => {
    const { a } = twoProcesses();
    await earn(a.ledger, 1, 100);
    const before = a.reads.snapshot;
    await earn(a.ledger, 2, 50);
    const redeemed = await a.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 30, at: at(3) });
    expect(a.reads.snapshot).toBe(before);
    expect(redeemed.entry.seq).toBe(2);
    expect((await a.ledger.balance('m-1')).available).toBe(120);
    expect((await a.ledger.verify()).ok).toBe(true);
  });

  it('a copy made stale by another process meets a version conflict, is read again and gives the right answer', async () => {
    const { inner, a, b } = twoProcesses();
    await earn(a.ledger, 1, 100); // a keeps version 1
    await earn(b.ledger, 2, 40); // the stream is at 2: a's copy is stale
    const before = a.reads.snapshot;
    const third = await earn(a.ledger, 3, 7);
    expect(a.reads.snapshot).toBe(before + 1); // the copy's append conflicted: one fresh read
    expect(third.entry.seq).toBe(2);
    expect(third.entry.data).toMatchObject({ lotId: 'lot-2', points: 7 });
    const slice = await inner.read(memberStreamId('m-1'));
    expect(slice.entries.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect((await b.ledger.balance('m-1')).available).toBe(147);
    expect((await b.ledger.verify()).ok).toBe(true);
  });

  it('never refuses from a stale copy: a refusal the copy would give is decided again on a fresh read', async () => {
    const { a, b } = twoProcesses();
    await earn(a.ledger, 1, 100);
    await a.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 100, at: at(2) }); // a's copy: 0 available
    await earn(b.ledger, 3, 50); // the store: 50 available
    const redeemed = await a.ledger.redeem({ key: 'r2', memberId: 'm-1', points: 30, at: at(4) });
    expect(redeemed.replayed).toBe(false);
    expect((await a.ledger.balance('m-1')).available).toBe(20);
    // And the other way round: a copy that would allow what the store no longer can.
    await b.ledger.redeem({ key: 'r3', memberId: 'm-1', points: 20, at: at(5) }); // a's copy still says 20
    await expect(a.ledger.redeem({ key: 'r4', memberId: 'm-1', points: 10, at: at(6) })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    expect((await a.ledger.balance('m-1')).available).toBe(0);
  });

  it('a refusal on a current copy is still confirmed by a fresh read', async () => {
    const { a } = twoProcesses();
    await earn(a.ledger, 1, 10);
    const before = a.reads.snapshot;
    await expect(a.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 11, at: at(2) })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    expect(a.reads.snapshot).toBe(before + 1);
    // The same transaction under another key: refused (after a fresh read), nothing written.
    await expect(a.ledger.earn({ key: 'other', at: at(3), evaluation: accrual('T1', 10, 1_000, 'm-1') })).rejects.toThrow(
      code('POINTS_DUPLICATE_TRANSACTION'),
    );
    expect(a.reads.snapshot).toBe(before + 2);
    expect((await a.ledger.history('m-1')).length).toBe(1);
  });

  it('a replayed key is answered from the store, also when another process wrote it', async () => {
    const { a, b } = twoProcesses();
    await earn(a.ledger, 1, 100);
    const first = await b.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 10, at: at(2) });
    // a's copy does not know r1: its decision would write it again; the store says it is there.
    const again = await a.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 10, at: at(2) });
    expect(again).toMatchObject({ replayed: true, entry: { seq: first.entry.seq, id: first.entry.id } });
    // The same key on the writer's own copy: answered after a fresh read, still the original.
    const mine = await b.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 10, at: at(2) });
    expect(mine).toMatchObject({ replayed: true, entry: { seq: first.entry.seq } });
    await expect(a.ledger.redeem({ key: 'r1', memberId: 'm-1', points: 11, at: at(2) })).rejects.toThrow(
      code('POINTS_IDEMPOTENCY_CONFLICT'),
    );
    expect((await a.ledger.balance('m-1')).available).toBe(90);
  });

  it("a store failure on the copy's append is thrown as it is, and the copy dropped", async () => {
    const inner = createMemoryStreamStore();
    const { store, reads } = counting(inner);
    let fail = false;
    const flaky: StreamStore = {
      ...store,
      readSnapshot: (streamId) => store.readSnapshot(streamId),
      read: (streamId, options) => store.read(streamId, options),
      async append(streamId, entries, options) {
        if (fail) {
          fail = false;
          throw new AisleError('CORE_STORE_UNAVAILABLE', 'injected: the store is down');
        }
        return inner.append(streamId, entries, options);
      },
    };
    const ledger = createLedger({ store: flaky, zone: 'Asia/Shanghai', expiry: { type: 'never' }, memberCache: 10 });
    await earn(ledger, 1, 100);
    fail = true;
    const before = reads.snapshot;
    await expect(earn(ledger, 2, 5)).rejects.toThrow(code('CORE_STORE_UNAVAILABLE'));
    expect(reads.snapshot).toBe(before); // decided on the copy, not retried behind the caller's back
    await earn(ledger, 2, 5);
    expect(reads.snapshot).toBe(before + 1); // the copy was dropped: read again
    expect((await ledger.balance('m-1')).available).toBe(105);
  });

  it('decides concurrent operations on one member in one process on one copy at a time', async () => {
    const { a } = twoProcesses();
    await earn(a.ledger, 0, 100);
    const same = at(1);
    const ops = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 1
        ? a.ledger.earn({ key: `e${i + 1}`, at: same, evaluation: accrual(`T${i + 1}`, 10, 1_000) })
        : a.ledger.redeem({ key: `r${i}`, memberId: 'm-1', points: 5, at: same }),
    );
    const settled = await Promise.allSettled(ops);
    expect(settled.map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
    expect((await a.ledger.balance('m-1')).available).toBe(125);
    // The copy kept after the race is the member's true state: spending exactly the balance on it
    // succeeds and leaves every lot and the snapshot consistent.
    const before = a.reads.snapshot;
    await a.ledger.redeem({ key: 'all', memberId: 'm-1', points: 125, at: same });
    expect(a.reads.snapshot).toBe(before);
    expect((await a.ledger.balance('m-1')).available).toBe(0);
    expect((await a.ledger.history('m-1')).length).toBe(12);
    expect((await a.ledger.reconcile()).problems).toEqual([]);
  });

  it('keeps at most memberCache members, least recently used dropped first', async () => {
    const { a } = twoProcesses(2);
    await earn(a.ledger, 1, 1, 'm-1');
    await earn(a.ledger, 2, 1, 'm-2');
    await earn(a.ledger, 3, 1, 'm-3'); // m-1 dropped
    let before = a.reads.snapshot;
    await earn(a.ledger, 4, 1, 'm-3');
    await earn(a.ledger, 5, 1, 'm-2');
    expect(a.reads.snapshot).toBe(before);
    before = a.reads.snapshot;
    await earn(a.ledger, 6, 1, 'm-1');
    expect(a.reads.snapshot).toBe(before + 1);
  });

  it('is off by default and checks its size', () => {
    const store = createMemoryStreamStore();
    const base = { store, zone: 'Asia/Shanghai', expiry: { type: 'never' } as const };
    for (const bad of [-1, 1.5, 100_001, Number.NaN]) {
      expect(() => createLedger({ ...base, memberCache: bad })).toThrow(RangeError);
    }
    expect(() => createLedger({ ...base, memberCache: 0 })).not.toThrow();
  });
});
