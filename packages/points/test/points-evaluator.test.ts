import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_HOLIDAYS_2026 } from '../bench/cn-holidays-2026';
import { type Generated, generate } from '../bench/generate';
import { onePassPoints } from '../bench/one-pass';
import { RETAIL_RULESET } from '../bench/retail-ruleset';
import { validatedPoints } from '../bench/validated';
import { ruleSetVariants } from '../bench/variants';
import {
  type CompiledRules,
  compileRules,
  createPointsEvaluator,
  type EvaluateInput,
  evaluate,
  type PointsEvaluator,
  type RulesetInput,
} from '../src/index';

// createPointsEvaluator must answer exactly `evaluate(compiled, input, { detail: 'points' }).points`
// on every input, and throw the same error on bad input. The rule sets exercise every stacking
// mode, caps and cap usage, rounding modes, rounding once at the end (general path), multipliers
// with item filters in a multiply group, multi-value filters and conditions the fast path runs as
// closures (`any`, `not` of `any`, `store`, birthday weeks, items with a minimum).
const VARIANTS: RulesetInput[] = [
  ...ruleSetVariants({ perReceipt: 400, perMemberPerDay: 3000, perMemberPerMonth: 9000 }),
  {
    ...RETAIL_RULESET,
    id: 'odd',
    rounding: 'half-up',
    nonEarningTenders: ['gift-card', 'alipay'],
    // A listed date that no business date can equal (30 February) must never match.
    holidays: { holidays: [...CN_HOLIDAYS_2026.holidays, '2026-02-30'], workdays: CN_HOLIDAYS_2026.workdays },
    rules: [
      ...RETAIL_RULESET.rules,
      {
        id: 'y-store',
        version: 1,
        when: [
          { type: 'store', notIn: ['s2'] },
          {
            type: 'not',
            condition: {
              type: 'any',
              of: [
                { type: 'dayOfMonth', days: [1, 2, 31] },
                { type: 'tier', in: ['gold'] },
              ],
            },
          },
          { type: 'tags', all: ['vip'], none: ['employee'] },
        ],
        effect: { type: 'fixed', points: 7 },
      },
      {
        id: 'y-range',
        version: 1,
        group: 'basket',
        when: [
          { type: 'dateRange', from: '2026-03-01', to: '2026-06-30' },
          { type: 'holiday', kind: 'workday' },
          { type: 'orderAmount', minFen: 10_000, maxFen: 90_000 },
        ],
        effect: { type: 'fixed', points: 60 },
      },
      {
        id: 'y-adjusted',
        version: 1,
        when: [
          { type: 'holiday', kind: 'adjusted-workday' },
          { type: 'payment', anyOf: ['bank-card', 'cash'] },
        ],
        effect: { type: 'perItem', pointsPerUnit: 4 },
        caps: { perTransaction: 10, perMonth: 30 },
      },
    ],
  },
  {
    // `first` groups of fixed and per-item rules (one with caps read from usage) and of a member with
    // a closure condition, next to plain fixed rules and fixed rules that are capped or granted once:
    // the shapes a faster stacking of fixed rules and `first` groups would have to get right.
    ...RETAIL_RULESET,
    id: 'firsts',
    groups: [...(RETAIL_RULESET.groups ?? []), { id: 'pick', mode: 'first', priority: 5 }],
    rules: [
      ...RETAIL_RULESET.rules,
      {
        id: 'z-capped',
        version: 1,
        group: 'basket',
        priority: 20,
        when: [{ type: 'orderAmount', minFen: 200_000 }],
        effect: { type: 'fixed', points: 500 },
        caps: { perDay: 40 },
      },
      {
        id: 'z-units',
        version: 1,
        group: 'basket',
        priority: 7,
        when: [{ type: 'tier', in: ['gold'] }],
        effect: { type: 'perItem', pointsPerUnit: 3 },
      },
      {
        id: 'z-store',
        version: 1,
        group: 'pick',
        priority: 9,
        when: [{ type: 'store', in: ['s1', 's3'] }],
        effect: { type: 'fixed', points: 11 },
      },
      { id: 'z-pick', version: 1, group: 'pick', when: [{ type: 'channel', in: ['pos'] }], effect: { type: 'fixed', points: 13 } },
      { id: 'z-plain', version: 1, when: [{ type: 'weekday', days: [1, 5] }], effect: { type: 'fixed', points: 9 } },
      { id: 'z-once', version: 1, once: true, when: [{ type: 'kind', in: ['purchase'] }], effect: { type: 'fixed', points: 2 } },
      {
        id: 'z-day',
        version: 1,
        when: [{ type: 'kind', in: ['purchase'] }],
        effect: { type: 'fixed', points: 6 },
        caps: { perDay: 20 },
      },
    ],
  },
];
const compiled = VARIANTS.map((v) => compileRules(v));
const evaluators = compiled.map((c) => createPointsEvaluator(c));

