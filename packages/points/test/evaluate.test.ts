import { AisleError } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { compileRules, type EvaluateInput, evaluate, type RuleInput } from '../src/index';
import { baseRule, member, receipt, ruleset, store, THURSDAY, WEDNESDAY } from './fixtures';

const run = (rules: RuleInput[], input: Partial<EvaluateInput> = {}, extra = {}) =>
  evaluate(compileRules(ruleset(rules, extra)), { transaction: receipt(), member, store, at: WEDNESDAY, ...input });

describe('base earn and rounding', () => {
  it('earns 1 point per yuan, rounding down and reporting the residue', () => {
    const result = run([baseRule], { transaction: receipt({}, 12_345) });
    expect(result.points).toBe(123);
    const [c] = result.contributions;
    expect(c?.rounding).toEqual([{ stage: 'base', mode: 'floor', exact: '12345/100', value: 123, residue: '45/100' }]);
    expect(c?.lines).toEqual([{ lineId: 'l1', eligibleFen: 12_345 }]);
    expect(result.explanation?.en.join('\n')).toContain('rounded down, exact 123.45');
    expect(result.explanation?.zh.join('\n')).toContain('向下取整，精确值 123.45');
  });

  it.each([
    ['floor', 12_350, 123],
    ['ceil', 12_301, 124],
    ['half-up', 12_350, 124],
    ['half-up', 12_349, 123],
    ['half-even', 12_250, 122],
    ['half-even', 12_350, 124],
    ['half-even', 12_351, 124],
  ] as const)('rounds %s: %i fen → %i points', (mode, fen, points) => {
    expect(run([{ ...baseRule, rounding: mode }], { transaction: receipt({}, fen) }).points).toBe(points);
  });

  it('uses the ruleset rounding by default and rates by tier and store', () => {
    const rule: RuleInput = {
      id: 'base',
      version: 1,
      effect: {
        type: 'base',
        points: 1,
        perFen: 100,
        rates: [
          { tier: 'gold', points: 3, perFen: 200 },
          { store: 'sh-002', points: 1, perFen: 200 },
        ],
      },
    };
    expect(run([rule], { transaction: receipt({}, 10_001) }, { rounding: 'ceil' }).points).toBe(101);
    expect(run([rule], { member: { id: 'm-1', tier: 'gold' } }).points).toBe(150);
    const other = { id: 'sh-002', zone: 'Asia/Shanghai' };
    expect(run([rule], { store: other, transaction: receipt({ storeId: 'sh-002' }) }).points).toBe(50);
  });

  it('is deterministic and the points detail gives the same totals without explanations', () => {
    const rules: RuleInput[] = [
      baseRule,
      { id: 'x2', version: 3, when: [{ type: 'weekday', days: [3] }], effect: { type: 'multiplier', factor: 2 } },
    ];
    const a = run(rules);
    expect(run(rules)).toEqual(a);
    const lean = evaluate(compileRules(ruleset(rules)), { transaction: receipt(), member, store, at: WEDNESDAY }, { detail: 'points' });
    expect(lean.points).toBe(a.points);
    expect(lean.explanation).toBeUndefined();
    expect(a.contributions.map((c) => [c.ruleId, c.ruleVersion, c.points])).toEqual([
      ['base', 1, 100],
      ['x2', 3, 100],
    ]);
  });
});

