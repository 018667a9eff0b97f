import { CustodyError, CustodyErrorCode } from './errors';

/**
 * What a medium holds and how it was made, as registered (every instant a UTC ISO string).
 * Data categories are ids of consent's vocabulary (`@aisle/consent`'s `DATA_CATEGORIES`, plus any
 * a catalogue declares); pass the vocabulary as the register's `categories` option to enforce it.
 *
 * @public
 */
export interface Registration {
  /** The medium number (介质编号). */
  readonly id: string;
  readonly medium: {
    readonly kind: 'hdd' | 'ssd' | 'tape' | 'optical' | 'usb' | 'nas' | 'other';
    readonly brand: string;
    readonly model: string;
    readonly serial: string;
    readonly capacityBytes: number;
    /** Local calendar date, `YYYY-MM-DD`. */
    readonly purchasedOn: string;
  };
  readonly contents: {
    /** What the backup covers, in words (systems, date range). */
    readonly scope: string;
    readonly categories: ReadonlyArray<string>;
    readonly subjects: number;
    readonly records: number;
    readonly bytes: number;
  };
  readonly device: { readonly name: string; readonly assetTag?: string | undefined };
  readonly software: { readonly name: string; readonly version: string };
  readonly madeAt: string;
  readonly madeBy: string;
  /** Who checked the backup when it was made: never the maker. */
  readonly checkedBy: string;
  /** The algorithm and a reference to the key in a KMS: never the key. */
  readonly encryption: { readonly algorithm: string; readonly keyRef: string };
  readonly responsible: ReadonlyArray<Responsible>;
  readonly permissions: ReadonlyArray<Permission>;
  readonly location?: string | undefined;
  readonly notes?: string | undefined;
}

/**
 * A person responsible for a medium (custodian, security officer…).
 *
 * @public
 */
export interface Responsible {
  readonly personId: string;
  readonly role: string;
  readonly name?: string | undefined;
}

/**
 * Who may reach which information on a medium, through which procedure, for what scope.
 *
 * @public
 */
export interface Permission {
  readonly personId: string;
  readonly access: 'read' | 'restore' | 'manage';
  readonly scope: string;
  readonly procedure: string;
  /** Data categories (consent's vocabulary) the permission covers; all of the medium's when omitted. */
  readonly categories?: ReadonlyArray<string> | undefined;
}

/**
 * What a stream records of a manifest: its hash (its identity), root, size.
 *
 * @public
 */
export interface ManifestSummary {
  readonly hash: string;
  readonly root: string;
  readonly fileCount: number;
  readonly bytes: number;
}

/**
 * What a check recorded of integrity: the verdict, counts, and at most 100 paths of each kind.
 *
 * @public
 */
export interface IntegritySummary {
  readonly ok: boolean;
  readonly manifestHash: string;
  readonly expectedRoot: string;
  readonly actualRoot: string;
  readonly rootChanged: boolean;
  readonly missing: number;
  readonly extra: number;
  readonly changed: number;
  readonly symlinks: number;
  readonly specialFiles: number;
  /** Up to 100 paths: missing, extra, changed, links and special files, each prefixed with its kind. */
  readonly paths: ReadonlyArray<string>;
}

/**
 * One periodic check of a medium.
 *
 * @public
 */
export interface CheckRecord {
  readonly checkId: string;
  readonly at: string;
  readonly by: string;
  readonly readable: boolean;
  /** `null` when the medium could not be read. */
  readonly integrity: IntegritySummary | null;
  /** The scanner's verdict; `null` when the medium could not be read (nothing to scan). */
  readonly malware: {
    readonly scanner: string;
    readonly clean: boolean;
    readonly findings: ReadonlyArray<string>;
    readonly signatures?: string | undefined;
  } | null;
  /** True when readable, intact and clean. */
  readonly normal: boolean;
  /** Why the check was abnormal: `unreadable`, `integrity`, `malware`. */
  readonly problems: ReadonlyArray<'unreadable' | 'integrity' | 'malware'>;
  readonly notes?: string | undefined;
}

/**
 * A re-backup task, opened by an abnormal check and closed by the migration to a new medium.
 *
 * @public
 */
