import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createLedger, LEDGER_RETENTION, type LedgerOptions, memberStreamId } from '../src/index';
import { accrual } from './fixtures';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T10:00:00+08:00');
const code = (c: string) => expect.objectContaining({ code: c });
// These tests read the stored snapshot as the state after each operation: stored with every append.
const options = (store: StreamStore): LedgerOptions => ({ store, zone: 'Asia/Shanghai', expiry: { type: 'never' }, snapshotEvery: 1 });

async function snapshotOf(store: StreamStore, memberId = 'm-1') {
  const snap = await store.readSnapshot(memberStreamId(memberId));
  return snap.snapshot as { lots: unknown[]; accruals: unknown[]; redemptions: unknown[]; keys: unknown[]; qualifying: unknown[] };
}

/** Two years of weekly earn + redeem of the same points: each week's lot is spent at once. */
async function weekly(ledger: ReturnType<typeof createLedger>, weeks: number): Promise<number> {
  for (let w = 0; w < weeks; w++) {
    const at = START + w * 7 * DAY;
    await ledger.earn({ key: `e-${w}`, at, evaluation: accrual(`W-${w}`, 100) });
    await ledger.redeem({ key: `r-${w}`, memberId: 'm-1', points: 100, at: at + 1000 });
  }
  return START + weeks * 7 * DAY;
}

