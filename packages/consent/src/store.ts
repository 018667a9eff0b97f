import {
  AisleError,
  type Checkpoint,
  CoreErrorCode,
  canonicalJson,
  createMemoryStreamStore,
  decideAndRetry,
  hashBody,
  type Json,
  type StoreVerification,
  type StreamStore,
  verifyStore,
} from '@aisle/core';
import type { Catalogue } from './catalogue';
import { check } from './internal/check';
import { assertConsentLog, type ConsentLogEntry, chainBroken, consentStreamId, eventOf, subjectIdOf } from './log';
import { type ConsentEvent, ConsentEventSchema } from './schemas';
import { snapshotJson, stateFromSnapshot } from './snapshot';
import { type ConsentState, createConsentState, type SubjectConsent } from './state';
import { type ConsentSubjectVerification, verifySubjectStream } from './verify-subject';

/** Subject reads `subjects` keeps in flight at once. */
const SUBJECTS_IN_FLIGHT = 16;

/**
 * A subject's consent log as read: its entries, oldest first, and an anchor (`{ length, head }`)
 * of the stream at the time of the read.
 */
export interface ConsentLog {
  /** Whose log it is. */
  readonly subjectId: string;
  /** The subject's entries, oldest first, verified. */
  readonly entries: ReadonlyArray<ConsentLogEntry>;
  /** The stream's length and newest hash at the time of the read. */
  readonly anchor: { readonly length: number; readonly head: string };
}

/** What {@link ConsentStore.append} did. */
export interface ConsentAppendResult {
  /** The stored entry (its `data` is the event as validated). */
  readonly entry: ConsentLogEntry;
  /** The subject's materialised consent right after the event. */
  readonly subject: SubjectConsent;
  /**
   * The subject's stream after the append, `{ length, head }`: keep it apart from the store (a
   * receipt, another system) to detect later deletion of the newest events
   * (see {@link assertConsentLog}).
   */
  readonly anchor: { readonly length: number; readonly head: string };
  /** True when this very event (same id, same content) was already stored: nothing was written. */
  readonly duplicate: boolean;
  /** Attempts it took: more than 1 when another writer appended to the same subject at the same time. */
  readonly attempts: number;
}

/**
 * Consent events on Aisle's stream-store contract: one hash-chained stream per subject
 * (`consent:{subjectId}`), appended with an expected version (decide-and-retry), and the subject's
 * materialised consent written as the stream's snapshot in the same append, so reading a subject
 * for `decide` is one indexed read, never a replay. Works over any `StreamStore`: core's
 * in-memory one ({@link createMemoryConsentStore}) or a database adapter (`@aisle/postgres`).
 */
export interface ConsentStore {
  /**
   * Validates an event and appends it to its subject's stream, with the subject's new state as
   * the snapshot. A concurrent append to the same subject makes it reload and decide again; an
   * event already stored (a retry after a lost response) writes nothing (`duplicate: true`).
   *
   * @throws ConsentError `CONSENT_INVALID_INPUT`, `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_OUT_OF_ORDER`
   * (nothing written); `AisleError` `CORE_STORE_IDEMPOTENCY_CONFLICT` (the event id was stored with
   * other content), `CORE_STORE_RETRIES_EXHAUSTED`, `CORE_STORE_UNAVAILABLE`, `CORE_CHAIN_BROKEN`
   * (the stored snapshot disagrees with its stream).
   */
  append(event: ConsentEvent): Promise<ConsentAppendResult>;
  /** The subject's materialised consent for `decide` (one indexed read), or `undefined` when it has no events. */
  subject(subjectId: string): Promise<SubjectConsent | undefined>;
  /**
   * Several subjects at once (an audience, a batch), for a synchronous `createConsentGate`: 16
   * snapshot reads in flight at a time; subjects without events are left out of the map.
   */
  subjects(subjectIds: Iterable<string>): Promise<ReadonlyMap<string, SubjectConsent>>;
  /**
   * The subject's entries, verified (positions, links, hashes, the stream's recorded length).
   *
   * @throws AisleError `CORE_CHAIN_BROKEN` (`details.context: 'consent'`).
   */
  log(subjectId: string): Promise<ConsentLog>;
  /**
   * Checks one subject thoroughly: its chain, an anchor kept apart (optional), every event, and
   * that the stored snapshot equals a replay of the events. Never throws for bad data.
   */
  verifySubject(subjectId: string, options?: { readonly anchor?: ConsentLog['anchor'] | undefined }): Promise<ConsentSubjectVerification>;
  /**
   * Verifies every consent stream (core's `verifyStore` over the `consent:` streams); with a
   * checkpoint kept outside the store, deleted subjects and truncated streams are found too.
   */
  verify(options?: { readonly checkpoint?: Checkpoint | undefined }): Promise<StoreVerification>;
  /** Subject ids in code-unit order after `after`, at most `limit` (default 1000). */
  subjectIds(options?: { readonly after?: string | undefined; readonly limit?: number | undefined }): Promise<ReadonlyArray<string>>;
  /** The stream store underneath. */
  readonly streamStore: StreamStore;
}

