import type { AccrualSource, Member, RuleInput, RulesetInput, Store, Transaction } from '../src/index';

export const store: Store = { id: 'sh-001', zone: 'Asia/Shanghai', openedOn: '2019-11-21' };
export const member: Member = { id: 'm-1', tier: 'silver' };
/** Wednesday 18 November 2026, 14:00 in Shanghai. */
export const WEDNESDAY = '2026-11-18T14:00:00+08:00';
/** Thursday 19 November 2026, 14:00 in Shanghai. */
export const THURSDAY = '2026-11-19T14:00:00+08:00';

export const baseRule: RuleInput = { id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } };

export function receipt(overrides: Partial<Transaction> = {}, amountFen = 10_000): Transaction {
  return {
    id: 'R-1',
    kind: 'purchase',
    storeId: 'sh-001',
    channel: 'pos',
    totalFen: amountFen,
    lines: [{ id: 'l1', sku: 'SKU-1', brand: 'house', category: 'grocery', quantity: 1, amountFen }],
    tenders: [{ method: 'wechat-pay', amountFen }],
    ...overrides,
  };
}

export function ruleset(rules: RuleInput[], extra: Partial<RulesetInput> = {}): RulesetInput {
  return { id: 'test', version: 1, rules, ...extra };
}

/** An evaluation-shaped accrual: `points` from base, qualifying points of 1 per yuan. */
export function accrual(transactionId: string, points: number, eligibleFen = points * 100, memberId = 'm-1'): AccrualSource {
  return {
    rulesetId: 'mall',
    rulesetVersion: 3,
    transactionId,
    memberId,
    points,
    qualifyingPoints: Math.floor(eligibleFen / 100),
    eligibleFen,
    businessDate: '2026-11-18',
    contributions: [
      { ruleId: 'base', ruleVersion: 2, kind: 'points', points, multipliers: [] },
      { ruleId: 'tq', ruleVersion: 1, kind: 'qualifying', points: Math.floor(eligibleFen / 100), multipliers: [] },
    ],
  };
}
