import assert from 'node:assert/strict';
import { assessTier } from '@aisle/points';

const policy = { tiers: [{ id: 'silver' }, { id: 'gold', minSpendFen: 5_000_000 }], downgrade: 'one-down' } as const;
const qualification = { spendFen: 5_200_000, qualifyingPoints: 0 };

// Wrong: a current tier the policy does not have (a tier renamed in the CRM but not in the policy).
assert.throws(() => assessTier({ policy, current: 'platinum', qualification, event: 'transaction' }), { code: 'POINTS_UNKNOWN_MEMBER' });

// Right: one of the policy's tiers (migrate members' tiers when the policy changes).
assert.equal(assessTier({ policy, current: 'silver', qualification, event: 'transaction' }).tier, 'gold');
