import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson, type Json } from '../canonical-json';
import { toInstant } from '../clock';
import { AisleError, CoreErrorCode } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { plainJsonText } from '../internal/json-text';
import { encodeUtf8 } from '../utf8';
import { ValidationError, type ValidationIssueInit } from '../validation';
import type { AppendOptions, NewStreamEntry, StreamEntry } from './contract';

/** Longest stream id, entry id or idempotency key accepted (characters). */
const MAX_ID = 200;
/** Longest entry type accepted (characters). */
const MAX_TYPE = 100;
/** Most entries one append may carry. */
const MAX_BATCH = 10_000;
// Control characters (C0, DEL, C1) are never part of an id: they hide in logs and break quoting.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A lone surrogate is not Unicode: a database keeping UTF-8 text (PostgreSQL, MySQL) would turn it
// into U+FFFD and make two different ids one, so no store accepts one in an id.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The exact canonical text a store keeps for an entry and hashes: the canonical JSON of
 * `{ v: 1, stream, seq, prev, id, type, data }`. Adapters store this text verbatim (a `jsonb`
 * copy, which reorders keys and drops duplicates, may sit beside it for queries only).
 *
 * @throws {@link AisleError} `CORE_NOT_CANONICALIZABLE` when `data` is not plain JSON.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH, entryBody, hashBody } from '@aisle/core';
 *
 * const body = entryBody('member:m-1', 0, GENESIS_HASH, { id: 'e-1', type: 'earn', data: { points: 10 } });
 * const hash = hashBody(body); // 64 hex characters
 * ```
 *
 * @public
 */
export function entryBody(streamId: string, seq: number, prev: string, entry: NewStreamEntry): string {
  return entryBodyOfText(streamId, seq, prev, entry.id, entry.type, canonicalJson(entry.data));
}

/**
 * {@link entryBody} from the already canonical text of the entry's data (what {@link checkAppend}
 * returned), so a store canonicalises each entry once. The keys are written in canonical order
 * (`data`, `id`, `prev`, `seq`, `stream`, `type`, `v`); strings as `JSON.stringify` writes them.
 * `dataText` must be `canonicalJson(data)`: the result is then exactly {@link entryBody}'s.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH, checkAppend, entryBodyOfText } from '@aisle/core';
 *
 * const entries = [{ id: 'e-1', type: 'earn', data: { points: 10 } }];
 * const checked = checkAppend('member:m-1', entries, { expectedVersion: 'no_stream' });
 * entryBodyOfText('member:m-1', 0, GENESIS_HASH, 'e-1', 'earn', checked.data[0]);
 * ```
 *
 * @public
 */
export function entryBodyOfText(streamId: string, seq: number, prev: string, id: string, type: string, dataText: string): string {
  return `{"data":${dataText},"id":${JSON.stringify(id)},"prev":${JSON.stringify(prev)},"seq":${seq},"stream":${JSON.stringify(streamId)},"type":${JSON.stringify(type)},"v":1}`;
}

/**
 * The hex SHA-256 of a stored body's UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { hashBody } from '@aisle/core';
 *
 * hashBody('{}').length; // 64
 * ```
 *
 * @public
 */
export function hashBody(body: string): string {
  return bytesToHex(sha256(encodeUtf8(body)));
}

/**
 * Rebuilds a {@link StreamEntry} from a stored body and hash, for adapters. The entry's fields come
 * from the body (not from the row's columns), so a row moved to another position shows up in
 * {@link verifyStreamEntries} as out of sequence.
 *
 * @throws {@link AisleError} `CORE_CHAIN_BROKEN` (`reason: 'malformed'`) when the body is not an entry body.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH, entryBody, hashBody, parseEntryBody } from '@aisle/core';
 *
 * const body = entryBody('s-1', 0, GENESIS_HASH, { id: 'e-1', type: 't', data: null });
 * parseEntryBody(body, hashBody(body)).id; // 'e-1'
 * ```
 *
 * @public
 */