describe('retention: the snapshot holds what future decisions need, not the whole history', () => {
  it('keeps the snapshot bounded by the retention windows, and the replay equals it', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    await weekly(ledger, 40);
    const sizeAt40 = JSON.stringify(await snapshotOf(store)).length;
    await weekly(ledger, 120);
    const snap = await snapshotOf(store);
    // 120 weeks of history; the state keeps only what falls in the retention windows.
    expect(snap.keys.length).toBeLessThanOrEqual(2 * Math.ceil(LEDGER_RETENTION.keyDays / 7) + 2);
    expect(snap.accruals.length).toBeLessThanOrEqual(Math.ceil(LEDGER_RETENTION.accrualDays / 7) + 1);
    expect(snap.redemptions.length).toBeLessThanOrEqual(Math.ceil(LEDGER_RETENTION.redemptionDays / 7) + 1);
    // Spent lots stay only while a kept accrual or unrefunded redemption names them.
    expect(snap.lots.length).toBeLessThanOrEqual(
      Math.ceil(Math.max(LEDGER_RETENTION.accrualDays, LEDGER_RETENTION.redemptionDays) / 7) + 1,
    );
    // Three times the history, about the same snapshot (it grew without bound before).
    expect(JSON.stringify(snap).length).toBeLessThan(2 * sizeAt40);
    expect((await ledger.history('m-1')).length).toBe(240);
    const report = await ledger.reconcile();
    expect(report.problems).toEqual([]);
    expect(report.balanced).toBe(true);
  });

  it('answers a refund of a transaction older than the accrual window from the stream, cumulatively', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    await ledger.earn({ key: 'old', at: START, evaluation: accrual('OLD', 120, 12_000) });
    await ledger.refund({ key: 'old-r1', memberId: 'm-1', transactionId: 'OLD', refundFen: 3_000, at: START + DAY });
    const later = START + (LEDGER_RETENTION.accrualDays + 30) * DAY;
    await ledger.earn({ key: 'new', at: later, evaluation: accrual('NEW', 50) });
    const snap = await snapshotOf(store);
    expect(JSON.stringify(snap.accruals)).not.toContain('"OLD"');
    const first = await ledger.refund({ key: 'old-r2', memberId: 'm-1', transactionId: 'OLD', refundFen: 4_500, at: later + DAY });
    // 7,500 of 12,000 fen refunded in all: floor(120 × 7,500 / 12,000) = 75 reversed, 30 before, 45 now.
    expect(first.entry.data).toMatchObject({ points: 45, refundFen: 4_500, fromLots: [{ lotId: 'lot-0', points: 45 }] });
    const rest = await ledger.refund({ key: 'old-r3', memberId: 'm-1', transactionId: 'OLD', refundFen: 4_500, at: later + DAY });
    expect(rest.entry.data.points).toBe(45);
    await expect(ledger.refund({ key: 'old-r4', memberId: 'm-1', transactionId: 'OLD', refundFen: 1, at: later + DAY })).rejects.toThrow(
      code('POINTS_REFUND_EXCEEDS_ORIGINAL'),
    );
    await expect(ledger.refund({ key: 'old-r5', memberId: 'm-1', transactionId: 'NOPE', refundFen: 1, at: later + DAY })).rejects.toThrow(
      code('POINTS_UNKNOWN_REFERENCE'),
    );
    expect(await ledger.balance('m-1')).toMatchObject({ available: 50, debt: 0 });
    // A replay of the old refund's key returns the original entry.
    const again = await ledger.refund({ key: 'old-r2', memberId: 'm-1', transactionId: 'OLD', refundFen: 4_500, at: later + DAY });
    expect(again).toMatchObject({ replayed: true, entry: { seq: first.entry.seq } });
    expect((await ledger.reconcile()).problems).toEqual([]);
  });

  it('answers an old refund whose own lot was spent with the refund policy (negative balance)', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    await ledger.earn({ key: 'old', at: START, evaluation: accrual('OLD', 100, 10_000) });
    await ledger.redeem({ key: 'spend', memberId: 'm-1', points: 100, at: START + DAY });
    const later = START + (LEDGER_RETENTION.accrualDays + 30) * DAY;
    await ledger.earn({ key: 'new', at: later, evaluation: accrual('NEW', 10) });
    const { entry } = await ledger.refund({ key: 'old-r', memberId: 'm-1', transactionId: 'OLD', refundFen: 10_000, at: later + DAY });
    expect(entry.data).toMatchObject({ points: 100, fromLots: [], debt: 100 });
    expect(await ledger.balance('m-1')).toMatchObject({ available: -90, debt: 100 });
    expect((await ledger.reconcile()).problems).toEqual([]);
  });

  it('never applies a replay twice once its key left the state (store idempotency and the stream)', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    const earn = { key: 'k-earn', at: START, evaluation: accrual('T-1', 100) };
    const original = await ledger.earn(earn);
    const spent = await ledger.redeem({ key: 'k-redeem', memberId: 'm-1', points: 60, at: START + 1000 });
    const later = START + (LEDGER_RETENTION.keyDays + 10) * DAY;
    await ledger.earn({ key: 'k-later', at: later, evaluation: accrual('T-2', 10) });
    expect(JSON.stringify((await snapshotOf(store)).keys)).not.toContain('k-earn');
    // The same earn again (a till resending it months later): the original entry, nothing written.
    expect(await ledger.earn(earn)).toMatchObject({ replayed: true, entry: { seq: original.entry.seq } });
    // The same redemption again: decided afresh it would fail (backdated state) or spend twice; it returns the original.
    expect(await ledger.redeem({ key: 'k-redeem', memberId: 'm-1', points: 60, at: START + 1000 })).toMatchObject({
      replayed: true,
      entry: { seq: spent.entry.seq },
    });
    // The old key for another request: a conflict, not a second write.
    await expect(ledger.redeem({ key: 'k-redeem', memberId: 'm-1', points: 5, at: later + DAY })).rejects.toThrow(
      code('POINTS_IDEMPOTENCY_CONFLICT'),
    );
    await expect(ledger.earn({ key: 'k-earn', at: later + DAY, evaluation: accrual('T-3', 1) })).rejects.toThrow(
      code('POINTS_IDEMPOTENCY_CONFLICT'),
    );
    expect((await ledger.history('m-1')).length).toBe(3);
    expect(await ledger.balance('m-1')).toMatchObject({ available: 50 });
  });

  it('refuses a second earn of a transaction older than the accrual window', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    await ledger.earn({ key: 'a', at: START, evaluation: accrual('T-1', 100) });
    const later = START + (LEDGER_RETENTION.accrualDays + 10) * DAY;
    await ledger.earn({ key: 'b', at: later, evaluation: accrual('T-2', 10) });
    await expect(ledger.earn({ key: 'c', at: later + DAY, evaluation: accrual('T-1', 100) })).rejects.toThrow(
      code('POINTS_DUPLICATE_TRANSACTION'),
    );
    expect(await ledger.balance('m-1')).toMatchObject({ available: 110 });
  });

  it('refuses to refund a redemption older than the redemption window, saying why', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger(options(store));
    await ledger.earn({ key: 'a', at: START, evaluation: accrual('T-1', 100) });
    const { entry } = await ledger.redeem({ key: 'r', memberId: 'm-1', points: 40, at: START + 1000 });
    const later = START + (LEDGER_RETENTION.redemptionDays + 10) * DAY;
    await ledger.earn({ key: 'b', at: later, evaluation: accrual('T-2', 10) });
    const refund = ledger.refundRedemption({ key: 'u', memberId: 'm-1', redemptionId: entry.data.redemptionId, at: later + DAY });
    await expect(refund).rejects.toThrow(code('POINTS_UNKNOWN_REFERENCE'));
    await expect(refund).rejects.toThrow(`within the last ${LEDGER_RETENTION.redemptionDays} days`);
  });
});
