import { appendEntry, type ChainEntry } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  compileRules,
  createLedger,
  createMemoryLedgerStore,
  evaluate,
  type LedgerOptions,
  type LedgerPayload,
  type LedgerStore,
} from '../src/index';
import { accrual, baseRule, member, receipt, ruleset, store, WEDNESDAY } from './fixtures';

const zone = 'Asia/Shanghai';
const options = (extra: Partial<LedgerOptions> = {}): LedgerOptions => ({
  store: createMemoryLedgerStore(),
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
    expect(entry.payload).toMatchObject({
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
    expect(late.entry.payload.expiresAt).toBe('2026-12-31T16:00:00.000Z');
    const next = await ledger.earn({ key: 'e3', at: '2027-01-01T00:00:00+08:00', evaluation: accrual('R-3', 1) });
    expect(next.entry.payload.expiresAt).toBe('2027-12-31T16:00:00.000Z');
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
    expect(entry.payload.expiresAt).toBe(expected);
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
    expect(entry.payload.pendingUntil).toBe('2026-11-28T02:00:00.000Z');
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0, pending: 100 });
    await expect(ledger.redeem({ key: 'r', memberId: 'm-1', points: 1, at: '2026-11-22T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_INSUFFICIENT_BALANCE'),
    );
    expect(await ledger.activatePending('2026-11-28T09:59:00+08:00')).toBeUndefined();
    const activated = await ledger.activatePending('2026-11-28T10:00:00+08:00');
    expect(activated?.payload.lots).toEqual([{ lotId: 'lot-0', points: 100, memberId: 'm-1' }]);
    expect(await ledger.activatePending('2026-11-29T10:00:00+08:00')).toBeUndefined();
    expect(await ledger.balance('m-1')).toMatchObject({ available: 100, pending: 0 });
    // A per-accrual override of the hold.
    const now = await ledger.earn({ key: 'e2', at: '2026-11-21T10:00:00+08:00', evaluation: accrual('R-2', 5), holdDays: 0 });
    expect(now.entry.payload.pendingUntil).toBeNull();
  });
});

describe('redemption', () => {
  it('consumes lots first-to-expire first and rejects what the balance cannot cover', async () => {
    const ledger = createLedger(options({ expiry: { type: 'rolling', months: 12 } }));
    await ledger.earn({ key: 'a', at: '2026-06-01T10:00:00+08:00', evaluation: accrual('A', 100) });
    await ledger.earn({ key: 'b', at: '2026-03-01T10:00:00+08:00', evaluation: accrual('B', 50) });
    const { entry } = await ledger.redeem({
      key: 'r',
      memberId: 'm-1',
      points: 120,
      at: '2026-07-01T10:00:00+08:00',
      reference: 'parking',
    });
    expect(entry.payload.consumed).toEqual([
      { lotId: 'lot-1', points: 50 },
      { lotId: 'lot-0', points: 70 },
    ]);
    expect(entry.payload.redemptionId).toBe('red-2');
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
    const back = await ledger.refundRedemption({ key: 'u', redemptionId: entry.payload.redemptionId, at: '2026-11-03T10:00:00+08:00' });
    expect(back.entry.payload.restored).toEqual([{ lotId: 'lot-0', points: 60 }]);
    expect((await ledger.balance('m-1')).lots).toMatchObject([{ id: 'lot-0', remaining: 100 }]);
    await expect(
      ledger.refundRedemption({ key: 'u2', redemptionId: entry.payload.redemptionId, at: '2026-11-03T10:00:00+08:00' }),
    ).rejects.toThrow(code('POINTS_REFUND_EXCEEDS_ORIGINAL'));
    await expect(ledger.refundRedemption({ key: 'u3', redemptionId: 'red-404', at: '2026-11-03T10:00:00+08:00' })).rejects.toThrow(
      code('POINTS_UNKNOWN_REFERENCE'),
    );
    const second = await ledger.redeem({ key: 'r2', memberId: 'm-1', points: 40, at: '2026-11-04T10:00:00+08:00' });
    const fresh = await ledger.refundRedemption({
      key: 'u4',
      redemptionId: second.entry.payload.redemptionId,
      at: '2027-01-05T10:00:00+08:00',
      restore: 'new-expiry',
    });
    expect(fresh.entry.payload.newLot).toEqual({ lotId: 'lot-4', expiresAt: '2027-12-31T16:00:00.000Z' });
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
    expect(await ledger.entries()).toHaveLength(2);
    expect(() => ledger.earn({ key: 'x', at, evaluation: null as never })).toThrow(TypeError);
    expect(() => ledger.earn({ key: 'x', at, evaluation: { ...accrual('Z', 1), points: 1.5 } })).toThrow(code('POINTS_INVALID_AMOUNT'));
  });
});

