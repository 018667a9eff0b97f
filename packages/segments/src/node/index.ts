/**
 * `@aisle/segments/bitmap`: the in-memory engine on roaring bitmaps (Node only; `roaring` is an
 * optional peer dependency).
 *
 * @packageDocumentation
 * @module @aisle/segments/bitmap
 */

export type { BitmapIndex, BitmapIndexOptions, BitmapQueryOptions, IndexMemory } from './bitmap-index';
export { createBitmapIndex } from './bitmap-index';
