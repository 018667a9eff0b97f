import { addLocal, fromLocal, localParts } from '@aisle/core';
import type { ExpiryPolicy } from './types';

/** Checks an expiry policy once, when the ledger is created (a programmer's configuration). */
export function checkExpiryPolicy(policy: ExpiryPolicy): void {
  const ok =
    policy.type === 'never' ||
    (policy.type === 'fixed' &&
      Number.isInteger(policy.month) &&
      policy.month >= 1 &&
      policy.month <= 12 &&
      Number.isInteger(policy.day) &&
      policy.day >= 1 &&
      policy.day <= 31) ||
    ((policy.type === 'rolling' || policy.type === 'end-of-month-after') &&
      Number.isInteger(policy.months) &&
      policy.months >= 0 &&
      policy.months <= 1200);
  if (!ok) throw new RangeError(`Invalid expiry policy ${JSON.stringify(policy)}`);
}

/**
 * The instant points earned at `at` stop being usable (exclusive), in the programme's zone, or
 * `null` when they never expire. A fixed `{ month: 12, day: 31 }` means the end of 31 December
 * (midnight into 1 January) of the first year in which that day has not yet ended.
 */
export function expiryOf(policy: ExpiryPolicy, at: Date, zone: string): Date | null {
  switch (policy.type) {
    case 'never':
      return null;
    case 'rolling':
      return addLocal(at, { months: policy.months }, zone);
    case 'end-of-month-after': {
      const p = localParts(at, zone);
      const index = p.year * 12 + (p.month - 1) + policy.months + 1;
      return fromLocal({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 }, zone);
    }
    default: {
      const { year } = localParts(at, zone);
      for (const y of [year, year + 1]) {
        const end = endOfDay(y, policy.month, policy.day, zone);
        if (end.getTime() > at.getTime()) return end;
      }
      /* v8 ignore next */
      return endOfDay(year + 2, policy.month, policy.day, zone);
    }
  }
}

function endOfDay(year: number, month: number, day: number, zone: string): Date {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const next = new Date(Date.UTC(year, month - 1, Math.min(day, last) + 1));
  return fromLocal({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, zone);
}