describe('refunds', () => {
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00+08:00`;

  it('reverses proportionally from the accrual snapshot, cumulatively exact', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100, 30_000) });
    const a = await ledger.refund({ key: 'f1', transactionId: 'R-1', refundFen: 10_000, at: at(2) });
    expect(a.entry.payload).toMatchObject({ points: 33, qualifyingPoints: 100, debt: 0 });
    const b = await ledger.refund({ key: 'f2', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(b.entry.payload.points).toBe(33);
    const c = await ledger.refund({ key: 'f3', transactionId: 'R-1', refundFen: 10_000, at: at(4) });
    expect(c.entry.payload.points).toBe(34);
    expect((await ledger.balance('m-1')).available).toBe(0);
    await expect(ledger.refund({ key: 'f4', transactionId: 'R-1', refundFen: 1, at: at(5) })).rejects.toThrow(
      code('POINTS_REFUND_EXCEEDS_ORIGINAL'),
    );
    await expect(ledger.refund({ key: 'f5', transactionId: 'R-404', refundFen: 1, at: at(5) })).rejects.toThrow(
      code('POINTS_UNKNOWN_REFERENCE'),
    );
    await expect(ledger.refund({ key: 'f6', transactionId: 'R-1', refundFen: 0, at: at(5) })).rejects.toThrow(
      code('POINTS_INVALID_AMOUNT'),
    );
    expect(await ledger.qualification('m-1', at(6))).toEqual({ spendFen: 0, qualifyingPoints: 0 });
  });

  it('leaves a negative balance when the points were spent, settled by the next earn', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 80, at: at(2) });
    const { entry } = await ledger.refund({ key: 'f', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(entry.payload).toMatchObject({ points: 100, fromLots: [{ lotId: 'lot-0', points: 20 }], debt: 80, clawedBack: 0, forgiven: 0 });
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
    const { entry } = await ledger.refund({ key: 'f', transactionId: 'R-1', refundFen: 10_000, at: at(3) });
    expect(entry.payload).toMatchObject({ points: 100, clawedBack: 30, forgiven: 70, debt: 0, fromLots: [{ lotId: 'lot-1', points: 30 }] });
    expect(await ledger.balance('m-1')).toMatchObject({ available: 20, debt: 0 });
  });

  it('reverses pending points from the pending account', async () => {
    const ledger = createLedger(options({ holdDays: 7 }));
    await ledger.earn({ key: 'e', at: at(1), evaluation: accrual('R-1', 100) });
    const { entry } = await ledger.refund({ key: 'f', transactionId: 'R-1', refundFen: 5_000, at: at(2) });
    expect(entry.payload.postings).toEqual([
      { account: 'member:m-1:pending', points: -50 },
      { account: 'programme:reversed', points: 50 },
    ]);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 0, pending: 50 });
  });
});

describe('expiry, history and the liability report', () => {
  it('expires idempotently, answers balances as of past instants and always balances', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' });
    expect(await ledger.expire('2026-12-31T23:59:59+08:00')).toBeUndefined();
    const expired = await ledger.expire('2027-01-01T00:00:00+08:00');
    expect(expired?.payload.lots).toEqual([{ lotId: 'lot-0', points: 70, memberId: 'm-1' }]);
    expect(await ledger.expire('2027-01-02T00:00:00+08:00')).toBeUndefined();
    expect(await ledger.balanceAt('m-1', '2026-10-31T00:00:00+08:00')).toBe(0);
    expect(await ledger.balanceAt('m-1', '2026-11-15T00:00:00+08:00')).toBe(100);
    expect(await ledger.balanceAt('m-1', '2026-12-15T00:00:00+08:00')).toBe(70);
    expect(await ledger.balanceAt('m-1', '2027-01-15T00:00:00+08:00')).toBe(0);
    expect(await ledger.liability()).toEqual({ outstanding: 0, issued: 100, redeemed: 30, expired: 70, reversed: 0, balanced: true });
    expect(await ledger.qualification('m-1', '2027-10-31T10:00:00+08:00')).toEqual({ spendFen: 10_000, qualifyingPoints: 100 });
    expect(await ledger.qualification('m-1', '2027-11-01T10:00:00+08:00')).toEqual({ spendFen: 0, qualifyingPoints: 0 });
    expect((await ledger.verify()).ok).toBe(true);
  });
});

describe('store, replay and corruption', () => {
  it('replays exported entries into the same state', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    await ledger.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' });
    const copy = createLedger(options({ store: createMemoryLedgerStore({ entries: await ledger.entries() }) }));
    expect(await copy.balance('m-1')).toEqual(await ledger.balance('m-1'));
    await expect(copy.redeem({ key: 'r', memberId: 'm-1', points: 30, at: '2026-12-01T10:00:00+08:00' })).resolves.toMatchObject({
      replayed: true,
    });
  });

  it('refuses entries whose hash chain is broken', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    const [entry] = await ledger.entries();
    const forged = {
      ...(entry as ChainEntry<LedgerPayload>),
      payload: { ...(entry as ChainEntry<LedgerPayload>).payload, points: 1_000_000 },
    } as ChainEntry<LedgerPayload>;
    expect(() => createMemoryLedgerStore({ entries: [forged] })).toThrow(code('POINTS_LEDGER_CORRUPT'));
    const lying: LedgerStore = {
      transact: (work) => Promise.resolve(work({ read: async () => [forged], append: (p) => appendEntry(undefined, p) })),
    };
    await expect(createLedger(options({ store: lying })).balance('m-1')).rejects.toThrow(code('POINTS_LEDGER_CORRUPT'));
  });

  it('serialises interleaved async transactions and discards failed ones', async () => {
    const store = createMemoryLedgerStore();
    const order: string[] = [];
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const work = (name: string) =>
      store.transact(async (tx) => {
        order.push(`${name}:start`);
        const before = (await tx.read(0)).length;
        await pause();
        order.push(`${name}:end`);
        return before;
      });
    const failing = store.transact(async (tx) => {
      tx.append({ type: 'expire', at: '2026-01-01T00:00:00.000Z', lots: [], postings: [] });
      await pause();
      throw new Error('boom');
    });
    const results = await Promise.allSettled([work('a'), failing, work('b')]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<number>).value).toBe(0);
  });

  it('never double-spends under concurrent redemptions', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) });
    const at = '2026-11-02T10:00:00+08:00';
    const attempts = await Promise.allSettled([
      ledger.redeem({ key: 'a', memberId: 'm-1', points: 80, at }),
      ledger.redeem({ key: 'b', memberId: 'm-1', points: 80, at }),
      ledger.earn({ key: 'e', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) }),
      ledger.earn({ key: 'e-dup', at: '2026-11-01T10:00:00+08:00', evaluation: accrual('R-1', 100) }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 20 });
  });
});

describe('cap usage', () => {
  it('reports what each rule granted per member, business day, month and in total, and feeds the caps', async () => {
    const ledger = createLedger(options());
    await ledger.earn({ key: 'a', at: '2026-11-18T10:00:00+08:00', evaluation: accrual('A', 100) });
    await ledger.earn({ key: 'b', at: '2026-11-19T10:00:00+08:00', evaluation: { ...accrual('B', 40), businessDate: '2026-11-19' } });
    await ledger.earn({ key: 'c', at: '2026-11-18T10:00:00+08:00', evaluation: accrual('C', 7, 700, 'm-2') });
    await ledger.earn({ key: 'd', at: '2026-12-01T10:00:00+08:00', evaluation: { ...accrual('D', 5), businessDate: '2026-12-01' } });
    const usage = await ledger.usage({ memberId: 'm-1', businessDate: '2026-11-18' });
    expect(usage).toEqual({ base: { day: 100, month: 140, campaign: 145, budget: 152 } });
    const compiled = compileRules(ruleset([{ ...baseRule, caps: { perDay: 120 } }]));
    const result = evaluate(compiled, { transaction: receipt({ id: 'E' }), member, store, at: WEDNESDAY, usage });
    expect(result.contributions[0]).toMatchObject({ uncapped: 100, points: 20, cappedBy: 'perDay' });
    expect(() => ledger.earn({ key: 'x', at: WEDNESDAY, evaluation: { ...accrual('X', 1), businessDate: '18/11/2026' } })).toThrow(
      TypeError,
    );
  });
});