export function parseEntryBody<T extends Json = Json>(body: string, hash: string): StreamEntry<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw malformedBody('is not JSON', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformedBody('is not an object');
  const value = parsed as Record<string, unknown>;
  if (
    value.v !== 1 ||
    typeof value.stream !== 'string' ||
    !Number.isSafeInteger(value.seq) ||
    typeof value.prev !== 'string' ||
    typeof value.id !== 'string' ||
    typeof value.type !== 'string' ||
    !('data' in value)
  ) {
    throw malformedBody('lacks v, stream, seq, prev, id, type or data');
  }
  return Object.freeze({
    streamId: value.stream,
    seq: value.seq as number,
    id: value.id,
    type: value.type,
    data: deepFreeze(value.data) as T,
    prev: value.prev,
    hash,
  });
}

function malformedBody(what: string, cause?: unknown): AisleError {
  return new AisleError(CoreErrorCode.CHAIN_BROKEN, `A stored entry body ${what}`, {
    cause,
    details: { context: 'core', reason: 'malformed' },
  });
}

/**
 * Why one stream failed verification: `malformed` (not an entry), `sequence` (an entry at the
 * wrong position: reordered, inserted or deleted before it), `link` (`prev` is not the previous
 * entry's hash), `hash` (content edited), `stream` (an entry of another stream).
 *
 * @public
 */
export type StreamFailureReason = 'malformed' | 'sequence' | 'link' | 'hash' | 'stream';

/**
 * The result of {@link verifyStreamEntries}.
 *
 * @public
 */
export type StreamVerification =
  | { readonly ok: true; readonly length: number; readonly head: string }
  | { readonly ok: false; readonly seq: number; readonly reason: StreamFailureReason; readonly message: string };

/**
 * Verifies one stream's entries from its first: positions, links and hashes. Never throws for
 * bad data.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore, verifyStreamEntries } from '@aisle/core';
 *
 * const store = createMemoryStreamStore();
 * await store.append('s-1', [{ id: 'e-1', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
 * const { entries } = await store.read('s-1');
 * verifyStreamEntries('s-1', entries).ok; // true
 * ```
 *
 * @public
 */
export function verifyStreamEntries(streamId: string, entries: ReadonlyArray<StreamEntry>): StreamVerification {
  let prev = GENESIS_HASH;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (entry === undefined || typeof entry !== 'object' || typeof entry.hash !== 'string') {
      return { ok: false, seq: index, reason: 'malformed', message: `Entry ${index} of ${streamId} is not a stream entry` };
    }
    if (entry.streamId !== streamId) {
      return { ok: false, seq: index, reason: 'stream', message: `Entry ${index} of ${streamId} belongs to another stream` };
    }
    if (entry.seq !== index) {
      return {
        ok: false,
        seq: index,
        reason: 'sequence',
        message: `Entry ${index} of ${streamId} records position ${entry.seq}: entries were reordered, inserted or deleted`,
      };
    }
    if (entry.prev !== prev) {
      return { ok: false, seq: index, reason: 'link', message: `Entry ${index} of ${streamId} does not link to entry ${index - 1}` };
    }
    let actual: string;
    try {
      actual = hashBody(entryBody(streamId, entry.seq, entry.prev, entry));
    } catch {
      return { ok: false, seq: index, reason: 'malformed', message: `Entry ${index} of ${streamId} holds data that is not plain JSON` };
    }
    if (actual !== entry.hash) {
      return {
        ok: false,
        seq: index,
        reason: 'hash',
        message: `Entry ${index} of ${streamId} was modified: its content does not match its hash`,
      };
    }
    prev = entry.hash;
  }
  return { ok: true, length: entries.length, head: prev };
}

/**
 * Checks the options of `StreamStore.readSnapshot` for an adapter: `undefined` or
 * `{ tail?: boolean }`. Returns whether the tail is asked for; anything else throws
 * `CORE_VALIDATION` saying what was expected and what was received.
 *
 * @example `checkSnapshotOptions({ tail: true }) // true`
 *
 * @public
 */
export function checkSnapshotOptions(options: unknown): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError([{ path: ['options'], message: `expected { tail?: boolean } or nothing, received ${describe(options)}` }]);
  }
  const tail = (options as { tail?: unknown }).tail;
  if (tail !== undefined && typeof tail !== 'boolean') {
    throw new ValidationError([{ path: ['options', 'tail'], message: `expected true or false, received ${describe(tail)}` }]);
  }
  return tail === true;
}

