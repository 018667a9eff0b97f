import {
  AisleError,
  appendEntry,
  type ChainAnchor,
  type ChainEntry,
  type ChainFailureReason,
  type Clock,
  CoreErrorCode,
  canonicalJson,
  defineId,
  type InstantInput,
  type Json,
  parse,
  toInstant,
  verifyChain,
} from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';
import { checkRecord } from './internal/checks';
import type { IncidentInput, IncidentPatch, IncidentRecord, IncidentStatus } from './record';
import { IncidentInputSchema, IncidentPatchSchema } from './schema';

/**
 * Incident ids: `inc_` followed by a time-sortable body (see `defineId` (from `@aisle/core`)).
 *
 * @public
 */
export const IncidentId = defineId('inc');

/**
 * One audit-trail payload: who did what, when. `create` carries the whole record, `transition`
 * the status change, `revise` the normalised patch and when the new facts became known.
 *
 * @public
 */
export interface AuditEvent {
  readonly [key: string]: Json | undefined;
  readonly at: string;
  readonly actor: string;
  readonly action: 'create' | 'transition' | 'revise';
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
  readonly effectiveAt?: string;
  readonly record?: Json;
  readonly patch?: Json;
}

/**
 * An incident: the current record and the hash-chained audit trail that produced it. Values are
 * immutable; every operation returns a new `Incident`.
 *
 * @public
 */
export interface Incident {
  readonly record: IncidentRecord;
  readonly trail: ReadonlyArray<ChainEntry<AuditEvent>>;
}

/**
 * Who acts and when: an explicit `at`, or a `clock` to read it from.
 *
 * @public
 */
export interface ActorOptions {
  readonly actor: string;
  readonly at?: InstantInput;
  readonly clock?: Clock;
  /** Why (required to reopen, or to close without notifying individuals). */
  readonly reason?: string;
}

function when(options: ActorOptions): string {
  if (typeof options?.actor !== 'string' || options.actor.length === 0) throw new TypeError('options.actor must be a non-empty string');
  if (options.at !== undefined) return toInstant(options.at).toISOString();
  if (options.clock !== undefined) return options.clock.now().toISOString();
  throw new TypeError('Pass options.at or options.clock: time is always explicit');
}

function append(incident: Incident, event: AuditEvent, record: IncidentRecord): Incident {
  const last = incident.trail[incident.trail.length - 1];
  if (last !== undefined && event.at < last.payload.at) {
    throw new IncidentError(IncidentsErrorCode.TIME_ORDER, `The change at ${event.at} is before the last audit entry (${last.payload.at})`);
  }
  const entry = appendEntry<AuditEvent>(last, event);
  return Object.freeze({ record: deepFreeze(record), trail: Object.freeze([...incident.trail, entry]) });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function normalise(record: IncidentRecord): IncidentRecord {
  return JSON.parse(canonicalJson(record)) as IncidentRecord;
}

/**
 * Creates an incident in status `detected` and starts its audit trail.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for a malformed record.
 * @throws {@link IncidentError} `INCIDENTS_INVALID_COUNT`, `INCIDENTS_TIME_ORDER`, `INCIDENTS_UNKNOWN_REGIME`.
 *
 * @example
 * ```ts
 * import { createIncident } from '@aisle/incidents';
 *
 * const incident = createIncident(
 *   {
 *     title: 'Member export left on a public bucket',
 *     summary: 'A CSV of members was readable without authentication.',
 *     zone: 'Asia/Shanghai',
 *     operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@example.cn' },
 *     discovered: { by: 'SOC analyst S-014', at: '2026-11-21T10:00:00+08:00', where: 'oss://exports' },
 *     awareness: { awareAt: '2026-11-21T10:30:00+08:00' },
 *     personalInformation: { categories: ['name', 'phone'], people: 1_000_000 },
 *     cause: { category: 'data-security', known: false },
 *   },
 *   { actor: 'S-014', at: '2026-11-21T10:35:00+08:00' },
 * );
 * incident.record.status; // 'detected'
 * ```
 *
 * @public
 */
export function createIncident(input: IncidentInput, options: ActorOptions): Incident {
  const at = when(options);
  const parsed = parse(IncidentInputSchema, input, { label: 'incident' });
  const id = parsed.id ?? IncidentId.generate({ clock: { now: () => new Date(at) } });
  const record = normalise({ ...parsed, id, status: 'detected' } as IncidentRecord);
  checkRecord(record);
  return append({ record, trail: [] }, { at, actor: options.actor, action: 'create', record: record as unknown as Json }, record);
}

const NEXT: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  detected: ['triaged'],
  triaged: ['contained'],
  contained: ['reported', 'closed'],
  reported: ['notified', 'closed'],
  notified: ['closed'],
  closed: ['triaged'],
};

