import type { Catalogue } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { eventInstant, lastCheckedExpiresAt } from './internal/shape';
import type { ConsentEvent } from './schemas';

/** The recorded status of one purpose for one subject (before rules such as expiry apply). */
export type RecordedStatus = 'given' | 'refused' | 'withdrawn' | 'expired';

/** What the ledger says about one purpose of one subject: its latest event and status. */
export interface PurposeConsent {
  readonly status: RecordedStatus;
  /** The latest event that named this purpose. */
  readonly event: ConsentEvent;
  /** `event.at` in epoch milliseconds. */
  readonly at: number;
  /** `event.expiresAt` in epoch milliseconds, if any. */
  readonly expiresAt: number | undefined;
  /**
   * The latest given/renewed consent for exactly this purpose alone and not `general` (a separate
   * consent, 单独同意) since the last refusal, withdrawal or expiry; sensitive purposes rest on it.
   */
  readonly separate: ConsentEvent | undefined;
  /** `separate.expiresAt` in epoch milliseconds, if any. */
  readonly separateExpiresAt: number | undefined;
}

/**
 * Materialised consent of one subject: one record per purpose ever named in its events.
 *
 * It is a live read-only view: it reflects events applied after it was obtained, so `lastAt` and
 * the records always agree. Each `purposes.get` returns a frozen record (a snapshot, reused until
 * that purpose changes), and iteration is in catalogue order (without a catalogue: the order
 * purposes were first seen).
 */
export interface SubjectConsent {
  readonly subjectId: string;
  /** Epoch milliseconds of the subject's latest event (events must not go back in time). */
  readonly lastAt: number;
  /** How many events were applied. */
  readonly eventCount: number;
  readonly purposes: ReadonlyMap<string, PurposeConsent>;
}

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

const STATUS: readonly RecordedStatus[] = ['given', 'refused', 'withdrawn', 'expired'];
const GIVEN = 0;
/**
 * Numbers per slot in `Table.numbers`: status, at, then for the latest event and for the standing
 * separate consent: expiresAt (`NaN`: none), notice version, guardian (1) or not (0).
 */
const NUMBERS = 8;
/** References per slot in `Table.refs`: event, separate, cached record, the two `expiresAt` texts. */
const REFS = 5;

/**
 * What `decide` reads of one purpose of one subject, filled in place by {@link loadStanding} so
 * that the hot path allocates nothing. Internal: not exported from the package.
 */
export const standing = {
  status: 'given' as RecordedStatus,
  /** The latest event naming the purpose, and what decide reads of it. */
  event: undefined as unknown as ConsentEvent,
  expiresAt: Number.NaN,
  expiresText: undefined as string | undefined,
  noticeVersion: 0,
  guardian: false,
  /** The standing separate consent, and what decide reads of it. */
  separate: undefined as ConsentEvent | undefined,
  separateExpiresAt: Number.NaN,
  separateExpiresText: undefined as string | undefined,
  separateNoticeVersion: 0,
  separateGuardian: false,
};

/**
 * Loads one purpose of a subject into {@link standing}; false when the purpose was never named.
 * Views of this module's state are read straight from the table (no record is built); any other
 * `SubjectConsent` through its `purposes.get`.
 */
export function loadStanding(consent: SubjectConsent, purposeId: string): boolean {
  if (consent instanceof SubjectView) return consent.load(purposeId);
  const record = consent.purposes.get(purposeId);
  if (record === undefined) return false;
  const { event, separate } = record;
  standing.status = record.status;
  standing.event = event;
  standing.expiresAt = instant(record.expiresAt);
  standing.expiresText = event.expiresAt;
  standing.noticeVersion = event.notice.version;
  standing.guardian = event.actor.kind === 'guardian';
  standing.separate = separate;
  if (separate !== undefined) {
    standing.separateExpiresAt = instant(record.separateExpiresAt);
    standing.separateExpiresText = separate.expiresAt;
    standing.separateNoticeVersion = separate.notice.version;
    standing.separateGuardian = separate.actor.kind === 'guardian';
  }
  return true;
}

