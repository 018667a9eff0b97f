import type { Catalogue } from './catalogue';
import { MapView } from './internal/map-view';
import { restoreSubject } from './internal/restore';
import { type PurposeSource, RecordSource } from './internal/source';
import { Table } from './internal/table';
import type { ConsentEvent } from './schemas';
import type { PurposeConsent, RecordedStatus, SubjectConsent } from './subject';

export type { PurposeConsent, RecordedStatus, SubjectConsent } from './subject';

/** Materialised per-subject consent state, built by applying events in order. */
export interface ConsentState {
  /** The subject's state, or `undefined` if it has no events. */
  subject(subjectId: string): SubjectConsent | undefined;
  /** Every subject's state, in the order subjects were first seen. */
  readonly subjects: ReadonlyMap<string, SubjectConsent>;
  /** How many events were applied. */
  readonly eventCount: number;
  /**
   * Applies the next event. Throws (and changes nothing) for a malformed event
   * (`CONSENT_INVALID_INPUT`), a purpose missing from the catalogue (`CONSENT_UNKNOWN_PURPOSE`)
   * or an event older than the subject's latest (`CONSENT_OUT_OF_ORDER`).
   */
  apply(event: ConsentEvent): SubjectConsent;
}

/** Options for {@link createConsentState} and {@link replayConsentEvents}. */
export interface ConsentStateOptions {
  /** When given, every purpose an event names must be in it. */
  readonly catalogue?: Catalogue | undefined;
}

/**
 * One subject's purposes: a live view over the table. It is also the {@link PurposeSource} a
 * decision reads the subject through (see {@link purposeSource}), straight from the table.
 */
class PurposesView extends MapView<PurposeConsent> implements PurposeSource {
  readonly #table: Table;
  readonly #s: number;

  constructor(table: Table, s: number) {
    super();
    this.#table = table;
    this.#s = s;
  }

  get(purposeId: string): PurposeConsent | undefined {
    const p = this.#table.slot(this.#s, purposeId);
    return p < 0 ? undefined : this.#table.record(this.#s, p);
  }

