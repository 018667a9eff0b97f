import { addLocal, type InstantInput, toInstant } from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';
import type { Incident } from './incident';

/**
 * A review task opened by a closed incident, resolved by a later plan revision.
 *
 * @public
 */
export interface ReviewTask {
  readonly id: string;
  readonly incidentId: string;
  readonly openedAt: string;
  /** The plan version the incident was handled under. */
  readonly planVersion: number;
  /** The revision that resolved it, once there is one. */
  readonly resolvedBy?: number;
}

/**
 * A versioned incident response plan with its review tasks.
 *
 * @public
 */
export interface ResponsePlan {
  readonly version: number;
  readonly approvedAt: string;
  readonly approvedBy: string;
  readonly summary: string;
  /** The review tasks this version resolved. */
  readonly resolves: readonly string[];
  /** Earlier versions, oldest first. */
  readonly history: ReadonlyArray<{
    readonly version: number;
    readonly approvedAt: string;
    readonly approvedBy: string;
    readonly summary: string;
    readonly resolves: readonly string[];
  }>;
  readonly tasks: readonly ReviewTask[];
}

/**
 * A first plan version.
 *
 * @example
 * ```ts
 * import { createResponsePlan } from '@aisle/incidents';
 *
 * const plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'v1' });
 * ```
 *
 * @public
 */
export function createResponsePlan(input: {
  readonly approvedAt: InstantInput;
  readonly approvedBy: string;
  readonly summary: string;
}): ResponsePlan {
  const approvedAt = toInstant(input.approvedAt).toISOString();
  return Object.freeze({
    version: 1,
    approvedAt,
    approvedBy: input.approvedBy,
    summary: input.summary,
    resolves: [],
    history: [],
    tasks: [],
  });
}

/**
 * Opens the review task a closed incident owes the plan (lessons learned feed the next revision).
 *
 * @throws {@link IncidentError} `INCIDENTS_PLAN` when the incident is not closed or already has a task.
 *
 * @example
 * ```ts
 * import { openReviewTask } from '@aisle/incidents';
 *
 * const withTask = openReviewTask(plan, closedIncident);
 * ```
 *
 * @public
 */
export function openReviewTask(plan: ResponsePlan, incident: Incident): ResponsePlan {
  const record = incident.record;
  if (record.status !== 'closed') throw new IncidentError(IncidentsErrorCode.PLAN, `Incident ${record.id} is ${record.status}, not closed`);
  const id = `review:${record.id}:${incident.trail.length}`;
  if (plan.tasks.some((t) => t.id === id)) throw new IncidentError(IncidentsErrorCode.PLAN, `Review task ${id} already exists`);
  const openedAt = incident.trail.at(-1)?.payload.at ?? record.discovered.at;
  return Object.freeze({
    ...plan,
    tasks: Object.freeze([...plan.tasks, { id, incidentId: record.id, openedAt, planVersion: plan.version }]),
  });
}

/**
 * Publishes the next plan version, resolving the listed review tasks (linked to this version).
 *
 * @throws {@link IncidentError} `INCIDENTS_PLAN` for an unknown or already resolved task;
 * `INCIDENTS_TIME_ORDER` for an approval before the current version's.
 *
 * @example
 * ```ts
 * import { reviseResponsePlan } from '@aisle/incidents';
 *
 * const v2 = reviseResponsePlan(plan, { approvedAt: '2026-12-01T10:00:00+08:00', approvedBy: 'CISO', summary: 'Bucket policy checks', resolves: [plan.tasks[0].id] });
 * ```
 *
 * @public
 */
export function reviseResponsePlan(
  plan: ResponsePlan,
  input: {
    readonly approvedAt: InstantInput;
    readonly approvedBy: string;
    readonly summary: string;
    readonly resolves?: readonly string[];
  },
): ResponsePlan {
  const approvedAt = toInstant(input.approvedAt).toISOString();
  if (approvedAt < plan.approvedAt)
    throw new IncidentError(
      IncidentsErrorCode.TIME_ORDER,
      `Revision approved ${approvedAt}, before version ${plan.version} (${plan.approvedAt})`,
    );
  const resolves = input.resolves ?? [];
  for (const id of resolves) {
    const task = plan.tasks.find((t) => t.id === id);
    if (task === undefined || task.resolvedBy !== undefined)
      throw new IncidentError(IncidentsErrorCode.PLAN, `Review task ${JSON.stringify(id)} is unknown or already resolved`);
  }
  const version = plan.version + 1;
  return Object.freeze({
    version,
    approvedAt,
    approvedBy: input.approvedBy,
    summary: input.summary,
    resolves: Object.freeze([...resolves]),
    history: Object.freeze([
      ...plan.history,
      { version: plan.version, approvedAt: plan.approvedAt, approvedBy: plan.approvedBy, summary: plan.summary, resolves: plan.resolves },
    ]),
    tasks: Object.freeze(plan.tasks.map((t) => (resolves.includes(t.id) ? { ...t, resolvedBy: version } : t))),
  });
}

/**
 * Whether a plan is due for review: not approved for `maxAgeMonths` (calendar months in
 * `zone`), or with open review tasks.
 *
 * @example
 * ```ts
 * import { planReviewStatus } from '@aisle/incidents';
 *
 * planReviewStatus(plan, { now: '2027-02-01T00:00:00Z', maxAgeMonths: 12, zone: 'Asia/Shanghai' }).stale; // true
 * ```
 *
 * @public
 */
export function planReviewStatus(
  plan: ResponsePlan,
  options: { readonly now: InstantInput; readonly maxAgeMonths: number; readonly zone: string },
): { readonly stale: boolean; readonly reviewDueAt: string; readonly openTasks: readonly ReviewTask[] } {
  if (!Number.isSafeInteger(options.maxAgeMonths) || options.maxAgeMonths < 1) {
    throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `maxAgeMonths must be a positive integer, got ${options.maxAgeMonths}`);
  }
  const reviewDueAt = addLocal(plan.approvedAt, { months: options.maxAgeMonths }, options.zone).toISOString();
  const now = toInstant(options.now).toISOString();
  return { stale: now >= reviewDueAt, reviewDueAt, openTasks: plan.tasks.filter((t) => t.resolvedBy === undefined) };
}