/** Throws `CORE_VALIDATION` listing every problem with a stream id. @internal */
export function checkStreamId(streamId: unknown): asserts streamId is string {
  const issues: ValidationIssueInit[] = [];
  checkId(streamId, ['streamId'], MAX_ID, issues);
  if (issues.length > 0) throw new ValidationError(issues, { label: 'stream id' });
}

/**
 * The canonical texts {@link checkAppend} produced while validating.
 *
 * @example `{ data: ['{"points":10}'], snapshot: undefined }`
 *
 * @public
 */
export interface CheckedAppend {
  /** The canonical JSON of each entry's data, in order. */
  readonly data: readonly string[];
  /** The JSON text of the snapshot, when one was given (plain JSON like `canonicalJson` accepts, keys in the object's order: a snapshot is not hashed). */
  readonly snapshot: string | undefined;
}

/**
 * Validates the arguments of {@link StreamStore.append} as every store must (ids, entries,
 * expected version, idempotency key, snapshot, counters, timers), listing every problem, so an
 * adapter refuses exactly what the reference store refuses.
 *
 * @throws {@link ValidationError} `CORE_VALIDATION` with one issue per problem.
 *
 * @example
 * ```ts
 * import { validateAppend } from '@aisle/core';
 *
 * validateAppend('member:m-1', [{ id: 'e-1', type: 'earn', data: { points: 10 } }], { expectedVersion: 'no_stream' });
 * ```
 *
 * @public
 */
export function validateAppend(streamId: unknown, entries: unknown, options: unknown): void {
  checkAppend(streamId, entries, options);
}

/**
 * {@link validateAppend} that also returns what it computed while validating: the canonical JSON
 * of each entry's data and the JSON text of the snapshot, so an adapter builds each body with
 * {@link entryBodyOfText} and stores the snapshot text without canonicalising either again.
 *
 * @throws {@link ValidationError} `CORE_VALIDATION` with one issue per problem.
 *
 * @example
 * ```ts
 * import { checkAppend } from '@aisle/core';
 *
 * const checked = checkAppend('member:m-1', [{ id: 'e-1', type: 'earn', data: { points: 10 } }], {
 *   expectedVersion: 0,
 *   snapshot: { balance: 10 },
 * });
 * checked.data[0]; // '{"points":10}'
 * checked.snapshot; // '{"balance":10}'
 * ```
 *
 * @public
 */
export function checkAppend(streamId: unknown, entries: unknown, options: unknown): CheckedAppend {
  const issues: ValidationIssueInit[] = [];
  const texts: string[] = [];
  let snapshotText: string | undefined;
  checkId(streamId, ['streamId'], MAX_ID, issues);
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
      checkId(e.id, ['entries', i, 'id'], MAX_ID, issues);
      checkId(e.type, ['entries', i, 'type'], MAX_TYPE, issues);
      if (typeof e.id === 'string') {
        if (ids.has(e.id))
          issues.push({ path: ['entries', i, 'id'], message: `expected ids unique within the append, received "${e.id}" twice` });
        ids.add(e.id);
      }
      if (!('data' in e) || e.data === undefined)
        issues.push({ path: ['entries', i, 'data'], message: 'expected JSON data, received undefined' });
      else {
        try {
          texts.push(canonicalJson(e.data));
        } catch (error) {
          issues.push({ path: ['entries', i, 'data'], message: `expected plain JSON: ${(error as Error).message}` });
        }
      }
    });
  }
  if (typeof options !== 'object' || options === null) {
    issues.push({ path: ['options'], message: `expected { expectedVersion, … }, received ${describe(options)}` });
  } else {
    snapshotText = checkOptions(options as AppendOptions, issues);
  }
  if (issues.length > 0) throw new ValidationError(issues, { label: 'append' });
  return { data: texts, snapshot: snapshotText };
}

