// The exported schemas are Standard Schemas typed with Aisle's own types: they validate through
// `~standard.validate` (no zod API needed), through core's `parse`, and carry the hand-written
// types for Standard Schema consumers.
import { parse, type Schema, type SchemaInput, type SchemaOutput } from '@aisle/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Actor,
  ActorSchema,
  type CatalogueInput,
  CatalogueSchema,
  type ConsentEvent,
  ConsentEventSchema,
  type ConsentFlow,
  ConsentFlowSchema,
  type DataCategory,
  DataCategorySchema,
  type NoticeInput,
  NoticeSchema,
  type Purpose,
  type PurposeInput,
  PurposeSchema,
  type Recipient,
  RecipientSchema,
  type Retention,
  RetentionSchema,
  type SubjectFacts,
  SubjectFactsSchema,
} from '../src/index';
import { catalogueInput, event, sms } from './fixtures';

/** `~standard.validate`, which for Aisle's schemas answers synchronously. */
function validate<O>(schema: Schema<O>, value: unknown) {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('expected a synchronous result');
  return result;
}

const cases: ReadonlyArray<{ name: string; schema: Schema<unknown>; valid: unknown; invalid: unknown; path: PropertyKey[] }> = [
  { name: 'RetentionSchema', schema: RetentionSchema, valid: 'P3Y', invalid: 'three years', path: [] },
  {
    name: 'RecipientSchema',
    schema: RecipientSchema,
    valid: { name: 'SMS Ltd', role: 'processor' },
    invalid: { name: 'SMS Ltd', role: 'broker' },
    path: ['role'],
  },
  { name: 'PurposeSchema', schema: PurposeSchema, valid: sms, invalid: { ...sms, function: 'premium' }, path: ['function'] },
  {
    name: 'DataCategorySchema',
    schema: DataCategorySchema,
    valid: { id: 'plate', sensitive: false },
    invalid: { id: 'plate' },
    path: ['sensitive'],
  },
  {
    name: 'CatalogueSchema',
    schema: CatalogueSchema,
    valid: catalogueInput,
    invalid: { ...catalogueInput, version: 0 },
    path: ['version'],
  },
  {
    name: 'NoticeSchema',
    schema: NoticeSchema,
    valid: { version: 1, publishedAt: '2026-01-01T00:00:00+08:00', text: { 'zh-CN': '通知', en: 'Notice' }, purposes: [sms] },
    invalid: { version: 1, publishedAt: 'yesterday', text: { 'zh-CN': '通知', en: 'Notice' }, purposes: [] },
    path: ['publishedAt'],
  },
  {
    name: 'ActorSchema',
    schema: ActorSchema,
    valid: { kind: 'staff-assisted', staffId: 'S-014' },
    invalid: { kind: 'staff' },
    path: ['kind'],
  },
  { name: 'ConsentEventSchema', schema: ConsentEventSchema, valid: event(), invalid: { ...event(), purposes: [] }, path: ['purposes'] },
  {
    name: 'SubjectFactsSchema',
    schema: SubjectFactsSchema,
    valid: { ageBand: 'adult' },
    invalid: { birthDate: '2014-13-01' },
    path: ['birthDate'],
  },
  {
    name: 'ConsentFlowSchema',
    schema: ConsentFlowSchema,
    valid: { items: [{ purposeId: 'marketing.sms', preTicked: false, required: false, separate: true }] },
    invalid: { items: [{ purposeId: 'marketing.sms', preTicked: 'no', required: false, separate: true }] },
    path: ['items', 0, 'preTicked'],
  },
];

describe('consent schemas through the Standard Schema interface', () => {
  it.each(cases)(
    '$name: version 1, a vendor, { value } for a valid value, { issues } with the path for a wrong one',
    ({ schema, valid, invalid, path }) => {
      expect(schema['~standard'].version).toBe(1);
      expect(typeof schema['~standard'].vendor).toBe('string');
      expect(validate(schema, valid)).toEqual({ value: valid });
      const failed = validate(schema, invalid);
      expect(failed.issues?.length).toBeGreaterThan(0);
      expect(
        failed.issues?.map((issue) => issue.path?.map((segment) => (typeof segment === 'object' ? segment.key : segment))),
      ).toContainEqual(path);
      expect(() => parse(schema, invalid)).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    },
  );

  it('core parse returns the hand-written types', () => {
    const actor = parse(ActorSchema, { kind: 'guardian', relationship: 'mother' });
    expectTypeOf(actor).toEqualTypeOf<Actor>();
    expect(actor).toEqual({ kind: 'guardian', relationship: 'mother' });
    expectTypeOf(parse(ConsentEventSchema, event())).toEqualTypeOf<ConsentEvent>();
  });

  it('each schema carries its public output and input types', () => {
    expectTypeOf<SchemaOutput<typeof RetentionSchema>>().toEqualTypeOf<Retention>();
    expectTypeOf<SchemaOutput<typeof RecipientSchema>>().toEqualTypeOf<Recipient>();
    expectTypeOf<SchemaOutput<typeof PurposeSchema>>().toEqualTypeOf<Purpose>();
    expectTypeOf<SchemaInput<typeof PurposeSchema>>().toEqualTypeOf<PurposeInput>();
    expectTypeOf<SchemaOutput<typeof DataCategorySchema>>().toEqualTypeOf<DataCategory>();
    expectTypeOf<SchemaInput<typeof CatalogueSchema>>().toEqualTypeOf<CatalogueInput>();
    expectTypeOf<SchemaInput<typeof NoticeSchema>>().toEqualTypeOf<NoticeInput>();
    expectTypeOf<SchemaOutput<typeof ConsentEventSchema>>().toEqualTypeOf<ConsentEvent>();
    expectTypeOf<SchemaOutput<typeof SubjectFactsSchema>>().toEqualTypeOf<SubjectFacts>();
    expectTypeOf<SchemaInput<typeof ConsentFlowSchema>>().toEqualTypeOf<ConsentFlow>();
    // Plain JSON shapes stay assignable to a JSON record (they are object types, not interfaces).
    expectTypeOf<ConsentEvent>().toExtend<Record<string, unknown>>();
  });
});
