// One "app server": its own ledger over the shared store, running a seeded mix of earns,
// redemptions, refunds and due-timer runs over MEMBERS members. Request number n always means the
// same request (same key, same member, same data), and workers draw from overlapping ranges, so
// many keys reach two or more processes at once. Reports its outcome counts to the parent.
import { AisleError } from '@aisle/core';
import { type AccrualSource, createLedger, type Ledger } from '../../src/index';
import { remoteStore } from './ipc-store';

export const MEMBERS = 1_000;
/** Smaller than what the earns ask for (about 75,000 points), so the budget runs out during the run. */
export const BUDGET = { ruleId: 'base', points: 30_000, shards: 8 };
export const START = Date.parse('2026-11-18T10:00:00+08:00');
const DAY = 86_400_000;

function accrual(n: number, memberId: string): AccrualSource {
  const points = 50 + (n % 150);
  return {
    rulesetId: 'cross-process',
    rulesetVersion: 1,
    transactionId: `T${n}`,
    memberId,
    points,
    qualifyingPoints: points,
    eligibleFen: points * 100,
    receiptFen: points * 100 + 500,
    businessDate: '2026-11-18',
    contributions: [{ ruleId: 'base', ruleVersion: 1, kind: 'points', points, multipliers: [] }],
  };
}

/** Request n: a group of four per member (earn, held earn, redemption, receipt refund of the first earn). */
export function request(n: number): (ledger: Ledger) => Promise<{ replayed: boolean }> {
  const group = Math.floor(n / 4);
  const memberId = `m-${(group * 7919) % MEMBERS}`;
  const at = START + DAY;
  switch (n % 4) {
    case 0:
    case 1:
      return (l) => l.earn({ key: `k${n}`, at, evaluation: accrual(n, memberId), holdDays: n % 4 === 0 ? 0 : 7 });
    case 2:
      return (l) => l.redeem({ key: `k${n}`, memberId, points: 40, at });
    default:
      return (l) => l.refund({ key: `k${n}`, memberId, transactionId: `T${4 * group}`, receiptFen: 2_000, at });
  }
}

async function main(): Promise<void> {
  const [index, count, per] = process.argv.slice(2).map(Number) as [number, number, number];
  const ledger = createLedger({
    store: remoteStore(),
    zone: 'Asia/Shanghai',
    expiry: { type: 'rolling', months: 1 },
    holdDays: 7,
    caps: [{ ruleId: BUDGET.ruleId, campaignBudget: BUDGET.points }],
    budgetShards: BUDGET.shards,
    maxAttempts: 100,
  });
  const outcomes: Record<string, number> = {};
  const add = (what: string) => {
    outcomes[what] = (outcomes[what] ?? 0) + 1;
  };
  for (let i = 0; i < per; i++) {
    // Mostly its own range; every third request repeats one the next worker sends at about the same time.
    const n = i % 3 === 2 ? ((index + 1) % count) * per + i - 1 : index * per + i;
    try {
      add((await request(n)(ledger)).replayed ? 'replayed' : 'written');
    } catch (error) {
      add(AisleError.isInstance(error) ? error.code : 'thrown');
    }
    if (i % 50 === 49) await ledger.runDue({ at: START + 10 * DAY, limit: 200, concurrency: 4 });
  }
  process.send?.({ done: outcomes });
}

main().catch((error) => {
  process.send?.({ failed: String(error?.stack ?? error) });
});
