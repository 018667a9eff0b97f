import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate';
import { handWritten } from '../bench/hand-written';
import { createJreEngine, jrePoints } from '../bench/jre';
import { RETAIL_RULESET } from '../bench/retail-ruleset';
import { compileRules, evaluate } from '../src/index';

// The benchmark's three implementations of the 25-rule retail rule set must agree on every
// transaction; the bench checks 1M, this test a sample on every CI run.
describe('differential: engine vs hand-written vs json-rules-engine', () => {
  const compiled = compileRules(RETAIL_RULESET);

  it('agrees with the hand-written function on 5,000 generated transactions', () => {
    for (let i = 0; i < 5_000; i++) {
      const g = generate(i);
      const mine = evaluate(compiled, g, { detail: 'points' });
      const hand = handWritten(g);
      expect([g.transaction.id, mine.points, mine.qualifyingPoints]).toEqual([g.transaction.id, hand.points, hand.qualifying]);
    }
  });

  it('agrees with json-rules-engine deciding the firings on 300 transactions', async () => {
    const engine = createJreEngine();
    for (let i = 0; i < 300; i++) {
      const g = generate(100_000 + i);
      const jre = await jrePoints(engine, g);
      expect([g.transaction.id, jre.points]).toEqual([g.transaction.id, evaluate(compiled, g, { detail: 'points' }).points]);
    }
  });

  it('gives the same points in full detail, with an explanation in both languages', () => {
    for (let i = 0; i < 200; i++) {
      const g = generate(200_000 + i);
      const full = evaluate(compiled, g);
      expect(full.points).toBe(evaluate(compiled, g, { detail: 'points' }).points);
      expect(full.explanation?.en.at(-1)).toContain(`Total: ${full.points} points`);
      expect(full.explanation?.zh.at(-1)).toContain(`合计：${full.points} 分`);
    }
  });
});