/**
 * The statuses reachable from `status`. Besides the straight line, `contained → closed` (nothing
 * to report), `reported → closed` (no individual notice needed) and the reopen `closed → triaged`
 * are allowed, each with a `reason`.
 *
 * @example
 * ```ts
 * import { allowedTransitions } from '@aisle/incidents';
 *
 * allowedTransitions('reported'); // ['notified', 'closed']
 * ```
 *
 * @public
 */
export function allowedTransitions(status: IncidentStatus): readonly IncidentStatus[] {
  // Own keys only: a status named `constructor` must not find Object.prototype's function.
  return Object.hasOwn(NEXT, status) ? NEXT[status] : [];
}

/**
 * Moves an incident to `to`, appending `{ who, when, from, to, reason }` to the trail.
 *
 * @throws {@link IncidentError} `INCIDENTS_INVALID_TRANSITION` (with `details: { from, to }`) when
 * `to` is not reachable, or when a reopen or early close has no `reason`; `INCIDENTS_TIME_ORDER`
 * when `at` is before the last trail entry.
 *
 * @example
 * ```ts
 * import { transition } from '@aisle/incidents';
 *
 * const triaged = transition(incident, 'triaged', { actor: 'S-014', at: '2026-11-21T10:40:00+08:00' });
 * ```
 *
 * @public
 */
