import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson, type Json } from './canonical-json';
import { AisleError, CoreErrorCode } from './errors';
import { encodeUtf8 } from './utf8';

/**
 * One link of an append-only, hash-chained log. `hash` is the hex SHA-256 of the canonical JSON
 * of `{ seq, prev, payload }`, and `prev` is the previous entry's `hash` (64 zeros for the first),
 * so editing, reordering, inserting or deleting any entry breaks verification.
 *
 * @public
 */
export interface ChainEntry<T extends Json = Json> {
  /** Position in the log, from 0. */
  readonly seq: number;
  /** The previous entry's hash, or {@link GENESIS_HASH}. */
  readonly prev: string;
  /** This entry's hash. */
  readonly hash: string;
  /** The recorded data, deep-frozen. */
  readonly payload: T;
}

/** The `prev` of the first entry: 64 zeros. @public */
export const GENESIS_HASH = '0000000000000000000000000000000000000000000000000000000000000000';

/**
 * Why verification failed:
 * `malformed` (not an entry), `sequence` (a `seq` out of place: reordered, inserted or deleted
 * before it), `link` (`prev` is not the previous hash), `hash` (the content was edited),
 * `truncated` (fewer entries than the anchor), `head` (the last hash differs from the anchor).
 *
 * @public
 */
export type ChainFailureReason = 'malformed' | 'sequence' | 'link' | 'hash' | 'truncated' | 'head';

/** @public */
export type ChainVerification =
  | { readonly ok: true; readonly length: number; readonly head: string }
  | { readonly ok: false; readonly index: number; readonly reason: ChainFailureReason; readonly message: string };

/**
 * An anchor kept apart from the log (in another system, a signed receipt, a printed report).
 * Without one, deleting entries from the end cannot be told from a shorter log.
 *
 * @public
 */
export interface ChainAnchor {
  readonly length: number;
  readonly head: string;
}

/**
 * The hash of an entry's content.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH, hashEntry } from '@aisle/core';
 *
 * const hash = hashEntry(0, GENESIS_HASH, { type: 'consent.given' });
 * ```
 *
 * @public
 */
export function hashEntry(seq: number, prev: string, payload: Json): string {
  return bytesToHex(sha256(encodeUtf8(canonicalJson({ seq, prev, payload }))));
}

/**
 * Creates the entry that follows `previous` (or the first entry when `previous` is undefined).
 * The payload is copied and frozen, so later changes to the caller's object cannot alter the log.
 *
 * @throws {@link AisleError} `CORE_NOT_CANONICALIZABLE` when the payload is not plain JSON.
 *
 * @example
 * ```ts
 * import { appendEntry } from '@aisle/core';
 *
 * const first = appendEntry(undefined, { type: 'opened' });
 * const second = appendEntry(first, { type: 'closed' });
 * second.prev === first.hash; // true
 * ```
 *
 * @public
 */
export function appendEntry<T extends Json>(previous: ChainEntry<T> | undefined, payload: T): ChainEntry<T> {
  const text = canonicalJson(payload);
  const seq = previous === undefined ? 0 : previous.seq + 1;
  const prev = previous === undefined ? GENESIS_HASH : previous.hash;
  const frozen = deepFreeze(JSON.parse(text)) as T;
  return Object.freeze({ seq, prev, hash: hashEntry(seq, prev, frozen), payload: frozen });
}

/**
 * Verifies a whole log from its first entry, and optionally against an anchor. Reports the first
 * bad index and why; it never throws for bad data. An entry must be a plain object whose own
 * properties are exactly `seq`, `prev`, `hash` and `payload` (data properties, not getters): an
 * entry carrying any other property is `malformed`, because the hash would not cover it.
 *
 * @example
 * ```ts
 * import { appendEntry, verifyChain } from '@aisle/core';
 *
 * const a = appendEntry(undefined, { n: 1 });
 * const b = appendEntry(a, { n: 2 });
 * verifyChain([a, b]).ok; // true
 * verifyChain([b, a]); // { ok: false, index: 0, reason: 'sequence', … }
 * ```
 *
 * @public
 */
