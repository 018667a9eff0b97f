import { addLocal, type LocalDuration, startOfLocalDay } from '@aisle/core';
import { CustodyError, CustodyErrorCode } from '../errors';
import type { Manifest } from '../manifest';
import { manifestHash } from '../manifest';
import type {
  AccessRecord,
  CheckRecord,
  CustodyEvent,
  IntegritySummary,
  ManifestSummary,
  MediumState,
  Permission,
  Registration,
  Responsible,
} from '../state';
import type { IntegrityReport } from '../verify';

/** What every plan needs besides the state: the register's zone, interval and vocabulary. */
export interface PlanContext {
  readonly zone: string;
  readonly interval: LocalDuration;
  readonly categories: ReadonlySet<string> | undefined;
}

/** Events to append and timers to move, decided purely from (state, input). */
export interface Plan {
  readonly events: CustodyEvent[];
  readonly timers: { set?: Array<{ key: string; dueAt: string }>; clear?: string[] };
}

export const CHECK_TIMER = 'check';
export const TASK_TIMER_PREFIX = 'rebackup:';

/** The start of the local day on which a check made at `from` falls due again. */
export function nextDueAt(from: string, context: PlanContext): string {
  return startOfLocalDay(addLocal(from, context.interval, context.zone), context.zone).toISOString();
}

export function summarise(manifest: Manifest): ManifestSummary {
  return { hash: manifestHash(manifest), root: manifest.root, fileCount: manifest.fileCount, bytes: manifest.bytes };
}

export function requireState(state: MediumState | undefined, mediumId: string): MediumState {
  if (state === undefined) {
    throw new CustodyError(
      CustodyErrorCode.UNKNOWN_MEDIUM,
      `No medium ${JSON.stringify(mediumId)} is registered (register it before checks, reads or migrations)`,
      {
        details: { mediumId },
      },
    );
  }
  return state;
}

export function requireActive(state: MediumState): void {
  if (state.status !== 'active') {
    throw new CustodyError(
      CustodyErrorCode.MEDIUM_CLOSED,
      `Medium ${JSON.stringify(state.id)} is ${state.status}: nothing more can be recorded on it but its retirement`,
      {
        details: { mediumId: state.id, status: state.status },
      },
    );
  }
}

export function requireInOrder(state: MediumState, at: string): void {
  if (Date.parse(at) < Date.parse(state.lastAt)) {
    throw new CustodyError(
      CustodyErrorCode.OUT_OF_ORDER,
      `Medium ${JSON.stringify(state.id)}: an event at ${at} is before its latest event (${state.lastAt})`,
      {
        details: { mediumId: state.id, at, lastAt: state.lastAt },
      },
    );
  }
}

export function checkCategories(categories: ReadonlyArray<string>, context: PlanContext, where: string): void {
  if (context.categories === undefined) return;
  for (const category of categories) {
    if (!context.categories.has(category)) {
      throw new CustodyError(
        CustodyErrorCode.UNKNOWN_CATEGORY,
        `${where}: ${JSON.stringify(category)} is not in the register's data-category vocabulary`,
        {
          details: { category },
        },
      );
    }
  }
}

export function checkPeople(responsible: ReadonlyArray<Responsible>, permissions: ReadonlyArray<Permission>, context: PlanContext): void {
  for (const [i, permission] of permissions.entries()) {
    if (permission.categories !== undefined) checkCategories(permission.categories, context, `permissions[${i}].categories`);
  }
  const seen = new Set<string>();
  for (const [i, person] of responsible.entries()) {
    if (seen.has(person.personId)) {
      throw new CustodyError(
        CustodyErrorCode.INVALID_INPUT,
        `responsible[${i}].personId: ${JSON.stringify(person.personId)} is listed twice`,
      );
    }
    seen.add(person.personId);
  }
}

