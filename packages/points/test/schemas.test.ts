// The exported schemas are Standard Schemas typed with Aisle's own types: they validate through
// `~standard.validate` (no zod API needed), through core's `parse`, and carry the hand-written
// types for Standard Schema consumers.
import { parse, type Schema, type SchemaInput, type SchemaOutput } from '@aisle/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Caps,
  CapsSchema,
  type Condition,
  ConditionSchema,
  type Effect,
  EffectSchema,
  type HolidayCalendar,
  HolidayCalendarSchema,
  type ItemFilter,
  ItemFilterSchema,
  type LeafCondition,
  LeafConditionSchema,
  type Line,
  LineSchema,
  type Member,
  MemberSchema,
  type ParsedTransaction,
  type Rule,
  type RuleInput,
  RuleSchema,
  type Ruleset,
  type RulesetCaps,
  RulesetCapsSchema,
  type RulesetInput,
  RulesetSchema,
  type Store,
  StoreSchema,
  type Transaction,
  TransactionSchema,
} from '../src/index';
import { baseRule, member, receipt, ruleset, store } from './fixtures';

function validate<O>(schema: Schema<O>, value: unknown) {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('expected a synchronous result');
  return result;
}

const line: Line = { id: 'l1', sku: 'SKU-1', quantity: 1, amountFen: 89_000 };
const cases: ReadonlyArray<{ name: string; schema: Schema<unknown>; valid: unknown; invalid: unknown; path: PropertyKey[] }> = [
  { name: 'ItemFilterSchema', schema: ItemFilterSchema, valid: { brands: ['Lancôme'] }, invalid: { brands: [''] }, path: ['brands', 0] },
  {
    name: 'LeafConditionSchema',
    schema: LeafConditionSchema,
    valid: { type: 'weekday', days: [3] },
    invalid: { type: 'weekday', days: [8] },
    path: ['days', 0],
  },
  {
    name: 'ConditionSchema',
    schema: ConditionSchema,
    valid: { type: 'not', condition: { type: 'birthday', period: 'month' } },
    invalid: { type: 'any', of: [] },
    path: ['of'],
  },
  {
    name: 'EffectSchema',
    schema: EffectSchema,
    valid: { type: 'multiplier', factor: 1.5 },
    invalid: { type: 'multiplier', factor: 1.555 },
    path: ['factor'],
  },
  { name: 'CapsSchema', schema: CapsSchema, valid: { perDay: 1000 }, invalid: { perDay: -1 }, path: ['perDay'] },
  { name: 'RulesetCapsSchema', schema: RulesetCapsSchema, valid: { perReceipt: 5000 }, invalid: { perReceipt: 1.5 }, path: ['perReceipt'] },
  { name: 'LineSchema', schema: LineSchema, valid: line, invalid: { ...line, quantity: 0 }, path: ['quantity'] },
  { name: 'MemberSchema', schema: MemberSchema, valid: member, invalid: { ...member, birthday: '18 May' }, path: ['birthday'] },
  { name: 'StoreSchema', schema: StoreSchema, valid: store, invalid: { ...store, dayStartsAtHour: 13 }, path: ['dayStartsAtHour'] },
];

describe('points schemas through the Standard Schema interface', () => {
  it.each(cases)(
    '$name: version 1, { value } for a valid value, { issues } with the path for a wrong one',
    ({ schema, valid, invalid, path }) => {
      expect(schema['~standard'].version).toBe(1);
      expect(typeof schema['~standard'].vendor).toBe('string');
      expect(validate(schema, valid)).toEqual({ value: valid });
      const failed = validate(schema, invalid);
      expect(
        failed.issues?.map((issue) => issue.path?.map((segment) => (typeof segment === 'object' ? segment.key : segment))),
      ).toContainEqual(path);
      expect(() => parse(schema, invalid)).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    },
  );

  it('schemas with defaults fill them in: input and output types differ as documented', () => {
    const rule = validate(RuleSchema, baseRule);
    expect(rule).toEqual({ value: { ...baseRule, priority: 0, when: [] } });
    const set = parse(RulesetSchema, ruleset([baseRule]));
    expect([set.rounding, set.roundAt, set.groups, set.nonEarningTenders]).toEqual([
      'floor',
      'each-stage',
      [],
      ['stored-value', 'points', 'gift-card'],
    ]);
    expect(parse(HolidayCalendarSchema, { holidays: ['2026-10-01'] }).workdays).toEqual([]);
    const { lines, tenders, ...rest } = receipt();
    const tx = parse(TransactionSchema, rest);
    expect([tx.lines, tx.tenders]).toEqual([[], []]);
    expect(validate(RulesetSchema, { id: 'r', version: 1, rules: [] }).issues?.[0]?.path).toEqual(['rules']);
  });

  it('each schema carries its public output and input types', () => {
    expectTypeOf<SchemaOutput<typeof ItemFilterSchema>>().toEqualTypeOf<ItemFilter>();
    expectTypeOf<SchemaOutput<typeof LeafConditionSchema>>().toEqualTypeOf<LeafCondition>();
    expectTypeOf<SchemaOutput<typeof ConditionSchema>>().toEqualTypeOf<Condition>();
    expectTypeOf<SchemaOutput<typeof EffectSchema>>().toEqualTypeOf<Effect>();
    expectTypeOf<SchemaOutput<typeof CapsSchema>>().toEqualTypeOf<Caps>();
    expectTypeOf<SchemaOutput<typeof RulesetCapsSchema>>().toEqualTypeOf<RulesetCaps>();
    expectTypeOf<SchemaOutput<typeof RuleSchema>>().toEqualTypeOf<Rule>();
    expectTypeOf<SchemaInput<typeof RuleSchema>>().toEqualTypeOf<RuleInput>();
    expectTypeOf<SchemaOutput<typeof HolidayCalendarSchema>>().toEqualTypeOf<HolidayCalendar>();
    expectTypeOf<SchemaOutput<typeof RulesetSchema>>().toEqualTypeOf<Ruleset>();
    expectTypeOf<SchemaInput<typeof RulesetSchema>>().toEqualTypeOf<RulesetInput>();
    expectTypeOf<SchemaOutput<typeof LineSchema>>().toEqualTypeOf<Line>();
    expectTypeOf<SchemaOutput<typeof TransactionSchema>>().toEqualTypeOf<ParsedTransaction>();
    expectTypeOf<SchemaInput<typeof TransactionSchema>>().toEqualTypeOf<Transaction>();
    expectTypeOf<SchemaOutput<typeof MemberSchema>>().toEqualTypeOf<Member>();
    expectTypeOf<SchemaOutput<typeof StoreSchema>>().toEqualTypeOf<Store>();
  });
});