function inputOf(i: number, usage: number): EvaluateInput {
  const g = generate(i);
  if (usage === 0) return g;
  return {
    ...g,
    usage: {
      'brand-nike': { day: i % 1200 },
      'x-grocery': { day: i % 50 },
      'y-adjusted': { month: i % 40 },
      'z-capped': { day: i % 60 },
      'z-day': { day: i % 25 },
    },
    memberUsage: { day: i % 3500, month: i % 9500 },
  };
}

/** What a call gave: its points, or its error's class, code and message. */
function outcome(run: () => number): unknown {
  try {
    return { points: run() };
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    return { error: e.name, code: e.code, message: e.message };
  }
}

describe('createPointsEvaluator', () => {
  it('returns evaluate(...).points on every generated receipt of every rule set (with and without cap usage)', () => {
    fc.assert(
      fc.property(fc.nat(VARIANTS.length - 1), fc.nat(2_000_000), fc.nat(1), (v, i, usage) => {
        const input = inputOf(i, usage);
        expect((evaluators[v] as PointsEvaluator)(input)).toBe(evaluate(compiled[v] as CompiledRules, input, { detail: 'points' }).points);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees on rule sets with more than 31 and more than 62 distinct atoms, once-rules and more than 256 rules', () => {
    // 40 rules: atoms past the 31st (the high word of the rule tables); 300 rules: atoms past the
    // 62nd (checked per rule) and too many rules for the tables (the per-rule loop).
    for (const count of [40, 300]) {
      const rules: RulesetInput['rules'] = [RETAIL_RULESET.rules[0] as RulesetInput['rules'][number]];
      for (let i = 0; i < count; i++) {
        rules.push({
          id: `r${i}`,
          version: 1,
          once: i % 7 === 0,
          when: [
            { type: 'orderAmount', minFen: 1_000 * i },
            i % 3 === 0
              ? { type: 'not', condition: { type: 'orderAmount', minFen: 1_000 * i + 50_000 } }
              : { type: 'kind', in: ['purchase'] },
          ],
          effect: { type: 'fixed', points: 1 + (i % 5) },
        });
      }
      const rules2 = compileRules({ id: `many-${count}`, version: 1, rules });
      const pointsOf = createPointsEvaluator(rules2);
      for (let i = 0; i < 1_000; i++) {
        const g = generate(90_000 + i);
        const input = { ...g, member: { ...g.member, grantedOnce: i % 2 === 0 ? ['r0', 'r14', 'r35'] : [] } };
        const expected = evaluate(rules2, input, { detail: 'points' }).points;
        if (pointsOf(input) !== expected) throw new Error(`${count} rules, receipt ${i}: ${pointsOf(input)} vs ${expected}`);
      }
    }
  });

  it('agrees on 2,000 consecutive receipts per rule set (whatever was evaluated before)', () => {
    for (let v = 0; v < VARIANTS.length; v++) {
      for (let i = 0; i < 2_000; i++) {
        const input = inputOf(50_000 + i, i % 3 === 0 ? 1 : 0);
        const expected = evaluate(compiled[v] as CompiledRules, input, { detail: 'points' }).points;
        if ((evaluators[v] as PointsEvaluator)(input) !== expected) throw new Error(`variant ${v}, receipt ${i}`);
      }
    }
  });

  // Bad and unusual values, put in one field at a time: the evaluator must give evaluate's answer
  // or throw evaluate's error (same class, code and message), never accept what evaluate rejects.
  const values: unknown[] = [
    undefined,
    null,
    0,
    -1,
    1.5,
    Number.NaN,
    2 ** 53,
    1e13,
    '',
    'x'.repeat(129),
    '2026-02-30',
    '12-31',
    '2025-13-01',
    'purchase',
    'Asia/Shanghai',
    'Mars/Olympus',
    [],
    ['vip'],
    ['sign-up', 'top-up'],
    [1],
    // biome-ignore lint/suspicious/noSparseArray: a hole is valid in a tag list and must be treated as evaluate treats it
    [, 'vip'],
    {},
    { day: -1 },
    { day: 3 },
    { 'brand-nike': { day: 1.5 } },
    { 'brand-nike': { day: 999 } },
    true,
  ];
  const fields: Array<(input: EvaluateInput, value: unknown) => EvaluateInput> = [
    (i, v) => ({ ...i, transaction: v as never }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, id: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, kind: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, channel: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, totalFen: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, storeId: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, lines: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, tenders: v as never } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, lines: [{ ...i.transaction.lines?.[0], amountFen: v } as never] } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, lines: [{ ...i.transaction.lines?.[0], quantity: v } as never] } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, lines: [{ ...i.transaction.lines?.[0], brand: v } as never] } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, lines: [{ ...i.transaction.lines?.[0], sku: v } as never] } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, tenders: [{ method: v, amountFen: 100 } as never] } }),
    (i, v) => ({ ...i, transaction: { ...i.transaction, tenders: [{ method: 'wechat-pay', amountFen: v } as never] } }),
    (i, v) => ({ ...i, member: v as never }),
    (i, v) => ({ ...i, member: { ...i.member, id: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, tier: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, tags: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, grantedOnce: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, birthday: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, joinedOn: v as never } }),
    (i, v) => ({ ...i, member: { ...i.member, purchaseCount: v as never } }),
    (i, v) => ({ ...i, store: v as never }),
    (i, v) => ({ ...i, store: { ...i.store, id: v as never } }),
    (i, v) => ({ ...i, store: { ...i.store, zone: v as never } }),
    (i, v) => ({ ...i, store: { ...i.store, openedOn: v as never } }),
    (i, v) => ({ ...i, store: { ...i.store, dayStartsAtHour: v as never } }),
    (i, v) => ({ ...i, at: v as never }),
    (i, v) => ({ ...i, usage: v as never }),
    (i, v) => ({ ...i, memberUsage: v as never }),
    (i, v) => ({ ...i, memberUsage: { day: 0, month: v as never } }),
  ];

  it('throws what evaluate throws, or answers what it answers, for a bad or unusual value in any field', () => {
    fc.assert(
      fc.property(fc.nat(VARIANTS.length - 1), fc.nat(100_000), fc.nat(fields.length - 1), fc.nat(values.length - 1), (v, i, f, x) => {
        const input = (fields[f] as (typeof fields)[number])(generate(i), values[x]);
        const rules = compiled[v] as CompiledRules;
        expect(outcome(() => (evaluators[v] as PointsEvaluator)(input))).toEqual(
          outcome(() => evaluate(rules, input, { detail: 'points' }).points),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it("the bench's validating baselines (bench/validated.ts, bench/one-pass.ts) throw exactly what evaluate throws, and otherwise answer what it answers", () => {
    // Every field × every value (usage and memberUsage included) on receipts with and without a
    // Nike line (whose capped rule reads usage): the inline checks must accept what evaluate
    // accepts and throw its error otherwise, or the second bench row would compare against less
    // validation; what they accept must get evaluate's points (an ISO `at`, a hole in a tag list).
    const retail = compiled[0] as CompiledRules;
    const receipts = [0, 3, 4, 5, 7, 11];
    expect(receipts.some((i) => generate(i).transaction.lines?.some((l) => l.brand === 'nike'))).toBe(true);
    for (const i of receipts) {
      for (const field of fields) {
        for (const value of values) {
          const input = field(generate(i), value) as Generated;
          const expected = outcome(() => evaluate(retail, input, { detail: 'points' }).points);
          expect(outcome(() => validatedPoints(input))).toEqual(expected);
          expect(outcome(() => onePassPoints(input))).toEqual(expected);
        }
      }
    }
  });

  it('checks the zone of the very first receipt it sees (a missing zone is POINTS_UNKNOWN_STORE, as evaluate says)', () => {
    const g = generate(1);
    for (const zone of [undefined, null, 'Mars/Olympus']) {
      const bad = { ...g, store: { ...g.store, zone: zone as never } };
      const fresh = createPointsEvaluator(compiled[0] as CompiledRules);
      expect(outcome(() => fresh(bad))).toEqual(outcome(() => evaluate(compiled[0] as CompiledRules, bad, { detail: 'points' }).points));
      expect(() => fresh(bad)).toThrow(expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }));
    }
  });

  it('rejects bad input with an AisleError code at the boundary (never silently accepted)', () => {
    const pointsOf = evaluators[0] as PointsEvaluator;
    const good = generate(3);
    expect(() => pointsOf({ ...good, transaction: { ...good.transaction, totalFen: -1 } })).toThrow(
      expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }),
    );
    expect(() => pointsOf({ ...good, store: { ...good.store, zone: 'Mars/Olympus' } })).toThrow(
      expect.objectContaining({ code: 'POINTS_UNKNOWN_STORE' }),
    );
    expect(() => pointsOf({ ...good, member: { ...good.member, joinedOn: '2020-1-1' } })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(() => pointsOf({ ...good, at: 'yesterday' })).toThrow(expect.objectContaining({ code: 'CORE_INVALID_INSTANT' }));
    // Cap usage is read for the rules that matched, as evaluate reads it: a receipt with a Nike line.
    const nike = {
      ...good,
      transaction: {
        ...good.transaction,
        kind: 'purchase',
        lines: [{ id: 'n', sku: 'N-1', brand: 'nike', category: 'sports', quantity: 1, amountFen: 10_000 }],
      },
    } as EvaluateInput;
    expect(pointsOf({ ...nike, usage: { 'brand-nike': { day: 999 } } })).toBe(
      evaluate(compiled[0] as CompiledRules, { ...nike, usage: { 'brand-nike': { day: 999 } } }).points,
    );
    expect(() => pointsOf({ ...nike, usage: { 'brand-nike': { day: Number.NaN } } })).toThrow(
      expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT' }),
    );
  });

  it('gives the README example: 256 points on a Wednesday member day', () => {
    const pointsOf = createPointsEvaluator(
      compileRules({
        id: 'mall',
        version: 1,
        groups: [{ id: 'calendar', mode: 'max' }],
        rules: [
          { id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } },
          {
            id: 'member-day',
            version: 1,
            group: 'calendar',
            when: [{ type: 'weekday', days: [3] }],
            effect: { type: 'multiplier', factor: 2 },
          },
        ],
      }),
    );
    const input: EvaluateInput = {
      transaction: {
        id: 'R-1',
        kind: 'purchase',
        storeId: 'sh-001',
        channel: 'pos',
        totalFen: 12_800,
        lines: [{ id: '1', sku: 'A', quantity: 1, amountFen: 12_800 }],
        tenders: [{ method: 'wechat-pay', amountFen: 12_800 }],
      },
      member: { id: 'm-1', tier: 'silver' },
      store: { id: 'sh-001', zone: 'Asia/Shanghai' },
      at: '2026-11-18T14:00:00+08:00',
    };
    expect(pointsOf(input)).toBe(256);
    expect(pointsOf({ ...input, at: '2026-11-19T14:00:00+08:00' })).toBe(128);
  });

  it('is right when an input getter evaluates another receipt meanwhile (re-entrant)', () => {
    const pointsOf = evaluators[0] as PointsEvaluator;
    const outer = inputOf(11, 0);
    const inner = inputOf(12, 0);
    let nested: number | undefined;
    const tricky = {
      ...outer,
      get usage() {
        nested = pointsOf(inner);
        return {};
      },
    } as EvaluateInput;
    expect(pointsOf(tricky)).toBe(pointsOf(outer));
    expect(nested).toBe(evaluate(compiled[0] as CompiledRules, inner, { detail: 'points' }).points);
  });

  it('keeps no reference to the last receipt and is right after an input that threw', () => {
    const pointsOf = evaluators[3] as PointsEvaluator;
    const input = inputOf(21, 1);
    const before = pointsOf(input);
    expect(() => pointsOf({ ...input, transaction: { ...input.transaction, lines: [null as never] } })).toThrow();
    expect(pointsOf(input)).toBe(before);
  });

  it('takes only compiled rule sets', () => {
    expect(() => createPointsEvaluator({} as CompiledRules)).toThrow(TypeError);
  });
});