  *keys(): MapIterator<string> {
    const table = this.#table;
    for (let p = 0; p < table.purposeIds.length; p++) {
      if (table.named(this.#s, p)) yield table.purposeIds[p] as string;
    }
  }

  /** The purpose's number in the table (its slot, for {@link PurposeSource}), or -1. */
  slot(purposeId: string): number {
    return this.#table.slot(this.#s, purposeId);
  }

  status(p: number): RecordedStatus {
    return this.#table.status(this.#s, p);
  }

  hasSeparate(p: number): boolean {
    return this.#table.hasSeparate(this.#s, p);
  }

  event(p: number, separate: boolean): ConsentEvent {
    return this.#table.event(this.#s, p, separate);
  }

  expiresAt(p: number, separate: boolean): number {
    return this.#table.expiresAt(this.#s, p, separate);
  }

  /**
   * The event's `expiresAt` text when the expiry captured at apply time is set, else `undefined`:
   * the event object (a cache miss of its own) is only read for consents that lapse.
   */
  expiresText(p: number, separate: boolean): string | undefined {
    const table = this.#table;
    return Number.isNaN(table.expiresAt(this.#s, p, separate)) ? undefined : table.event(this.#s, p, separate).expiresAt;
  }

  noticeVersion(p: number, separate: boolean): number {
    return this.#table.noticeVersion(this.#s, p, separate);
  }

  guardian(p: number, separate: boolean): boolean {
    return this.#table.guardian(this.#s, p, separate);
  }
}

/**
 * How a decision reads a subject: a view of this module's state is read from its table without
 * allocating; any other `SubjectConsent` through its records.
 */
export function purposeSource(consent: SubjectConsent): PurposeSource {
  const purposes = consent.purposes;
  return purposes instanceof PurposesView ? purposes : new RecordSource(consent);
}

/**
 * A view over an empty table with its purposes' view, made with the first view and kept for
 * good: V8 drops the views' hidden classes once no view is left (after a round of decisions, at
 * the next full collection), and every decision method optimised for them with it.
 */
let keptView: SubjectView | undefined;

/** A live view of one subject (see {@link SubjectConsent}). */
class SubjectView implements SubjectConsent {
  readonly #table: Table;
  readonly #s: number;
  #purposes: PurposesView | undefined;

  constructor(table: Table, s: number) {
    this.#table = table;
    this.#s = s;
    if (keptView === undefined) {
      // Set first: the view below must not make one of its own.
      keptView = this;
      keptView = new SubjectView(new Table(undefined), 0);
      keptView.#purposes = new PurposesView(keptView.#table, 0);
    }
  }

  /** Made when first read: a lookup that only checks `lastAt` does not pay for it. */
  get purposes(): PurposesView {
    this.#purposes ??= new PurposesView(this.#table, this.#s);
    return this.#purposes;
  }

  /** Read when asked: a lookup by id already has it, and a decision never reads it. */
  get subjectId(): string {
    return this.#table.ids[this.#s] as string;
  }

  get lastAt(): number {
    return this.#table.lastAt(this.#s);
  }

  get eventCount(): number {
    return this.#table.eventCount(this.#s);
  }

  /** A plain snapshot, for logs and `JSON.stringify`. */
  toJSON() {
    return { subjectId: this.subjectId, lastAt: this.lastAt, eventCount: this.eventCount, purposes: Object.fromEntries(this.purposes) };
  }
}

/** Every subject: a live view over the table. */
class SubjectsView extends MapView<SubjectConsent> {
  readonly #table: Table;

  constructor(table: Table) {
    super();
    this.#table = table;
  }

  get(subjectId: string): SubjectConsent | undefined {
    const s = this.#table.find(subjectId);
    return s === undefined ? undefined : new SubjectView(this.#table, s);
  }

  override get size(): number {
    return this.#table.ids.length;
  }

  *keys(): MapIterator<string> {
    const ids = this.#table.ids;
    for (let s = 0; s < ids.length; s++) yield ids[s] as string;
  }
}

/**
 * An empty materialised state. Apply events in ledger order; the result equals a full replay.
 * Memory is packed: 64 bytes per subject and catalogue purpose, named in events or not, and 16
 * per subject (plus the id's index entry), besides the events.
 *
 * @example
 * ```ts
 * import { createConsentState } from '@aisle/consent';
 *
 * const state = createConsentState({ catalogue });
 * state.apply(event);
 * state.subject('psn_4f2a')?.purposes.get('marketing.sms')?.status; // 'given'
 * ```
 */
export function createConsentState(options: ConsentStateOptions = {}): ConsentState {
  return stateOver(new Table(options.catalogue));
}

function stateOver(table: Table): ConsentState {
  const subjects = new SubjectsView(table);
  return {
    subject: (subjectId) => subjects.get(subjectId),
    subjects,
    get eventCount() {
      return table.count;
    },
    apply: (event) => new SubjectView(table, table.apply(event)),
  };
}

/**
 * A state holding one subject read back whole (from a snapshot): the subject's later events
 * apply to it as if it had been replayed. @internal
 */
export function stateHolding(subject: SubjectConsent, options: ConsentStateOptions = {}): ConsentState {
  const table = new Table(options.catalogue);
  restoreSubject(table, subject);
  return stateOver(table);
}

/**
 * Replays events from the start into a fresh materialised state (see {@link createConsentState}
 * for what is rejected).
 *
 * @example
 * ```ts
 * import { replayConsentEvents } from '@aisle/consent';
 *
 * // Events in ledger order, from any iterable (an array, a generator over database pages, …).
 * const state = replayConsentEvents(events, { catalogue });
 * ```
 */
export function replayConsentEvents(events: Iterable<ConsentEvent>, options: ConsentStateOptions = {}): ConsentState {
  const table = new Table(options.catalogue);
  table.applyAll(events);
  return stateOver(table);
}