export function transition(incident: Incident, to: IncidentStatus, options: ActorOptions): Incident {
  const at = when(options);
  const from = incident.record.status;
  if (!allowedTransitions(from).includes(to)) {
    // `to` may come from a request body: name it without calling its own toString.
    const target = typeof to === 'string' ? to : `(${to === null ? 'null' : typeof to})`;
    throw new IncidentError(IncidentsErrorCode.INVALID_TRANSITION, `Cannot go from "${from}" to "${target}"`, {
      details: { from, to: target },
    });
  }
  const needsReason = from === 'closed' || (to === 'closed' && from !== 'notified');
  if (needsReason && (options.reason === undefined || options.reason.trim() === '')) {
    throw new IncidentError(IncidentsErrorCode.INVALID_TRANSITION, `Going from "${from}" to "${to}" needs a reason`, {
      details: { from, to },
    });
  }
  const event: AuditEvent = {
    at,
    actor: options.actor,
    action: 'transition',
    from,
    to,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  return append(incident, event, { ...incident.record, status: to });
}

/**
 * Revises an incident (a count found higher, the cause determined, a submission made).
 * `effectiveAt` says when the new facts became known (default: `at`): a revision that raises
 * the CN grade to 较大 starts the CN reporting clock then.
 *
 * @throws `ValidationError` (from `@aisle/core`) for a malformed patch; {@link IncidentError} as for {@link createIncident}.
 *
 * @example
 * ```ts
 * import { updateIncident } from '@aisle/incidents';
 *
 * const revised = updateIncident(
 *   incident,
 *   { personalInformation: { categories: ['name', 'phone'], people: 12_000_000 } },
 *   { actor: 'S-014', at: '2026-11-22T09:00:00+08:00', reason: 'Second bucket found' },
 * );
 * ```
 *
 * @public
 */
export function updateIncident(
  incident: Incident,
  patch: IncidentPatch,
  options: ActorOptions & { readonly effectiveAt?: InstantInput },
): Incident {
  const at = when(options);
  const parsed = parse(IncidentPatchSchema, patch, { label: 'incident revision' }) as Record<string, unknown>;
  const present = typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
  const clean: Record<string, unknown> = {};
  // Own keys of the parsed patch only: a patch key named `constructor` or `toString` (which the
  // schema strips) must not pick up Object.prototype's function.
  for (const key of present) if (Object.hasOwn(parsed, key) && parsed[key] !== undefined) clean[key] = parsed[key];
  const record = normalise({ ...incident.record, ...clean } as IncidentRecord);
  checkRecord(record);
  const effectiveAt = options.effectiveAt === undefined ? at : toInstant(options.effectiveAt).toISOString();
  const event: AuditEvent = {
    at,
    actor: options.actor,
    action: 'revise',
    effectiveAt,
    patch: JSON.parse(canonicalJson(clean)) as Json,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  return append(incident, event, record);
}

/**
 * Records that an obligation was met (a report filed, a notice sent): a revision appending to
 * `submissions`.
 *
 * @example
 * ```ts
 * import { recordSubmission } from '@aisle/incidents';
 *
 * const filed = recordSubmission(incident, { obligation: 'cn.initial', at: '2026-11-21T12:00:00+08:00' }, { actor: 'DPO' });
 * ```
 *
 * @public
 */
export function recordSubmission(
  incident: Incident,
  submission: { readonly obligation: string; readonly at: InstantInput; readonly reference?: string },
  options: Omit<ActorOptions, 'at' | 'clock'> & { readonly at?: InstantInput; readonly clock?: Clock },
): Incident {
  const submissions = [...incident.record.submissions, submission];
  return updateIncident(incident, { submissions }, { ...options, at: options.at ?? options.clock?.now() ?? submission.at });
}

/**
 * The result of {@link verifyAuditTrail}: core's chain verification, plus `replay` when the
 * chain is intact but does not reproduce the record it accompanies.
 *
 * @public
 */
export type AuditVerification =
  | { readonly ok: true; readonly length: number; readonly head: string }
  | { readonly ok: false; readonly index: number; readonly reason: ChainFailureReason | 'replay'; readonly message: string };

/**
 * Replays an audit trail into the record it produces.
 *
 * @throws `AisleError` (from `@aisle/core`) `CORE_CHAIN_BROKEN` (`details.context: 'incidents'`,
 * `reason: 'replay'`) when the trail is empty, does not start with a `create`, or has another.
 *
 * @example
 * ```ts
 * import { replayAuditTrail } from '@aisle/incidents';
 *
 * replayAuditTrail(incident.trail).status; // the status after the last entry
 * ```
 *
 * @public
 */
export function replayAuditTrail(trail: ReadonlyArray<ChainEntry<AuditEvent>>): IncidentRecord {
  let record: IncidentRecord | undefined;
  for (const entry of trail) {
    const event = entry.payload;
    if (event.action === 'create' && record === undefined) record = event.record as unknown as IncidentRecord;
    else if (record !== undefined && event.action === 'transition') record = { ...record, status: event.to as IncidentStatus };
    else if (record !== undefined && event.action === 'revise') record = { ...record, ...(event.patch as object) };
    else throw auditBroken(`Audit entry ${entry.seq} (${String(event.action)}) cannot be replayed here`, entry.seq, 'replay');
  }
  if (record === undefined) throw auditBroken('The audit trail is empty', 0, 'replay');
  return record;
}

/**
 * Verifies an incident's audit trail: the hash chain (edits, reordering, insertion, deletion;
 * truncation against an `anchor` kept elsewhere), then that replaying it yields exactly the
 * current record (so the record cannot be changed without the trail). Never throws for bad data.
 *
 * @example
 * ```ts
 * import { verifyAuditTrail } from '@aisle/incidents';
 *
 * verifyAuditTrail(incident).ok; // true
 * ```
 *
 * @public
 */
export function verifyAuditTrail(incident: Incident, anchor?: ChainAnchor): AuditVerification {
  const chain = verifyChain(incident.trail, anchor);
  if (!chain.ok) return chain;
  try {
    const replayed = replayAuditTrail(incident.trail);
    if (canonicalJson(replayed) !== canonicalJson(incident.record)) {
      return {
        ok: false,
        index: incident.trail.length - 1,
        reason: 'replay',
        message: 'The record differs from what its audit trail produces',
      };
    }
  } catch (error) {
    return {
      ok: false,
      index: 0,
      reason: 'replay',
      message: error instanceof Error ? error.message : 'The audit trail cannot be replayed',
    };
  }
  return chain;
}

/**
 * Rebuilds an {@link Incident} from storage, verifying it first.
 *
 * @throws `AisleError` (from `@aisle/core`) `CORE_CHAIN_BROKEN` with
 * `details: { context: 'incidents', index, reason }`.
 *
 * @example
 * ```ts
 * import { restoreIncident } from '@aisle/incidents';
 *
 * const again = restoreIncident(JSON.parse(JSON.stringify(incident)));
 * ```
 *
 * @public
 */
export function restoreIncident(
  stored: { readonly record: unknown; readonly trail: ReadonlyArray<unknown> },
  anchor?: ChainAnchor,
): Incident {
  if (typeof stored !== 'object' || stored === null || !Array.isArray(stored.trail)) {
    throw auditBroken('A stored incident is { record, trail: an array of entries }', 0, 'malformed');
  }
  const candidate = { record: stored.record as IncidentRecord, trail: stored.trail as ReadonlyArray<ChainEntry<AuditEvent>> };
  const result = verifyAuditTrail(candidate, anchor);
  if (!result.ok) {
    throw auditBroken(result.message, result.index, result.reason);
  }
  return Object.freeze({ record: deepFreeze(normalise(candidate.record)), trail: Object.freeze([...candidate.trail]) });
}

/**
 * The one broken-chain error of every Aisle package, `CORE_CHAIN_BROKEN`, with this package's
 * context. @internal
 */
export function auditBroken(message: string, index: number, reason: string, streamId?: string): AisleError {
  return new AisleError(CoreErrorCode.CHAIN_BROKEN, message, {
    details: streamId === undefined ? { context: 'incidents', index, reason } : { context: 'incidents', streamId, index, reason },
  });
}