export function planRegistration(
  registration: Registration,
  manifest: Manifest,
  at: string,
  context: PlanContext,
  migratedFrom?: { mediumId: string; reason: string; taskIds: string[] },
): Plan {
  const checkDueAt = nextDueAt(registration.madeAt, context);
  return {
    events: [
      {
        type: 'medium.registered',
        data: { at, registration, manifest: summarise(manifest), checkDueAt, ...(migratedFrom === undefined ? {} : { migratedFrom }) },
      },
    ],
    timers: { set: [{ key: CHECK_TIMER, dueAt: checkDueAt }] },
  };
}

/** Keeps what a check needs of a report: verdict, counts, the first 100 paths. */
export function summariseIntegrity(report: IntegrityReport): IntegritySummary {
  const paths: string[] = [];
  const add = (kind: string, list: ReadonlyArray<string>) => {
    for (const path of list) if (paths.length < 100) paths.push(`${kind}:${path}`);
  };
  add(
    'changed',
    report.changed.map((c) => c.path),
  );
  add('missing', report.missing);
  add('extra', report.extra);
  add('symlink', report.symlinks);
  add('special', report.specialFiles);
  return {
    ok: report.ok,
    manifestHash: report.manifestHash,
    expectedRoot: report.expectedRoot,
    actualRoot: report.actualRoot,
    rootChanged: report.rootChanged,
    missing: report.missing.length,
    extra: report.extra.length,
    changed: report.changed.length,
    symlinks: report.symlinks.length,
    specialFiles: report.specialFiles.length,
    paths,
  };
}

export function planCheck(state: MediumState, check: Omit<CheckRecord, 'checkId' | 'normal' | 'problems'>, context: PlanContext): Plan {
  const problems: Array<'unreadable' | 'integrity' | 'malware'> = [];
  if (!check.readable) problems.push('unreadable');
  if (check.integrity !== null && !check.integrity.ok) problems.push('integrity');
  if (check.malware !== null && !check.malware.clean) problems.push('malware');
  const seq = state.version;
  const checkId = `check-${seq}`;
  const nextDue = nextDueAt(check.at, context);
  const record: CheckRecord & { nextDueAt: string } = { ...check, checkId, normal: problems.length === 0, problems, nextDueAt: nextDue };
  const events: CustodyEvent[] = [{ type: 'check.recorded', data: record }];
  const set = [{ key: CHECK_TIMER, dueAt: nextDue }];
  if (problems.length > 0) {
    const taskId = `rebackup-${seq}`;
    events.push({ type: 'rebackup.opened', data: { at: check.at, taskId, checkId, problems } });
    // Due at once: the standard asks for a new backup immediately after an abnormal check.
    set.push({ key: `${TASK_TIMER_PREFIX}${taskId}`, dueAt: check.at });
  }
  return { events, timers: { set } };
}

export function accessFlags(state: MediumState, by: string, approvedBy: string | undefined): AccessRecord['flags'] {
  const flags: Array<AccessRecord['flags'][number]> = [];
  if (approvedBy === undefined) flags.push('no-approval');
  else if (approvedBy === by) flags.push('self-approved');
  if (!state.permissions.some((p) => p.personId === by)) flags.push('no-permission');
  return flags;
}

export function planMigrationOut(
  state: MediumState,
  input: { at: string; by: string; toMediumId: string; reason: string; notes?: string | undefined },
): Plan {
  const events: CustodyEvent[] = [];
  const clear = [CHECK_TIMER];
  for (const task of state.tasks) {
    if (task.status !== 'open') continue;
    events.push({ type: 'rebackup.closed', data: { at: input.at, taskId: task.taskId, by: input.by, toMediumId: input.toMediumId } });
    clear.push(`${TASK_TIMER_PREFIX}${task.taskId}`);
  }
  events.push({ type: 'medium.migrated', data: input });
  return { events, timers: { clear } };
}

export function openTaskIds(state: MediumState): string[] {
  return state.tasks.filter((task) => task.status === 'open').map((task) => task.taskId);
}
