import type { CompiledRules } from '../rules/compile';
import type { LedgerCap } from './types';

/**
 * The caps a ledger enforces at write time, taken from a compiled rule set: every rule with a
 * per-day, per-month, per-member-per-campaign cap or a campaign budget. (`perTransaction` is
 * applied by `evaluate` alone: it needs no usage.)
 *
 * @example
 * ```ts
 * import { capsOf, compileRules, createLedger } from '@aisle/points';
 * const rules = compileRules(ruleset);
 * const ledger = createLedger({ store, zone: 'Asia/Shanghai', expiry: { type: 'never' }, caps: capsOf(rules) });
 * ```
 */
export function capsOf(compiled: CompiledRules): LedgerCap[] {
  const caps: LedgerCap[] = [];
  for (const rule of compiled.ruleset.rules) {
    const c = rule.caps;
    if (c === undefined) continue;
    if (c.perDay === undefined && c.perMonth === undefined && c.perMemberPerCampaign === undefined && c.campaignBudget === undefined)
      continue;
    caps.push({
      ruleId: rule.id,
      perDay: c.perDay,
      perMonth: c.perMonth,
      perMemberPerCampaign: c.perMemberPerCampaign,
      campaignBudget: c.campaignBudget,
    });
  }
  return caps;
}
