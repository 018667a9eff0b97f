import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMallRules } from '../src/run';

describe('points-mall-rules', () => {
  it('earns, refunds, redeems parking, expires and backtests with exact numbers', async () => {
    const r = await runMallRules({ quiet: true });
    expect(r.signUp.points).toBe(100);
    expect(r.topUp.points).toBe(150);
    // Eligible: ¥2,565.00 − ¥500 stored value = ¥2,065.00, spread over the lines; tobacco earns no base points.
    expect(Object.fromEntries(r.purchase.contributions.map((c) => [c.ruleId, c.points]))).toEqual({
      base: 2012,
      vip: 1006,
      'lancome-extra': 100,
      'estee-extra': 579,
      'tier-credit': 2065,
      'birthday-month': 4025,
    });
    expect(r.purchase.skipped).toEqual([{ ruleId: 'member-day', reason: 'group' }]);
    expect(r.purchase.points).toBe(7722);
    expect(r.refund.points).toBe(2679);
    expect(r.parked.points).toBe(400);
    expect(r.retried).toBe(true);
    expect(r.liability.balanced).toBe(true);
    expect(r.liability.outstanding).toBe(0);
    // A receipt paid ¥100 by stored value and ¥200 by Alipay, returned whole by its receipt total:
    // exactly the ¥200 earning amount and every point it earned are reversed.
    expect(r.returned).toMatchObject({ receiptFen: 30_000, refundFen: 20_000, points: r.mixed.points });
    expect(r.liability).toMatchObject({ issued: 7972 + r.mixed.points, redeemed: 400, reversed: 2679 + r.mixed.points, expired: 4893 });
    expect(r.lines).toContain('  expired 4893 points; a second run expired nothing');
    expect(r.report.comparison?.perRuleDelta['member-day']).toBeGreaterThan(0);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('周三会员日双倍积分');
    expect(out).toMatch(/balanced: yes/);
    expect(out).toContain('member streams verified against the December checkpoint: yes');
  });
});
