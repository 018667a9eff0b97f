/**
 * `@aisle/segments`: one segment language for customer tags and traits, with a per-profile
 * predicate, parameterised SQL, explanations and consent-gated audiences. The bitmap engine is
 * in `@aisle/segments/bitmap` (Node only).
 *
 * @packageDocumentation
 * @module @aisle/segments
 */

export type { CompareOp, DurationUnit, Literal, PurchaseKey, SegmentAst } from './ast';
export { segmentAstSchema } from './ast-schema';
export type { Audience, AudienceOptions, Campaign, ConsentGate } from './audience';
export { allocateCampaigns, buildAudience, estimateSize } from './audience';
export type { AudienceRow, CompileAudienceSqlOptions, CompiledAudienceSql } from './audience-sql';
export { audienceFromRows, compileAudienceSql } from './audience-sql';
export { SegmentError, SegmentErrorCode } from './errors';
export type { ExplainNode, Explanation } from './explain';
export { explain } from './explain';
export type { EvaluationOptions } from './internal/plan';
export { segmentFromJson } from './json';
export type { LifecycleInput, LifecycleStage, LifecycleThresholds } from './lifecycle';
export { lifecycleStage } from './lifecycle';
export type { ParseSegmentOptions } from './parse';
export { parseSegment } from './parse';
export type { PredicateOptions, SegmentPredicate } from './predicate';
export { toPredicate } from './predicate';
export { printSegment } from './print';
export type { Profile, Purchase } from './profile';
export type { FieldSpec, FieldType, ProfileSchema } from './profile-schema';
export { defineProfileSchema } from './profile-schema';
export type { RfmInput, RfmScore, RfmSqlOptions } from './rfm';
export { rfm, rfmSql } from './rfm';
export type { CompiledSql, CompileSqlOptions, SqlDialect, SqlMapping, SqlParam } from './sql';
export { compileSql } from './sql';
export type { MemberEvent, TraitAggregator } from './traits';
export { categoryPurchases, computeTraits, lastVisit, spendWithin, visitsWithin } from './traits';
export { typeCheck } from './type-check';