/** An optional instant of a caller-built record: a wrong type must never read as "no expiry". */
function instant(ms: number | undefined): number {
  if (ms === undefined) return Number.NaN;
  if (typeof ms === 'number' && Number.isFinite(ms)) return ms;
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, 'A consent record has an expiry that is not a finite epoch-milliseconds number', {
    details: { label: 'subject consent', field: 'expiresAt' },
  });
}
/** Leading numbers per subject row in `Table.rows`: lastAt, eventCount. */
const HEAD = 2;

/**
 * The state, column-wise and packed: replaying a million events is mostly memory traffic, and one
 * object per event or per subject-purpose pair (the obvious layout) made it allocation- and
 * cache-bound. Subjects are numbered in order of first appearance, purposes by catalogue
 * position. A subject's row in `rows` is `[lastAt, eventCount, 1 + slot of purpose 0, …]`
 * (0: never named), so the order check and the slot lookups share cache lines; a slot's numbers
 * and its references are kept together for the same reason.
 */
class Table {
  /**
   * Subject id → subject number, spread over 16 Maps by the id's last two characters: one V8 Map
   * holds at most 2^24 (16.7M) entries, and a retailer's members can be more.
   */
  readonly index: Map<string, number>[] = Array.from({ length: 16 }, () => new Map());
  readonly ids: string[] = [];
  readonly purposeIds: string[] = [];
  readonly purposeIndex = new Map<string, number>();
  /** Numbers per subject row: `HEAD` + one per purpose. */
  stride: number;
  rows: Float64Array;
  slots = 0;
  /** `NaN` for a missing `expiresAt`. */
  numbers: Float64Array = new Float64Array(8 * NUMBERS);
  readonly refs: (ConsentEvent | PurposeConsent | string | undefined)[] = [];
  count = 0;
  /** Purpose numbers of the event being applied. */
  scratch = new Int32Array(8);

  constructor(readonly catalogue: Catalogue | undefined) {
    this.stride = HEAD + Math.max(4, catalogue?.purposes.length ?? 0);
    this.rows = new Float64Array(8 * this.stride);
    for (const purpose of catalogue?.purposes ?? []) this.intern(purpose.id);
  }

  intern(purposeId: string): number {
    const n = this.purposeIds.length;
    this.purposeIds.push(purposeId);
    this.purposeIndex.set(purposeId, n);
    if (HEAD + n >= this.stride) this.widen(n + 1);
    return n;
  }

  /** Makes rows wide enough for `purposes` purposes (only without a catalogue). */
  widen(purposes: number): void {
    const stride = HEAD + Math.max(purposes, (this.stride - HEAD) * 2);
    const capacity = this.rows.length / this.stride;
    const next = new Float64Array(capacity * stride);
    for (let s = 0; s < this.ids.length; s++) next.set(this.rows.subarray(s * this.stride, (s + 1) * this.stride), s * stride);
    this.rows = next;
    this.stride = stride;
  }

