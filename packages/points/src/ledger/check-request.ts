import type { AccrualSource } from './api';

const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * Checks the per-rule part of an accrual before `earn` reads it: `contributions` must be an array
 * of `{ ruleId: string, ruleVersion, kind: 'points' | 'qualifying', points, multipliers: [{ ruleId,
 * ruleVersion }] }` with whole numbers >= 0. The accrual is meant to be `evaluate`'s own output,
 * so anything else is a programmer error, reported as a `TypeError` naming the field (never one
 * raised from deep inside, such as "c.multipliers is not iterable").
 */
export function checkContributions(contributions: AccrualSource['contributions']): void {
  if (!Array.isArray(contributions)) throw new TypeError('earn(): evaluation.contributions must be an array');
  // An index loop, not forEach: a hole in a sparse array must be checked too.
  for (let i = 0; i < contributions.length; i++) {
    const c = contributions[i] as Partial<AccrualSource['contributions'][number]> | null | undefined;
    const at = `earn(): evaluation.contributions[${i}]`;
    if (typeof c !== 'object' || c === null) throw new TypeError(`${at} must be an object`);
    if (typeof c.ruleId !== 'string' || !isWhole(c.ruleVersion)) throw new TypeError(`${at} needs a ruleId and a whole ruleVersion`);
    if (c.kind !== 'points' && c.kind !== 'qualifying') throw new TypeError(`${at}.kind must be 'points' or 'qualifying'`);
    if (!isWhole(c.points)) throw new TypeError(`${at}.points must be a whole number`);
    if (!Array.isArray(c.multipliers)) throw new TypeError(`${at}.multipliers must be an array`);
    const multipliers = c.multipliers as ReadonlyArray<{ ruleId?: unknown; ruleVersion?: unknown } | null | undefined>;
    for (let j = 0; j < multipliers.length; j++) {
      const m = multipliers[j];
      if (typeof m !== 'object' || m === null || typeof m.ruleId !== 'string' || !isWhole(m.ruleVersion)) {
        throw new TypeError(`${at}.multipliers holds an entry without a ruleId and a whole ruleVersion`);
      }
    }
  }
}