describe('tenders and items', () => {
  it('takes stored value, points and gift cards out of the earning amount, proportionally by largest remainder', () => {
    const transaction = receipt({
      totalFen: 10_001,
      lines: [
        { id: 'a', sku: 'A', quantity: 1, amountFen: 6_001 },
        { id: 'b', sku: 'B', quantity: 1, amountFen: 4_000 },
      ],
      tenders: [
        { method: 'stored-value', amountFen: 3_000 },
        { method: 'wechat-pay', amountFen: 7_001 },
      ],
    });
    const result = run([baseRule], { transaction });
    expect(result.eligibleFen).toBe(7_001);
    expect(result.contributions[0]?.lines).toEqual([
      { lineId: 'a', eligibleFen: 4_201 },
      { lineId: 'b', eligibleFen: 2_800 },
    ]);
    const all = receipt({ tenders: [{ method: 'gift-card', amountFen: 10_000 }] });
    expect(run([baseRule], { transaction: all }).points).toBe(0);
  });

  it('filters lines by sku, brand and category with excludes winning, and grants per-item extras', () => {
    const transaction = receipt({
      totalFen: 30_000,
      lines: [
        { id: 'a', sku: 'L-1', brand: 'lancome', category: 'beauty', quantity: 2, amountFen: 20_000 },
        { id: 'b', sku: 'T-1', brand: 'marlboro', category: 'tobacco', quantity: 1, amountFen: 5_000 },
        { id: 'c', sku: 'G-1', brand: 'house', category: 'grocery', quantity: 3, amountFen: 5_000 },
      ],
      tenders: [{ method: 'cash', amountFen: 30_000 }],
    });
    const rules: RuleInput[] = [
      { ...baseRule, items: { excludeCategories: ['tobacco'] } },
      { id: 'units', version: 1, items: { brands: ['lancome'] }, effect: { type: 'perItem', pointsPerUnit: 50 } },
      {
        id: 'beauty',
        version: 1,
        items: { categories: ['beauty'], excludeSkus: ['L-9'] },
        effect: { type: 'perItem', points: 1, perFen: 1_000 },
      },
      { id: 'sku', version: 1, when: [{ type: 'items', filter: { skus: ['G-1'] }, minQuantity: 3 }], effect: { type: 'fixed', points: 7 } },
      {
        id: 'not-sku',
        version: 1,
        when: [{ type: 'items', filter: { skus: ['G-1'] }, minQuantity: 4 }],
        effect: { type: 'fixed', points: 1000 },
      },
      {
        id: 'mixed',
        version: 1,
        items: { skus: ['G-1'], brands: ['lancome'], excludeBrands: ['lancome'] },
        effect: { type: 'perItem', pointsPerUnit: 1 },
      },
    ];
    const result = run(rules, { transaction });
    const by = Object.fromEntries(result.contributions.map((c) => [c.ruleId, c.points]));
    expect(by).toEqual({ base: 250, units: 100, beauty: 20, sku: 7, mixed: 3 });
    expect(result.points).toBe(380);
  });

  it('matches payment methods that actually paid', () => {
    const rule: RuleInput = {
      id: 'wx',
      version: 1,
      when: [{ type: 'payment', anyOf: ['wechat-pay'] }],
      effect: { type: 'fixed', points: 5 },
    };
    expect(run([rule]).points).toBe(5);
    expect(
      run([rule], {
        transaction: receipt({
          tenders: [
            { method: 'wechat-pay', amountFen: 0 },
            { method: 'cash', amountFen: 10_000 },
          ],
        }),
      }).points,
    ).toBe(0);
  });
});

