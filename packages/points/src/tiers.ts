import { PointsError, PointsErrorCode } from './errors';

/**
 * One tier, lowest first in a policy. A member qualifies by rolling-12-month spend or
 * tier-qualifying points (either threshold suffices); the first tier has no thresholds.
 *
 * @example `{ id: 'gold', minSpendFen: 5_000_000, minQualifyingPoints: 50_000 }`
 */
export interface TierDefinition {
  readonly id: string;
  readonly minSpendFen?: number;
  readonly minQualifyingPoints?: number;
}

/**
 * Tier rules: the ladder, how downgrades happen at period end, and which rate the transaction
 * that causes an upgrade earns at (the old one unless `upgradeEarnsAt: 'new'`).
 *
 * @example `{ tiers: [{ id: 'silver' }, { id: 'gold', minSpendFen: 5_000_000 }], downgrade: 'one-down' }`
 */
export interface TierPolicy {
  readonly tiers: readonly TierDefinition[];
  readonly downgrade: 'one-down' | 'recompute';
  readonly upgradeEarnsAt?: 'old' | 'new';
}

/**
 * Input of `assessTier`: the policy, the current tier, rolling figures and the event.
 *
 * @example `{ policy, current: 'silver', qualification: { spendFen: 6_000_000, qualifyingPoints: 0 }, event: 'transaction' }`
 */
export interface TierAssessmentInput {
  readonly policy: TierPolicy;
  readonly current: string;
  /** Rolling 12-month figures, e.g. from `ledger.qualification(memberId, at)`. */
  readonly qualification: { readonly spendFen: number; readonly qualifyingPoints: number };
  /** `transaction`: upgrades apply at once, never downgrades; `period-end`: downgrades by policy too. */
  readonly event: 'transaction' | 'period-end';
}

/**
 * The outcome of `assessTier`.
 *
 * @example `{ tier: 'gold', change: 'upgrade', qualifiesFor: 'gold', earningTier: 'silver' }`
 */
export interface TierAssessment {
  readonly tier: string;
  readonly change: 'upgrade' | 'downgrade' | 'none';
  /** The highest tier the figures qualify for. */
  readonly qualifiesFor: string;
  /** The tier whose rates the triggering transaction earns at. */
  readonly earningTier: string;
}

/**
 * Decides a member's tier from rolling 12-month figures: upgrade immediately, downgrade only at
 * period end (one tier down, or straight to what the figures support).
 *
 * @throws `POINTS_UNKNOWN_MEMBER` when `current` is not a tier of the policy.
 *
 * @example
 * ```ts
 * import { assessTier } from '@aisle/points';
 * const policy = { tiers: [{ id: 'silver' }, { id: 'gold', minSpendFen: 5_000_000 }], downgrade: 'one-down' } as const;
 * assessTier({ policy, current: 'silver', qualification: { spendFen: 5_200_000, qualifyingPoints: 0 }, event: 'transaction' });
 * // { tier: 'gold', change: 'upgrade', qualifiesFor: 'gold', earningTier: 'silver' }
 * ```
 */
export function assessTier(input: TierAssessmentInput): TierAssessment {
  const { tiers } = input.policy;
  const rank = tiers.findIndex((t) => t.id === input.current);
  if (rank < 0) throw new PointsError(PointsErrorCode.UNKNOWN_MEMBER, `Tier "${input.current}" is not in the tier policy`);
  const { spendFen, qualifyingPoints } = input.qualification;
  let qualifies = 0;
  tiers.forEach((t, i) => {
    const bySpend = t.minSpendFen !== undefined && spendFen >= t.minSpendFen;
    const byPoints = t.minQualifyingPoints !== undefined && qualifyingPoints >= t.minQualifyingPoints;
    if (i === 0 || bySpend || byPoints) qualifies = i;
  });
  let next = rank;
  if (qualifies > rank) next = qualifies;
  else if (qualifies < rank && input.event === 'period-end')
    next = input.policy.downgrade === 'one-down' ? Math.max(qualifies, rank - 1) : qualifies;
  const tier = (tiers[next] as TierDefinition).id;
  const change = next > rank ? 'upgrade' : next < rank ? 'downgrade' : 'none';
  return {
    tier,
    change,
    qualifiesFor: (tiers[qualifies] as TierDefinition).id,
    earningTier: change === 'upgrade' && input.policy.upgradeEarnsAt !== 'new' ? input.current : tier,
  };
}
