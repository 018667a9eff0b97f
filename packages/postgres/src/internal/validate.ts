import { canonicalJson, type NewStreamEntry, toInstant, ValidationError, type ValidationIssue } from '@aisle/core';

// The same limits as the contract's reference store (`@aisle/core`), plus what PostgreSQL needs:
// text is UTF-8 there, so a lone surrogate (which a driver would silently turn into U+FFFD, making
// two ids one) is refused. Scratch arrays below are local to each call.
const MAX_ID = 200;
const MAX_TYPE = 100;
const MAX_BATCH = 10_000;
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

export function checkId(value: unknown, path: ReadonlyArray<string | number>, issues: ValidationIssue[], max = MAX_ID): void {
  if (typeof value !== 'string') issues.push({ path, message: `expected a string, received ${describe(value)}` });
  else if (value.length === 0 || value.length > max)
    issues.push({ path, message: `expected 1 to ${max} characters, received ${value.length}` });
  else if (CONTROL.test(value)) issues.push({ path, message: 'expected no control characters, received one' });
  else if (LONE_SURROGATE.test(value)) issues.push({ path, message: 'expected well-formed Unicode, received a lone surrogate' });
}

export function fail(issues: ReadonlyArray<ValidationIssue>, label: string): void {
  if (issues.length > 0) throw new ValidationError(issues, { label });
}

export function checkStreamId(streamId: unknown): asserts streamId is string {
  const issues: ValidationIssue[] = [];
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

/** Validates an append's arguments, listing every problem (see `@aisle/core`'s rules). */
export function checkAppend(streamId: unknown, entries: unknown, options: unknown): void {
  const issues: ValidationIssue[] = [];
  checkId(streamId, ['streamId'], issues);
  if (!Array.isArray(entries)) issues.push({ path: ['entries'], message: `expected an array of entries, received ${describe(entries)}` });
  else if (entries.length === 0 || entries.length > MAX_BATCH) {
    issues.push({ path: ['entries'], message: `expected 1 to ${MAX_BATCH} entries, received ${entries.length}` });
  } else {
    const ids = new Set<string>();
    entries.forEach((entry: unknown, i) => {
      if (typeof entry !== 'object' || entry === null) {
        issues.push({ path: ['entries', i], message: `expected { id, type, data }, received ${describe(entry)}` });
        return;
      }
      const e = entry as Partial<NewStreamEntry>;
      checkId(e.id, ['entries', i, 'id'], issues);
      checkId(e.type, ['entries', i, 'type'], issues, MAX_TYPE);
      if (typeof e.id === 'string') {
        if (ids.has(e.id))
          issues.push({ path: ['entries', i, 'id'], message: `expected ids unique within the append, received "${e.id}" twice` });
        ids.add(e.id);
      }
      if (!('data' in e) || e.data === undefined)
        issues.push({ path: ['entries', i, 'data'], message: 'expected JSON data, received undefined' });
      else checkJson(e.data, ['entries', i, 'data'], issues);
    });
  }
  if (typeof options !== 'object' || options === null) {
    issues.push({ path: ['options'], message: `expected { expectedVersion, … }, received ${describe(options)}` });
  } else {
    checkOptions(options as Record<string, unknown>, issues);
  }
  fail(issues, 'append');
}

function checkJson(value: unknown, path: ReadonlyArray<string | number>, issues: ValidationIssue[]): void {
  try {
    canonicalJson(value);
  } catch (error) {
    issues.push({ path, message: `expected plain JSON: ${(error as Error).message}` });
  }
}

function checkOptions(options: Record<string, unknown>, issues: ValidationIssue[]): void {
  const v = options.expectedVersion;
  if (!(v === 'no_stream' || v === 'stream_exists' || v === 'any' || (Number.isSafeInteger(v) && (v as number) >= 0))) {
    issues.push({
      path: ['options', 'expectedVersion'],
      message: `expected 'no_stream' | 'stream_exists' | 'any' | a whole number >= 0, received ${describe(v)}`,
    });
  }
  const idem = options.idempotency as Record<string, unknown> | undefined | null;
  if (idem !== undefined) {
    if (typeof idem !== 'object' || idem === null) {
      issues.push({ path: ['options', 'idempotency'], message: `expected { key, fingerprint, scope? }, received ${describe(idem)}` });
    } else {
      checkId(idem.key, ['options', 'idempotency', 'key'], issues);
      checkId(idem.fingerprint, ['options', 'idempotency', 'fingerprint'], issues);
      if (idem.scope !== undefined) checkId(idem.scope, ['options', 'idempotency', 'scope'], issues);
    }
  }
  if (options.snapshot !== undefined) checkJson(options.snapshot, ['options', 'snapshot'], issues);
  const counters = options.counters;
  if (counters !== undefined) {
    if (!Array.isArray(counters))
      issues.push({ path: ['options', 'counters'], message: `expected an array, received ${describe(counters)}` });
    else {
      const keys = new Set<string>();
      counters.forEach((c: unknown, i) => {
        const move = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
        checkId(move.key, ['options', 'counters', i, 'key'], issues);
        if (typeof move.key === 'string') {
          if (keys.has(move.key))
            issues.push({ path: ['options', 'counters', i, 'key'], message: `expected each counter once, received "${move.key}" twice` });
          keys.add(move.key);
        }
        if (!Number.isSafeInteger(move.delta)) {
          issues.push({ path: ['options', 'counters', i, 'delta'], message: `expected a safe integer, received ${describe(move.delta)}` });
        }
        if (!Number.isSafeInteger(move.limit) || (move.limit as number) < 0) {
          issues.push({
            path: ['options', 'counters', i, 'limit'],
            message: `expected a safe integer >= 0, received ${describe(move.limit)}`,
          });
        }
      });
    }
  }
  const timers = options.timers as Record<string, unknown> | undefined | null;
  if (timers === undefined) return;
  if (typeof timers !== 'object' || timers === null) {
    issues.push({ path: ['options', 'timers'], message: `expected { set?, clear? }, received ${describe(timers)}` });
    return;
  }
  const seen = new Set<string>();
  if (timers.set !== undefined) {
    if (!Array.isArray(timers.set))
      issues.push({ path: ['options', 'timers', 'set'], message: `expected an array, received ${describe(timers.set)}` });
    else {
      timers.set.forEach((t: unknown, i) => {
        const timer = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
        checkId(timer.key, ['options', 'timers', 'set', i, 'key'], issues);
        if (typeof timer.key === 'string') {
          if (seen.has(timer.key))
            issues.push({
              path: ['options', 'timers', 'set', i, 'key'],
              message: `expected each timer once, received "${timer.key}" twice`,
            });
          seen.add(timer.key);
        }
        try {
          if (typeof timer.dueAt !== 'string') throw new Error('not a string');
          toInstant(timer.dueAt);
        } catch {
          issues.push({
            path: ['options', 'timers', 'set', i, 'dueAt'],
            message: `expected an ISO 8601 instant with an offset, received ${describe(timer.dueAt)}`,
          });
        }
      });
    }
  }
  if (timers.clear !== undefined) {
    if (!Array.isArray(timers.clear))
      issues.push({ path: ['options', 'timers', 'clear'], message: `expected an array of keys, received ${describe(timers.clear)}` });
    else {
      timers.clear.forEach((key: unknown, i) => {
        checkId(key, ['options', 'timers', 'clear', i], issues);
        if (typeof key === 'string' && seen.has(key)) {
          issues.push({
            path: ['options', 'timers', 'clear', i],
            message: `expected a timer either set or cleared, received "${key}" in both`,
          });
        }
      });
    }
  }
}