describe('conditions', () => {
  const fixed = (id: string, when: RuleInput['when']): RuleInput => ({ id, version: 1, when, effect: { type: 'fixed', points: 1 } });
  const fires = (rule: RuleInput, input: Partial<EvaluateInput> = {}) => run([rule], input).points === 1;

  it('evaluates weekdays in the store zone on the business date', () => {
    const wed = fixed('wed', [{ type: 'weekday', days: [3] }]);
    // 00:30 on Wednesday in Shanghai is still Tuesday in UTC and in New York.
    expect(fires(wed, { at: '2026-11-17T16:30:00Z' })).toBe(true);
    expect(fires(wed, { at: '2026-11-17T16:30:00Z', store: { id: 'sh-001', zone: 'America/New_York' } })).toBe(false);
    // A business day that starts at 04:00: 01:00 on Thursday still belongs to Wednesday.
    expect(fires(wed, { at: '2026-11-19T01:00:00+08:00', store: { ...store, dayStartsAtHour: 4 } })).toBe(true);
    expect(fires(wed, { at: THURSDAY })).toBe(false);
  });

  it('reads the holiday calendar, including adjusted working days', () => {
    const holidays = { holidays: ['2026-10-01'], workdays: ['2026-10-10'] };
    const check = (kind: 'holiday' | 'adjusted-workday' | 'day-off' | 'workday', at: string) =>
      run([fixed('h', [{ type: 'holiday', kind }])], { at }, { holidays }).points === 1;
    expect(check('holiday', '2026-10-01T12:00:00+08:00')).toBe(true);
    expect(check('holiday', '2026-10-08T12:00:00+08:00')).toBe(false);
    expect(check('adjusted-workday', '2026-10-10T12:00:00+08:00')).toBe(true);
    expect(check('workday', '2026-10-10T12:00:00+08:00')).toBe(true);
    expect(check('day-off', '2026-10-10T12:00:00+08:00')).toBe(false);
    expect(check('day-off', '2026-10-11T12:00:00+08:00')).toBe(true);
    expect(check('day-off', '2026-10-01T12:00:00+08:00')).toBe(true);
    expect(check('workday', '2026-10-12T12:00:00+08:00')).toBe(true);
  });

  it('handles birthdays by day, ISO week and month, with 29 February on 28 February in common years', () => {
    const m = (birthday: string) => ({ id: 'm-1', tier: 'silver', birthday });
    const day = fixed('d', [{ type: 'birthday', period: 'day' }]);
    const week = fixed('w', [{ type: 'birthday', period: 'week' }]);
    const month = fixed('m', [{ type: 'birthday', period: 'month' }]);
    expect(fires(day, { member: m('11-18') })).toBe(true);
    expect(fires(day, { member: m('1990-11-17') })).toBe(false);
    expect(fires(week, { member: m('11-22') })).toBe(true); // Sunday of the same ISO week
    expect(fires(week, { member: m('11-23') })).toBe(false);
    expect(fires(month, { member: m('11-01') })).toBe(true);
    expect(fires(month, { member: m('12-01') })).toBe(false);
    expect(fires(day, { member: m('02-29'), at: '2026-02-28T12:00:00+08:00' })).toBe(true);
    expect(fires(day, { member: m('02-29'), at: '2028-02-28T12:00:00+08:00' })).toBe(false);
    expect(fires(day, { member: { id: 'm-1', tier: 'silver' } })).toBe(false);
  });

  it('recognises store and join anniversaries but not the day itself', () => {
    const storeDay = fixed('s', [{ type: 'storeAnniversary' }]);
    const joinDay = fixed('j', [{ type: 'joinAnniversary' }]);
    expect(fires(storeDay, { at: '2026-11-21T10:00:00+08:00' })).toBe(true);
    expect(fires(storeDay, { at: '2019-11-21T10:00:00+08:00' })).toBe(false);
    expect(fires(storeDay, { store: { id: 'sh-001', zone: 'Asia/Shanghai' } })).toBe(false);
    expect(fires(joinDay, { member: { ...member, joinedOn: '2024-11-18' } })).toBe(true);
    expect(fires(joinDay, { member: { ...member, joinedOn: '2026-11-18' } })).toBe(false);
    expect(fires(joinDay)).toBe(false);
  });

  it('supports stores, channels, tiers, tags, amounts, dates, kinds, first purchase, any and not', () => {
    const vip = { ...member, tier: 'gold', tags: ['vip', 'beauty'], purchaseCount: 0 };
    expect(fires(fixed('a', [{ type: 'store', in: ['sh-001'] }]))).toBe(true);
    expect(fires(fixed('a', [{ type: 'store', notIn: ['sh-001'] }]))).toBe(false);
    expect(fires(fixed('a', [{ type: 'channel', in: ['online'] }]))).toBe(false);
    expect(fires(fixed('a', [{ type: 'tier', in: ['gold'] }]), { member: vip })).toBe(true);
    expect(fires(fixed('a', [{ type: 'tags', all: ['vip', 'beauty'], none: ['staff'] }]), { member: vip })).toBe(true);
    expect(fires(fixed('a', [{ type: 'tags', any: ['staff'] }]), { member: vip })).toBe(false);
    expect(fires(fixed('a', [{ type: 'orderAmount', minFen: 10_000, maxFen: 10_000 }]))).toBe(true);
    expect(fires(fixed('a', [{ type: 'orderAmount', minFen: 10_001 }]))).toBe(false);
    expect(fires(fixed('a', [{ type: 'dateRange', from: '2026-11-11', to: '2026-11-18' }]))).toBe(true);
    expect(fires(fixed('a', [{ type: 'dateRange', from: '2026-11-19', to: '2026-11-30' }]))).toBe(false);
    expect(fires(fixed('a', [{ type: 'dayOfMonth', days: [18] }]))).toBe(true);
    expect(fires(fixed('a', [{ type: 'kind', in: ['top-up'] }]))).toBe(false);
    expect(fires(fixed('a', [{ type: 'firstPurchase' }]), { member: vip })).toBe(true);
    expect(fires(fixed('a', [{ type: 'firstPurchase' }]))).toBe(false);
    const anyOf = fixed('a', [
      {
        type: 'any',
        of: [
          { type: 'weekday', days: [1] },
          { type: 'dayOfMonth', days: [18] },
        ],
      },
    ]);
    expect(fires(anyOf)).toBe(true);
    expect(fires(fixed('a', [{ type: 'not', condition: { type: 'weekday', days: [3] } }]))).toBe(false);
  });
});

