import { createMemoryStreamStore, createMemoryStreamStoreHarness } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { capsOf, compileRules, createLedger, evaluate, type LedgerOptions, memberStreamId } from '../src/index';
import { accrual, baseRule, member, receipt, ruleset, store, THURSDAY, WEDNESDAY } from './fixtures';

const zone = 'Asia/Shanghai';
const options = (extra: Partial<LedgerOptions> = {}): LedgerOptions => ({
  store: createMemoryStreamStore(),
  zone,
  expiry: { type: 'fixed', month: 12, day: 31 },
  ...extra,
});

const code = (c: string) => expect.objectContaining({ code: c });

describe('earning and expiry policies', () => {
  it('creates a lot with the end-of-year expiry in the programme zone and records the rule versions', async () => {
    const ledger = createLedger(options());
    const { entry, replayed } = await ledger.earn({ key: 'e1', at: '2026-11-21T10:00:00+08:00', evaluation: accrual('R-1', 128) });
    expect(replayed).toBe(false);
    expect(entry.data).toMatchObject({
      type: 'earn',
      lotId: 'lot-0',
      points: 128,
      expiresAt: '2026-12-31T16:00:00.000Z',
      pendingUntil: null,
      ruleVersions: { base: 2, tq: 1 },
      rulePoints: { base: 128 },
      postings: [
        { account: 'member:m-1:available', points: 128 },
        { account: 'programme:issued', points: -128 },
      ],
    });
    const balance = await ledger.balance('m-1');
    expect(balance).toMatchObject({ available: 128, pending: 0, debt: 0 });
    expect(balance.lots).toHaveLength(1);
    // Earned in the last minutes of the year: still this year's end.
    const late = await ledger.earn({ key: 'e2', at: '2026-12-31T23:59:00+08:00', evaluation: accrual('R-2', 1) });
    expect(late.entry.data.expiresAt).toBe('2026-12-31T16:00:00.000Z');
    const next = await ledger.earn({ key: 'e3', at: '2027-01-01T00:00:00+08:00', evaluation: accrual('R-3', 1) });
    expect(next.entry.data.expiresAt).toBe('2027-12-31T16:00:00.000Z');
  });

  it.each([
    [{ type: 'never' } as const, null],
    [{ type: 'rolling', months: 24 } as const, '2028-11-21T02:00:00.000Z'],
    [{ type: 'end-of-month-after', months: 1 } as const, '2026-12-31T16:00:00.000Z'],
    [{ type: 'end-of-month-after', months: 2 } as const, '2027-01-31T16:00:00.000Z'],
    [{ type: 'fixed', month: 6, day: 30 } as const, '2027-06-30T16:00:00.000Z'],
  ])('expiry policy %j', async (expiry, expected) => {
    const ledger = createLedger(options({ expiry }));
    const { entry } = await ledger.earn({ key: 'e', at: '2026-11-21T10:00:00+08:00', evaluation: accrual('R', 1) });
    expect(entry.data.expiresAt).toBe(expected);
  });

  it('rejects bad configuration as programmer errors', () => {
    expect(() => createLedger(options({ zone: 'Nowhere/City' }))).toThrow(code('CORE_INVALID_TIME_ZONE'));
    expect(() => createLedger(options({ expiry: { type: 'rolling', months: -1 } }))).toThrow(RangeError);
    expect(() => createLedger(options({ expiry: { type: 'fixed', month: 13, day: 1 } }))).toThrow(RangeError);
    expect(() => createLedger(options({ holdDays: 1.5 }))).toThrow(RangeError);
  });

  it('holds points as pending through the return window, then activates them once', async () => {
    const ledger = createLedger(options({ holdDays: 7 }));
    const { entry } = await ledger.earn({ key: 'e', at: '2026-11-21T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    expect(entry.data.pendingUntil).toBe('2026-11-28T02:00:00.000Z');
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0, pending: 100 });
    await expect(ledger.redeem({ key: 'r', memberId: 'm-1', points: 1, at: '2026-11-22T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    expect(await ledger.runDue({ at: '2026-11-28T09:59:00+08:00' })).toMatchObject({ activated: [], expired: [], done: true });
    const activated = await ledger.runDue({ at: '2026-11-28T10:00:00+08:00' });
    expect(activated.activated).toEqual([{ lotId: 'lot-0', points: 100, memberId: 'm-1' }]);
    expect(await ledger.runDue({ at: '2026-11-29T10:00:00+08:00' })).toMatchObject({ activated: [], expired: [], done: true });
    // The activation is dated at the end of the return window, whenever the job ran.
    expect((await ledger.history('m-1')).at(-1)).toMatchObject({ id: 'activate:lot-0', data: { at: '2026-11-28T02:00:00.000Z' } });
    expect(await ledger.balance('m-1')).toMatchObject({ available: 100, pending: 0 });
    // A per-accrual override of the hold.
    const now = await ledger.earn({ key: 'e2', at: '2026-11-21T10:00:00+08:00', evaluation: accrual('R-2', 5), holdDays: 0 });
    expect(now.entry.data.pendingUntil).toBeNull();
  });
});

describe('redemption', () => {
  it('consumes lots first-to-expire first and rejects what the balance cannot cover', async () => {
    const ledger = createLedger(options({ expiry: { type: 'rolling', months: 12 }, backdating: { accept: 'flagged', windowDays: 31 } }));
    await ledger.earn({ key: 'a', at: '2026-06-01T10:00:00+08:00', evaluation: accrual('A', 100) });
    // A receipt from a till that was offline: earned before lot-0, so it expires first.
    await ledger.earn({ key: 'b', at: '2026-05-10T10:00:00+08:00', evaluation: accrual('B', 50), backdated: true });
    const { entry } = await ledger.redeem({
      key: 'r',
      memberId: 'm-1',
      points: 120,
      at: '2026-07-01T10:00:00+08:00',
      reference: 'parking',
    });
    expect(entry.data.consumed).toEqual([
      { lotId: 'lot-1', points: 50 },
      { lotId: 'lot-0', points: 70 },
    ]);
    expect(entry.data.redemptionId).toBe('red-2');
    await expect(ledger.redeem({ key: 'r2', memberId: 'm-1', points: 31, at: '2026-07-01T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    // Lots past their expiry are not usable even before the expiry job runs.
    await expect(ledger.redeem({ key: 'r3', memberId: 'm-1', points: 30, at: '2027-06-01T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    await expect(ledger.redeem({ key: 'r4', memberId: 'nobody', points: 1, at: '2026-07-01T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_UNKNOWN_MEMBER'),
    );
    expect(() => ledger.redeem({ key: 'r5', memberId: 'm-1', points: 0, at: '2026-07-01T10:00:00+08:00' })).toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
    expect(() => ledger.redeem({ key: 'r6', memberId: 'm-1', points: -3, at: '2026-07-01T10:00:00+08:00' })).toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
    expect(() => ledger.redeem({ key: '', memberId: 'm-1', points: 1, at: '2026-07-01T10:00:00+08:00' })).toThrow(TypeError);
  });

  it('refunds a redemption back to the original lots, or to a new lot', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'a', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('A', 100) });
    const { entry } = await ledger.redeem({ key: 'r', memberId: 'm-1', points: 60, at: '2026-11-02T10:00:00+08:00' });
    const back = await ledger.refundRedemption({
      key: 'u',
      memberId: 'm-1',
      redemptionId: entry.data.redemptionId,
      at: '2026-11-03T10:00:00+08:00',
    });
    expect(back.entry.data.restored).toEqual([{ lotId: 'lot-0', points: 60 }]);
    expect((await ledger.balance('m-1')).lots).toMatchObject([{ id: 'lot-0', remaining: 100 }]);
    await expect(
      ledger.refundRedemption({ key: 'u2', memberId: 'm-1', redemptionId: entry.data.redemptionId, at: '2026-11-03T10:00:00+08:00' }),
    ).rejects.toThrow(code('POINTS_REFUND_EXCEEDS_ORIGINAL'));
    await expect(
      ledger.refundRedemption({ key: 'u3', memberId: 'm-1', redemptionId: 'red-404', at: '2026-11-03T10:00:00+08:00' }),
    ).rejects.toThrow(code('POINTS_UNKNOWN_REFERENCE'));
    const second = await ledger.redeem({ key: 'r2', memberId: 'm-1', points: 40, at: '2026-11-04T10:00:00+08:00' });
    const fresh = await ledger.refundRedemption({
      key: 'u4',
      memberId: 'm-1',
      redemptionId: second.entry.data.redemptionId,
      at: '2027-01-05T10:00:00+08:00',
      restore: 'new-expiry',
    });
    expect(fresh.entry.data.newLot).toEqual({ lotId: 'lot-4', expiresAt: '2027-12-31T16:00:00.000Z' });
    expect(await ledger.balance('m-1')).toMatchObject({ available: 100 });
  });
});

describe('idempotency', () => {
  it('returns the original result for the same key and request, and refuses a different request', async () => {
    const ledger = createLedger(options());
    const at = '2026-11-21T10:00:00+08:00';
    const first = await ledger.earn({ key: 'k', at, evaluation: accrual('R-1', 50) });
    const again = await ledger.earn({ key: 'k', at, evaluation: accrual('R-1', 50) });
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(first.entry);
    expect((await ledger.balance('m-1')).available).toBe(50);
    await expect(ledger.earn({ key: 'k', at, evaluation: accrual('R-1', 51) })).rejects.toThrow(code('POINTS_IDEMPOTENCY_CONFLICT'));
    await expect(ledger.earn({ key: 'k2', at, evaluation: accrual('R-1', 50) })).rejects.toThrow(code('POINTS_DUPLICATE_TRANSACTION'));
    const r1 = await ledger.redeem({ key: 'rk', memberId: 'm-1', points: 10, at });
    const r2 = await ledger.redeem({ key: 'rk', memberId: 'm-1', points: 10, at });
    expect(r2).toEqual({ entry: r1.entry, replayed: true });
    await expect(ledger.redeem({ key: 'rk', memberId: 'm-1', points: 11, at })).rejects.toThrow(code('POINTS_IDEMPOTENCY_CONFLICT'));
    expect((await ledger.balance('m-1')).available).toBe(40);
    expect(await ledger.history('m-1')).toHaveLength(2);
    expect(() => ledger.earn({ key: 'x', at, evaluation: null as never })).toThrow(TypeError);
    expect(() => ledger.earn({ key: 'x', at, evaluation: { ...accrual('Z', 1), points: 1.5 } })).toThrow(code('POINTS_INVALID_AMOUNT'));
  });
});

describe('refunds', () => {
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00+08:00`;

  it('reverses proportionally from the accrual snapshot, cumulatively exact', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100, 30_000) });
    const a = await ledger.refund({ memberId: 'm-1', key: 'f1', transactionId: 'R-1', refundFen: 10_000, at: at(2) });
    expect(a.entry.data).toMatchObject({ points: 33, qualifyingPoints: 100, debt: 0 });
    const b = await ledger.refund({ memberId: 'm-1', key: 'f2', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(b.entry.data.points).toBe(33);
    const c = await ledger.refund({ memberId: 'm-1', key: 'f3', transactionId: 'R-1', refundFen: 10_000, at: at(4) });
    expect(c.entry.data.points).toBe(34);
    expect((await ledger.balance('m-1')).available).toBe(0);
    await expect(ledger.refund({ memberId: 'm-1', key: 'f4', transactionId: 'R-1', refundFen: 1, at: at(5) })).rejects.toThrow(
      code('POINTS_REFUND_EXCEEDS_ORIGINAL'),
    );
    await expect(ledger.refund({ memberId: 'm-1', key: 'f5', transactionId: 'R-404', refundFen: 1, at: at(5) })).rejects.toThrow(
      code('POINTS_UNKNOWN_REFERENCE'),
    );
    expect(() => ledger.refund({ memberId: 'm-1', key: 'f6', transactionId: 'R-1', refundFen: 0, at: at(5) })).toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
    expect(await ledger.qualification('m-1', at(6))).toEqual({ spendFen: 0, qualifyingPoints: 0 });
  });

  it('leaves a negative balance when the points were spent, settled by the next earn', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 80, at: at(2) });
    const { entry } = await ledger.refund({ memberId: 'm-1', key: 'f', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(entry.data).toMatchObject({ points: 100, fromLots: [{ lotId: 'lot-0', points: 20 }], debt: 80, clawedBack: 0, forgiven: 0 });
    expect(await ledger.balance('m-1')).toMatchObject({ available: -80, debt: 80 });
    await ledger.earn({ key: 'e2', at: at(4), evaluation: accrual('R-2', 50) });
    expect(await ledger.balance('m-1')).toMatchObject({ available: -30, debt: 30, lots: [] });
    await ledger.earn({ key: 'e3', at: at(5), evaluation: accrual('R-3', 50) });
    const balance = await ledger.balance('m-1');
    expect(balance).toMatchObject({ available: 20, debt: 0 });
    expect(balance.lots.map((l) => l.remaining)).toEqual([20]);
  });

  it('claws back from other lots up to a limit and forgives the rest', async () => {
    const ledger = createLedger(options({ refundPolicy: { whenSpent: 'clawback', limit: 30 } }));
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100) });
    await ledger.earn({ key: 'e2', at: at(1), evaluation: accrual('R-2', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 150, at: at(2) });
    // Lot 0 (R-1) was spent first; R-2's lot has 50 left.
    const { entry } = await ledger.refund({ memberId: 'm-1', key: 'f', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(entry.data).toMatchObject({ points: 100, clawedBack: 30, forgiven: 70, debt: 0, fromLots: [{ lotId: 'lot-1', points: 30 }] });
    expect(await ledger.balance('m-1')).toMatchObject({ available: 20, debt: 0 });
  });

  it('reverses pending points from the pending account', async () => {
    const ledger = createLedger(options({ holdDays: 7 }));
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100) });
    const { entry } = await ledger.refund({ memberId: 'm-1', key: 'f', transactionId: 'R-1', refundFen: 5_000, at: at(2) });
    expect(entry.data.postings).toEqual([
      { account: 'member:m-1:pending', points: -50 },
      { account: 'programme:reversed', points: 50 },
    ]);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0, pending: 50 });
  });
});

describe('expiry, history and the liability report', () => {
  it('keeps one due timer per member, at its earliest due lot, and writes it only when that moves', async () => {
    const inner = createMemoryStreamStore();
    const timerWrites: unknown[] = [];
    const counted = {
      ...inner,
      append: ((streamId, entries, appendOptions) => {
        timerWrites.push(appendOptions.timers);
        return inner.append(streamId, entries, appendOptions);
      }) as typeof inner.append,
    };
    const ledger = createLedger(options({ store: counted, expiry: { type: 'rolling', months: 12 } }));
    await ledger.earn({ key: 'e1', at: '2026-01-10T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.earn({ key: 'e2', at: '2026-02-10T10:00:00+08:00', evaluation: accrual('R-2', 50) });
    await ledger.earn({ key: 'e3', at: '2026-03-10T10:00:00+08:00', evaluation: accrual('R-3', 20) });
    // The first lot sets the member's timer; later lots are due later and write no timer row.
    expect(timerWrites).toEqual([{ set: [{ key: 'due', dueAt: '2027-01-10T02:00:00.000Z' }] }, undefined, undefined]);
    expect(await inner.dueTimers({ at: '2030-01-01T00:00:00Z' })).toEqual([
      { streamId: memberStreamId('m-1'), key: 'due', dueAt: '2027-01-10T02:00:00.000Z' },
    ]);
    // Spending the first lot moves the timer to the next one.
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 100, at: '2026-04-01T10:00:00+08:00' });
    expect(timerWrites.at(-1)).toEqual({ set: [{ key: 'due', dueAt: '2027-02-10T02:00:00.000Z' }] });
    // Each run expires what is due and moves the timer on; the last expiry clears it.
    expect((await ledger.runDue({ at: '2027-02-10T10:00:00+08:00' })).expired).toEqual([{ memberId: 'm-1', lotId: 'lot-1', points: 50 }]);
    expect(await inner.dueTimers({ at: '2030-01-01T00:00:00Z' })).toEqual([
      { streamId: memberStreamId('m-1'), key: 'due', dueAt: '2027-03-10T02:00:00.000Z' },
    ]);
    expect((await ledger.runDue({ at: '2027-06-01T00:00:00+08:00' })).expired).toEqual([{ memberId: 'm-1', lotId: 'lot-2', points: 20 }]);
    expect(timerWrites.at(-1)).toEqual({ clear: ['due'] });
    expect(await inner.dueTimers({ at: '2030-01-01T00:00:00Z' })).toEqual([]);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0, pending: 0 });
  });

  it('expires idempotently, answers balances as of past instants and always balances', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' });
    expect((await ledger.runDue({ at: '2026-12-31T23:59:59+08:00' })).expired).toEqual([]);
    const expired = await ledger.runDue({ at: '2027-01-01T00:00:00+08:00' });
    expect(expired.expired).toEqual([{ lotId: 'lot-0', points: 70, memberId: 'm-1' }]);
    expect(await ledger.runDue({ at: '2027-01-02T00:00:00+08:00' })).toMatchObject({ expired: [], members: 0, done: true });
    expect((await ledger.history('m-1')).at(-1)).toMatchObject({ id: 'expire:lot-0', type: 'expire' });
    expect(await ledger.balanceAt('m-1', '2026-10-31T00:00:00+08:00')).toBe(0);
    expect(await ledger.balanceAt('m-1', '2026-11-15T00:00:00+08:00')).toBe(100);
    expect(await ledger.balanceAt('m-1', '2026-12-15T00:00:00+08:00')).toBe(70);
    expect(await ledger.balanceAt('m-1', '2027-01-15T00:00:00+08:00')).toBe(0);
    expect(await ledger.reconcile()).toEqual({
      members: 1,
      entries: 3,
      outstanding: 0,
      available: 0,
      pending: 0,
      debt: 0,
      issued: 100,
      redeemed: 30,
      expired: 70,
      reversed: 0,
      balanced: true,
      problems: [],
    });
    expect(await ledger.qualification('m-1', '2027-10-31T10:00:00+08:00')).toEqual({ spendFen: 10_000, qualifyingPoints: 100 });
    expect(await ledger.qualification('m-1', '2027-11-01T10:00:00+08:00')).toEqual({ spendFen: 0, qualifyingPoints: 0 });
    expect((await ledger.verify()).ok).toBe(true);
  });
});

describe('store, replay and corruption', () => {
  it('keeps one stream per member, with a snapshot that equals the replay, and ledgers over one store agree', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options({ store, snapshotEvery: 1 }));
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-9', 5, 500, 'm-2') });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' });
    expect(await store.streamIds()).toEqual([memberStreamId('m-1'), memberStreamId('m-2')]);
    expect((await store.readSnapshot(memberStreamId('m-1'))).snapshotVersion).toBe(2);
    const copy = createLedger(options({ store }));
    expect(await copy.balance('m-1')).toEqual(await ledger.balance('m-1'));
    await expect(copy.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' })).resolves.toMatchObject({
      replayed: true,
    });
    expect((await ledger.reconcile()).problems).toEqual([]);
  });

  it('ignores a snapshot it cannot use and replays the member stream instead', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options({ store }));
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' });
    // A store whose snapshots are of another format (an older release, another writer).
    const foreign: typeof store = {
      ...store,
      readSnapshot: async (streamId) => ({ ...(await store.readSnapshot(streamId)), snapshot: { format: 'points-member-v0' } }),
    };
    const replaying = createLedger(options({ store: foreign }));
    expect(await replaying.balance('m-1')).toEqual(await ledger.balance('m-1'));
    const { entry } = await replaying.redeem({ key: 'r2', memberId: 'm-1', points: 10, at: '2026-12-02T10:00:00+08:00' });
    expect(entry.data.consumed).toEqual([{ lotId: 'lot-0', points: 10 }]);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 60 });
    expect((await ledger.reconcile()).problems).toEqual([]);
  });

  it('reconciles: an entry whose postings do not sum to zero, lots that do not sum to the balance, a snapshot unlike the replay', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options({ store, snapshotEvery: 1 }));
    const { entry } = await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    // Another writer (a buggy adapter or a script) appends a well-chained but wrong entry to m-9's stream.
    const bogus = { ...entry.data, memberId: 'm-9', postings: [{ account: 'member:m-9:available', points: 5 }] };
    await store.append(memberStreamId('m-9'), [{ id: 'bogus', type: 'earn', data: bogus }], { expectedVersion: 'no_stream' });
    // And writes m-1 a redemption with a snapshot that still shows the old balance.
    const snapshot = (await store.readSnapshot(memberStreamId('m-1'))).snapshot;
    const redeem = {
      type: 'redeem',
      key: 'x',
      request: 'x',
      at: '2026-11-02T10:00:00.000Z',
      memberId: 'm-1',
      redemptionId: 'red-1',
      reference: null,
      points: 10,
      consumed: [],
      postings: [
        { account: 'member:m-1:available', points: -10 },
        { account: 'programme:redeemed', points: 10 },
      ],
    };
    await store.append(memberStreamId('m-1'), [{ id: 'stale', type: 'redeem', data: redeem }], { expectedVersion: 1, snapshot });
    const report = await ledger.reconcile();
    expect(report.balanced).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ memberId: 'm-1', kind: 'lots' }),
      expect.objectContaining({ memberId: 'm-1', kind: 'snapshot' }),
      expect.objectContaining({ memberId: 'm-9', kind: 'unbalanced', seq: 0 }),
      expect.objectContaining({ memberId: 'm-9', kind: 'lots', message: expect.stringContaining('lots hold 100 active') }),
    ]);
  });

  it('verifies a stream it reads from the start, and refuses one that was edited', async () => {
    const { store, raw } = createMemoryStreamStoreHarness();
    const ledger = createLedger(options({ store }));
    const { entry } = await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    // A copy of the stream written without snapshots (an import, or another writer): read from the start.
    await store.append(
      memberStreamId('m-7'),
      [
        {
          id: entry.id,
          type: 'earn',
          data: {
            ...entry.data,
            memberId: 'm-7',
            postings: [
              { account: 'member:m-7:available', points: 100 },
              { account: 'programme:issued', points: -100 },
            ],
          },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    expect(await ledger.balance('m-7')).toMatchObject({ available: 100 });
    await raw.editData(memberStreamId('m-7'), 0, { ...entry.data, memberId: 'm-7', points: 1_000 });
    await expect(ledger.redeem({ key: 'r', memberId: 'm-7', points: 500, at: '2026-11-02T10:00:00+08:00' })).rejects.toThrow(
      expect.objectContaining({
        code: 'CORE_CHAIN_BROKEN',
        details: expect.objectContaining({ context: 'points', reason: 'hash', index: 0 }),
      }),
    );
  });

  it('reports edited, truncated and deleted member streams against a checkpoint, with the one broken-chain code', async () => {
    const { store, raw } = createMemoryStreamStoreHarness();
    // A snapshot with every append, so the one stored is newer than the truncated stream below.
    const ledger = createLedger(options({ store, snapshotEvery: 1 }));
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 60, at: '2026-11-02T10:00:00+08:00' });
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-2', 10, 1_000, 'm-2') });
    const checkpoint = await ledger.checkpoint();
    expect(await ledger.verify({ checkpoint })).toMatchObject({ ok: true, uncovered: [] });
    // Deleting the newest redemption gives points back: the checkpoint notices.
    await raw.deleteNewest(memberStreamId('m-1'), 1, { rewriteHead: true });
    const truncated = await ledger.verify({ checkpoint });
    expect(truncated.ok).toBe(false);
    expect(truncated.problems).toContainEqual(expect.objectContaining({ kind: 'truncated', streamId: memberStreamId('m-1') }));
    // The stored snapshot is newer than the stream now: operations refuse to build on it.
    await expect(ledger.balance('m-1')).rejects.toThrow(
      expect.objectContaining({ code: 'CORE_CHAIN_BROKEN', details: expect.objectContaining({ context: 'points', reason: 'truncated' }) }),
    );
    await raw.editData(memberStreamId('m-2'), 0, { ...((await ledger.history('m-2'))[0]?.data as object), points: 1_000_000 });
    expect((await ledger.verify({ checkpoint })).problems).toContainEqual(
      expect.objectContaining({ kind: 'hash', streamId: memberStreamId('m-2'), seq: 0 }),
    );
    const report = await ledger.reconcile();
    expect(report.balanced).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ memberId: 'm-2', kind: 'chain' }));
    await raw.deleteStream(memberStreamId('m-2'));
    expect((await ledger.verify({ checkpoint })).problems).toContainEqual(
      expect.objectContaining({ kind: 'missing', streamId: memberStreamId('m-2') }),
    );
  });

  it('never double-spends under concurrent redemptions', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    const at = '2026-11-02T10:00:00+08:00';
    const attempts = await Promise.allSettled([
      ledger.redeem({ key: 'a', memberId: 'm-1', points: 80, at }),
      ledger.redeem({ key: 'b', memberId: 'm-1', points: 80, at }),
      ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) }),
      ledger.earn({ key: 'e-dup', at: '2026-11-02T10:00:00+08:00', evaluation: accrual('R-1', 100) }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 20 });
  });
});

describe('cap usage', () => {
  it('reports what each rule granted per member, business day (in the store zone), month and in total, and feeds the caps', async () => {
    const ledger = createLedger(options({ caps: [{ ruleId: 'base', campaignBudget: 1_000 }] }));
    await ledger.earn({ key: 'a', at: '2026-11-18T10:00:00+08:00', evaluation: accrual('A', 100) });
    await ledger.earn({ key: 'b', at: '2026-11-19T10:00:00+08:00', evaluation: { ...accrual('B', 40), businessDate: '2026-11-19' } });
    await ledger.earn({ key: 'c', at: '2026-11-18T10:00:00+08:00', evaluation: accrual('C', 7, 700, 'm-2') });
    await ledger.earn({ key: 'd', at: '2026-12-01T10:00:00+08:00', evaluation: { ...accrual('D', 5), businessDate: '2026-12-01' } });
    // 23:30 UTC on 17 November is 07:30 on the 18th in Shanghai: the ledger computes the business date itself.
    const input = { transaction: receipt({ id: 'E' }), member, store, at: '2026-11-17T23:30:00Z' };
    const usage = await ledger.usage(input);
    expect(usage).toEqual({ base: { day: 100, month: 140, campaign: 145, budget: 152 } });
    const compiled = compileRules(ruleset([{ ...baseRule, caps: { perDay: 120 } }]));
    const result = evaluate(compiled, { ...input, usage });
    expect(result.contributions[0]).toMatchObject({ uncapped: 100, points: 20, cappedBy: 'perDay' });
    expect((await ledger.usage({ ...input, store: { ...store, zone: 'UTC' } })).base).toMatchObject({ day: 0 });
    await expect(ledger.usage({ ...input, store: { ...store, zone: 'Mars/Olympus' } })).rejects.toThrow(code('POINTS_UNKNOWN_STORE'));
    expect(() => ledger.earn({ key: 'x', at: WEDNESDAY, evaluation: { ...accrual('X', 1), businessDate: '18/11/2026' } })).toThrow(
      TypeError,
    );
  });

  it('enforces per-member caps at write time and says which cap cut what', async () => {
    const ledger = createLedger(options({ caps: [{ ruleId: 'base', perDay: 120, perMonth: 150 }] }));
    // Two tills evaluated against the same (empty) usage; the ledger cuts the second at write time.
    const first = await ledger.earn({ key: 'a', at: '2026-11-18T10:00:00+08:00', evaluation: accrual('A', 100) });
    expect(first.entry.data).toMatchObject({ points: 100, cuts: [] });
    const second = await ledger.earn({ key: 'b', at: '2026-11-18T11:00:00+08:00', evaluation: accrual('B', 100) });
    expect(second.entry.data).toMatchObject({
      points: 20,
      rulePoints: { base: 20 },
      cuts: [{ ruleId: 'base', requested: 100, granted: 20, by: 'perDay' }],
    });
    const third = await ledger.earn({
      key: 'c',
      at: '2026-11-19T11:00:00+08:00',
      evaluation: { ...accrual('C', 100), businessDate: '2026-11-19' },
    });
    expect(third.entry.data.cuts).toEqual([{ ruleId: 'base', requested: 100, granted: 30, by: 'perMonth' }]);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 150 });
  });
});

describe('campaign budgets across servers', () => {
  it('never lets two ledgers over one store exceed a sharded budget, and spreads grants over the shards', async () => {
    const store = createMemoryStreamStore();
    const caps = [{ ruleId: 'base', campaignBudget: 1_000 }];
    const a = createLedger(options({ store, caps, budgetShards: 4 }));
    const b = createLedger(options({ store, caps, budgetShards: 4 }));
    const at = '2026-11-18T10:00:00+08:00';
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).earn({ key: `k${i}`, at, evaluation: accrual(`T${i}`, 60, 6_000, `m-${i}`) }),
      ),
    );
    const granted = results.reduce((sum, r) => sum + r.entry.data.points, 0);
    expect(granted).toBe(1_000);
    const cut = results.filter((r) => r.entry.data.cuts.length > 0);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((r) => r.entry.data.cuts[0]?.by === 'campaignBudget')).toBe(true);
    const counters = await store.counters([0, 1, 2, 3].map((i) => `points:budget:base:${i}/4`));
    expect([...counters.values()]).toEqual([250, 250, 250, 250]);
    expect((await a.usage({ transaction: receipt(), member: { id: 'm-0', tier: 'silver' }, store: storeOf(), at })).base?.budget).toBe(
      1_000,
    );
    const report = await a.reconcile();
    expect(report).toMatchObject({ issued: 1_000, outstanding: 1_000, balanced: true, members: 40 });
  });

  it('takes its caps from the compiled rules', () => {
    const compiled = compileRules(
      ruleset([
        { ...baseRule, caps: { perDay: 500, campaignBudget: 9_000 } },
        { id: 'bonus', version: 1, effect: { type: 'fixed', points: 5 }, caps: { perTransaction: 5 } },
      ]),
    );
    expect(capsOf(compiled)).toEqual([{ ruleId: 'base', perDay: 500, campaignBudget: 9_000 }]);
  });

  it('rejects bad cap configuration as programmer errors', () => {
    expect(() => createLedger(options({ caps: [{ ruleId: 'base', campaignBudget: -1 }] }))).toThrow(RangeError);
    expect(() => createLedger(options({ caps: [{ ruleId: 'base' }, { ruleId: 'base' }] }))).toThrow(RangeError);
    expect(() => createLedger(options({ budgetShards: 0 }))).toThrow(RangeError);
    expect(() => createLedger(options({ backdating: { accept: 'flagged', windowDays: 400 } }))).toThrow(RangeError);
  });
});

describe('mixed-tender refunds and backdated earns', () => {
  it('records the receipt total at earn time, so returning the whole receipt reverses exactly what it earned', async () => {
    const ledger = createLedger(options());
    const rules = compileRules(ruleset([baseRule]));
    // ¥256.50 paid ¥50 by stored value (earns nothing) and ¥206.50 by WeChat Pay.
    const transaction = receipt({
      id: 'R-MIX',
      totalFen: 25_650,
      lines: [{ id: 'l1', sku: 'A', quantity: 1, amountFen: 25_650 }],
      tenders: [
        { method: 'stored-value', amountFen: 5_000 },
        { method: 'wechat-pay', amountFen: 20_650 },
      ],
    });
    const evaluation = evaluate(rules, { transaction, member, store, at: WEDNESDAY });
    expect(evaluation).toMatchObject({ eligibleFen: 20_650, receiptFen: 25_650, points: 206 });
    await ledger.earn({ key: 'e', at: WEDNESDAY, evaluation });
    // Half the receipt comes back first (stated as receipt fen), then the rest.
    const half = await ledger.refund({ key: 'f1', memberId: 'm-1', transactionId: 'R-MIX', receiptFen: 12_825, at: THURSDAY });
    expect(half.entry.data).toMatchObject({ receiptFen: 12_825, refundFen: 10_325, points: 103 });
    const rest = await ledger.refund({ key: 'f2', memberId: 'm-1', transactionId: 'R-MIX', receiptFen: 12_825, at: THURSDAY });
    expect(rest.entry.data).toMatchObject({ refundFen: 10_325, points: 103 });
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0 });
    await expect(ledger.refund({ key: 'f3', memberId: 'm-1', transactionId: 'R-MIX', receiptFen: 1, at: THURSDAY })).rejects.toThrow(
      code('POINTS_REFUND_EXCEEDS_ORIGINAL'),
    );
    expect(() => ledger.refund({ key: 'f4', memberId: 'm-1', transactionId: 'R-MIX', receiptFen: 1, refundFen: 1, at: THURSDAY })).toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
    // An accrual without a receipt total can only be refunded in earning fen.
    await ledger.earn({ key: 'e2', at: THURSDAY, evaluation: accrual('R-OLD', 10) });
    await expect(ledger.refund({ key: 'f5', memberId: 'm-1', transactionId: 'R-OLD', receiptFen: 100, at: THURSDAY })).rejects.toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
  });

  it('rejects backdated earns by default, and accepts them only flagged and inside the window otherwise', async () => {
    const strict = createLedger(options());
    await strict.earn({ key: 'a', at: THURSDAY, evaluation: accrual('A', 10) });
    await expect(strict.earn({ key: 'b', at: WEDNESDAY, evaluation: accrual('B', 10) })).rejects.toThrow(code('POINTS_BACKDATED'));
    await expect(strict.earn({ key: 'b', at: WEDNESDAY, evaluation: accrual('B', 10), backdated: true })).rejects.toThrow(
      code('POINTS_BACKDATED'),
    );
    const lenient = createLedger(options({ backdating: { accept: 'flagged', windowDays: 3 } }));
    await lenient.earn({ key: 'a', at: THURSDAY, evaluation: accrual('A', 10) });
    await expect(lenient.earn({ key: 'b', at: WEDNESDAY, evaluation: accrual('B', 10) })).rejects.toThrow(code('POINTS_BACKDATED'));
    const ok = await lenient.earn({ key: 'b', at: WEDNESDAY, evaluation: accrual('B', 10), backdated: true });
    expect(ok.entry.data.backdated).toBe(true);
    await expect(
      lenient.earn({ key: 'c', at: '2026-11-10T10:00:00+08:00', evaluation: accrual('C', 10), backdated: true }),
    ).rejects.toThrow(code('POINTS_BACKDATED'));
  });
});

function storeOf() {
  return store;
}
