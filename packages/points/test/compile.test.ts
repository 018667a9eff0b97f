import { describe, expect, it } from 'vitest';
import { compileRules, type RuleInput } from '../src/index';
import { baseRule, ruleset } from './fixtures';

const code = (c: string) => expect.objectContaining({ code: c });
const fixed = (id: string, extra: Partial<RuleInput> = {}): RuleInput => ({
  id,
  version: 1,
  effect: { type: 'fixed', points: 1 },
  ...extra,
});

describe('compileRules', () => {
  it('validates the rule set and records rule versions', () => {
    const compiled = compileRules(ruleset([baseRule, { ...fixed('bonus'), version: 4 }]));
    expect(compiled.ruleVersions).toEqual({ base: 1, bonus: 4 });
    expect(compiled.ruleset.rounding).toBe('floor');
    expect(compiled.ruleset.nonEarningTenders).toEqual(['stored-value', 'points', 'gift-card']);
    expect(Object.isFrozen(compiled)).toBe(true);
  });

  it('rejects malformed rule sets with CORE_VALIDATION and the path', () => {
    expect(() => compileRules(ruleset([{ ...baseRule, version: 0 }]))).toThrow(code('CORE_VALIDATION'));
    expect(() => compileRules(ruleset([{ id: 'm', version: 1, effect: { type: 'multiplier', factor: 1.234 } }]))).toThrow(/two decimals/);
    expect(() => compileRules(ruleset([{ id: 'm', version: 1, effect: { type: 'multiplier', factor: 0.5 } }]))).toThrow(
      code('CORE_VALIDATION'),
    );
    expect(() => compileRules(ruleset([fixed('x', { when: [{ type: 'weekday', days: [8] }] })]))).toThrow(/rules\[0\]\.when\[0\]/);
    expect(() => compileRules({ id: 'x', version: 1, rules: [] })).toThrow(code('CORE_VALIDATION'));
    expect(() => compileRules(null as never)).toThrow(code('CORE_VALIDATION'));
  });

  it('rejects duplicate ids, unknown groups, incomplete per-item extras and contradictory holiday data', () => {
    expect(() => compileRules(ruleset([fixed('a'), fixed('a')]))).toThrow(code('POINTS_INVALID_RULES'));
    expect(() => compileRules(ruleset([fixed('a', { group: 'nope' })]))).toThrow(code('POINTS_INVALID_RULES'));
    expect(() => compileRules(ruleset([{ id: 'p', version: 1, effect: { type: 'perItem', points: 1 } }]))).toThrow(
      code('POINTS_INVALID_RULES'),
    );
    expect(() => compileRules(ruleset([fixed('a')], { holidays: { holidays: ['2026-10-01'], workdays: ['2026-10-01'] } }))).toThrow(
      code('POINTS_INVALID_RULES'),
    );
  });

  it('rejects contradictory stacking', () => {
    const twice = {
      groups: [
        { id: 'g', mode: 'max' as const },
        { id: 'g', mode: 'sum' as const },
      ],
    };
    expect(() => compileRules(ruleset([fixed('a')], twice))).toThrow(code('POINTS_CONTRADICTORY_STACKING'));
    const same = {
      groups: [
        { id: 'g', mode: 'max' as const },
        { id: 'g', mode: 'max' as const },
      ],
    };
    expect(() => compileRules(ruleset([fixed('a')], same))).toThrow(/declared twice/);
    const multiply = { groups: [{ id: 'g', mode: 'multiply' as const }] };
    expect(() => compileRules(ruleset([fixed('a', { group: 'g' })], multiply))).toThrow(code('POINTS_CONTRADICTORY_STACKING'));
    const capped: RuleInput = { id: 'm', version: 1, group: 'g', caps: { perTransaction: 5 }, effect: { type: 'multiplier', factor: 2 } };
    expect(() => compileRules(ruleset([capped], multiply))).toThrow(code('POINTS_CONTRADICTORY_STACKING'));
    const max = { groups: [{ id: 'g', mode: 'max' as const }] };
    expect(() => compileRules(ruleset([{ ...baseRule, group: 'g' }], max))).toThrow(code('POINTS_CONTRADICTORY_STACKING'));
    expect(() =>
      compileRules(ruleset([{ id: 't', version: 1, group: 'g', effect: { type: 'tierCredit', points: 1, perFen: 100 } }], max)),
    ).toThrow(code('POINTS_CONTRADICTORY_STACKING'));
  });

  it('never generates code', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const files = readdirSync(new URL('../src', import.meta.url), { recursive: true }).filter((f) => String(f).endsWith('.ts'));
    for (const file of files) {
      const text = readFileSync(new URL(`../src/${String(file)}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/\beval\(|new Function\(/);
    }
  });

  it('rejects conditions nested deeper than the documented limit with CORE_VALIDATION, not a stack overflow', () => {
    const nested = (depth: number) => {
      let condition: unknown = { type: 'firstPurchase' };
      for (let i = 0; i < depth; i++) condition = { type: 'not', condition };
      return ruleset([{ id: 'r', version: 1, when: [condition as never], effect: { type: 'fixed', points: 1 } }]);
    };
    // 20 000 nested `not`s: zod's recursive parse used to overflow the stack (CORE_UNEXPECTED).
    expect(() => compileRules(nested(20_000))).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION', message: expect.stringContaining('expected at most 64 levels of nesting') }),
    );
    // Rule set (1) > rules (2) > rule (3) > when (4) > conditions (5..64): 60 levels of `not` fit.
    expect(() => compileRules(nested(59))).not.toThrow();
    expect(() => compileRules(nested(60))).toThrow(code('CORE_VALIDATION'));
  });
});