describe('bonuses, caps and stacking', () => {
  it('grants the sign-up bonus once and the best top-up tier once', () => {
    const signUp: RuleInput = {
      id: 'sign-up',
      version: 1,
      once: true,
      when: [{ type: 'kind', in: ['sign-up'] }],
      effect: { type: 'fixed', points: 100 },
    };
    const topUp: RuleInput = {
      id: 'top-up',
      version: 1,
      effect: {
        type: 'topUpBonus',
        tiers: [
          { minFen: 50_000, points: 100 },
          { minFen: 100_000, points: 300 },
        ],
      },
    };
    const signUpTx = receipt({ kind: 'sign-up', totalFen: 0, lines: [], tenders: [] });
    expect(run([signUp], { transaction: signUpTx }).points).toBe(100);
    const again = run([signUp], { transaction: signUpTx, member: { ...member, grantedOnce: ['sign-up'] } });
    expect(again.points).toBe(0);
    expect(again.skipped).toEqual([{ ruleId: 'sign-up', reason: 'once' }]);
    const topUpTx = (fen: number) =>
      receipt({ kind: 'top-up', totalFen: fen, lines: [], tenders: [{ method: 'wechat-pay', amountFen: fen }] });
    expect(run([topUp], { transaction: topUpTx(120_000) }).points).toBe(300);
    expect(run([topUp], { transaction: topUpTx(60_000) }).points).toBe(100);
    expect(run([topUp], { transaction: topUpTx(10_000) }).skipped).toEqual([{ ruleId: 'top-up', reason: 'no-tier' }]);
    expect(run([topUp], { transaction: topUpTx(120_000), member: { ...member, grantedOnce: ['top-up'] } }).points).toBe(0);
    expect(run([topUp]).skipped).toEqual([{ ruleId: 'top-up', reason: 'zero' }]);
  });

  it('caps per transaction, day, month, campaign and budget from the usage given', () => {
    const rule: RuleInput = {
      id: 'bonus',
      version: 1,
      effect: { type: 'fixed', points: 500 },
      caps: { perTransaction: 400, perDay: 1000, perMonth: 2000, perMemberPerCampaign: 5000, campaignBudget: 100_000 },
    };
    const at = (usage: EvaluateInput['usage']) => run([rule], usage === undefined ? {} : { usage }).contributions[0];
    expect(at(undefined)).toMatchObject({ points: 400, uncapped: 500, cappedBy: 'perTransaction' });
    expect(at({ bonus: { day: 900 } })).toMatchObject({ points: 100, cappedBy: 'perTransaction' });
    expect(at({ bonus: { month: 1900 } })?.points).toBe(100);
    expect(at({ bonus: { campaign: 4950 } })?.points).toBe(50);
    expect(at({ bonus: { budget: 100_000 } })?.points).toBe(0);
    const text = run([rule], { usage: { bonus: { budget: 99_990 } } }).explanation;
    expect(text?.en.join()).toContain('limited from 500 by the per-transaction cap');
    expect(text?.zh.join()).toContain('受单笔上限限制');
  });

  it('stacks exclusive groups by sum, max, multiply and first', () => {
    const mul = (id: string, factor: number, group?: string, priority = 0): RuleInput => ({
      id,
      version: 1,
      priority,
      ...(group === undefined ? {} : { group }),
      effect: { type: 'multiplier', factor },
    });
    const groups = (mode: 'sum' | 'max' | 'multiply' | 'first') => ({ groups: [{ id: 'g', mode }] });
    // 100 base points; ×2 and ×3.
    expect(run([baseRule, mul('a', 2), mul('b', 3)]).points).toBe(100 + 100 + 200);
    expect(run([baseRule, mul('a', 2, 'g'), mul('b', 3, 'g')], {}, groups('sum')).points).toBe(400);
    const max = run([baseRule, mul('a', 2, 'g'), mul('b', 3, 'g')], {}, groups('max'));
    expect(max.points).toBe(300);
    expect(max.skipped).toEqual([{ ruleId: 'a', reason: 'group' }]);
    expect(max.explanation?.en).toContain('a: not applied (a better offer of the same kind applied)');
    expect(max.explanation?.zh).toContain('a：未适用（已适用同类更优活动）');
    const product = run([baseRule, mul('a', 2, 'g'), mul('b', 1.5, 'g')], {}, groups('multiply'));
    expect(product.points).toBe(300);
    expect(product.contributions[1]?.multipliers.map((m) => m.factor)).toEqual([2, 1.5]);
    expect(product.explanation?.en[2]).toContain('×2 ×1.5');
    const first = run([baseRule, mul('a', 2, 'g', 1), mul('b', 3, 'g', 5)], {}, groups('first'));
    expect(first.points).toBe(300);
  });

  it('multiplies per line when multipliers select different items, exactly', () => {
    const transaction = receipt({
      totalFen: 20_000,
      lines: [
        { id: 'a', sku: 'A', brand: 'lancome', quantity: 1, amountFen: 10_000 },
        { id: 'b', sku: 'B', brand: 'house', quantity: 1, amountFen: 10_000 },
      ],
      tenders: [{ method: 'cash', amountFen: 20_000 }],
    });
    const rules: RuleInput[] = [
      baseRule,
      { id: 'brand', version: 1, group: 'g', items: { brands: ['lancome'] }, effect: { type: 'multiplier', factor: 3 } },
      { id: 'day', version: 1, group: 'g', effect: { type: 'multiplier', factor: 1.5 } },
    ];
    const result = run(rules, { transaction }, { groups: [{ id: 'g', mode: 'multiply' }] });
    // Line a: 100 × 4.5 − 100 = 350 extra; line b: 100 × 1.5 − 100 = 50 extra.
    expect(result.points).toBe(200 + 400);
  });

  it('applies multipliers only to base points and reports a missing base', () => {
    const onlyMul = run([{ id: 'x2', version: 1, effect: { type: 'multiplier', factor: 2 } }]);
    expect(onlyMul.points).toBe(0);
    expect(onlyMul.skipped).toEqual([{ ruleId: 'x2', reason: 'no-base' }]);
    const two = run([baseRule, { id: 'base2', version: 1, priority: -1, effect: { type: 'base', points: 5, perFen: 100 } }]);
    expect(two.points).toBe(100);
    expect(two.skipped).toEqual([{ ruleId: 'base2', reason: 'superseded' }]);
  });

  it('reports tier-qualifying credit apart from points', () => {
    const result = run([baseRule, { id: 'tq', version: 1, effect: { type: 'tierCredit', points: 1, perFen: 1_000 } }]);
    expect(result.points).toBe(100);
    expect(result.qualifyingPoints).toBe(10);
    expect(result.explanation?.en.at(-1)).toBe('Total: 100 points, 10 tier points');
  });

  it('computes big amounts exactly', () => {
    const fen = 999_999_999_999;
    const rules: RuleInput[] = [
      { id: 'b', version: 1, effect: { type: 'base', points: 999, perFen: 7 } },
      { id: 'm', version: 1, effect: { type: 'multiplier', factor: 9.99 } },
    ];
    const result = run(rules, { transaction: receipt({}, fen) });
    const base = (BigInt(fen) * 999n) / 7n;
    const extra = (BigInt(fen) * 999n * 899n) / 700n;
    expect(result.points).toBe(Number(base + extra));
    const huge = [
      { id: 'b', version: 1, effect: { type: 'base', points: 999, perFen: 7 } },
      { id: 'm', version: 1, effect: { type: 'multiplier', factor: 99 } },
    ] as RuleInput[];
    expect(() => run(huge, { transaction: receipt({}, fen) })).toThrow(expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }));
  });
});

