import type { StreamStore } from '@aisle/core';
import { expect } from 'vitest';
import type { Ledger, RefundPolicy } from '../src/index';

/** Checks every invariant of the ledger over a store; `members` are the member ids the test used. */
export async function checkLedger(options: {
  readonly store: StreamStore;
  readonly ledger: Ledger;
  readonly members: readonly string[];
  readonly policy: RefundPolicy;
  readonly budget?: { readonly ruleId: string; readonly points: number; readonly shards: number } | undefined;
}): Promise<void> {
  const { store, ledger, members, policy, budget } = options;
  let granted = 0;
  for (const id of members) {
    const b = await ledger.balance(id);
    let active = 0;
    let pending = 0;
    for (const lot of b.lots) {
      expect(lot.remaining).toBeGreaterThan(0);
      if (lot.status === 'active') active += lot.remaining;
      else pending += lot.remaining;
    }
    // A member's lots sum to the balance (net of a negative balance, which only the policy allows).
    expect(b.available).toBe(active - b.debt);
    expect(b.pending).toBe(pending);
    expect(b.debt).toBeGreaterThanOrEqual(0);
    if (policy.whenSpent === 'clawback') {
      expect(b.debt).toBe(0);
      expect(b.available).toBeGreaterThanOrEqual(0);
    }
    if (b.available < 0) expect(b.debt).toBeGreaterThan(0);
    // Each idempotency key is applied once, and each lot expires or activates once.
    const history = await ledger.history(id);
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const entry of history) {
      expect(ids.has(entry.id)).toBe(false);
      ids.add(entry.id);
      const data = entry.data;
      if ('key' in data) {
        expect(keys.has(data.key)).toBe(false);
        keys.add(data.key);
      }
      if (data.type === 'earn' && budget !== undefined) granted += data.rulePoints[budget.ruleId] ?? 0;
    }
  }
  // Postings sum to zero, the liability adds up, and every stored snapshot equals the replay of its stream.
  const report = await ledger.reconcile();
  expect(report.problems).toEqual([]);
  expect(report.balanced).toBe(true);
  expect(report.outstanding).toBe(report.issued - report.redeemed - report.expired - report.reversed);
  if (budget !== undefined) {
    const keys = Array.from({ length: budget.shards }, (_, i) => `points:budget:${budget.ruleId}:${i}/${budget.shards}`);
    const counters = await store.counters(keys);
    let used = 0;
    for (const [i, key] of keys.entries()) {
      const value = counters.get(key) ?? 0;
      expect(value).toBeLessThanOrEqual(Math.floor(budget.points / budget.shards) + (i < budget.points % budget.shards ? 1 : 0));
      used += value;
    }
    // The budget is never exceeded, and its counters hold exactly what the accruals granted.
    expect(used).toBeLessThanOrEqual(budget.points);
    expect(used).toBe(granted);
  }
}
