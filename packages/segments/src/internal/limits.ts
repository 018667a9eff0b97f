import { SegmentError, SegmentErrorCode } from '../errors';

/** Limits every entry point applies to untrusted segments. */
export interface Limits {
  readonly maxDepth: number;
  readonly maxListLength: number;
  readonly maxLength: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 64, maxListLength: 1000, maxLength: 100_000 };

/**
 * The most a caller may raise each limit to. The parser and the evaluators recurse once per
 * level, so the depth has a hard ceiling well inside any JavaScript stack; the other two bound
 * memory and time.
 */
export const MAX_LIMITS: Limits = { maxDepth: 256, maxListLength: 100_000, maxLength: 10_000_000 };

/**
 * The limits of one call. A limit that is not a whole number from 1 to its ceiling is a
 * programmer error: `NaN` or `Infinity` would silently switch the limit off.
 *
 * @throws SegmentError `SEGMENT_INVALID_OPTIONS` naming the option, what was expected and what was received.
 */
export function limitsOf(options: { maxDepth?: number; maxListLength?: number; maxLength?: number } = {}): Limits {
  const pick = (name: keyof Limits): number => {
    const value: unknown = options[name];
    if (value === undefined) return DEFAULT_LIMITS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMITS[name]) {
      const shown = typeof value === 'number' ? String(value) : typeof value;
      throw new SegmentError(
        SegmentErrorCode.INVALID_OPTIONS,
        `${name}: expected a whole number from 1 to ${MAX_LIMITS[name]}, received ${shown}`,
        {
          details: { option: name },
        },
      );
    }
    return value;
  };
  return { maxDepth: pick('maxDepth'), maxListLength: pick('maxListLength'), maxLength: pick('maxLength') };
}
