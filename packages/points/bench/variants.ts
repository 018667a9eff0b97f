// Rule set variants shared by the answer checks (bench/digest.ts, test/points-detail.test.ts,
// test/points-evaluator.test.ts): the retail rule set, rounding once at the end, caps, and three
// extra rules with item filters (a boost-group multiplier, a multi-value filter under an `any`
// condition with a per-day cap, items with a minimum quantity and per-item points).
import type { RulesetInput } from '../src/index';
import { RETAIL_RULESET } from './retail-ruleset';

/** The extra rules of the `items` variant. */
export const ITEM_FILTER_RULES: RulesetInput['rules'] = [
  {
    id: 'x-brands',
    version: 2,
    group: 'boost',
    items: { brands: ['nike', 'apple'] },
    when: [{ type: 'tags', any: ['vip', 'employee'] }],
    effect: { type: 'multiplier', factor: 1.33 },
  },
  {
    id: 'x-grocery',
    version: 1,
    items: { excludeBrands: ['house'], categories: ['grocery', 'beauty'] },
    when: [
      {
        type: 'any',
        of: [
          { type: 'weekday', days: [1, 2] },
          { type: 'birthday', period: 'week' },
        ],
      },
    ],
    effect: { type: 'multiplier', factor: 1.7 },
    caps: { perDay: 40 },
  },
  {
    id: 'x-apparel',
    version: 1,
    when: [{ type: 'items', filter: { categories: ['apparel'] }, minQuantity: 2 }],
    effect: { type: 'perItem', points: 3, perFen: 700 },
    rounding: 'ceil',
  },
];

/** The four common variants; `caps` is the programme caps of the `caps` variant. */
export function ruleSetVariants(caps: RulesetInput['caps'] = { perReceipt: 400, perMemberPerDay: 3000 }): RulesetInput[] {
  return [
    RETAIL_RULESET,
    { ...RETAIL_RULESET, id: 'end', roundAt: 'end', rounding: 'half-even' },
    { ...RETAIL_RULESET, id: 'caps', caps },
    { ...RETAIL_RULESET, id: 'items', rules: [...RETAIL_RULESET.rules, ...ITEM_FILTER_RULES] },
  ];
}
