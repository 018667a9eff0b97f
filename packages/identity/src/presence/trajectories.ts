import { AisleError, type Clock, CoreErrorCode, encodeUtf8, type StreamStore, secureRandom, systemClock, toInstant } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IdentityError, IdentityErrorCode } from '../errors';
import type { IdentityGraph } from '../graph';
import { createSerialQueue } from '../internal/serial';
import type { ConsentGate, IdentifierInput } from '../types';

const DAY_MS = 86_400_000;
/** One stream per subject: the prefix, then the first 32 hex digits of the SHA-256 of the subject id. */
const STREAM = 'identity:trajectory:';
/** Appends retried this many times when another writer appended to the same subject's stream first. */
const RETRIES = 5;

/**
 * Seals a subject's points under that subject's own key and destroys the key on withdrawal
 * (crypto-shredding): the stream store is append-only and hash-chained, so withdrawal cannot
 * delete entries — it makes them unreadable. `@aisle/deid`'s `createShredder` has this shape.
 *
 * @example
 * ```ts
 * import { createMemoryKeyStore, createShredder } from '@aisle/deid';
 * import type { TrajectorySealer } from '@aisle/identity';
 *
 * const sealer: TrajectorySealer = createShredder({ kek: new Uint8Array(32).fill(7), store: createMemoryKeyStore() }); // a real KEK from your KMS
 * ```
 *
 * @public
 */
export interface TrajectorySealer {
  /** Encrypts text under the subject's data key (created on first use). */
  sealText(subjectId: string, text: string): Promise<string>;
  /** Decrypts; throws once the subject's key is destroyed. */
  openText(subjectId: string, sealed: string): Promise<string>;
  /** Destroys the subject's data key: everything sealed under it becomes unreadable. */
  shred(subjectId: string): Promise<boolean>;
}

/**
 * Options of {@link createTrajectoryStore}.
 *
 * @public
 */
export interface TrajectoryStoreOptions {
  /** The identity graph members are joined through (`profileOf`). */
  readonly graph: Pick<IdentityGraph, 'profileOf'>;
  /** The consent gate (fails closed: anything but `true` refuses). */
  readonly consent: ConsentGate;
  /** Where the points live: core's `StreamStore` (`createMemoryStreamStore()`, or `@aisle/postgres` on PostgreSQL or PGlite). */
  readonly store: StreamStore;
  /** Seals every point under its subject's key, and destroys the key on withdrawal (see {@link TrajectorySealer}). */
  readonly sealer: TrajectorySealer;
  /** The separate purpose this needs (PIPL Art. 28/29); default `presence.trajectory`. */
  readonly purpose?: string | undefined;
  /** The sites' UTC offset in minutes, for counting visit days (default 480). */
  readonly utcOffsetMinutes?: number | undefined;
  /** At most this many points per member are read back (default 10,000); older points go first. */
  readonly maxPointsPerMember?: number | undefined;
  /** The clock the one-day limit on recording a point is measured against (default: the system clock). */
  readonly clock?: Clock | undefined;
}

/**
 * One point of a consenting member's trajectory: a zone at a site at an instant.
 *
 * @public
 */
export interface TrajectoryPoint {
  readonly site: string;
  readonly zone: string;
  /** Epoch ms. */
  readonly at: number;
}

/**
 * Trajectories and repeat visits, only for members who gave the separate consent for them.
 * Points come from a member's own signed-in sessions (a mini-program check-in, a beacon the app
 * reports under consent) joined through the identity graph — never from a device address. They
 * are kept on core's stream store, one stream per subject, each point sealed under the subject's
 * key; withdrawal destroys the key and closes the stream's past.
 *
 * @public
 */
