import { DeidError, DeidErrorCode } from '../errors';

/** The longest identifier accepted anywhere (characters). */
export const MAX_IDENTIFIER_LENGTH = 256;
/** The longest free text accepted by detection and scrubbing (characters). */
export const MAX_TEXT_LENGTH = 1_000_000;

/** Rejects non-strings, empty strings and oversized strings with precise codes. */
export function assertValue(value: unknown, label: string, max = MAX_IDENTIFIER_LENGTH): string {
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string`);
  if (value.trim().length === 0) throw new DeidError(DeidErrorCode.EMPTY_VALUE, `${label} is empty`, { details: { label } });
  if (value.length > max) {
    throw new DeidError(DeidErrorCode.VALUE_TOO_LONG, `${label} is ${value.length} characters; the limit is ${max}`, {
      details: { label, length: value.length, max },
    });
  }
  return value;
}

/** Luhn (ISO/IEC 7812) check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Replaces the digit at `position` so that the whole string passes Luhn. */
export function fixLuhn(digits: string, position: number): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = digits.slice(0, position) + d + digits.slice(position + 1);
    if (luhnValid(candidate)) return candidate;
  }
  /* c8 ignore next */
  throw new Error('unreachable: some digit always satisfies Luhn');
}
