// Answers digest (issue 17, points): SHA-256 over every answer of `evaluate` (both detail modes)
// and of `createPointsEvaluator` on 5 rule set variants × 20,000 generated transactions, half of
// them with cap usage. A change that is meant to be a pure speed-up must leave the `evaluate`
// digests unchanged; the evaluator's totals must equal `evaluate(...).points` on every input.
// Run: tsx --conditions=@aisle/source bench/digest.ts   (N=… for another count)
import { createHash } from 'node:crypto';
import { compileRules, type EvaluateInput, evaluate, type RulesetInput } from '../src/index';
import { generate } from './generate';
import { RETAIL_RULESET } from './retail-ruleset';
import { ruleSetVariants } from './variants';

const N = Number(process.env.N ?? 20_000);
const VARIANTS: RulesetInput[] = [
  ...ruleSetVariants(),
  { ...RETAIL_RULESET, id: 'half-up', rounding: 'half-up', nonEarningTenders: ['gift-card', 'alipay'] },
];

const inputOf = (i: number): EvaluateInput => {
  const g = generate(i);
  return i % 2 === 0
    ? g
    : { ...g, usage: { 'brand-nike': { day: i % 1200 }, 'x-grocery': { day: i % 50 } }, memberUsage: { day: i % 3500 } };
};
const mod = (await import('../src/index')) as Record<string, unknown>;
const create = mod.createPointsEvaluator as ((c: unknown) => (input: EvaluateInput) => number) | undefined;
for (const variant of VARIANTS) {
  const compiled = compileRules(variant);
  const full = createHash('sha256');
  const lean = createHash('sha256');
  const fast = create?.(compiled);
  let disagree = 0;
  for (let i = 0; i < N; i++) {
    const input = inputOf(i);
    full.update(JSON.stringify(evaluate(compiled, input)));
    const l = evaluate(compiled, input, { detail: 'points' });
    lean.update(JSON.stringify(l));
    if (fast !== undefined && fast(input) !== l.points) disagree++;
  }
  console.log(
    `${variant.id.padEnd(12)} full ${full.digest('hex').slice(0, 16)} points ${lean.digest('hex').slice(0, 16)}` +
      (fast === undefined ? '' : ` evaluator disagreements ${disagree}`),
  );
}