export function verifyChain(entries: ReadonlyArray<unknown>, anchor?: ChainAnchor): ChainVerification {
  if (!Array.isArray(entries)) return broken(0, 'malformed', 'The log is not an array of entries');
  let prev = GENESIS_HASH;
  for (let index = 0; index < entries.length; index++) {
    const entry = entryFields(entries[index]);
    if (entry === undefined) {
      return broken(
        index,
        'malformed',
        `Entry ${index} is not a chain entry (a plain object with exactly seq, prev, hash and payload as own data properties)`,
      );
    }
    if (entry.seq !== index) {
      return broken(index, 'sequence', `Entry ${index} has seq ${entry.seq}: entries were reordered, inserted or deleted`);
    }
    if (entry.prev !== prev) {
      return broken(index, 'link', `Entry ${index} does not link to the hash of entry ${index - 1}`);
    }
    let actual: string;
    try {
      actual = hashEntry(entry.seq, entry.prev, entry.payload as Json);
    } catch {
      return broken(index, 'malformed', `Entry ${index} has a payload that is not plain JSON`);
    }
    if (actual !== entry.hash) return broken(index, 'hash', `Entry ${index} was modified: its content does not match its hash`);
    prev = entry.hash;
  }
  if (anchor !== undefined) {
    if (
      typeof anchor !== 'object' ||
      anchor === null ||
      !Number.isSafeInteger(anchor.length) ||
      anchor.length < 0 ||
      typeof anchor.head !== 'string'
    ) {
      return broken(0, 'malformed', 'The anchor is not { length: a whole number >= 0, head: a hash }');
    }
    if (entries.length < anchor.length) {
      return broken(entries.length, 'truncated', `The log has ${entries.length} entries but the anchor records ${anchor.length}`);
    }
    const anchored = anchor.length === 0 ? GENESIS_HASH : (entries[anchor.length - 1] as ChainEntry).hash;
    if (anchored !== anchor.head) {
      return broken(Math.max(anchor.length - 1, 0), 'head', `Entry ${anchor.length - 1} does not match the anchored head hash`);
    }
  }
  return { ok: true, length: entries.length, head: prev };
}

/**
 * Like {@link verifyChain} but throws on failure.
 *
 * @throws {@link AisleError} `CORE_CHAIN_BROKEN` with `details: { index, reason }`.
 *
 * @example
 * ```ts
 * import { appendEntry, assertChain } from '@aisle/core';
 *
 * assertChain([appendEntry(undefined, { n: 1 })]);
 * ```
 *
 * @public
 */
export function assertChain(entries: ReadonlyArray<unknown>, anchor?: ChainAnchor): void {
  const result = verifyChain(entries, anchor);
  if (!result.ok) {
    throw new AisleError(CoreErrorCode.CHAIN_BROKEN, result.message, { details: { index: result.index, reason: result.reason } });
  }
}

const ENTRY_KEYS = ['hash', 'payload', 'prev', 'seq'];

/**
 * The four fields of a chain entry, or undefined when `value` is anything else: not a plain
 * object, a field missing or of the wrong type, a field that is a getter (which could answer
 * differently each time it is read), or any extra property, which the hash would not cover.
 */
function entryFields(value: unknown): { seq: number; prev: string; hash: string; payload: unknown } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Reflect.ownKeys(value);
  if (keys.length !== ENTRY_KEYS.length) return undefined;
  const fields: Record<string, unknown> = Object.create(null);
  for (const key of ENTRY_KEYS) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) return undefined;
    fields[key] = descriptor.value;
  }
  const { seq, prev, hash, payload } = fields;
  if (typeof seq !== 'number' || typeof prev !== 'string' || typeof hash !== 'string') return undefined;
  return { seq, prev, hash, payload };
}

function broken(index: number, reason: ChainFailureReason, message: string): ChainVerification {
  return { ok: false, index, reason, message };
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * An in-memory hash-chained log: the building block of consent, ledger and incident trails.
 *
 * @public
 */
export interface HashChain<T extends Json = Json> {
  /** Appends a payload and returns its entry. */
  append(payload: T): ChainEntry<T>;
  /** All entries, oldest first (a frozen snapshot). */
  readonly entries: ReadonlyArray<ChainEntry<T>>;
  /** The last hash ({@link GENESIS_HASH} when empty). */
  readonly head: string;
  /** The number of entries. */
  readonly length: number;
  /** An anchor to store apart from the log. */
  anchor(): ChainAnchor;
  /** Verifies every entry. */
  verify(anchor?: ChainAnchor): ChainVerification;
}

/**
 * Creates a hash-chained log, optionally continuing from stored entries (which are verified
 * first).
 *
 * @throws {@link AisleError} `CORE_CHAIN_BROKEN` when the stored entries do not verify.
 *
 * @example
 * ```ts
 * import { createHashChain } from '@aisle/core';
 *
 * const log = createHashChain<{ type: string }>();
 * log.append({ type: 'consent.given' });
 * const anchor = log.anchor();
 * log.verify(anchor).ok; // true
 * ```
 *
 * @public
 */
export function createHashChain<T extends Json = Json>(stored: ReadonlyArray<ChainEntry<T>> = []): HashChain<T> {
  assertChain(stored);
  const entries: ChainEntry<T>[] = stored.map((entry) =>
    Object.freeze({
      seq: entry.seq,
      prev: entry.prev,
      hash: entry.hash,
      payload: deepFreeze(JSON.parse(canonicalJson(entry.payload))) as T,
    }),
  );
  let snapshot: ReadonlyArray<ChainEntry<T>> | undefined;
  return {
    append(payload) {
      const entry = appendEntry(entries[entries.length - 1], payload);
      entries.push(entry);
      snapshot = undefined;
      return entry;
    },
    get entries() {
      snapshot ??= Object.freeze([...entries]);
      return snapshot;
    },
    get head() {
      return entries[entries.length - 1]?.hash ?? GENESIS_HASH;
    },
    get length() {
      return entries.length;
    },
    anchor() {
      return { length: entries.length, head: entries[entries.length - 1]?.hash ?? GENESIS_HASH };
    },
    verify(anchor) {
      return verifyChain(entries, anchor);
    },
  };
}
