import { createMemoryStreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileId, hostileJson, hostileNumber, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import { compileRules, createLedger, evaluate, type RuleInput, type RulesetInput } from '../src/index';
import { accrual, member, receipt, store, WEDNESDAY } from './fixtures';

/** A rule set that uses every kind of condition, effect, cap and stacking group, with hostile ids. */
const ruleset = fc
  .tuple(hostileId(), hostileId(), hostileId(), fc.integer({ min: 0, max: 15 }))
  .map(([a, b, group, depth]): RulesetInput => {
    let nested: RuleInput['when'] = [{ type: 'tier', in: [b] }];
    for (let i = 0; i < depth; i++) nested = [{ type: 'not', condition: { type: 'any', of: nested } }];
    return {
      id: a,
      version: 1,
      groups: [{ id: group, mode: 'max', priority: 1 }],
      rules: [
        { id: a, version: 1, effect: { type: 'base', points: 1, perFen: 100, rates: [{ tier: b, store: a, points: 2, perFen: 100 }] } },
        {
          id: b,
          version: 2,
          group,
          when: [
            { type: 'weekday', days: [3] },
            { type: 'tags', any: [a, b], none: ['__proto__'] },
            { type: 'items', filter: { categories: [b, 'constructor'] }, minQuantity: 1 },
            {
              type: 'any',
              of: [
                { type: 'store', in: [a] },
                { type: 'birthday', period: 'month' },
              ],
            },
          ],
          caps: { perDay: 100, perMonth: 1000 },
          effect: { type: 'multiplier', factor: 1.5 },
        },
        { id: `${b}-fixed`, version: 1, group, when: nested, caps: { perTransaction: 50 }, effect: { type: 'fixed', points: 60 } },
        { id: `${a}-top`, version: 1, effect: { type: 'topUpBonus', tiers: [{ minFen: 1, points: 5 }] } },
      ],
    } as RulesetInput;
  });

/** Conditions nested far deeper than any real rule set (a hostile upload). */
const deepRuleset = fc.integer({ min: 1000, max: 20_000 }).map((depth) => {
  let condition: unknown = { type: 'firstPurchase' };
  for (let i = 0; i < depth; i++) condition = { type: 'not', condition };
  return { id: 'deep', version: 1, rules: [{ id: 'r', version: 1, when: [condition], effect: { type: 'fixed', points: 1 } }] };
});

const compiled = compileRules({
  id: 'fuzz',
  version: 1,
  rules: [
    { id: 'constructor', version: 1, effect: { type: 'base', points: 1, perFen: 100 }, caps: { perDay: 500 } },
    { id: 'toString', version: 1, when: [{ type: 'tags', any: ['__proto__'] }], effect: { type: 'multiplier', factor: 2 } },
    { id: '__proto__', version: 1, effect: { type: 'perItem', pointsPerUnit: 3 }, caps: { perTransaction: 20 } },
  ],
});

const evaluateInput = fc.record({
  transaction: fc.constant(receipt()),
  member: fc.record({ id: hostileId(), tier: hostileId(), tags: fc.array(hostileId(), { maxLength: 3 }), purchaseCount: fc.nat(5) }),
  store: fc.constant(store),
  at: fc.constant(WEDNESDAY),
  usage: fc.dictionary(hostileId(), fc.record({ day: hostileNumber(), budget: hostileNumber() }), { maxKeys: 3 }),
});

const ledgerOptions = { zone: 'Asia/Shanghai', expiry: { type: 'never' as const } };

describeFuzz('points', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'compile-rules',
    input: fc.oneof(ruleset, mutated(ruleset), hostileJson(), deepRuleset),
    run: (input) => compileRules(input as RulesetInput),
    runs: 200,
  }),
  fuzzTarget({
    name: 'evaluate',
    input: fc.oneof(
      evaluateInput,
      mutated(evaluateInput),
      mutated(fc.constant({ transaction: receipt({ id: 'x' }, 12_345), member, store, at: WEDNESDAY })),
    ),
    run: (input) => evaluate(compiled, input as never),
    runs: 300,
  }),
  fuzzTarget({
    name: 'compile-and-evaluate',
    input: fc.tuple(ruleset, evaluateInput),
    run: ([rules, input]) => evaluate(compileRules(rules), input as never),
  }),
  fuzzTarget({
    name: 'ledger-earn-and-redeem',
    input: fc.tuple(
      fc.oneof(fc.constant(accrual('R-9', 40)), mutated(fc.constant(accrual('R-9', 40)))),
      fc.oneof(
        fc.constant({ key: 'r', memberId: 'm-1', points: 10, at: '2026-11-21T10:00:00+08:00' }),
        mutated(fc.constant({ key: 'r', memberId: 'm-1', points: 10, at: '2026-11-21T10:00:00+08:00' })),
      ),
    ),
    run: async ([evaluation, redemption]) => {
      const ledger = createLedger({ ...ledgerOptions, store: createMemoryStreamStore() });
      await ledger.earn({ key: 'e', at: '2026-11-20T10:00:00+08:00', evaluation: evaluation as never });
      await ledger.redeem(redemption as never);
    },
    // The ledger's requests are typed programmer APIs; wrong-typed fields may be documented TypeErrors.
    allow: ['TypeError', 'RangeError'],
    runs: 200,
  }),
]);

describe('the fuzz inputs', () => {
  it('start from rule sets that compile and evaluate, so the fuzzer reaches past validation', () => {
    const samples = fc.sample(fc.tuple(ruleset, evaluateInput), { numRuns: 50, seed: 1 });
    let evaluated = 0;
    for (const [rules, input] of samples) {
      const [a, b] = [rules.rules[0]?.id, rules.rules[1]?.id];
      if (a === b || a === `${b}-fixed` || `${a}-top` === b) continue;
      evaluate(compileRules(rules), input as never);
      evaluated++;
    }
    expect(evaluated).toBeGreaterThan(25);
  });
});
