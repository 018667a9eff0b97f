import { FootfallError, FootfallErrorCode } from './errors';

/**
 * Most detections one struct-of-arrays frame may carry (2^20); more throws `FOOTFALL_INPUT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * import { COLUMNS_MAX_DETECTIONS } from '@aisle/footfall';
 *
 * const batch = Math.min(100_000, COLUMNS_MAX_DETECTIONS); // detections per updateColumns call
 * ```
 *
 * @public
 */
export const COLUMNS_MAX_DETECTIONS = 1_048_576;

/**
 * Most class names one struct-of-arrays frame may list.
 *
 * @example
 * ```ts
 * import { COLUMNS_MAX_CLASSES } from '@aisle/footfall';
 *
 * const classes = ['person', 'cart'];
 * console.log(classes.length <= COLUMNS_MAX_CLASSES); // true
 * ```
 *
 * @public
 */
export const COLUMNS_MAX_CLASSES = 65_536;

/**
 * A column of track ids: integers by type, or doubles that must be safe integers.
 *
 * @example
 * ```ts
 * import type { TrackIdColumn } from '@aisle/footfall';
 *
 * const ids: TrackIdColumn = Int32Array.of(7, 8);
 * ```
 *
 * @public
 */
export type TrackIdColumn = Int32Array | Uint32Array | Float64Array;

/**
 * A column of coordinates.
 *
 * @example
 * ```ts
 * import type { CoordinateColumn } from '@aisle/footfall';
 *
 * const xs: CoordinateColumn = Float32Array.of(90, 130);
 * ```
 *
 * @public
 */
export type CoordinateColumn = Float32Array | Float64Array;

/**
 * A column of class indices into {@link FrameColumns.classes}.
 *
 * @example
 * ```ts
 * import type { ClassColumn } from '@aisle/footfall';
 *
 * const cls: ClassColumn = Uint8Array.of(0, 1, 0);
 * ```
 *
 * @public
 */
export type ClassColumn = Uint8Array | Uint16Array;

/**
 * One frame of detections as struct-of-arrays columns (what a detector's output tensor or a
 * binary wire format decodes to without building an object per detection): detection `i` is
 * track `trackId[i]` with box `x[i], y[i], w[i], h[i]` (left, top, width, height, y down) and
 * class `classes[cls[i]]` (`person` when there is no `cls` column). The other fields are those of
 * a `FrameEvent`. Buffers may be reused from frame to frame: `count` says how many leading
 * entries are this frame's.
 *
 * @example
 * ```ts
 * import { createLineCounter, type FrameColumns } from '@aisle/footfall';
 *
 * const frame: FrameColumns = {
 *   source: 'door-n',
 *   frame: 1,
 *   at: Date.parse('2026-11-21T10:00:00+08:00'),
 *   trackId: Int32Array.of(7, 8),
 *   x: Float32Array.of(90, 130),
 *   y: Float32Array.of(20, 180),
 *   w: Float32Array.of(20, 24),
 *   h: Float32Array.of(40, 44),
 *   cls: Uint8Array.of(0, 1),
 *   classes: ['person', 'cart'],
 * };
 * createLineCounter({ start: { x: 0, y: 100 }, end: { x: 200, y: 100 } }).updateColumns(frame); // []
 * ```
 *
 * @public
 */
export interface FrameColumns {
  /** The camera (as in `FrameEvent`). */
  readonly source: string;
  /** Tracker epoch (as in `FrameEvent`). */
  readonly epoch?: number | string;
  /** Frame number of this source. */
  readonly frame: number;
  /** Event time in epoch milliseconds. */
  readonly at: number;
  /** What box coordinates are in (as in `FrameEvent`). */
  readonly boxUnit?: 'pixels' | 'relative';
  /** Detections in this frame (default: `trackId.length`, and then every column has that length). */
  readonly count?: number;
  /** Track ids, one per detection. */
  readonly trackId: TrackIdColumn;
  /** Box left edges. */
  readonly x: CoordinateColumn;
  /** Box top edges (y down). */
  readonly y: CoordinateColumn;
  /** Box widths (must be positive, or the detection is skipped and counted as `invalidBoxes`). */
  readonly w: CoordinateColumn;
  /** Box heights (likewise). */
  readonly h: CoordinateColumn;
  /** Class of each detection, as an index into `classes`; without it every detection is a `person`. */
  readonly cls?: ClassColumn;
  /** Class names `cls` indexes (required with `cls`). */
  readonly classes?: readonly string[];
}

const COORDINATE_COLUMNS = ['x', 'y', 'w', 'h'] as const;
const ID_KINDS = 'an Int32Array, Uint32Array or Float64Array';
const COORDINATE_KINDS = 'a Float32Array or Float64Array';
const CLASS_KINDS = 'a Uint8Array or Uint16Array';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name.slice(0, 40) : 'object';
}

/** A column's length is right: `count` exactly, or at least `count` when the frame gave `count`. */
function lengthOk(exact: boolean, count: number, length: number): boolean {
  return exact ? length === count : length >= count;
}

function invalid(message: string, details: Record<string, unknown>): FootfallError {
  return new FootfallError(FootfallErrorCode.INVALID_COLUMNS, message, { details });
}

