import type { Schema } from '@aisle/core';
import * as z from 'zod/mini';
import type { SegmentAst } from './ast';

const unit = /* @__PURE__ */ z.enum(['d', 'w', 'm', 'y']);
const op = /* @__PURE__ */ z.enum(['=', '!=', '<', '<=', '>', '>=']);
const finite = /* @__PURE__ */ z.number().check(z.refine((n) => Number.isFinite(n), 'must be finite'));
const int = /* @__PURE__ */ z.number().check(z.refine((n) => Number.isSafeInteger(n), 'must be a safe integer'));

const literal = /* @__PURE__ */ z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('string'), value: z.string() }),
  z.strictObject({ type: z.literal('number'), value: finite }),
  z.strictObject({ type: z.literal('boolean'), value: z.boolean() }),
  z.strictObject({ type: z.literal('date'), value: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
  z.strictObject({ type: z.literal('relative'), offset: int, unit }),
]);

const field = /* @__PURE__ */ z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/));

// Recursive, so zod cannot infer it: typed by hand (input and output are both `SegmentAst`).
const ast: z.ZodMiniType<SegmentAst, SegmentAst> = /* @__PURE__ */ z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('and'), args: z.array(ast).check(z.minLength(2)) }),
    z.strictObject({ type: z.literal('or'), args: z.array(ast).check(z.minLength(2)) }),
    z.strictObject({ type: z.literal('not'), arg: ast }),
    z.strictObject({ type: z.literal('compare'), field, op, value: literal }),
    z.strictObject({ type: z.literal('in'), field, values: z.array(literal).check(z.minLength(1)), negated: z.boolean() }),
    z.strictObject({ type: z.literal('between'), field, low: literal, high: literal, negated: z.boolean() }),
    z.strictObject({
      type: z.literal('contains'),
      field,
      mode: z.enum(['one', 'any', 'all']),
      values: z.array(z.string()).check(z.minLength(1)),
    }),
    z.strictObject({ type: z.literal('isNull'), field, negated: z.boolean() }),
    z.strictObject({
      type: z.literal('purchased'),
      category: z.string(),
      within: z.nullable(z.strictObject({ amount: int.check(z.refine((n) => n >= 0, 'must be >= 0')), unit })),
      op,
      count: int.check(z.refine((n) => n >= 0, 'must be >= 0')),
    }),
  ]),
) as never;

/**
 * The schema of {@link SegmentAst}, as a Standard Schema; {@link segmentFromJson} validates with
 * it (after a depth check, so a hostile document cannot exhaust the stack).
 *
 * @example
 * ```ts
 * import { segmentAstSchema } from '@aisle/segments';
 *
 * const result = segmentAstSchema['~standard'].validate({ type: 'isNull', field: 'birthday', negated: false });
 * if (result instanceof Promise) throw new Error('Aisle schemas validate synchronously');
 * console.log(result.issues === undefined); // true
 * ```
 *
 * @public
 */
export const segmentAstSchema: Schema<SegmentAst, SegmentAst> = ast;
