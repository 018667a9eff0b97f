import { createMemoryStreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { type CatalogueItem, createLedger, quoteRedemption, redeemQuote } from '../src/index';
import { accrual } from './fixtures';

const code = (c: string) => expect.objectContaining({ code: c });
const parking: CatalogueItem = { type: 'parking', id: 'park', pointsPerHour: 200, freeHours: 1, maxHours: 6 };

describe('quoteRedemption', () => {
  it('prices parking by started hour after the free hours, capped', () => {
    expect(quoteRedemption({ item: parking, balance: 1_000, minutes: 150 })).toMatchObject({ ok: true, points: 400, quantity: 2 });
    expect(quoteRedemption({ item: parking, balance: 1_000, minutes: 45 })).toMatchObject({
      ok: false,
      reason: 'nothing-to-pay',
      points: 0,
    });
    expect(quoteRedemption({ item: parking, balance: 5_000, minutes: 24 * 60 })).toMatchObject({ ok: true, points: 1_200, quantity: 6 });
    expect(quoteRedemption({ item: parking, balance: 300, minutes: 150 })).toMatchObject({ ok: false, reason: 'insufficient-balance' });
    expect(quoteRedemption({ item: parking, balance: 1_000, minutes: 150 }).explanation.zh).toContain('停车 150 分钟');
  });

  it('limits a cash offset by rate, balance and the share of the order', () => {
    const offset: CatalogueItem = { type: 'cash-offset', id: 'cash', points: 100, perFen: 100, maxShareBp: 3_000 };
    expect(quoteRedemption({ item: offset, balance: 100_000, orderFen: 50_000 })).toMatchObject({
      ok: true,
      points: 15_000,
      valueFen: 15_000,
    });
    expect(quoteRedemption({ item: offset, balance: 2_345, orderFen: 50_000 })).toMatchObject({ ok: true, points: 2_300, valueFen: 2_300 });
    expect(quoteRedemption({ item: offset, balance: 100_000, orderFen: 50_000, points: 20_000 })).toMatchObject({
      ok: false,
      reason: 'over-share',
      points: 15_000,
    });
    expect(quoteRedemption({ item: offset, balance: 100_000, orderFen: 50_000, points: 1_000 })).toMatchObject({
      ok: true,
      points: 1_000,
      valueFen: 1_000,
    });
    expect(quoteRedemption({ item: offset, balance: 50, orderFen: 50_000 })).toMatchObject({ ok: false, reason: 'insufficient-balance' });
    expect(quoteRedemption({ item: offset, balance: 500 })).toMatchObject({ ok: false, reason: 'nothing-to-pay' });
  });

  it('prices goods, coupons and gift cards per unit, with stock', () => {
    const goods: CatalogueItem = { type: 'goods', id: 'umbrella', points: 800, stock: 2 };
    expect(quoteRedemption({ item: goods, balance: 2_000, quantity: 2 })).toMatchObject({ ok: true, points: 1_600 });
    expect(quoteRedemption({ item: goods, balance: 9_000, quantity: 3 })).toMatchObject({ ok: false, reason: 'out-of-stock' });
    const coupon: CatalogueItem = { type: 'coupon', id: 'c50', points: 4_000, valueFen: 5_000 };
    expect(quoteRedemption({ item: coupon, balance: 8_000, quantity: 2 })).toMatchObject({ ok: true, points: 8_000, valueFen: 10_000 });
    const card: CatalogueItem = { type: 'gift-card', id: 'g100', points: 10_000, valueFen: 10_000 };
    expect(quoteRedemption({ item: card, balance: 9_999 })).toMatchObject({ ok: false, reason: 'insufficient-balance' });
  });

  it('rejects bad input', () => {
    expect(() => quoteRedemption({ item: parking, balance: -1, minutes: 10 })).toThrow(code('POINTS_INVALID_AMOUNT'));
    expect(() => quoteRedemption({ item: parking, balance: 10, minutes: 1.5 })).toThrow(code('POINTS_INVALID_AMOUNT'));
    expect(() => quoteRedemption({ item: { type: 'spa' } as never, balance: 10 })).toThrow(code('POINTS_REDEMPTION_REJECTED'));
  });
});

describe('redeemQuote', () => {
  it('redeems an ok quote on the ledger and rejects one that is not', async () => {
    const ledger = createLedger({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'never' } });
    const at = '2026-11-21T18:00:00+08:00';
    await ledger.earn({ key: 'e', at, evaluation: accrual('R-1', 1_000) });
    const quote = quoteRedemption({ item: parking, balance: (await ledger.balance('m-1')).available, minutes: 150 });
    const { entry } = await redeemQuote(ledger, { key: 'park-1', memberId: 'm-1', at, quote });
    expect(entry.data).toMatchObject({ points: 400, reference: 'parking:park' });
    const refused = quoteRedemption({ item: parking, balance: 100, minutes: 150 });
    await expect(redeemQuote(ledger, { key: 'park-2', memberId: 'm-1', at, quote: refused })).rejects.toThrow(
      code('POINTS_REDEMPTION_REJECTED'),
    );
  });
});
