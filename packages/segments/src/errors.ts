import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/segments`. Codes never change meaning once published.
 *
 * @example
 * ```ts
 * import { parseSegment, SegmentError, SegmentErrorCode } from '@aisle/segments';
 *
 * try {
 *   parseSegment('visits30d >');
 * } catch (error) {
 *   if (error instanceof SegmentError && error.code === SegmentErrorCode.SYNTAX) console.log(error.message);
 * }
 * ```
 *
 * @public
 */
export const SegmentErrorCode = {
  /** The text is not a valid segment expression; `details` has `line`, `column` and `expected`. */
  SYNTAX: 'SEGMENT_SYNTAX',
  /** A field the profile schema does not declare; `details.suggestion` has the nearest known name. */
  UNKNOWN_FIELD: 'SEGMENT_UNKNOWN_FIELD',
  /** A function other than the built-in ones (`purchased`). */
  UNKNOWN_FUNCTION: 'SEGMENT_UNKNOWN_FUNCTION',
  /** An operator or literal that does not fit the field's type (e.g. `tier > 3` on an enum). */
  TYPE_MISMATCH: 'SEGMENT_TYPE_MISMATCH',
  /** Nesting deeper than the depth limit (default 64), in text or in a JSON AST. */
  TOO_DEEP: 'SEGMENT_TOO_DEEP',
  /** An IN / CONTAINS ANY / CONTAINS ALL list longer than the list limit (default 1000). */
  LIST_TOO_LARGE: 'SEGMENT_LIST_TOO_LARGE',
  /** Segment text longer than the input limit (default 100 000 characters). */
  INPUT_TOO_LONG: 'SEGMENT_INPUT_TOO_LONG',
  /** A JSON AST that does not match the schema; `cause` is the validation error. */
  INVALID_AST: 'SEGMENT_INVALID_AST',
  /** A profile schema that is malformed (bad field name, enum without values). */
  INVALID_SCHEMA: 'SEGMENT_INVALID_SCHEMA',
  /** A profile value of the wrong type for its field (e.g. money that is not an integer number of fen). */
  INVALID_PROFILE: 'SEGMENT_INVALID_PROFILE',
  /** `compileSql` was not told which column or table holds a field the segment uses. */
  UNMAPPED_FIELD: 'SEGMENT_UNMAPPED_FIELD',
  /** The bitmap engine's optional peer dependency `roaring` is not installed (or its native addon did not load). */
  ENGINE_UNAVAILABLE: 'SEGMENT_ENGINE_UNAVAILABLE',
  /** Options that are out of range (holdout fraction, thresholds, dialect). */
  INVALID_OPTIONS: 'SEGMENT_INVALID_OPTIONS',
} as const;

/** @public */
export type SegmentErrorCode = (typeof SegmentErrorCode)[keyof typeof SegmentErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/segments`. */
    segments: SegmentErrorCode;
  }
}

/**
 * The error `@aisle/segments` throws for bad input: an `AisleError` (from `@aisle/core`) whose
 * `code` is one of `SegmentErrorCode`.
 * `SegmentError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { SegmentError, SegmentErrorCode } from '@aisle/segments';
 *
 * const error = new SegmentError(SegmentErrorCode.TOO_DEEP, 'too deep');
 * console.log(error.code); // 'SEGMENT_TOO_DEEP'
 * ```
 *
 * @public
 */
export class SegmentError extends AisleError<SegmentErrorCode> {
  /** The `SEGMENT_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(SegmentErrorCode);
  /** Always `'SegmentError'`. */
  override name = 'SegmentError';
}
