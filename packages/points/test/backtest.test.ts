import { describe, expect, it } from 'vitest';
import { backtest, compileRules, type RuleInput } from '../src/index';
import { baseRule, member, receipt, ruleset, store, THURSDAY, WEDNESDAY } from './fixtures';

const memberDay: RuleInput = {
  id: 'wed-x2',
  version: 1,
  when: [{ type: 'weekday', days: [3] }],
  effect: { type: 'multiplier', factor: 2 },
};
const log = [
  { transaction: receipt({ id: 'A' }, 10_000), member, store, at: WEDNESDAY },
  { transaction: receipt({ id: 'B' }, 5_000), member, store, at: THURSDAY },
  { transaction: receipt({ id: 'C' }, 20_000), member: { id: 'm-2', tier: 'silver' }, store, at: WEDNESDAY },
];

describe('backtest', () => {
  it('reports points issued, liability and cost per rule, and the difference against another rule set', () => {
    const current = compileRules(ruleset([baseRule]));
    const proposed = compileRules({ ...ruleset([baseRule, memberDay]), version: 2 });
    const report = backtest({ rules: current, compareWith: proposed, log, pointValue: { fen: 1, points: 2 } });
    expect(report).toMatchObject({
      transactions: 3,
      pointsIssued: 350,
      liabilityFen: 175,
      perRule: { base: { firings: 3, points: 350, costFen: 175 } },
    });
    expect(report.comparison).toMatchObject({
      pointsDelta: 300,
      liabilityFenDelta: 150,
      perRuleDelta: { base: 0, 'wed-x2': 300 },
      changed: 2,
      examples: [
        { transactionId: 'A', points: 100, otherPoints: 200 },
        { transactionId: 'C', points: 200, otherPoints: 400 },
      ],
    });
    expect(report.comparison?.other.rulesetVersion).toBe(2);
    expect(backtest({ rules: current, log }).comparison).toBeUndefined();
  });

  it('tracks daily caps, once-only bonuses and first purchases through the log', () => {
    const rules = compileRules(
      ruleset([
        { id: 'capped', version: 1, effect: { type: 'fixed', points: 60 }, caps: { perDay: 100 } },
        { id: 'welcome', version: 1, once: true, effect: { type: 'fixed', points: 7 } },
        { id: 'first', version: 1, when: [{ type: 'firstPurchase' }], effect: { type: 'fixed', points: 300 } },
      ]),
    );
    const fresh = { id: 'm-9', tier: 'silver', purchaseCount: 0 };
    const day = [1, 2, 3].map((i) => ({ transaction: receipt({ id: `T${i}` }), member: fresh, store, at: WEDNESDAY }));
    const report = backtest({ rules, log: [...day, { transaction: receipt({ id: 'T4' }), member: fresh, store, at: THURSDAY }] });
    expect(report.perRule).toEqual({
      capped: { firings: 4, points: 60 + 40 + 0 + 60, costFen: 160 },
      welcome: { firings: 1, points: 7, costFen: 7 },
      first: { firings: 1, points: 300, costFen: 300 },
    });
    expect(() => backtest({ rules, log: [], pointValue: { fen: 1, points: 0 } })).toThrow(RangeError);
  });
});
