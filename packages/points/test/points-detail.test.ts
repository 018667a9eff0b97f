import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate';
import { ruleSetVariants } from '../bench/variants';
import { type CompiledRules, compileRules, type EvaluateInput, type Evaluation, evaluate, type RulesetInput } from '../src/index';

// `detail: 'points'` takes a lean path (a reused evaluation context, pooled drafts, per-line
// buffers, one-value item filters without a call per line). These properties pin it to the full
// path, which builds everything afresh, on rule sets that exercise every stacking mode, caps,
// rounding once at the end, item-filtered multipliers and a multiply group.
const VARIANTS: RulesetInput[] = ruleSetVariants();
const compiled = VARIANTS.map((v) => compileRules(v));

/** What the points detail keeps of a full evaluation: no line shares, rounding steps, skipped rules or explanation. */
function lean(full: Evaluation): Evaluation {
  const { explanation: _explanation, ...rest } = full;
  return { ...rest, skipped: [], contributions: full.contributions.map((c) => ({ ...c, lines: [], rounding: [] })) };
}

function inputOf(i: number, usage: boolean): EvaluateInput {
  const g = generate(i);
  return usage ? { ...g, usage: { 'brand-nike': { day: i % 1200 }, 'x-grocery': { day: i % 50 } }, memberUsage: { day: i % 3500 } } : g;
}

describe("evaluate's points detail", () => {
  it('equals the full detail without lines, rounding steps, skipped rules and explanation', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.nat(2_000_000), fc.boolean(), (v, i, usage) => {
        const rules = compiled[v] as CompiledRules;
        const input = inputOf(i, usage);
        expect(evaluate(rules, input, { detail: 'points' })).toEqual(lean(evaluate(rules, input)));
      }),
      { numRuns: 600 },
    );
  });

  it('gives the same answers whatever was evaluated before (the reused context keeps nothing)', () => {
    const inputs = Array.from({ length: 200 }, (_, i) => inputOf(7_000 + i, i % 2 === 0));
    const alone = inputs.map((input, i) => evaluate(compiled[i % 4] as CompiledRules, input, { detail: 'points' }));
    // Interleaved with other rule sets and with receipts of many more lines in between.
    const many = {
      ...inputs[0],
      transaction: {
        ...inputs[0]?.transaction,
        lines: Array.from({ length: 40 }, (_, k) => ({
          id: `l${k}`,
          sku: 'SKU-PROMO-1',
          brand: 'nike',
          category: 'beauty',
          quantity: 1,
          amountFen: 100 + k,
        })),
      },
    } as EvaluateInput;
    const interleaved = inputs.map((input, i) => {
      evaluate(compiled[(i + 1) % 4] as CompiledRules, many, { detail: 'points' });
      return evaluate(compiled[i % 4] as CompiledRules, input, { detail: 'points' });
    });
    expect(interleaved).toEqual(alone);
  });

  it('evaluates correctly when an input getter evaluates another receipt meanwhile (re-entrant)', () => {
    const rules = compiled[0] as CompiledRules;
    const outer = inputOf(11, false);
    const inner = inputOf(12, false);
    let nested: Evaluation | undefined;
    const tricky: EvaluateInput = {
      ...outer,
      get usage() {
        nested = evaluate(rules, inner, { detail: 'points' });
        return {};
      },
    };
    expect(evaluate(rules, tricky, { detail: 'points' })).toEqual(evaluate(rules, outer, { detail: 'points' }));
    expect(nested).toEqual(evaluate(rules, inner, { detail: 'points' }));
  });

  it('keeps what results share (rates, multiplier lists, empty lists) frozen, so one caller cannot change another result', () => {
    const rules = compiled[0] as CompiledRules;
    for (let i = 0; i < 50; i++) {
      for (const c of evaluate(rules, generate(i), { detail: 'points' }).contributions) {
        if (c.rate !== null) expect(Object.isFrozen(c.rate)).toBe(true);
        expect(Object.isFrozen(c.multipliers) || c.multipliers.length > 1).toBe(true);
        expect([Object.isFrozen(c.lines), Object.isFrozen(c.rounding)]).toEqual([true, true]);
      }
    }
  });
});
