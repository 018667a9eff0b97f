// The exported schemas are Standard Schemas typed with Aisle's own types: they validate through
// `~standard.validate` (no zod API needed), through core's `parse`, and carry the hand-written
// types for Standard Schema consumers.
import { parse, type SchemaInput, type SchemaOutput } from '@aisle/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type IncidentDetails, type IncidentInput, IncidentInputSchema, type IncidentPatch, IncidentPatchSchema } from '../src/index';
import { leak } from './fixtures';

describe('incident schemas through the Standard Schema interface', () => {
  it('IncidentInputSchema: { value } with defaults filled in and instants as UTC ISO strings', () => {
    const result = IncidentInputSchema['~standard'].validate(leak({ awareness: { awareAt: Date.UTC(2026, 10, 21, 1, 30) } }));
    if (result instanceof Promise || result.issues !== undefined) throw new Error('expected a synchronous success');
    expect(result.value.awareness).toEqual({ awareAt: '2026-11-21T01:30:00.000Z', regimes: {} });
    expect(result.value.risk).toEqual({ level: 'risk', harmEffectivelyAvoided: false, authorityRequiredNotice: false });
    expect(result.value.crossBorder).toEqual({ involved: false, countries: [] });
  });

  it('IncidentInputSchema: { issues } with the path for a wrong value', () => {
    const result = IncidentInputSchema['~standard'].validate({ ...leak(), cause: { category: 'aliens', known: true } });
    if (result instanceof Promise) throw new Error('expected a synchronous result');
    expect(result.issues?.map((issue) => issue.path)).toEqual([['cause', 'category']]);
  });

  it('IncidentPatchSchema: a partial revision, instants normalised; id is not a field', () => {
    const patch = parse(IncidentPatchSchema, { handlingEndedAt: '2026-11-23T18:00:00+08:00', id: 'inc_other' });
    expect(patch.handlingEndedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(Object.hasOwn(patch, 'id')).toBe(false);
    expect(Object.hasOwn(patch, 'title')).toBe(false);
    // Fields with a default come back with it (updateIncident applies only the fields a patch names).
    expect(patch.remedies).toEqual([]);
    expect(() => parse(IncidentPatchSchema, { title: '' })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
  });

  it('each schema carries its public output and input types', () => {
    expectTypeOf<SchemaInput<typeof IncidentInputSchema>>().toEqualTypeOf<IncidentInput>();
    expectTypeOf<SchemaOutput<typeof IncidentInputSchema>>().toExtend<IncidentDetails>();
    expectTypeOf<SchemaInput<typeof IncidentPatchSchema>>().toEqualTypeOf<IncidentPatch>();
  });
});
