/**
 * `@aisle/segments/bitmap`: the in-memory engine on roaring bitmaps (Node only; `roaring` is an
 * optional peer dependency).
 *
 * @packageDocumentation
 * @module @aisle/segments/bitmap
 */

// The shared types the engine's signatures use, re-exported so this entry point is self-contained.
export type { CompareOp, DurationUnit, Literal, SegmentAst } from '../ast';
export type { EvaluationOptions } from '../internal/plan';
export type { Profile, Purchase } from '../profile';
export type { FieldSpec, FieldType, ProfileSchema } from '../profile-schema';
export type { BitmapIndex, BitmapIndexOptions, BitmapQueryOptions, IndexMemory } from './bitmap-index';
export { createBitmapIndex } from './bitmap-index';