/** Options of {@link createConsentStore}. */
export interface ConsentStoreOptions {
  /** Any implementation of the stream-store contract. */
  readonly store: StreamStore;
  /** When given, events may only name its purposes. */
  readonly catalogue?: Catalogue | undefined;
  /** Attempts per append when other writers keep appending to the same subject (default 8). */
  readonly maxAttempts?: number | undefined;
  /** Waits between attempts (default: core's jittered back-off). */
  readonly backoff?: ((attempt: number) => Promise<void>) | undefined;
}

/**
 * A {@link ConsentStore} over any stream store.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createConsentStore, decide } from '@aisle/consent';
 *
 * const consents = createConsentStore({ store: createMemoryStreamStore(), catalogue });
 * await consents.append(event);
 * const consent = await consents.subject(event.subjectId);
 * decide({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent }).allowed;
 * ```
 */
export function createConsentStore(options: ConsentStoreOptions): ConsentStore {
  const store = options?.store;
  if (typeof store !== 'object' || store === null || typeof store.append !== 'function') {
    throw new TypeError('options.store must be a StreamStore');
  }
  const { catalogue, maxAttempts, backoff } = options;

  /** The subject's state from a snapshot and the entries after it. */
  const fold = (
    streamId: string,
    version: number,
    snapshot: Json | undefined,
    snapshotVersion: number,
    tail: ReadonlyArray<ConsentLogEntry>,
  ) => {
    if (snapshotVersion > version) {
      // A snapshot is written with its append: one newer than the stream means entries were deleted.
      throw chainBroken(
        streamId,
        version,
        'truncated',
        `${streamId} holds ${version} entries but its snapshot was written at ${snapshotVersion}`,
      );
    }
    let state: ConsentState;
    if (snapshot === undefined) state = createConsentState({ catalogue });
    else {
      state = stateFromSnapshot(snapshot, { catalogue });
      const counted = state.eventCount;
      if (counted !== snapshotVersion) {
        throw chainBroken(
          streamId,
          snapshotVersion,
          'snapshot',
          `The snapshot of ${streamId} counts ${counted} events but was written at version ${snapshotVersion}`,
        );
      }
    }
    for (const entry of tail) state.apply(eventOf(streamId, entry));
    return state;
  };

  const readSubject = async (subjectId: string): Promise<SubjectConsent | undefined> => {
    const streamId = consentStreamId(subjectId);
    const snap = await store.readSnapshot(streamId);
    if (snap.version === 0) return undefined;
    const tail =
      snap.snapshotVersion < snap.version
        ? (await store.read<ConsentLogEntry['data']>(streamId, { from: snap.snapshotVersion })).entries
        : [];
    return fold(streamId, snap.version, snap.snapshot, snap.snapshotVersion, tail).subject(subjectId);
  };

  return {
    streamStore: store,

    async append(input) {
      const event = check(ConsentEventSchema, input, 'consent event');
      const data = JSON.parse(canonicalJson(event as Json)) as ConsentLogEntry['data'];
      const fingerprint = hashBody(canonicalJson(data));
      const streamId = consentStreamId(event.subjectId);
      try {
        const done = await decideAndRetry<ConsentLogEntry['data'], SubjectConsent>({
          store,
          streamId,
          load: 'snapshot',
          maxAttempts,
          backoff,
          decide: (loaded) => {
            // Apply the copy that is stored, so the snapshot holds exactly the stored event.
            const subject = fold(streamId, loaded.version, loaded.snapshot, loaded.snapshotVersion, loaded.entries).apply(
              data as ConsentEvent,
            );
            return {
              entries: [{ id: event.id, type: `consent.${event.type}`, data }],
              result: subject,
              snapshot: snapshotJson(subject),
              idempotency: { key: event.id, fingerprint },
            };
          },
        });
        const append = done.append as NonNullable<typeof done.append>;
        const subject = append.duplicate ? ((await readSubject(event.subjectId)) as SubjectConsent) : done.result;
        return {
          entry: append.entries[0] as ConsentLogEntry,
          subject,
          anchor: { length: append.version, head: append.head },
          duplicate: append.duplicate,
          attempts: done.attempts,
        };
      } catch (error) {
        // A retry of an event stored earlier, with later events after it, is older than the
        // subject's state: find it before reporting the order.
        if (!AisleError.isInstance(error, 'CONSENT_OUT_OF_ORDER')) throw error;
        const slice = await store.read<ConsentLogEntry['data']>(streamId);
        const stored = slice.entries.find((entry) => entry.id === event.id);
        if (stored === undefined) throw error;
        if (canonicalJson(stored.data) !== canonicalJson(data)) {
          throw new AisleError(CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT, `Consent event ${event.id} was stored before with other content`, {
            details: { streamId, key: event.id },
          });
        }
        return {
          entry: stored,
          subject: (await readSubject(event.subjectId)) as SubjectConsent,
          anchor: { length: slice.version, head: slice.head },
          duplicate: true,
          attempts: 1,
        };
      }
    },

    subject: readSubject,

    async subjects(subjectIds) {
      const ids = [...subjectIds];
      const read: (SubjectConsent | undefined)[] = [];
      // A few reads in flight at a time: a database serves them in parallel, without a flood.
      for (let i = 0; i < ids.length; i += SUBJECTS_IN_FLIGHT) {
        read.push(...(await Promise.all(ids.slice(i, i + SUBJECTS_IN_FLIGHT).map(readSubject))));
      }
      const found = new Map<string, SubjectConsent>();
      ids.forEach((subjectId, i) => {
        const subject = read[i];
        if (subject !== undefined) found.set(subjectId, subject);
      });
      return found;
    },

    async log(subjectId) {
      const streamId = consentStreamId(subjectId);
      const slice = await store.read<ConsentLogEntry['data']>(streamId);
      assertConsentLog(slice.entries);
      if (slice.entries.length !== slice.version || slice.entries.some((entry) => entry.streamId !== streamId)) {
        const held = slice.entries.length;
        throw chainBroken(streamId, held, 'truncated', `${streamId} records ${slice.version} entries but holds ${held} of its own`);
      }
      return { subjectId, entries: slice.entries, anchor: { length: slice.version, head: slice.head } };
    },

    async verifySubject(subjectId, verifyOptions = {}) {
      const streamId = consentStreamId(subjectId);
      const slice = await store.read<ConsentLogEntry['data']>(streamId);
      const snap = await store.readSnapshot(streamId);
      return verifySubjectStream(subjectId, slice, { snapshot: snap, catalogue, anchor: verifyOptions.anchor });
    },

    verify(verifyOptions = {}) {
      return verifyStore(store, { checkpoint: verifyOptions.checkpoint, prefix: 'consent:' });
    },

    async subjectIds(page = {}) {
      const limit = page.limit ?? 1000;
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
      const after = page.after === undefined ? 'consent:' : consentStreamId(page.after);
      const ids = await store.streamIds({ after, limit });
      return ids.filter((id) => id.startsWith('consent:')).map(subjectIdOf);
    },
  };
}

/** Options of {@link createMemoryConsentStore}. */
export interface MemoryConsentStoreOptions {
  /** When given, events may only name its purposes. */
  readonly catalogue?: Catalogue | undefined;
}

/**
 * A {@link ConsentStore} over a fresh in-memory stream store (core's `createMemoryStreamStore`):
 * for tests, demos and kiosks that keep nothing. Production code passes a database-backed stream
 * store to {@link createConsentStore}.
 *
 * @example
 * ```ts
 * import { createMemoryConsentStore, decide } from '@aisle/consent';
 *
 * const consents = createMemoryConsentStore({ catalogue });
 * await consents.append(event);
 * decide({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent: await consents.subject(event.subjectId) }).allowed;
 * ```
 */
export function createMemoryConsentStore(options: MemoryConsentStoreOptions = {}): ConsentStore {
  return createConsentStore({ store: createMemoryStreamStore(), catalogue: options.catalogue });
}