export interface TrajectoryStore {
  /**
   * Records a point for a member: refused with `IDENTITY_CONSENT_REQUIRED` unless the member's
   * identifier is in a profile and `consent(subjectId, purpose, at)` is `true`, and with
   * `IDENTITY_RETENTION_EXCEEDED` when the point is more than a day old (raw observations are kept
   * at most a day, so none can become a trajectory later).
   */
  record(input: {
    readonly member: IdentifierInput;
    readonly subjectId: string;
    readonly site: string;
    readonly zone: string;
    readonly at: number;
  }): Promise<void>;
  /** A member's points in time order, if the consent still stands at `at` (ISO instant); otherwise an empty list. */
  trajectory(input: { readonly subjectId: string; readonly at: string }): Promise<ReadonlyArray<TrajectoryPoint>>;
  /** How many distinct days the member visited, under the same consent check. */
  repeatVisits(input: { readonly subjectId: string; readonly at: string }): Promise<number>;
  /**
   * Deletes every point recorded under a subject (on withdrawal or erasure): destroys the subject's
   * key, then records the withdrawal so reads start after it. Returns how many points went.
   */
  withdraw(subjectId: string): Promise<number>;
  /** How many members have points. */
  members(): Promise<number>;
}

/** The snapshot each append writes: where the live points start, and how many there are. */
type Live = { readonly since: number; readonly points: number };

/**
 * Creates a {@link TrajectoryStore} on a stream store.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createMemoryKeyStore, createShredder } from '@aisle/deid';
 * import { createIdentityGraph, createTrajectoryStore, defaultIdentifierTypes } from '@aisle/identity';
 *
 * const store = createMemoryStreamStore();
 * const graph = createIdentityGraph({ types: defaultIdentifierTypes(), pseudonymise: ({ canonical }) => `p${canonical.length}`, store });
 * const trajectories = createTrajectoryStore({
 *   graph,
 *   consent: () => false,
 *   store,
 *   sealer: createShredder({ kek: new Uint8Array(32).fill(7), store: createMemoryKeyStore() }), // a real KEK from your KMS
 * });
 * await trajectories.members(); // 0 — and `record` refuses without a profile and consent
 * ```
 *
 * @public
 */
