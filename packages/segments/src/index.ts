/**
 * `@aisle/segments`: one segment language for customer tags and traits, with a per-profile
 * predicate, parameterised SQL, explanations and consent-gated audiences. The bitmap engine is
 * in `@aisle/segments/bitmap` (Node only).
 *
 * @packageDocumentation
 * @module @aisle/segments
 */

export type { CompareOp, DurationUnit, Literal, SegmentAst } from './ast';
export { segmentAstSchema } from './ast';
export { SegmentError, SegmentErrorCode } from './errors';
export type { ExplainNode, Explanation } from './explain';
export { explain } from './explain';
export type { EvaluationOptions } from './internal/plan';
export type { ParseSegmentOptions } from './parse';
export { parseSegment, segmentFromJson } from './parse';
export type { PredicateOptions, SegmentPredicate } from './predicate';
export { toPredicate } from './predicate';
export { printSegment } from './print';
export type { Profile, Purchase } from './profile';
export type { FieldSpec, FieldType, ProfileSchema } from './profile-schema';
export { defineProfileSchema } from './profile-schema';
export type { CompiledSql, CompileSqlOptions, SqlDialect, SqlMapping, SqlParam } from './sql';
export { compileSql } from './sql';
export { typeCheck } from './type-check';