describe('bad input', () => {
  const compiled = compileRules(ruleset([baseRule], { stores: ['sh-001'] }));
  const attempt = (input: Partial<EvaluateInput>) => () =>
    evaluate(compiled, { transaction: receipt(), member, store, at: WEDNESDAY, ...input } as EvaluateInput);

  it.each([
    ['negative', -1],
    ['fractional', 10.5],
    ['NaN', Number.NaN],
    ['too large', 2e12],
  ])('rejects a %s amount with POINTS_INVALID_AMOUNT', (_, amountFen) => {
    expect(attempt({ transaction: receipt({}, amountFen as number) })).toThrow(expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }));
  });

  it('rejects bad quantities, tenders and malformed transactions', () => {
    const line = { id: 'l', sku: 'A', quantity: 0, amountFen: 1 };
    expect(attempt({ transaction: receipt({ lines: [line] }) })).toThrow(expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }));
    expect(attempt({ transaction: receipt({ tenders: [{ method: 'cash', amountFen: -5 }] }) })).toThrow(
      expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }),
    );
    for (const bad of [
      null,
      { ...receipt(), id: '' },
      { ...receipt(), kind: 'gift' },
      { ...receipt(), channel: 'fax' },
      { ...receipt(), lines: 'x' },
      { ...receipt(), tenders: {} },
    ]) {
      expect(attempt({ transaction: bad as never })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    }
    expect(attempt({ transaction: receipt({ lines: [{ id: 'l' } as never] }) })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(attempt({ transaction: receipt({ tenders: [{ amountFen: 1 } as never] }) })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(attempt({ at: '2026-11-18 14:00' })).toThrow(expect.objectContaining({ code: 'CORE_INVALID_INSTANT' }));
  });

  it.each([
    ['tags that are not an array (found by the fuzzer: a TypeError escaped)', { tags: {} }],
    ['tags holding a non-string', { tags: ['vip', 7] }],
    ['grantedOnce that is a string', { grantedOnce: 'welcome' }],
    ['a birthday that is not MM-DD', { birthday: 518 }],
    ['a joinedOn that is not a date', { joinedOn: '2024/03/02' }],
    ['a fractional purchaseCount', { purchaseCount: 1.5 }],
  ])('rejects a member with %s with CORE_VALIDATION', (_, extra) => {
    expect(attempt({ member: { ...member, ...extra } as never })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
  });

  it('rejects a line brand or category that is not an id, and a store with a bad openedOn or dayStartsAtHour', () => {
    const line = { id: 'l', sku: 'A', quantity: 1, amountFen: 1 };
    expect(attempt({ transaction: receipt({ lines: [{ ...line, brand: {} } as never] }) })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(attempt({ transaction: receipt({ lines: [{ ...line, category: '' }] }) })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(attempt({ store: { ...store, openedOn: 20191121 } as never })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    expect(attempt({ store: { ...store, dayStartsAtHour: 13 } })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    // A storeId that cannot be turned into a string is named by its type, not converted.
    expect(attempt({ transaction: { ...receipt(), storeId: Object.create(null) } })).toThrow(
      expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }),
    );
  });

  it('rejects unknown members and stores', () => {
    expect(attempt({ member: undefined as never })).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_MEMBER' }));
    expect(attempt({ member: { id: 'm-1' } as never })).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_MEMBER' }));
    expect(attempt({ store: null as never })).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }));
    expect(attempt({ store: { id: 'sh-001', zone: 'Mars/Olympus' } })).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }));
    expect(attempt({ store: { id: 'sh-009', zone: 'Asia/Shanghai' } })).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }));
    expect(attempt({ store: { id: 'sh-009', zone: 'Asia/Shanghai' }, transaction: receipt({ storeId: 'sh-009' }) })).toThrow(
      expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }),
    );
    expect(() => evaluate({} as never, { transaction: receipt(), member, store, at: WEDNESDAY })).toThrow(TypeError);
    try {
      attempt({ member: { id: 'm-1' } as never })();
    } catch (error) {
      expect(AisleError.isInstance(error)).toBe(true);
    }
  });
});