export interface RebackupTask {
  readonly taskId: string;
  readonly openedAt: string;
  readonly checkId: string;
  readonly problems: ReadonlyArray<string>;
  readonly status: 'open' | 'closed';
  readonly closedAt?: string | undefined;
  readonly closedBy?: string | undefined;
  readonly toMediumId?: string | undefined;
}

/**
 * A read of offline information, as recorded. `flags` is empty for a read with an approval by
 * someone else who is allowed; otherwise it says what was wrong.
 *
 * @public
 */
export interface AccessRecord {
  readonly at: string;
  readonly by: string;
  readonly purpose: string;
  readonly approvedBy?: string | undefined;
  readonly approvalRef?: string | undefined;
  readonly flags: ReadonlyArray<'no-approval' | 'self-approved' | 'no-permission'>;
  readonly notes?: string | undefined;
}

/**
 * A medium's state: the pure fold of its stream ({@link foldMedium}), plain JSON (it is also the
 * stream's snapshot). Accesses are counted here; the records themselves are in the stream
 * (`history`).
 *
 * @public
 */
export interface MediumState {
  readonly id: string;
  readonly status: 'active' | 'migrated' | 'retired';
  readonly registration: Registration;
  readonly manifest: ManifestSummary;
  readonly responsible: ReadonlyArray<Responsible>;
  readonly permissions: ReadonlyArray<Permission>;
  readonly migratedFrom?: { readonly mediumId: string; readonly reason: string; readonly taskIds: ReadonlyArray<string> } | undefined;
  readonly migratedTo?: { readonly mediumId: string; readonly at: string; readonly by: string; readonly reason: string } | undefined;
  readonly retirement?:
    | {
        readonly at: string;
        readonly by: string;
        readonly method: 'wiped' | 'destroyed';
        readonly witness?: string | undefined;
        readonly notes?: string | undefined;
      }
    | undefined;
  readonly checks: ReadonlyArray<CheckRecord>;
  /** When the next check is due (start of the due date in the register's zone); absent once retired or migrated. */
  readonly checkDueAt?: string | undefined;
  readonly tasks: ReadonlyArray<RebackupTask>;
  readonly accessCount: number;
  readonly flaggedAccessCount: number;
  readonly lastAccess?: AccessRecord | undefined;
  /** The latest event's instant. */
  readonly lastAt: string;
  /** Events folded (the stream's version). */
  readonly version: number;
}

/**
 * The events of a medium's stream: `type` and `data` as stored.
 *
 * @public
 */
export type CustodyEvent =
  | {
      readonly type: 'medium.registered';
      readonly data: {
        readonly at: string;
        readonly registration: Registration;
        readonly manifest: ManifestSummary;
        readonly checkDueAt: string;
        readonly migratedFrom?: { readonly mediumId: string; readonly reason: string; readonly taskIds: ReadonlyArray<string> } | undefined;
      };
    }
  | {
      readonly type: 'medium.permissions-set';
      readonly data: {
        readonly at: string;
        readonly by: string;
        readonly responsible: ReadonlyArray<Responsible>;
        readonly permissions: ReadonlyArray<Permission>;
        readonly notes?: string | undefined;
      };
    }
  | { readonly type: 'check.recorded'; readonly data: CheckRecord & { readonly nextDueAt: string } }
  | {
      readonly type: 'rebackup.opened';
      readonly data: { readonly at: string; readonly taskId: string; readonly checkId: string; readonly problems: ReadonlyArray<string> };
    }
  | {
      readonly type: 'rebackup.closed';
      readonly data: { readonly at: string; readonly taskId: string; readonly by: string; readonly toMediumId: string };
    }
  | { readonly type: 'access.recorded'; readonly data: AccessRecord }
  | {
      readonly type: 'medium.migrated';
      readonly data: {
        readonly at: string;
        readonly by: string;
        readonly toMediumId: string;
        readonly reason: string;
        readonly notes?: string | undefined;
      };
    }
  | {
      readonly type: 'medium.retired';
      readonly data: {
        readonly at: string;
        readonly by: string;
        readonly method: 'wiped' | 'destroyed';
        readonly witness?: string | undefined;
        readonly notes?: string | undefined;
      };
    };

