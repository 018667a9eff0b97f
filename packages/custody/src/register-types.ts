import type { Clock, LocalDuration, RandomSource, StreamStore } from '@aisle/core';
import type { Manifest } from './manifest';
import type { AccessRecord, CheckRecord, CustodyEvent, MediumState, Registration } from './state';
import type { IntegrityReport } from './verify';

/**
 * Options of `createCustodyRegister`.
 *
 * @public
 */
export interface CustodyRegisterOptions {
  /** Where the media's streams live (`createMemoryStreamStore()` from `@aisle/core`, or `@aisle/postgres`). */
  readonly store: StreamStore;
  /** The retailer's IANA zone: check due dates are local dates in it. */
  readonly zone: string;
  /** Where "now" comes from when an input has no `at` (default: the system clock). */
  readonly clock?: Clock | undefined;
  /** Randomness for entry ids (default `secureRandom` from `@aisle/core`; see its `createEntropyPool`). */
  readonly random?: RandomSource | undefined;
  /** How often each medium is checked (default `{ years: 2 }`, the standard's figure). */
  readonly checkInterval?: LocalDuration | undefined;
  /**
   * The data-category vocabulary contents and permissions must use: consent's ids (for example
   * `Object.keys(DATA_CATEGORIES)` from `@aisle/consent`, plus a catalogue's own). Without it, ids
   * are only checked for shape.
   */
  readonly categories?: Iterable<string> | undefined;
  /** Attempts of each decide-and-retry loop on version conflicts (default 8). */
  readonly maxAttempts?: number | undefined;
}

/**
 * What registering a medium takes: the record ({@link Registration}) and the manifest of what was
 * written to it (made for this medium id).
 *
 * @public
 */
export interface RegisterMediumInput extends Registration {
  readonly manifest: Manifest;
}

/**
 * What a malware scan returns.
 *
 * @public
 */
export interface ScanResult {
  readonly clean: boolean;
  /** What was found (signature names, paths); empty when clean. */
  readonly findings: ReadonlyArray<string>;
  /** The signature database's version. */
  readonly signatures?: string | undefined;
}

/**
 * The port to the caller's malware scanner (ClamAV, a vendor's engine, a managed service).
 *
 * @public
 */
export interface MalwareScanner {
  /** Recorded with each check, e.g. `clamav 1.4.2`. */
  readonly name: string;
  scan(request: { readonly mediumId: string; readonly at: string }): Promise<ScanResult> | ScanResult;
}

/**
 * A periodic check: who, whether the medium could be read, the integrity report (from
 * `verifyDirectory` against the recorded manifest; omit it when unreadable) and the scanner.
 *
 * @public
 */
export interface CheckInput {
  readonly at?: string | undefined;
  readonly by: string;
  readonly readable: boolean;
  readonly integrity?: IntegrityReport | undefined;
  /** Called only when the medium is readable. */
  readonly scanner: MalwareScanner;
  readonly notes?: string | undefined;
}

/**
 * A read of offline information.
 *
 * @public
 */
export interface AccessInput {
  readonly at?: string | undefined;
  readonly by: string;
  readonly purpose: string;
  readonly approvedBy?: string | undefined;
  /** The approval's reference (ticket, form number). */
  readonly approvalRef?: string | undefined;
  readonly notes?: string | undefined;
}

/**
 * A migration (or a re-backup after an abnormal check) from one medium to a new one.
 *
 * @public
 */
export interface MigrateInput {
  readonly from: string;
  /** The new medium's registration, with its manifest (made for the new medium's id). */
  readonly to: RegisterMediumInput;
  /** The old medium's manifest: must be the one its stream recorded. */
  readonly oldManifest: Manifest;
  readonly reason: 'technology' | 'abnormal-check' | 'capacity' | 'other';
  readonly by: string;
  readonly at?: string | undefined;
  readonly notes?: string | undefined;
}

/**
 * A medium's retirement.
 *
 * @public
 */
export interface RetireInput {
  readonly at?: string | undefined;
  readonly by: string;
  readonly method: 'wiped' | 'destroyed';
  readonly witness?: string | undefined;
  readonly notes?: string | undefined;
}

/**
 * New responsible people and permissions for a medium.
 *
 * @public
 */
export interface PermissionsInput {
  readonly at?: string | undefined;
  readonly by: string;
  readonly responsible: Registration['responsible'];
  readonly permissions: Registration['permissions'];
  readonly notes?: string | undefined;
}

/**
 * A medium whose check is due: when, as an instant and as a local date in the register's zone.
 *
 * @public
 */
export interface DueCheck {
  readonly mediumId: string;
  readonly dueAt: string;
  readonly dueDate: string;
  /** Whole local days past the due date at the time asked (0 on the due date). */
  readonly daysOverdue: number;
}

/**
 * An open re-backup task, as the schedule lists it.
 *
 * @public
 */
export interface OpenTask {
  readonly mediumId: string;
  readonly taskId: string;
  readonly openedAt: string;
}

/**
 * One entry of a medium's custody history: the stream entry, verified, with its event.
 *
 * @public
 */
export interface HistoryEntry {
  readonly seq: number;
  readonly hash: string;
  readonly event: CustodyEvent;
}

/**
 * The backup-custody register (see `createCustodyRegister`).
 *
 * @public
 */
export interface CustodyRegister {
  readonly zone: string;
  /** Registers a medium; its check falls due one interval after `madeAt`. */
  register(input: RegisterMediumInput): Promise<MediumState>;
  /** Replaces the responsible people and permissions (the old ones stay in the history). */
  setPermissions(mediumId: string, input: PermissionsInput): Promise<MediumState>;
  /** Records a periodic check; an abnormal one opens a re-backup task. */
  recordCheck(mediumId: string, input: CheckInput): Promise<{ state: MediumState; check: CheckRecord }>;
  /** Records a read of offline information; returns its flags (empty when approved by someone else who may). */
  recordAccess(mediumId: string, input: AccessInput): Promise<{ state: MediumState; access: AccessRecord }>;
  /** Verifies the new medium's manifest against the old one's, registers the new medium, closes the old one. */
  migrate(input: MigrateInput): Promise<{ from: MediumState; to: MediumState; report: IntegrityReport }>;
  /** Records a medium's retirement (wiped or destroyed). */
  retire(mediumId: string, input: RetireInput): Promise<MediumState>;
  /** A medium's state (one snapshot read); with `verify`, replays its verified stream instead. */
  medium(mediumId: string, options?: { readonly verify?: boolean | undefined }): Promise<MediumState>;
  /** Every registered medium's state, in id order. */
  media(): Promise<MediumState[]>;
  /** A medium's custody history: every event, chain verified. */
  history(mediumId: string): Promise<HistoryEntry[]>;
  /**
   * Checks due on or before `at`'s local date (default now), earliest first, from the store's
   * timers. `limit` (default 1000) bounds the timer query itself: in a store shared with other
   * packages' timers, raise it or give custody its own store.
   */
  due(at?: string | Date | undefined, options?: { readonly limit?: number | undefined }): Promise<DueCheck[]>;
  /** Checks whose due date is before `at`'s local date. */
  overdue(at?: string | Date | undefined, options?: { readonly limit?: number | undefined }): Promise<DueCheck[]>;
  /** Open re-backup tasks, oldest first, from the store's timers (`limit`, default 10,000, bounds that query). */
  openTasks(options?: { readonly limit?: number | undefined }): Promise<OpenTask[]>;
}
