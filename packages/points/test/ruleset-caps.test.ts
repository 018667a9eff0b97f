import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, evaluate, type RuleInput } from '../src/index';
import { member, receipt, ruleset, store, THURSDAY, WEDNESDAY } from './fixtures';

const code = (c: string) => expect.objectContaining({ code: c });
/** 1 point per yuan, 1.5 per yuan for VIPs (3 per 2 yuan). */
const base: RuleInput = {
  id: 'base',
  version: 1,
  name: { en: 'Base', zh: '基础积分' },
  effect: { type: 'base', points: 1, perFen: 100, rates: [{ tier: 'vip', points: 3, perFen: 200 }] },
};
/** Member day: ×2 on Wednesdays. */
const memberDay: RuleInput = {
  id: 'member-day',
  version: 1,
  name: { en: 'Member day ×2', zh: '会员日双倍' },
  when: [{ type: 'weekday', days: [3] }],
  effect: { type: 'multiplier', factor: 2 },
};
const vip = { id: 'm-1', tier: 'vip' };

describe('caps across rules (rule set caps)', () => {
  it('caps a whole receipt at 5,000 points: the ×2 member-day bonus cannot escape the cap', () => {
    const compiled = compileRules(ruleset([base, memberDay], { caps: { perReceipt: 5_000 } }));
    // ¥3,000 on member day: 3,000 base + 3,000 bonus = 6,000, capped to 5,000, the bonus cut first.
    const r = evaluate(compiled, { transaction: receipt({}, 300_000), member, store, at: WEDNESDAY });
    expect(r.points).toBe(5_000);
    expect(r.contributions.map((c) => [c.ruleId, c.uncapped, c.points, c.cappedBy])).toEqual([
      ['base', 3_000, 3_000, null],
      ['member-day', 3_000, 2_000, 'perReceipt'],
    ]);
    expect(r.receiptCap).toEqual({
      by: 'perReceipt',
      room: 5_000,
      requested: 6_000,
      granted: 5_000,
      taken: [{ ruleId: 'member-day', points: 1_000 }],
    });
    expect(r.explanation?.en.join('\n')).toContain('The per-receipt cap across all rules left 5000 pts: 6000 → 5000 (Member day ×2 −1000)');
    expect(r.explanation?.zh.join('\n')).toContain('全部规则单笔上限剩余 5000 分：6000 → 5000（会员日双倍 −1000）');
    // A receipt under the cap is untouched; a much larger one is cut from the base too.
    expect(evaluate(compiled, { transaction: receipt({}, 200_000), member, store, at: WEDNESDAY }).receiptCap).toBeUndefined();
    const huge = evaluate(compiled, { transaction: receipt({}, 1_000_000), member, store, at: THURSDAY }, { detail: 'points' });
    expect(huge.points).toBe(5_000);
    expect(huge.contributions[0]).toMatchObject({ points: 5_000, uncapped: 10_000, cappedBy: 'perReceipt' });
  });

  it('caps per member per day and per month over all rules, from memberUsage, naming the tightest cap', () => {
    const compiled = compileRules(ruleset([base, memberDay], { caps: { perMemberPerDay: 3_000, perMemberPerMonth: 10_000 } }));
    const input = { transaction: receipt({}, 100_000), member, store, at: WEDNESDAY };
    // 2,000 points requested; 2,500 already earned today leaves 500.
    const day = evaluate(compiled, { ...input, memberUsage: { day: 2_500, month: 2_500 } });
    expect(day.points).toBe(500);
    expect(day.receiptCap).toMatchObject({
      by: 'perMemberPerDay',
      room: 500,
      taken: [
        { ruleId: 'member-day', points: 1_000 },
        { ruleId: 'base', points: 500 },
      ],
    });
    const month = evaluate(compiled, { ...input, memberUsage: { day: 0, month: 9_900 } });
    expect(month).toMatchObject({ points: 100, receiptCap: { by: 'perMemberPerMonth', room: 100 } });
    expect(evaluate(compiled, { ...input, memberUsage: { month: 20_000 } }).points).toBe(0);
    expect(() => evaluate(compiled, { ...input, memberUsage: { day: -1 } })).toThrow(code('POINTS_INVALID_AMOUNT'));
    // Qualifying points are not points: tier credit is never cut by these caps.
    const tq: RuleInput = { id: 'tq', version: 1, effect: { type: 'tierCredit', points: 1, perFen: 100 } };
    const withTq = compileRules(ruleset([base, tq], { caps: { perReceipt: 10 } }));
    expect(evaluate(withTq, input)).toMatchObject({ points: 10, qualifyingPoints: 1_000 });
  });

  it('keeps the receipt within its caps for any amounts and usage (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(WEDNESDAY, THURSDAY),
        (fen, day, month, at) => {
          const caps = { perReceipt: 5_000, perMemberPerDay: 12_000, perMemberPerMonth: 60_000 };
          const compiled = compileRules(ruleset([base, memberDay], { caps }));
          const free = evaluate(compileRules(ruleset([base, memberDay])), { transaction: receipt({}, fen), member: vip, store, at });
          const r = evaluate(compiled, { transaction: receipt({}, fen), member: vip, store, at, memberUsage: { day, month } });
          const room = Math.min(caps.perReceipt, Math.max(0, caps.perMemberPerDay - day), Math.max(0, caps.perMemberPerMonth - month));
          expect(r.points).toBe(Math.min(free.points, room));
          expect(r.contributions.reduce((s, c) => s + c.points, 0)).toBe(r.points);
          for (const c of r.contributions) expect(c.points).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('rounding once at the end (roundAt)', () => {
  it('gives a VIP 299 points for ¥99.99 on member day where per-stage rounding gives 298', () => {
    const input = { transaction: receipt({}, 9_999), member: vip, store, at: WEDNESDAY };
    const perStage = evaluate(compileRules(ruleset([base, memberDay])), input);
    expect(perStage.points).toBe(298);
    expect(perStage.roundedOnce).toBeUndefined();
    const once = evaluate(compileRules(ruleset([base, memberDay], { roundAt: 'end' })), input);
    expect(once.points).toBe(299);
    expect(once.roundedOnce).toEqual({ exact: '29997/100', value: 299 });
    // The rules still add up: the point rounding added goes to the larger fraction (the base on a tie).
    expect(once.contributions.map((c) => [c.ruleId, c.points])).toEqual([
      ['base', 150],
      ['member-day', 149],
    ]);
    expect(once.explanation?.en).toContain('Rounded once at the end: exact 299.97 → 299 pts (rounded down)');
    expect(evaluate(compileRules(ruleset([base, memberDay], { roundAt: 'end' })), input, { detail: 'points' }).points).toBe(299);
  });

  it('rounds the exact sum once, in the rule set mode, for any amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('floor', 'ceil', 'half-up', 'half-even' as const),
        (fen, mode) => {
          const compiled = compileRules(ruleset([base, memberDay], { roundAt: 'end', rounding: mode }));
          const r = evaluate(compiled, { transaction: receipt({}, fen), member: vip, store, at: WEDNESDAY }, { detail: 'points' });
          // VIP on member day: exactly 3 points per 100 fen.
          const exact = fen * 3;
          const q = Math.floor(exact / 100);
          const rest = exact - q * 100;
          const expected =
            rest === 0 || mode === 'floor'
              ? q
              : mode === 'ceil'
                ? q + 1
                : rest > 50 || (rest === 50 && (mode === 'half-up' || q % 2 === 1))
                  ? q + 1
                  : q;
          expect(r.points).toBe(expected);
          expect(r.contributions.reduce((s, c) => s + c.points, 0)).toBe(expected);
        },
      ),
    );
  });

  it('rejects an unknown roundAt', () => {
    expect(() => compileRules(ruleset([base], { roundAt: 'sometimes' as 'end' }))).toThrow(code('CORE_VALIDATION'));
  });
});
