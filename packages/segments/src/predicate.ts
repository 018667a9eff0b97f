import type { SegmentAst } from './ast';
import { compilePlan } from './internal/evaluate';
import { type EvaluationOptions, planOf } from './internal/plan';
import { checkProfile, type Profile } from './profile';
import type { ProfileSchema } from './profile-schema';

/**
 * Options of {@link toPredicate} and {@link explain}.
 *
 * @example
 * ```ts
 * import { defineProfileSchema, type PredicateOptions } from '@aisle/segments';
 *
 * const options: PredicateOptions = { schema: defineProfileSchema({ visits30d: { type: 'number' } }), at: Date.now(), zone: 'Asia/Shanghai' };
 * ```
 *
 * @public
 */
export interface PredicateOptions extends EvaluationOptions {
  readonly schema: ProfileSchema;
}

/**
 * A compiled segment for one profile at a time: `test` says whether the member is in the segment,
 * `truth` gives the three-valued result (`null` = UNKNOWN, which is not membership).
 *
 * @example
 * ```ts
 * import type { SegmentPredicate } from '@aisle/segments';
 *
 * declare const isVip: SegmentPredicate;
 * console.log(isVip.test({ id: 'M1', attributes: { tier: 'vip' } }));
 * ```
 *
 * @public
 */
export interface SegmentPredicate {
  test(profile: Profile): boolean;
  truth(profile: Profile): boolean | null;
}

/**
 * Compiles a segment into a per-profile predicate (is this customer in the segment now?).
 * Relative dates are fixed at `at` in `zone` when compiling.
 *
 * @throws {@link SegmentError} `SEGMENT_UNKNOWN_FIELD` / `SEGMENT_TYPE_MISMATCH` when compiling,
 * `SEGMENT_INVALID_PROFILE` when a profile holds a value of the wrong type.
 *
 * @example
 * ```ts
 * import { defineProfileSchema, parseSegment, toPredicate } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' }, visits30d: { type: 'number' } });
 * const vip = toPredicate(parseSegment("tags CONTAINS 'vip' AND visits30d >= 2"), { schema, at: Date.now(), zone: 'Asia/Shanghai' });
 * console.log(vip.test({ id: 'M1', attributes: { tags: ['vip'], visits30d: 3 } })); // true
 * ```
 *
 * @public
 */
export function toPredicate(ast: SegmentAst, options: PredicateOptions): SegmentPredicate {
  const run = compilePlan(planOf(ast, options.schema, options));
  return { test: (profile) => run(checkProfile(profile)) === true, truth: (profile) => run(checkProfile(profile)) };
}
