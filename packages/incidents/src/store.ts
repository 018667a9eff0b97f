import {
  AisleError,
  appendEntry,
  type ChainEntry,
  type Checkpoint,
  CoreErrorCode,
  createMemoryStreamStore,
  decideAndRetry,
  type NewStreamEntry,
  type StoreVerification,
  type StreamEntry,
  type StreamStore,
  ValidationError,
  verifyStore,
  verifyStreamEntries,
} from '@aisle/core';
import { type AuditEvent, auditBroken, type Incident, replayAuditTrail, restoreIncident } from './incident';

const PREFIX = 'incident:';
// Control characters never reach a stream id (they hide in logs and break quoting).
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What {@link IncidentStore.save} and {@link IncidentStore.update} did.
 *
 * @public
 */
export interface IncidentSaveResult {
  /** The incident as stored now (verified). */
  readonly incident: Incident;
  /** The stream's length (the trail's length) and newest hash: keep them apart to detect deletion of the newest entries. */
  readonly anchor: { readonly length: number; readonly head: string };
  /** Trail entries written by this call (0 when the store already held them all: a retry). */
  readonly appended: number;
  /** Attempts it took: more than 1 when another writer changed the same incident at the same time. */
  readonly attempts: number;
}

/**
 * Incidents on Aisle's stream-store contract: one hash-chained stream per incident
 * (`incident:{id}`), each audit-trail entry one entry of the stream, appended with an expected
 * version so two people changing one incident at once never overwrite each other. Works over any
 * `StreamStore` (core's in-memory one, or `@aisle/postgres`).
 *
 * @public
 */
export interface IncidentStore {
  /**
   * Stores an incident whose trail extends the stored one (or a new incident): the new trail
   * entries are appended at exactly the stored length. Saving the stored trail again writes
   * nothing (`appended: 0`), so a retry after a lost response is safe.
   *
   * @throws `AisleError` (from `@aisle/core`) `CORE_STORE_VERSION_CONFLICT` when the trail does not extend the stored
   * one (someone else changed the incident: load it and apply the change again, or use
   * {@link IncidentStore.update}); `CORE_CHAIN_BROKEN` (`details.context: 'incidents'`) for a forged
   * incident or a stored trail that does not verify.
   */
  save(incident: Incident): Promise<IncidentSaveResult>;
  /**
   * Loads an incident, applies a pure change (`transition`, `updateIncident`, …) and appends what
   * it added at the loaded version; when another writer got there first, loads again and re-applies
   * the change (bounded), never overwriting.
   *
   * @throws `AisleError` (from `@aisle/core`) `CORE_STORE_RETRIES_EXHAUSTED`, `CORE_CHAIN_BROKEN`; `ValidationError`
   * `CORE_VALIDATION` when the incident does not exist or the change returns an incident that does
   * not extend the one it was given; whatever the change throws (nothing is written then).
   */
  update(id: string, change: (incident: Incident) => Incident): Promise<IncidentSaveResult>;
  /**
   * Loads and verifies an incident (its stream's chain, then its trail, then that the trail
   * replays), or `undefined` when there is none.
   *
   * @throws `AisleError` (from `@aisle/core`) `CORE_CHAIN_BROKEN` (`details.context: 'incidents'`).
   */
  load(id: string): Promise<Incident | undefined>;
  /** Incident ids in code-unit order (creation order for generated `inc_` ids) after `after`, at most `limit` (default 1000). */
  ids(options?: { readonly after?: string | undefined; readonly limit?: number | undefined }): Promise<ReadonlyArray<string>>;
  /** Verifies every incident stream (core's `verifyStore` over `incident:` streams), against a checkpoint kept outside when given. */
  verify(options?: { readonly checkpoint?: Checkpoint | undefined }): Promise<StoreVerification>;
  /** The stream store underneath. */
  readonly streamStore: StreamStore;
}

/**
 * Options of {@link createIncidentStore}.
 *
 * @public
 */
export interface IncidentStoreOptions {
  /** Any implementation of the stream-store contract. */
  readonly store: StreamStore;
  /** Attempts per `update` when other writers keep changing the same incident (default 8). */
  readonly maxAttempts?: number | undefined;
  /** Waits between attempts (default: core's jittered back-off). */
  readonly backoff?: ((attempt: number) => Promise<void>) | undefined;
}

/**
 * An {@link IncidentStore} over any stream store.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createIncidentStore, transition } from '@aisle/incidents';
 *
 * const incidents = createIncidentStore({ store: createMemoryStreamStore() });
 * await incidents.save(incident);
 * await incidents.update(incident.record.id, (current) => transition(current, 'triaged', { actor: 'S-014', at: '2026-11-21T10:40:00+08:00' }));
 * ```
 *
 * @public
 */