  apply(event: ConsentEvent): number {
    const index = this.count;
    const at = eventInstant(event, index);
    // Parsed (and checked) by eventInstant above.
    const expires = lastCheckedExpiresAt();
    const expiresAt = expires === undefined ? Number.NaN : expires;
    const purposes = event.purposes;
    const count = purposes.length;
    if (this.scratch.length < count) this.scratch = new Int32Array(count * 2);
    const scratch = this.scratch;
    const known = this.purposeIndex;
    for (let i = 0; i < count; i++) {
      const purposeId = purposes[i] as string;
      let p = known.get(purposeId);
      if (p === undefined) {
        if (this.catalogue !== undefined) {
          throw new ConsentError(
            ConsentErrorCode.UNKNOWN_PURPOSE,
            `Event ${index} names purpose ${JSON.stringify(purposeId.slice(0, 80))}, which is not in the catalogue`,
            { details: { index, purposeId: purposeId.slice(0, 80) } },
          );
        }
        p = this.intern(purposeId);
      }
      scratch[i] = p;
    }
    const subjectId = event.subjectId;
    const shard = this.index[indexShard(subjectId)] as Map<string, number>;
    let s = shard.get(subjectId);
    if (s === undefined) {
      s = this.ids.length;
      if ((s + 1) * this.stride > this.rows.length) this.rows = grow(this.rows);
      shard.set(subjectId, s);
      this.ids.push(subjectId);
    } else if (at < this.lastAt(s)) {
      throw new ConsentError(ConsentErrorCode.OUT_OF_ORDER, `Event ${index} (${event.at}) is older than the subject's latest event`, {
        details: { index, at: event.at, latest: new Date(this.lastAt(s)).toISOString() },
      });
    }
    const type = event.type;
    const positive = type === 'given' || type === 'renewed';
    const code = positive ? GIVEN : STATUS.indexOf(type as RecordedStatus);
    // A separate consent (单独同意) names exactly one purpose and is not `general`.
    const isSeparate = positive && count === 1 && event.consentType !== 'general';
    // Captured now (checked by eventInstant): later changes to the event object cannot change a decision.
    const noticeVersion = event.notice.version;
    const guardian = event.actor.kind === 'guardian' ? 1 : 0;
    const expiresText = event.expiresAt;
    const rows = this.rows;
    const row = s * this.stride;
    for (let i = 0; i < count; i++) {
      const cell = row + HEAD + (scratch[i] as number);
      let slot = (rows[cell] as number) - 1;
      if (slot < 0) {
        slot = this.slots++;
        if ((slot + 1) * NUMBERS > this.numbers.length) this.numbers = grow(this.numbers);
        rows[cell] = slot + 1;
        this.refs[slot * REFS + 1] = undefined;
      }
      const numbers = this.numbers;
      const n = slot * NUMBERS;
      const r = slot * REFS;
      const refs = this.refs;
      numbers[n] = code;
      numbers[n + 1] = at;
      numbers[n + 2] = expiresAt;
      numbers[n + 3] = noticeVersion;
      numbers[n + 4] = guardian;
      refs[r] = event;
      refs[r + 2] = undefined;
      refs[r + 3] = expiresText;
      if (isSeparate) {
        numbers[n + 5] = expiresAt;
        numbers[n + 6] = noticeVersion;
        numbers[n + 7] = guardian;
        refs[r + 1] = event;
        refs[r + 4] = expiresText;
      } else if (!positive) {
        // Refused, withdrawn or expired: no separate consent stands. A bundled positive event keeps
        // the standing one (it is only ever set while the status is given).
        refs[r + 1] = undefined;
      }
    }
    rows[row] = at;
    rows[row + 1] = (rows[row + 1] as number) + 1;
    this.count = index + 1;
    return s;
  }

  lastAt(s: number): number {
    return this.rows[s * this.stride] as number;
  }

  eventCount(s: number): number {
    return this.rows[s * this.stride + 1] as number;
  }

  /** The slot of subject `s` and a purpose id, or -1. */
  slot(s: number, purposeId: string): number {
    const p = this.purposeIndex.get(purposeId);
    return p === undefined ? -1 : this.slotAt(s, p);
  }

  /** The slot of subject `s` and purpose number `p`, or -1. */
  slotAt(s: number, p: number): number {
    return (this.rows[s * this.stride + HEAD + p] as number) - 1;
  }

  /** The record of a slot: frozen, built once per change of the slot. */
  record(slot: number): PurposeConsent {
    const r = slot * REFS;
    const cached = this.refs[r + 2] as PurposeConsent | undefined;
    if (cached !== undefined) return cached;
    this.load(slot);
    const separate = standing.separate;
    const record: PurposeConsent = Object.freeze({
      status: standing.status,
      event: standing.event,
      at: this.numbers[slot * NUMBERS + 1] as number,
      expiresAt: defined(standing.expiresAt),
      separate,
      separateExpiresAt: separate === undefined ? undefined : defined(standing.separateExpiresAt),
    });
    this.refs[r + 2] = record;
    return record;
  }

