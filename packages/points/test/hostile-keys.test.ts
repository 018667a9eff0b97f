import { createMemoryStreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_KEYS } from '../../../scripts/fuzz/arbitraries';
import { backtest, capsOf, compileRules, createLedger, evaluate, type RuleInput } from '../src/index';
import { member, receipt, ruleset, store, THURSDAY, WEDNESDAY } from './fixtures';

/**
 * Rule ids are data. Whatever the id — `constructor`, `__proto__`, `toString`… — a rule must
 * behave exactly as it does under an ordinary id: its caps bite, its usage is counted, its
 * points are reported under its own name, and no prototype is touched.
 */
const SAFE = 'safe-rule';

/** Earns three receipts through the ledger with a capped rule named `id`, then reads the usage back. */
async function capped(id: string) {
  const rules = compileRules(
    ruleset([
      { id, version: 1, effect: { type: 'fixed', points: 60 }, caps: { perDay: 100, perMonth: 150 } },
      { id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } },
    ]),
  );
  const ledger = createLedger({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'never' }, caps: capsOf(rules) });
  const granted: number[] = [];
  for (const [i, at] of [WEDNESDAY, WEDNESDAY, THURSDAY].entries()) {
    const input = { transaction: receipt({ id: `R-${i}` }), member, store, at };
    const usage = await ledger.usage(input);
    const evaluation = evaluate(rules, { ...input, usage });
    granted.push(evaluation.contributions.find((c) => c.ruleId === id)?.points ?? -1);
    await ledger.earn({ key: `k-${i}`, at, evaluation });
  }
  const usage = await ledger.usage({ transaction: receipt({ id: 'R-next' }), member, store, at: THURSDAY });
  return { granted, usage: Object.hasOwn(usage, id) ? usage[id] : 'missing', keys: Object.keys(usage).sort() };
}

describe('rule ids that are also Object.prototype names', () => {
  it('a rule named constructor keeps its caps (they were silently disabled)', async () => {
    const result = await capped('constructor');
    // 60 on Wednesday, 40 more reaches the daily cap of 100, then 50 reaches the monthly cap of 150.
    expect(result.granted).toEqual([60, 40, 50]);
    expect(result.usage).toEqual({ day: 50, month: 150, campaign: 150 });
    expect((Object as unknown as Record<string, unknown>).budget).toBeUndefined();
  });

  it.each(HOSTILE_KEYS)('a capped rule named %s behaves as under an ordinary id', async (id) => {
    const safe = await capped(SAFE);
    const hostile = await capped(id);
    expect(hostile.granted).toEqual(safe.granted);
    expect(hostile.usage).toEqual(safe.usage);
    expect(hostile.keys).toEqual(safe.keys.map((k) => (k === SAFE ? id : k)).sort());
  });

  it('evaluate reads cap usage only from the caller’s own keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_KEYS), (id) => {
        const rules = compileRules(ruleset([{ id, version: 1, effect: { type: 'fixed', points: 60 }, caps: { perDay: 100 } }]));
        const input = { transaction: receipt(), member, store, at: WEDNESDAY };
        // No usage for the rule: nothing used yet, whatever Object.prototype holds under that name.
        expect(evaluate(rules, { ...input, usage: {} }).points).toBe(60);
        // Usage given under that name as an own key is honoured.
        const usage = Object.defineProperty({}, id, { value: { day: 70 }, enumerable: true });
        expect(evaluate(rules, { ...input, usage }).points).toBe(30);
      }),
    );
  });

  it('backtest reports and compares per-rule figures under every id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_KEYS), (id) => {
        const rule = (points: number): RuleInput => ({ id, version: 1, effect: { type: 'fixed', points }, caps: { perDay: 100 } });
        const log = [1, 2].map((i) => ({ transaction: receipt({ id: `T${i}` }), member, store, at: WEDNESDAY }));
        const report = backtest({
          rules: compileRules(ruleset([rule(60)])),
          compareWith: compileRules(ruleset([rule(70)], { version: 2 })),
          log,
        });
        expect(Object.keys(report.perRule)).toEqual([id]);
        expect(Object.getOwnPropertyDescriptor(report.perRule, id)?.value).toMatchObject({ firings: 2, points: 100 });
        expect(Object.keys(report.comparison?.perRuleDelta ?? {})).toEqual([id]);
        expect(Object.getOwnPropertyDescriptor(report.comparison?.perRuleDelta, id)?.value).toBe(0);
      }),
    );
  });

  it.each([Number.NaN, -5, 0.5, '70', Number.POSITIVE_INFINITY])(
    'a cap usage figure of %s is POINTS_INVALID_AMOUNT, not an open cap (fuzzer finding)',
    (day) => {
      const rules = compileRules(ruleset([{ id: 'capped', version: 1, effect: { type: 'fixed', points: 60 }, caps: { perDay: 100 } }]));
      const input = { transaction: receipt(), member, store, at: WEDNESDAY };
      expect(() => evaluate(rules, { ...input, usage: { capped: { day: day as number } } })).toThrow(
        expect.objectContaining({ code: 'POINTS_INVALID_AMOUNT', message: expect.stringContaining('usage["capped"].day') }),
      );
      // Usage that is not an object at all reads as nothing used.
      expect(evaluate(rules, { ...input, usage: null as never }).points).toBe(60);
    },
  );
});
