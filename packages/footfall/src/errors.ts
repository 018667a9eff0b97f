import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/footfall`. Bad input that a stream can survive (a NaN box, a frame out
 * of order, a counter going backwards) is never thrown: it is skipped and counted in the
 * {@link QualityReport}. These codes are for input that cannot be processed at all.
 *
 * @example
 * ```ts
 * import { FootfallErrorCode } from '@aisle/footfall';
 *
 * console.log(FootfallErrorCode.INVALID_GEOMETRY); // 'FOOTFALL_INVALID_GEOMETRY'
 * ```
 *
 * @public
 */
export const FootfallErrorCode = {
  /** A line with coincident ends, a polygon with fewer than 3 vertices or zero area, a grid of zero size. */
  INVALID_GEOMETRY: 'FOOTFALL_INVALID_GEOMETRY',
  /** Text in a vendor format (MOT, Axis, Hikvision, …) that cannot be read at all; `details` says where. */
  MALFORMED_INPUT: 'FOOTFALL_MALFORMED_INPUT',
  /** Aggregates with different configurations (window size, zone, version) cannot be merged. */
  INCOMPATIBLE_AGGREGATES: 'FOOTFALL_INCOMPATIBLE_AGGREGATES',
  /** Opening hours that close before they open, or overlap. */
  INVALID_OPENING_HOURS: 'FOOTFALL_INVALID_OPENING_HOURS',
  /** A serialised aggregate that is not one (wrong version or shape). */
  INVALID_AGGREGATE: 'FOOTFALL_INVALID_AGGREGATE',
  /**
   * Input over a documented size limit (adapter text or records, a chart or heatmap over its cap,
   * a staffing or campaign series too long), refused before it is parsed or drawn; `details` has
   * `limit` and `received`.
   */
  INPUT_TOO_LARGE: 'FOOTFALL_INPUT_TOO_LARGE',
  /**
   * Options of a SQL compiler that cannot be compiled (an unknown dialect, an empty or NUL-bearing
   * identifier, a duplicate source, a value the dialect cannot carry), or result rows that are not
   * what the compiled SQL returns; `details` says which.
   */
  INVALID_SQL: 'FOOTFALL_INVALID_SQL',
  /**
   * A struct-of-arrays frame (`LineCounter.updateColumns`) whose columns cannot be read: a column
   * that is not a typed array of an accepted kind, columns of disagreeing lengths, a `count` that
   * is not a non-negative integer, a class index outside `classes`; `details` has `column`,
   * `expected` and `received`. Checked before any detection is read, so nothing is half-counted.
   */
  INVALID_COLUMNS: 'FOOTFALL_INVALID_COLUMNS',
} as const;

/** @public */
export type FootfallErrorCode = (typeof FootfallErrorCode)[keyof typeof FootfallErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/footfall`. */
    footfall: FootfallErrorCode;
  }
}

/**
 * The error `@aisle/footfall` throws for input it cannot process. Switch on `code`.
 * `FootfallError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { createLineCounter, FootfallError } from '@aisle/footfall';
 *
 * try {
 *   createLineCounter({ start: { x: 1, y: 1 }, end: { x: 1, y: 1 } });
 * } catch (error) {
 *   if (FootfallError.isInstance(error)) console.log(error.code); // FOOTFALL_INVALID_GEOMETRY
 * }
 * ```
 *
 * @public
 */
export class FootfallError extends AisleError<FootfallErrorCode> {
  /** The `FOOTFALL_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(FootfallErrorCode);
  /** Always `'FootfallError'`. */
  override name = 'FootfallError';
}