/**
 * Applies one event to a medium's state (`undefined` before registration) and returns the new
 * state; the input is not modified. Pure: the same events always give the same state.
 *
 * @throws {@link CustodyError} `CUSTODY_STREAM_MALFORMED` for an event of an unknown type, or any
 * event before `medium.registered`.
 *
 * @example
 * ```ts
 * import { applyCustodyEvent } from '@aisle/custody';
 *
 * // state = applyCustodyEvent(state, { type: entry.type, data: entry.data }) for each entry
 * ```
 *
 * @public
 */
export function applyCustodyEvent(state: MediumState | undefined, event: CustodyEvent): MediumState {
  if (event.type === 'medium.registered') {
    if (state !== undefined) malformed(`a second registration at version ${state.version}`);
    const d = event.data;
    return {
      id: d.registration.id,
      status: 'active',
      registration: d.registration,
      manifest: d.manifest,
      responsible: d.registration.responsible,
      permissions: d.registration.permissions,
      ...(d.migratedFrom === undefined ? {} : { migratedFrom: d.migratedFrom }),
      checks: [],
      checkDueAt: d.checkDueAt,
      tasks: [],
      accessCount: 0,
      flaggedAccessCount: 0,
      lastAt: d.at,
      version: 1,
    };
  }
  if (state === undefined) return malformed(`a ${JSON.stringify(String(event.type))} event before the registration`);
  const next = { version: state.version + 1, lastAt: event.data.at };
  switch (event.type) {
    case 'medium.permissions-set':
      return { ...state, ...next, responsible: event.data.responsible, permissions: event.data.permissions };
    case 'check.recorded': {
      const { nextDueAt, ...check } = event.data;
      return { ...state, ...next, checks: [...state.checks, check], checkDueAt: nextDueAt };
    }
    case 'rebackup.opened': {
      const { at, taskId, checkId, problems } = event.data;
      return { ...state, ...next, tasks: [...state.tasks, { taskId, openedAt: at, checkId, problems, status: 'open' }] };
    }
    case 'rebackup.closed': {
      const d = event.data;
      const tasks = state.tasks.map((task) =>
        task.taskId === d.taskId ? { ...task, status: 'closed' as const, closedAt: d.at, closedBy: d.by, toMediumId: d.toMediumId } : task,
      );
      return { ...state, ...next, tasks };
    }
    case 'access.recorded': {
      const flagged = event.data.flags.length > 0 ? 1 : 0;
      return {
        ...state,
        ...next,
        accessCount: state.accessCount + 1,
        flaggedAccessCount: state.flaggedAccessCount + flagged,
        lastAccess: event.data,
      };
    }
    case 'medium.migrated': {
      const { checkDueAt: _closed, ...rest } = state;
      const d = event.data;
      return { ...rest, ...next, status: 'migrated', migratedTo: { mediumId: d.toMediumId, at: d.at, by: d.by, reason: d.reason } };
    }
    case 'medium.retired': {
      const { checkDueAt: _closed, ...rest } = state;
      return { ...rest, ...next, status: 'retired', retirement: event.data };
    }
    default:
      return malformed(`an event of unknown type ${JSON.stringify(String((event as { type: unknown }).type).slice(0, 60))}`);
  }
}

/**
 * The pure fold of a medium's stream: its state after every entry, or `undefined` for an empty
 * stream. Entries are read as stored; verify the chain first (`verifyStreamEntries` in core)
 * when they come from outside.
 *
 * @throws {@link CustodyError} `CUSTODY_STREAM_MALFORMED` as {@link applyCustodyEvent} does.
 *
 * @example
 * ```ts
 * import { foldMedium } from '@aisle/custody';
 *
 * foldMedium([]); // undefined
 * ```
 *
 * @public
 */
export function foldMedium(entries: ReadonlyArray<{ readonly type: string; readonly data: unknown }>): MediumState | undefined {
  let state: MediumState | undefined;
  for (const entry of entries) state = applyCustodyEvent(state, entry as CustodyEvent);
  return state;
}

function malformed(what: string): never {
  throw new CustodyError(CustodyErrorCode.STREAM_MALFORMED, `A medium's stream is malformed: ${what}`);
}
