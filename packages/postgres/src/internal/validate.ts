import { toInstant, ValidationError, type ValidationIssueInit } from '@aisle/core';

// The same id rules as the contract's reference store (`@aisle/core`, whose `validateAppend` checks
// appends): text is UTF-8 in PostgreSQL, so a lone surrogate, which a driver would silently turn
// into U+FFFD, making two ids one, is refused there too. Scratch arrays are local to each call.
const MAX_ID = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A short, safe description of a received value (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function checkId(value: unknown, path: ReadonlyArray<string | number>, issues: ValidationIssueInit[], max = MAX_ID): void {
  if (typeof value !== 'string') issues.push({ path, message: `expected a string, received ${describe(value)}` });
  else if (value.length === 0 || value.length > max)
    issues.push({ path, message: `expected 1 to ${max} characters, received ${value.length}` });
  else if (CONTROL.test(value)) issues.push({ path, message: 'expected no control characters, received one' });
  else if (LONE_SURROGATE.test(value)) issues.push({ path, message: 'expected well-formed Unicode, received a lone surrogate' });
}

export function fail(issues: ReadonlyArray<ValidationIssueInit>, label: string): void {
  if (issues.length > 0) throw new ValidationError(issues, { label });
}

export function checkStreamId(streamId: unknown): asserts streamId is string {
  const issues: ValidationIssueInit[] = [];
  checkId(streamId, ['streamId'], issues);
  fail(issues, 'stream id');
}

export function checkWhole(name: string, value: unknown, min: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new ValidationError([{ path: [name], message: `expected a whole number >= ${min}, received ${describe(value)}` }]);
  }
}

export function instantArg(value: unknown, path: string): Date {
  try {
    if (typeof value !== 'string') throw new Error('not a string');
    return toInstant(value);
  } catch {
    throw new ValidationError([{ path: [path], message: `expected an ISO 8601 instant with an offset, received ${describe(value)}` }]);
  }
}
