import { describe, expect, it } from 'vitest';
import { type Generated, generate } from '../bench/generate';
import { handWritten } from '../bench/hand-written';
import { createJreEngine, jrePoints } from '../bench/jre';
import { onePassPoints, onePassQualifying } from '../bench/one-pass';
import { optimisedPoints, optimisedQualifying } from '../bench/optimised';
import { RETAIL_RULESET } from '../bench/retail-ruleset';
import { validatedPoints } from '../bench/validated';
import { compileRules, evaluate } from '../src/index';

// The benchmark's implementations of the 25-rule retail rule set must agree on every
// transaction; the bench checks them all, this test a sample on every CI run.
describe('differential: engine vs hand-written vs json-rules-engine', () => {
  const compiled = compileRules(RETAIL_RULESET);

  it('agrees with the hand-written, optimised and both validating functions (points and tier credit) on 5,000 generated transactions', () => {
    for (let i = 0; i < 5_000; i++) {
      const g = generate(i);
      const mine = evaluate(compiled, g, { detail: 'points' });
      const hand = handWritten(g);
      const optimised = optimisedPoints(g);
      const optimisedCredit = optimisedQualifying();
      const validated = validatedPoints(g);
      expect([g.transaction.id, onePassPoints(g), onePassQualifying()]).toEqual([g.transaction.id, mine.points, mine.qualifyingPoints]);
      expect([g.transaction.id, mine.points, mine.qualifyingPoints]).toEqual([g.transaction.id, hand.points, hand.qualifying]);
      expect([g.transaction.id, optimised, optimisedCredit, validated, optimisedQualifying()]).toEqual([
        g.transaction.id,
        mine.points,
        mine.qualifyingPoints,
        mine.points,
        mine.qualifyingPoints,
      ]);
    }
  });

  it("exercises what evaluate reads beyond the receipt, so a baseline ignoring any of it disagrees (the bench's answer check fails)", () => {
    // On 5,000 generated receipts, count those whose points change when one input the evaluator
    // reads is dropped: the store's day start, an absent purchaseCount read as 0, a partly and a
    // fully used brand-nike per-day cap.
    const points = (g: Generated) => evaluate(compiled, g, { detail: 'points' }).points;
    let dayStart = 0;
    let unknownCount = 0;
    let partlyUsed = 0;
    let fullyUsed = 0;
    for (let i = 0; i < 5_000; i++) {
      const g = generate(i);
      const p = points(g);
      if (g.store.dayStartsAtHour !== undefined && p !== points({ ...g, store: { ...g.store, dayStartsAtHour: 0 } })) dayStart++;
      if (g.member.purchaseCount === undefined && p !== points({ ...g, member: { ...g.member, purchaseCount: 0 } })) unknownCount++;
      const used = g.usage?.['brand-nike']?.day;
      if (used !== undefined && p !== points({ ...g, usage: {} })) {
        if (used < 1000) partlyUsed++;
        else fullyUsed++;
      }
    }
    // From the generator's rates (seeds 0–4,999): 156, 392, 43 and 53 receipts.
    expect(dayStart).toBeGreaterThan(25);
    expect(unknownCount).toBeGreaterThan(25);
    expect(partlyUsed).toBeGreaterThan(25);
    expect(fullyUsed).toBeGreaterThan(25);
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
