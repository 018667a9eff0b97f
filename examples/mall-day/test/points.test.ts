import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: points chapter', () => {
  it('earns on the Shanghai business date with a clerk-readable explanation and logs the evidence', async () => {
    const result = await runMallDay({ quiet: true });
    const points = result.chapters.points as {
      signUpPoints: number;
      receiptPoints: number;
      businessDate: string;
      parking: { points: number; ok: boolean };
      backtestDelta: number;
      cappedReceipt: { points: number; cap: { by: string; requested: number; taken: unknown[] } };
    };
    expect(points.signUpPoints).toBe(100);
    // ¥965 − ¥200 gift card = ¥765 eligible, spread: Lancôme ¥705.54, tobacco ¥59.46 (no base).
    // Base 705, weekend ×1.5 → +352, beauty +352 (¥705.54 / 2).
    expect(points.receiptPoints).toBe(705 + 352 + 352);
    expect(points.businessDate).toBe('2026-11-21');
    expect(points.parking).toMatchObject({ ok: true, points: 1400 });
    expect(points.backtestDelta).toBe(445);
    expect(result.lines).toContain('  合计：1409 分');
    // The whole-receipt cap: 4,200 base + 2,100 weekend bonus = 6,300, capped at 5,000, the bonus cut first.
    expect(points.cappedReceipt).toEqual({
      points: 5_000,
      cap: { by: 'perReceipt', room: 5_000, requested: 6_300, granted: 5_000, taken: [{ ruleId: 'weekend', points: 1_300 }] },
    });
    expect(result.lines).toContain('  全部规则单笔上限剩余 5000 分：6300 → 5000（周末 1.5 倍积分 −1300）');
    expect(result.verified).toBe(true);
  });
});
