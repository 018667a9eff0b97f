import { type ChainAnchor, type ChainEntry, type ChainVerification, createHashChain } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { check } from './internal/check';
import { assertConsentLog, type ConsentLogEntry, type JsonEvent } from './log';
import { type ConsentEvent, ConsentEventSchema } from './schemas';
import { createConsentState, type SubjectConsent } from './state';

/** A page of the log, read from a cursor (see {@link ConsentStore.readSince}). */
export interface ConsentLogPage {
  readonly entries: readonly ConsentLogEntry[];
  /** Pass it to the next `readSince` call. */
  readonly cursor: number;
}

/**
 * The persistence port for consent events: an append-only, hash-chained log with reads by subject
 * and from a cursor, plus the materialised per-subject state decisions use. Database adapters
 * implement the same shape; the in-memory one is {@link createMemoryConsentStore}.
 */
export interface ConsentStore {
  /**
   * Validates and appends an event. Rejected events change nothing.
   * @throws ConsentError `CONSENT_INVALID_INPUT`, `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_OUT_OF_ORDER`.
   */
  append(event: ConsentEvent): ConsentLogEntry;
  /** The subject's events, oldest first. */
  readBySubject(subjectId: string): readonly ConsentEvent[];
  /** Entries with `seq >= cursor`, at most `limit` (default 1000). */
  readSince(cursor: number, limit?: number): ConsentLogPage;
  /** The subject's materialised consent, for `decide`. */
  subject(subjectId: string): SubjectConsent | undefined;
  /** Number of entries. */
  readonly length: number;
  /** `{ length, head }`: keep it apart from the log to detect truncation. */
  anchor(): ChainAnchor;
  /** Re-verifies the whole chain. */
  verify(anchor?: ChainAnchor): ChainVerification;
}

/** Options for {@link createMemoryConsentStore}. */
export interface MemoryConsentStoreOptions {
  /** When given, events may only name its purposes. */
  readonly catalogue?: Catalogue | undefined;
  /** A previously stored log to load; it is verified first. */
  readonly entries?: ReadonlyArray<ConsentLogEntry> | undefined;
  /** The anchor the loaded log must match. */
  readonly anchor?: ChainAnchor | undefined;
}

/**
 * An in-memory {@link ConsentStore}: core's hash chain plus a subject index and materialised
 * state updated on every append (equal to a full replay).
 *
 * @throws ConsentError `CONSENT_CHAIN_TAMPERED` when `entries` fail verification; the errors of `replayConsentLog`.
 * @example
 * ```ts
 * import { createMemoryConsentStore, decide } from '@aisle/consent';
 *
 * const store = createMemoryConsentStore({ catalogue });
 * store.append(event);
 * decide({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent: store.subject(event.subjectId) }).allowed;
 * ```
 */
export function createMemoryConsentStore(options: MemoryConsentStoreOptions = {}): ConsentStore {
  const stored = options.entries ?? [];
  assertConsentLog(stored, options.anchor);
  const state = createConsentState({ catalogue: options.catalogue });
  const bySubject = new Map<string, ConsentEvent[]>();
  const index = (event: ConsentEvent) => {
    let list = bySubject.get(event.subjectId);
    if (list === undefined) {
      list = [];
      bySubject.set(event.subjectId, list);
    }
    list.push(event);
  };
  for (const entry of stored) {
    const event = check(ConsentEventSchema, entry.payload, `consent event ${entry.seq}`);
    state.apply(event);
    index(entry.payload);
  }
  const chain = createHashChain<JsonEvent>(stored as ReadonlyArray<ChainEntry<JsonEvent>>);
  return {
    append(input) {
      const event = check(ConsentEventSchema, input, 'consent event');
      state.apply(event);
      const entry = chain.append(event as JsonEvent) as ConsentLogEntry;
      index(entry.payload);
      return entry;
    },
    readBySubject: (subjectId) => [...(bySubject.get(subjectId) ?? [])],
    readSince(cursor, limit = 1000) {
      if (!Number.isInteger(cursor) || cursor < 0) throw new RangeError(`cursor must be a non-negative integer, got ${cursor}`);
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
      const entries = chain.entries.slice(cursor, cursor + limit) as readonly ConsentLogEntry[];
      return { entries, cursor: Math.min(chain.length, cursor + entries.length) };
    },
    subject: (subjectId) => state.subject(subjectId),
    get length() {
      return chain.length;
    },
    anchor: () => chain.anchor(),
    verify: (anchor) => chain.verify(anchor),
  };
}
