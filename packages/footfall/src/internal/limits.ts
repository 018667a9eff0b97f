import { FootfallError, FootfallErrorCode } from '../errors';

/**
 * Input limits of the adapters, checked before anything is parsed. Text is measured in UTF-16
 * code units (`string.length`); arrays by `length` (so a sparse `a[5e6] = {}` is rejected by its
 * length, without visiting its holes).
 */
export const DEFAULT_MAX_RECORDS = 100_000;
/** Every array element and object member visited while reading one input, nested ones included. */
export const DEFAULT_MAX_NODES = 2_000_000;

/** Throws `FOOTFALL_INPUT_TOO_LARGE` when `text` is longer than `max`. */
export function checkText(text: string, max: number, what: string): void {
  if (text.length > max) {
    throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `${what}: expected at most ${max} characters, received ${text.length}`, {
      details: { limit: max, received: text.length },
    });
  }
}

/** The records of an input that is one record or an array of them; the array's length is checked first. */
export function recordsOf(input: unknown, max: number, what: string): readonly unknown[] {
  if (!Array.isArray(input)) return [input];
  if (input.length > max) {
    throw new FootfallError(
      FootfallErrorCode.INPUT_TOO_LARGE,
      `${what}: expected at most ${max} records, received an array of length ${input.length}`,
      { details: { limit: max, received: input.length } },
    );
  }
  return input;
}

/** Validates a caller's limit option: a positive integer no larger than `hard`. */
export function limitOption(value: number | undefined, fallback: number, hard: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > hard) {
    throw new RangeError(`${name}: expected an integer in [1, ${hard}], received ${String(value)}`);
  }
  return value;
}