const isIds = (c: unknown): c is TrackIdColumn => c instanceof Int32Array || c instanceof Uint32Array || c instanceof Float64Array;
const isCoordinates = (c: unknown): c is CoordinateColumn => c instanceof Float32Array || c instanceof Float64Array;
const isClasses = (c: unknown): c is ClassColumn => c instanceof Uint8Array || c instanceof Uint16Array;

/** What a column's length should be, in words (built only for an error message). */
function expectedLength(exact: boolean, count: number): string {
  return exact ? `${count} elements (trackId's length)` : `at least ${count} elements (count)`;
}

/** Checks one coordinate column's kind and length (see {@link checkColumns}). */
function checkCoordinates(column: unknown, name: (typeof COORDINATE_COLUMNS)[number], exact: boolean, count: number): void {
  if (!isCoordinates(column)) {
    throw invalid(`Frame column ${name}: expected ${COORDINATE_KINDS}, received ${describe(column)}`, {
      column: name,
      expected: COORDINATE_KINDS,
      received: describe(column),
    });
  }
  if (!lengthOk(exact, count, column.length)) {
    throw invalid(`Frame column ${name}: expected ${expectedLength(exact, count)}, received ${column.length}`, {
      column: name,
      expected: expectedLength(exact, count),
      received: column.length,
    });
  }
}

/**
 * Checks a struct-of-arrays frame before anything is read from it, and returns its detection
 * count. Per-detection values (a NaN coordinate, a zero width, an id that is no safe integer)
 * are not errors: the counter skips and counts them exactly as it does for object frames.
 */
export function checkColumns(frame: FrameColumns): number {
  if (typeof frame !== 'object' || frame === null) {
    throw invalid(`A struct-of-arrays frame: expected an object, received ${describe(frame)}`, {
      expected: 'object',
      received: describe(frame),
    });
  }
  if (typeof frame.source !== 'string') {
    throw invalid(`Frame columns' source: expected a string, received ${describe(frame.source)}`, {
      column: 'source',
      expected: 'string',
      received: describe(frame.source),
    });
  }
  const ids = frame.trackId;
  if (!isIds(ids)) {
    throw invalid(`Frame column trackId: expected ${ID_KINDS}, received ${describe(ids)}`, {
      column: 'trackId',
      expected: ID_KINDS,
      received: describe(ids),
    });
  }
  const count = frame.count ?? ids.length;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw invalid(`Frame columns' count: expected a non-negative integer, received ${String(count).slice(0, 40)}`, {
      column: 'count',
      expected: 'a non-negative integer',
      received: typeof count === 'number' ? count : describe(count),
    });
  }
  if (count > COLUMNS_MAX_DETECTIONS) {
    throw new FootfallError(
      FootfallErrorCode.INPUT_TOO_LARGE,
      `A struct-of-arrays frame: expected at most ${COLUMNS_MAX_DETECTIONS} detections, received ${count}`,
      { details: { limit: COLUMNS_MAX_DETECTIONS, received: count } },
    );
  }
  const exact = frame.count === undefined;
  if (!lengthOk(exact, count, ids.length)) {
    throw invalid(`Frame column trackId: expected ${expectedLength(exact, count)}, received ${ids.length}`, {
      column: 'trackId',
      expected: expectedLength(exact, count),
      received: ids.length,
    });
  }
  // Named reads (a loop over the names would be four keyed reads per frame).
  checkCoordinates(frame.x, 'x', exact, count);
  checkCoordinates(frame.y, 'y', exact, count);
  checkCoordinates(frame.w, 'w', exact, count);
  checkCoordinates(frame.h, 'h', exact, count);
  const cls = frame.cls;
  if (cls === undefined) return count;
  if (!isClasses(cls)) {
    throw invalid(`Frame column cls: expected ${CLASS_KINDS}, received ${describe(cls)}`, {
      column: 'cls',
      expected: CLASS_KINDS,
      received: describe(cls),
    });
  }
  if (!lengthOk(exact, count, cls.length)) {
    throw invalid(`Frame column cls: expected ${expectedLength(exact, count)}, received ${cls.length}`, {
      column: 'cls',
      expected: expectedLength(exact, count),
      received: cls.length,
    });
  }
  const classes = frame.classes;
  if (!Array.isArray(classes) || classes.length === 0 || classes.length > COLUMNS_MAX_CLASSES) {
    const received = Array.isArray(classes) ? `${classes.length} names` : describe(classes);
    throw invalid(`Frame columns' classes: expected 1 to ${COLUMNS_MAX_CLASSES} class names for the cls column, received ${received}`, {
      column: 'classes',
      expected: `1 to ${COLUMNS_MAX_CLASSES} class names`,
      received,
    });
  }
  for (let i = 0; i < classes.length; i++) {
    if (typeof classes[i] !== 'string') {
      throw invalid(`Frame columns' classes[${i}]: expected a string, received ${describe(classes[i])}`, {
        column: 'classes',
        index: i,
        expected: 'string',
        received: describe(classes[i]),
      });
    }
  }
  if (classes.length <= (cls instanceof Uint8Array ? 255 : 65_535)) {
    for (let i = 0; i < count; i++) {
      if ((cls[i] as number) >= classes.length) {
        throw invalid(`Frame column cls[${i}]: expected a class index below ${classes.length}, received ${cls[i]}`, {
          column: 'cls',
          index: i,
          expected: `below ${classes.length}`,
          received: cls[i],
        });
      }
    }
  }
  return count;
}
