import { z } from 'zod/mini';

/**
 * A literal value in a segment: a string, a finite number, a boolean, a calendar date in the
 * segment's zone, or a date relative to the evaluation day (`-30d`, `today`).
 *
 * @example
 * ```ts
 * import type { Literal } from '@aisle/segments';
 *
 * const thirtyDaysAgo: Literal = { type: 'relative', offset: -30, unit: 'd' };
 * ```
 *
 * @public
 */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'date'; readonly value: string }
  | { readonly type: 'relative'; readonly offset: number; readonly unit: DurationUnit };

/**
 * Calendar units of relative dates and windows: days, weeks, months, years.
 *
 * @example
 * ```ts
 * import type { DurationUnit } from '@aisle/segments';
 *
 * const unit: DurationUnit = 'm';
 * ```
 *
 * @public
 */
export type DurationUnit = 'd' | 'w' | 'm' | 'y';

/**
 * Comparison operators.
 *
 * @example
 * ```ts
 * import type { CompareOp } from '@aisle/segments';
 *
 * const op: CompareOp = '>=';
 * ```
 *
 * @public
 */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * The JSON AST of a segment expression (what `parseSegment` returns and
 * `printSegment` prints). `and`/`or` have at least two arguments; a parenthesised group
 * stays a nested node, so `parseSegment(printSegment(ast))` equals `ast`.
 *
 * @example
 * ```ts
 * import type { SegmentAst } from '@aisle/segments';
 *
 * const vip: SegmentAst = { type: 'contains', field: 'tags', mode: 'one', values: ['vip'] };
 * ```
 *
 * @public
 */
export type SegmentAst =
  | { readonly type: 'and'; readonly args: readonly SegmentAst[] }
  | { readonly type: 'or'; readonly args: readonly SegmentAst[] }
  | { readonly type: 'not'; readonly arg: SegmentAst }
  | { readonly type: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: Literal }
  | { readonly type: 'in'; readonly field: string; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly type: 'between'; readonly field: string; readonly low: Literal; readonly high: Literal; readonly negated: boolean }
  | { readonly type: 'contains'; readonly field: string; readonly mode: 'one' | 'any' | 'all'; readonly values: readonly string[] }
  | { readonly type: 'isNull'; readonly field: string; readonly negated: boolean }
  | {
      readonly type: 'purchased';
      readonly category: string;
      readonly within: { readonly amount: number; readonly unit: DurationUnit } | null;
      readonly op: CompareOp;
      readonly count: number;
    };

const unit = z.enum(['d', 'w', 'm', 'y']);
const op = z.enum(['=', '!=', '<', '<=', '>', '>=']);
const finite = z.number().check(z.refine((n) => Number.isFinite(n), 'must be finite'));
const int = z.number().check(z.refine((n) => Number.isSafeInteger(n), 'must be a safe integer'));

const literal = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('string'), value: z.string() }),
  z.strictObject({ type: z.literal('number'), value: finite }),
  z.strictObject({ type: z.literal('boolean'), value: z.boolean() }),
  z.strictObject({ type: z.literal('date'), value: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
  z.strictObject({ type: z.literal('relative'), offset: int, unit }),
]);

const field = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/));

/**
 * The zod schema of {@link SegmentAst}; {@link segmentFromJson} validates with it (after a depth
 * check, so a hostile document cannot exhaust the stack).
 *
 * @example
 * ```ts
 * import { segmentAstSchema } from '@aisle/segments';
 *
 * console.log(segmentAstSchema.safeParse({ type: 'isNull', field: 'birthday', negated: false }).success);
 * ```
 *
 * @public
 */
export const segmentAstSchema: z.ZodMiniType<SegmentAst> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('and'), args: z.array(segmentAstSchema).check(z.minLength(2)) }),
    z.strictObject({ type: z.literal('or'), args: z.array(segmentAstSchema).check(z.minLength(2)) }),
    z.strictObject({ type: z.literal('not'), arg: segmentAstSchema }),
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
