import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import { parse, type Schema, type SchemaInput, type SchemaOutput, safeParse, ValidationError } from '../src/index';

/** A Standard Schema written by hand (no validator library): a SKU, trimmed. */
const Sku: Schema<string, string> = {
  '~standard': {
    version: 1,
    vendor: 'aisle-test',
    validate: (value) =>
      typeof value === 'string' && value.trim().length > 0
        ? { value: value.trim() }
        : { issues: [{ message: `expected a non-empty string, received ${JSON.stringify(value)}`, path: [] }] },
  },
};

/** What a Standard Schema consumer (tRPC, TanStack Form…) infers: `types.output` / `types.input`. */
type InferOutput<S extends Schema<unknown>> = NonNullable<S['~standard']['types']>['output'];
type InferInput<S extends Schema<unknown>> = NonNullable<S['~standard']['types']>['input'];

describe('Schema (Standard Schema v1)', () => {
  it('a hand-written schema validates through parse, safeParse and ~standard.validate', () => {
    expect(parse(Sku, '  SKU-1 ')).toBe('SKU-1');
    expect(Sku['~standard'].validate(' SKU-2')).toEqual({ value: 'SKU-2' });
    const failed = safeParse(Sku, 42, { label: 'SKU' });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(ValidationError.isInstance(failed.error)).toBe(true);
      expect(failed.error.message).toContain('expected a non-empty string, received 42');
    }
  });

  it('a zod schema is a Schema: assignable, and parse reads its output type through it', () => {
    const Qty = z.pipe(
      z.string(),
      z.transform((s) => Number.parseInt(s, 10)),
    );
    const typed: Schema<number, string> = Qty;
    expect(typed['~standard'].vendor).toBe('zod');
    expect(typed['~standard'].version).toBe(1);
    const result = typed['~standard'].validate('12');
    expect(result).toEqual({ value: 12 });
    const bad = typed['~standard'].validate(12);
    expect(bad instanceof Promise ? undefined : bad.issues?.length).toBe(1);
    // parse still takes zod's synchronous path (a zod schema typed as `Schema` is still a zod schema).
    expect(parse(typed, '7')).toBe(7);
    expectTypeOf(parse(typed, '7')).toEqualTypeOf<number>();
  });

  it('carries its output and input types for Standard Schema consumers', () => {
    expectTypeOf<SchemaOutput<typeof Sku>>().toEqualTypeOf<string>();
    expectTypeOf<SchemaInput<Schema<number, string | number>>>().toEqualTypeOf<string | number>();
    expectTypeOf<InferOutput<Schema<{ id: string }, { id?: string }>>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InferInput<Schema<{ id: string }, { id?: string }>>>().toEqualTypeOf<{ id?: string }>();
    // `types` is for inference only: never present at run time.
    expect(Sku['~standard'].types).toBeUndefined();
  });
});