function checkOptions(options: AppendOptions, issues: ValidationIssueInit[]): string | undefined {
  let snapshotText: string | undefined;
  const v = options.expectedVersion;
  if (!(v === 'no_stream' || v === 'stream_exists' || v === 'any' || (Number.isSafeInteger(v) && (v as number) >= 0))) {
    issues.push({
      path: ['options', 'expectedVersion'],
      message: `expected 'no_stream' | 'stream_exists' | 'any' | a whole number >= 0, received ${describe(v)}`,
    });
  }
  const idem = options.idempotency;
  if (idem !== undefined) {
    if (typeof idem !== 'object' || idem === null) {
      issues.push({ path: ['options', 'idempotency'], message: `expected { key, fingerprint, scope? }, received ${describe(idem)}` });
    } else {
      checkId(idem.key, ['options', 'idempotency', 'key'], MAX_ID, issues);
      checkId(idem.fingerprint, ['options', 'idempotency', 'fingerprint'], MAX_ID, issues);
      if (idem.scope !== undefined) checkId(idem.scope, ['options', 'idempotency', 'scope'], MAX_ID, issues);
    }
  }
  if (options.snapshot !== undefined) {
    try {
      // Not hashed: plain JSON text (the same values canonicalJson accepts, without sorting keys).
      snapshotText = plainJsonText(options.snapshot);
    } catch (error) {
      issues.push({ path: ['options', 'snapshot'], message: `expected plain JSON: ${(error as Error).message}` });
    }
  }
  const counters = options.counters;
  if (counters !== undefined) {
    if (!Array.isArray(counters))
      issues.push({ path: ['options', 'counters'], message: `expected an array, received ${describe(counters)}` });
    else {
      const keys = new Set<string>();
      counters.forEach((c: unknown, i) => {
        const move = (typeof c === 'object' && c !== null ? c : {}) as Partial<{ key: unknown; delta: unknown; limit: unknown }>;
        checkId(move.key, ['options', 'counters', i, 'key'], MAX_ID, issues);
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
  const timers = options.timers;
  if (timers !== undefined) {
    if (typeof timers !== 'object' || timers === null) {
      issues.push({ path: ['options', 'timers'], message: `expected { set?, clear? }, received ${describe(timers)}` });
      return snapshotText;
    }
    const seen = new Set<string>();
    if (timers.set !== undefined) {
      if (!Array.isArray(timers.set))
        issues.push({ path: ['options', 'timers', 'set'], message: `expected an array, received ${describe(timers.set)}` });
      else {
        timers.set.forEach((t: unknown, i) => {
          const timer = (typeof t === 'object' && t !== null ? t : {}) as Partial<{ key: unknown; dueAt: unknown }>;
          checkId(timer.key, ['options', 'timers', 'set', i, 'key'], MAX_ID, issues);
          if (typeof timer.key === 'string') {
            if (seen.has(timer.key))
              issues.push({
                path: ['options', 'timers', 'set', i, 'key'],
                message: `expected each timer once, received "${timer.key}" twice`,
              });
            seen.add(timer.key);
          }
          try {
            if (typeof timer.dueAt !== 'string') throw new Error();
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
      if (!Array.isArray(timers.clear)) {
        issues.push({ path: ['options', 'timers', 'clear'], message: `expected an array of keys, received ${describe(timers.clear)}` });
      } else {
        timers.clear.forEach((key: unknown, i) => {
          checkId(key, ['options', 'timers', 'clear', i], MAX_ID, issues);
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
  return snapshotText;
}

function checkId(value: unknown, path: ReadonlyArray<string | number>, max: number, issues: ValidationIssueInit[]): void {
  if (typeof value !== 'string') issues.push({ path, message: `expected a string, received ${describe(value)}` });
  else if (value.length === 0 || value.length > max)
    issues.push({ path, message: `expected 1 to ${max} characters, received ${value.length}` });
  else if (CONTROL.test(value)) issues.push({ path, message: 'expected no control characters, received one' });
  else if (LONE_SURROGATE.test(value)) issues.push({ path, message: 'expected well-formed Unicode, received a lone surrogate' });
}

/** A short, safe description of a received value for messages (never the whole value). @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Normalises an instant to `YYYY-MM-DDTHH:mm:ss.sssZ`. @internal */
export function normaliseInstant(value: string): string {
  return toInstant(value).toISOString();
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