  /** Loads a slot into {@link standing}. */
  load(slot: number): void {
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    const separate = refs[r + 1] as ConsentEvent | undefined;
    standing.status = STATUS[numbers[n] as number] as RecordedStatus;
    standing.event = refs[r] as ConsentEvent;
    standing.expiresAt = numbers[n + 2] as number;
    standing.expiresText = refs[r + 3] as string | undefined;
    standing.noticeVersion = numbers[n + 3] as number;
    standing.guardian = numbers[n + 4] === 1;
    standing.separate = separate;
    if (separate !== undefined) {
      standing.separateExpiresAt = numbers[n + 5] as number;
      standing.separateExpiresText = refs[r + 4] as string | undefined;
      standing.separateNoticeVersion = numbers[n + 6] as number;
      standing.separateGuardian = numbers[n + 7] === 1;
    }
  }
}

/** Which of the 16 subject index Maps holds an id (ids that are numbers spread over them too). */
function indexShard(id: string): number {
  const n = id.length;
  return (id.charCodeAt(n - 1) + 7 * (id.charCodeAt(n - 2) | 0)) & 15;
}

/** A copy of `from` twice as long. */
function grow(from: Float64Array): Float64Array {
  const to = new Float64Array(from.length * 2);
  to.set(from);
  return to;
}

const defined = (ms: number) => (Number.isNaN(ms) ? undefined : ms);

/** The `ReadonlyMap` methods, from `get` and `keys`. */
abstract class MapView<V> implements ReadonlyMap<string, V> {
  abstract get(key: string): V | undefined;
  abstract keys(): MapIterator<string>;

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    let size = 0;
    for (const _ of this.keys()) size++;
    return size;
  }

  *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key) as V;
  }

  *entries(): MapIterator<[string, V]> {
    for (const key of this.keys()) yield [key, this.get(key) as V];
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) fn.call(thisArg, value, key, this);
  }
}

/** One subject's purposes: a live view over the table. */
class PurposesView extends MapView<PurposeConsent> {
  readonly #table: Table;
  readonly #s: number;

  constructor(table: Table, s: number) {
    super();
    this.#table = table;
    this.#s = s;
  }

  get(purposeId: string): PurposeConsent | undefined {
    const slot = this.#table.slot(this.#s, purposeId);
    return slot < 0 ? undefined : this.#table.record(slot);
  }

  *keys(): MapIterator<string> {
    const table = this.#table;
    for (let p = 0; p < table.purposeIds.length; p++) {
      if (table.slotAt(this.#s, p) >= 0) yield table.purposeIds[p] as string;
    }
  }
}

/** A live view of one subject (see {@link SubjectConsent}). */
class SubjectView implements SubjectConsent {
  readonly subjectId: string;
  readonly purposes: ReadonlyMap<string, PurposeConsent>;
  readonly #table: Table;
  readonly #s: number;

  constructor(table: Table, s: number) {
    this.#table = table;
    this.#s = s;
    this.subjectId = table.ids[s] as string;
    this.purposes = new PurposesView(table, s);
  }

  get lastAt(): number {
    return this.#table.lastAt(this.#s);
  }

  /** Loads a purpose into {@link standing} (see {@link loadStanding}). */
  load(purposeId: string): boolean {
    const slot = this.#table.slot(this.#s, purposeId);
    if (slot < 0) return false;
    this.#table.load(slot);
    return true;
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
    const s = typeof subjectId === 'string' ? this.#table.index[indexShard(subjectId)]?.get(subjectId) : undefined;
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
 * Memory is packed: about 8 bytes per subject and catalogue purpose (plus the id and its index
 * entry), and about 104 bytes per subject-purpose pair named in events, besides the events.
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
  for (const event of events) table.apply(event);
  return stateOver(table);
}