export function createIncidentStore(options: IncidentStoreOptions): IncidentStore {
  const store = options?.store;
  if (typeof store !== 'object' || store === null || typeof store.append !== 'function') {
    throw new TypeError('options.store must be a StreamStore');
  }
  const { maxAttempts, backoff } = options;

  const read = async (id: string) => {
    const streamId = incidentStreamId(id);
    const slice = await store.read<AuditEvent>(streamId);
    return { streamId, slice, incident: slice.version === 0 ? undefined : incidentOf(streamId, slice.entries, slice.version) };
  };

  const saved = (incident: Incident, version: number, head: string, appended: number, attempts: number): IncidentSaveResult => ({
    incident,
    anchor: { length: version, head },
    appended,
    attempts,
  });

  return {
    streamStore: store,

    async save(input) {
      const incident = restoreIncident(input);
      const { streamId, slice, incident: stored } = await read(incident.record.id);
      const fresh = newEntries(stored, incident);
      if (typeof fresh === 'string') throw notExtending(streamId, fresh);
      if (fresh.length === 0) return saved(stored as Incident, slice.version, slice.head, 0, 1);
      const result = await store.append(streamId, fresh, { expectedVersion: slice.version === 0 ? 'no_stream' : slice.version });
      return saved(incident, result.version, result.head, result.duplicate ? 0 : fresh.length, 1);
    },

    async update(id, change) {
      if (typeof change !== 'function') throw new TypeError('change must be a function');
      const streamId = incidentStreamId(id);
      const done = await decideAndRetry<AuditEvent, Incident>({
        store,
        streamId,
        load: 'full',
        maxAttempts,
        backoff,
        decide: (loaded) => {
          if (loaded.version === 0) throw invalid('id', `expected a stored incident, received ${JSON.stringify(id)}`);
          const current = incidentOf(streamId, loaded.entries, loaded.version);
          const next = restoreIncident(change(current));
          const entries = next.record.id === current.record.id ? newEntries(current, next) : 'it returned another incident';
          if (typeof entries === 'string') throw invalid('change', `expected an incident extending the one it was given, but ${entries}`);
          return { entries, result: next };
        },
      });
      const append = done.append;
      if (append === undefined) {
        const { slice, incident } = await read(id);
        return saved(incident as Incident, slice.version, slice.head, 0, done.attempts);
      }
      return saved(done.result, append.version, append.head, append.entries.length, done.attempts);
    },

    async load(id) {
      return (await read(id)).incident;
    },

    async ids(page = {}) {
      const limit = page.limit ?? 1000;
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
      const after = page.after === undefined ? PREFIX : incidentStreamId(page.after);
      const ids = await store.streamIds({ after, limit });
      return ids.filter((streamId) => streamId.startsWith(PREFIX)).map((streamId) => streamId.slice(PREFIX.length));
    },

    verify(verifyOptions = {}) {
      return verifyStore(store, { checkpoint: verifyOptions.checkpoint, prefix: PREFIX });
    },
  };
}

/**
 * An {@link IncidentStore} over a fresh in-memory stream store, for tests, drills and demos.
 *
 * @example
 * ```ts
 * import { createMemoryIncidentStore } from '@aisle/incidents';
 *
 * const incidents = createMemoryIncidentStore();
 * await incidents.save(incident);
 * (await incidents.load(incident.record.id))?.record.status; // 'detected'
 * ```
 *
 * @public
 */
export function createMemoryIncidentStore(): IncidentStore {
  return createIncidentStore({ store: createMemoryStreamStore() });
}

/**
 * The stream id of an incident: `incident:{id}`.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` when `id` is not 1–64 characters without control characters.
 *
 * @example
 * ```ts
 * import { incidentStreamId } from '@aisle/incidents';
 *
 * incidentStreamId('inc_01JD3Q8Z6ZK3V1Q2W3E4R5T6Y7'); // 'incident:inc_01JD3Q8Z6ZK3V1Q2W3E4R5T6Y7'
 * ```
 *
 * @public
 */
export function incidentStreamId(id: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 64 || CONTROL.test(id)) {
    const received = typeof id === 'string' ? `a string of ${id.length} characters` : typeof id;
    throw new ValidationError([{ path: ['id'], message: `expected 1–64 characters without control characters, received ${received}` }], {
      label: 'incident id',
    });
  }
  return PREFIX + id;
}

/**
 * Rebuilds and verifies an incident from its stream: the stream's chain, each entry's id (the
 * trail entry's hash), and the trail's replay.
 */
function incidentOf(streamId: string, entries: ReadonlyArray<StreamEntry<AuditEvent>>, version: number): Incident {
  const verified = verifyStreamEntries(streamId, entries);
  if (!verified.ok) throw auditBroken(`Incident stream ${streamId}: ${verified.message}`, verified.seq, verified.reason, streamId);
  if (entries.length !== version) {
    throw auditBroken(
      `Incident stream ${streamId} records ${version} entries but holds ${entries.length}`,
      entries.length,
      'truncated',
      streamId,
    );
  }
  const trail: ChainEntry<AuditEvent>[] = [];
  for (const entry of entries) {
    let link: ChainEntry<AuditEvent>;
    try {
      link = appendEntry(trail[trail.length - 1], entry.data);
    } catch {
      throw auditBroken(`Entry ${entry.seq} of ${streamId} is not an audit event`, entry.seq, 'malformed', streamId);
    }
    if (link.hash !== entry.id)
      throw auditBroken(`Entry ${entry.seq} of ${streamId} is not the trail entry it names`, entry.seq, 'hash', streamId);
    trail.push(link);
  }
  return restoreIncident({ record: replayAuditTrail(trail), trail });
}

/** The entries of `next`'s trail after `stored`'s, or why `next` does not extend `stored`. */
function newEntries(stored: Incident | undefined, next: Incident): NewStreamEntry<AuditEvent>[] | string {
  const base = stored?.trail ?? [];
  if (next.trail.length < base.length) return `the stored trail has ${base.length} entries, this one ${next.trail.length}`;
  const differs = base.findIndex((entry, i) => next.trail[i]?.hash !== entry.hash);
  if (differs >= 0) return `the trails differ from entry ${differs}`;
  return next.trail.slice(base.length).map((entry) => ({ id: entry.hash, type: `incident.${entry.payload.action}`, data: entry.payload }));
}

function notExtending(streamId: string, why: string): AisleError {
  return new AisleError(
    CoreErrorCode.STORE_VERSION_CONFLICT,
    `Incident ${streamId.slice(PREFIX.length)} changed since this copy was loaded (${why}): load it and apply the change again`,
    { details: { streamId } },
  );
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ path: [field], message }], { label: 'incident update' });
}