export function createTrajectoryStore(options: TrajectoryStoreOptions): TrajectoryStore {
  if (typeof options?.graph?.profileOf !== 'function') throw new TypeError('graph: expected an IdentityGraph');
  if (typeof options.consent !== 'function') throw new TypeError('consent: expected a ConsentGate');
  if (typeof options.store?.append !== 'function') throw new TypeError('store: expected a StreamStore');
  const { store, sealer } = options;
  if (typeof sealer?.sealText !== 'function' || typeof sealer.openText !== 'function' || typeof sealer.shred !== 'function') {
    throw new TypeError('sealer: expected { sealText, openText, shred } (e.g. @aisle/deid createShredder)');
  }
  const purpose = options.purpose ?? 'presence.trajectory';
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000;
  const maxPoints = options.maxPointsPerMember ?? 10_000;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 1) throw new RangeError('maxPointsPerMember: expected a positive integer');
  const clock = options.clock ?? systemClock;

  const subject = (subjectId: unknown): string => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused in ids
    if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200 || /[\u0000-\u001f\u007f]/.test(subjectId)) {
      throw new TypeError('subjectId: expected 1–200 characters without control characters');
    }
    return subjectId;
  };
  const streamOf = (subjectId: string) => `${STREAM}${bytesToHex(sha256(encodeUtf8(subjectId))).slice(0, 32)}`;
  const allowed = (subjectId: string, at: string): boolean => {
    try {
      return options.consent(subjectId, purpose, at) === true;
    } catch {
      return false;
    }
  };
  const liveOf = (snapshot: unknown): Live => {
    const live = snapshot as Partial<Live> | undefined;
    return { since: typeof live?.since === 'number' ? live.since : 0, points: typeof live?.points === 'number' ? live.points : 0 };
  };

  /** Appends one entry with the snapshot `next(live)` gives, retrying when another writer got there first. */
  const appendTo = async (
    subjectId: string,
    type: string,
    data: { readonly [key: string]: string | number },
    next: (live: Live, version: number) => Live,
  ) => {
    for (let attempt = 0; ; attempt++) {
      const streamId = streamOf(subjectId);
      const head = await store.readSnapshot(streamId);
      const live = liveOf(head.snapshot);
      // A fresh id per attempt: another writer's entry at the same position is a conflict, never a retry of ours.
      const nonce = new Uint8Array(12);
      secureRandom(nonce);
      try {
        await store.append(streamId, [{ id: `${type}-${bytesToHex(nonce)}`, type, data }], {
          expectedVersion: head.version,
          snapshot: next(live, head.version),
        });
        return live;
      } catch (error) {
        if (attempt < RETRIES && AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT)) continue;
        throw error;
      }
    }
  };

  // Writes go one at a time: a subject's key is created on its first seal, and two first seals at
  // once would create two keys.
  const serial = createSerialQueue();

  const points = async (subjectId: string): Promise<TrajectoryPoint[]> => {
    const streamId = streamOf(subjectId);
    const head = await store.readSnapshot(streamId);
    const live = liveOf(head.snapshot);
    if (live.points === 0) return [];
    const from = Math.max(live.since, head.version - maxPoints);
    const out: TrajectoryPoint[] = [];
    for (const entry of (await store.read(streamId, { from })).entries) {
      if (entry.type !== 'point') continue;
      const sealed = (entry.data as { sealed?: unknown }).sealed;
      if (typeof sealed !== 'string') continue;
      const [site, zone, at] = JSON.parse(await sealer.openText(subjectId, sealed)) as [string, string, number];
      out.push({ site, zone, at });
    }
    return out.sort((a, b) => a.at - b.at);
  };

  return {
    record: async ({ member, subjectId, site, zone, at }) => {
      const id = subject(subjectId);
      if (
        typeof site !== 'string' ||
        site.length === 0 ||
        site.length > 128 ||
        typeof zone !== 'string' ||
        zone.length === 0 ||
        zone.length > 128
      ) {
        throw new TypeError('site, zone: expected strings of 1–128 characters');
      }
      if (!Number.isFinite(at) || Math.abs(at) > 8.64e15) throw new TypeError('at: expected epoch milliseconds');
      const now = toInstant(clock.now()).getTime();
      if (at < now - DAY_MS) {
        throw new IdentityError(
          IdentityErrorCode.RETENTION_EXCEEDED,
          `A trajectory point must be recorded within a day of being seen (raw observations are kept at most a day); this one is from ${new Date(at).toISOString()}`,
        );
      }
      const profile = options.graph.profileOf(member);
      if (profile === undefined) {
        throw new IdentityError(
          IdentityErrorCode.CONSENT_REQUIRED,
          'A trajectory needs a member linked in the identity graph; this identifier is in no profile',
        );
      }
      if (!allowed(id, new Date(at).toISOString())) {
        throw new IdentityError(
          IdentityErrorCode.CONSENT_REQUIRED,
          `A trajectory needs the member's separate consent to "${purpose}" (PIPL Art. 28/29); the consent gate did not grant it`,
        );
      }
      await serial(async () => {
        const sealed = await sealer.sealText(id, JSON.stringify([site, zone, at]));
        await appendTo(id, 'point', { sealed }, (live) => ({ since: live.since, points: live.points + 1 }));
      });
    },
    trajectory: async ({ subjectId, at }) => {
      const id = subject(subjectId);
      if (!allowed(id, at)) return [];
      return points(id);
    },
    repeatVisits: async ({ subjectId, at }) => {
      const id = subject(subjectId);
      if (!allowed(id, at)) return 0;
      const days = new Set<number>();
      for (const p of await points(id)) days.add(Math.floor((p.at + offsetMs) / DAY_MS));
      return days.size;
    },
    withdraw: async (subjectId) => {
      const id = subject(subjectId);
      return serial(async () => {
        // The key first: once it is gone the points are unreadable, whatever happens to the append.
        await sealer.shred(id);
        const head = await store.readSnapshot(streamOf(id));
        if (head.version === 0) return 0;
        const at = toInstant(clock.now()).toISOString();
        const live = await appendTo(id, 'withdrawn', { at }, (_, version) => ({ since: version + 1, points: 0 }));
        return live.points;
      });
    },
    members: async () => {
      let count = 0;
      let after: string | undefined = STREAM;
      for (;;) {
        const ids = await store.streamIds({ after, limit: 1000 });
        for (const streamId of ids) {
          if (!streamId.startsWith(STREAM)) return count;
          if (liveOf((await store.readSnapshot(streamId)).snapshot).points > 0) count++;
        }
        if (ids.length === 0) return count;
        after = ids[ids.length - 1];
      }
    },
  };
}
