import { describe, expect, it } from 'vitest';
import { assessTier, type TierPolicy } from '../src/index';

const policy: TierPolicy = {
  tiers: [
    { id: 'silver' },
    { id: 'gold', minSpendFen: 5_000_000, minQualifyingPoints: 50_000 },
    { id: 'platinum', minSpendFen: 20_000_000 },
  ],
  downgrade: 'one-down',
};
const q = (spendFen: number, qualifyingPoints = 0) => ({ spendFen, qualifyingPoints });

describe('assessTier', () => {
  it('upgrades immediately, the triggering transaction earning at the old rate unless configured', () => {
    expect(assessTier({ policy, current: 'silver', qualification: q(5_200_000), event: 'transaction' })).toEqual({
      tier: 'gold',
      change: 'upgrade',
      qualifiesFor: 'gold',
      earningTier: 'silver',
    });
    expect(
      assessTier({ policy: { ...policy, upgradeEarnsAt: 'new' }, current: 'silver', qualification: q(25_000_000), event: 'transaction' }),
    ).toMatchObject({
      tier: 'platinum',
      earningTier: 'platinum',
    });
    expect(assessTier({ policy, current: 'silver', qualification: q(0, 50_000), event: 'transaction' }).tier).toBe('gold');
  });

  it('never downgrades mid-period; at period end one tier down or recomputed', () => {
    expect(assessTier({ policy, current: 'platinum', qualification: q(0), event: 'transaction' })).toMatchObject({
      tier: 'platinum',
      change: 'none',
    });
    expect(assessTier({ policy, current: 'platinum', qualification: q(0), event: 'period-end' })).toMatchObject({
      tier: 'gold',
      change: 'downgrade',
      qualifiesFor: 'silver',
    });
    expect(
      assessTier({ policy: { ...policy, downgrade: 'recompute' }, current: 'platinum', qualification: q(0), event: 'period-end' }).tier,
    ).toBe('silver');
    expect(assessTier({ policy, current: 'gold', qualification: q(6_000_000), event: 'period-end' })).toMatchObject({
      tier: 'gold',
      change: 'none',
    });
  });

  it('rejects a tier the policy does not know', () => {
    expect(() => assessTier({ policy, current: 'diamond', qualification: q(0), event: 'transaction' })).toThrow(
      expect.objectContaining({ code: 'POINTS_UNKNOWN_MEMBER' }),
    );
  });
});
