import { IdentityError, IdentityErrorCode } from '../errors';
import type { IdentityGraph } from '../graph';
import type { ConsentGate, IdentifierInput } from '../types';

const DAY_MS = 86_400_000;

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
  /** The separate purpose this needs (PIPL Art. 28/29); default `presence.trajectory`. */
  readonly purpose?: string | undefined;
  /** The sites' UTC offset in minutes, for counting visit days (default 480). */
  readonly utcOffsetMinutes?: number | undefined;
  /** At most this many points per member (default 10,000); older points go first. */
  readonly maxPointsPerMember?: number | undefined;
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
 * reports under consent) joined through the identity graph — never from a device address.
 *
 * @public
 */
export interface TrajectoryStore {
  /**
   * Records a point for a member: refused with `IDENTITY_CONSENT_REQUIRED` unless the member's
   * identifier is in a profile and `consent(subjectId, purpose, at)` is `true`.
   */
  record(input: {
    readonly member: IdentifierInput;
    readonly subjectId: string;
    readonly site: string;
    readonly zone: string;
    readonly at: number;
  }): void;
  /** A member's points, if the consent still stands at `at` (ISO instant); otherwise an empty list. */
  trajectory(input: { readonly subjectId: string; readonly at: string }): ReadonlyArray<TrajectoryPoint>;
  /** How many distinct days the member visited, under the same consent check. */
  repeatVisits(input: { readonly subjectId: string; readonly at: string }): number;
  /** Deletes every point recorded under a subject (on withdrawal or erasure); returns how many went. */
  withdraw(subjectId: string): number;
  /** How many members have points. */
  members(): number;
}

/**
 * Creates a {@link TrajectoryStore}.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createIdentityGraph, createTrajectoryStore, defaultIdentifierTypes } from '@aisle/identity';
 *
 * const graph = createIdentityGraph({ types: defaultIdentifierTypes(), pseudonymise: ({ canonical }) => `p${canonical.length}`, store: createMemoryStreamStore() });
 * const trajectories = createTrajectoryStore({ graph, consent: () => false });
 * trajectories.members(); // 0 — and `record` refuses without a profile and consent
 * ```
 *
 * @public
 */
export function createTrajectoryStore(options: TrajectoryStoreOptions): TrajectoryStore {
  if (typeof options?.graph?.profileOf !== 'function') throw new TypeError('graph: expected an IdentityGraph');
  if (typeof options.consent !== 'function') throw new TypeError('consent: expected a ConsentGate');
  const purpose = options.purpose ?? 'presence.trajectory';
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000;
  const maxPoints = options.maxPointsPerMember ?? 10_000;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 1) throw new RangeError('maxPointsPerMember: expected a positive integer');
  const points = new Map<string, TrajectoryPoint[]>();

  const allowed = (subjectId: string, at: string): boolean => {
    try {
      return options.consent(subjectId, purpose, at) === true;
    } catch {
      return false;
    }
  };

  return {
    record: ({ member, subjectId, site, zone, at }) => {
      if (typeof subjectId !== 'string' || subjectId.length === 0) throw new TypeError('subjectId: expected a non-empty string');
      if (typeof site !== 'string' || typeof zone !== 'string' || zone.length === 0 || zone.length > 128) {
        throw new TypeError('site, zone: expected strings (zone of 1–128 characters)');
      }
      if (!Number.isFinite(at) || Math.abs(at) > 8.64e15) throw new TypeError('at: expected epoch milliseconds');
      const profile = options.graph.profileOf(member);
      if (profile === undefined) {
        throw new IdentityError(
          IdentityErrorCode.CONSENT_REQUIRED,
          'A trajectory needs a member linked in the identity graph; this identifier is in no profile',
        );
      }
      if (!allowed(subjectId, new Date(at).toISOString())) {
        throw new IdentityError(
          IdentityErrorCode.CONSENT_REQUIRED,
          `A trajectory needs the member's separate consent to "${purpose}" (PIPL Art. 28/29); the consent gate did not grant it`,
        );
      }
      let list = points.get(subjectId);
      if (list === undefined) {
        list = [];
        points.set(subjectId, list);
      }
      list.push({ site, zone, at });
      if (list.length > maxPoints) list.splice(0, list.length - maxPoints);
    },
    trajectory: ({ subjectId, at }) => {
      if (!allowed(subjectId, at)) return [];
      return [...(points.get(subjectId) ?? [])].sort((a, b) => a.at - b.at);
    },
    repeatVisits: ({ subjectId, at }) => {
      if (!allowed(subjectId, at)) return 0;
      const days = new Set<number>();
      for (const p of points.get(subjectId) ?? []) days.add(Math.floor((p.at + offsetMs) / DAY_MS));
      return days.size;
    },
    withdraw: (subjectId) => {
      const n = points.get(subjectId)?.length ?? 0;
      points.delete(subjectId);
      return n;
    },
    members: () => points.size,
  };
}
