import type { Catalogue } from '../catalogue';
import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import type { PurposeConsent, RecordedStatus, SubjectConsent } from '../subject';
import { checkEventShape, eventAt, eventExpiresAt } from './shape';
import { RecordSource } from './source';

export const STATUS: readonly RecordedStatus[] = ['given', 'refused', 'withdrawn', 'expired'];
const GIVEN = 0;
/** Leading numbers per subject row in `Table.rows`: lastAt, eventCount. */
const HEAD = 2;
/**
 * Numbers per slot in `Table.numbers`: status, at, then for the latest event and for the standing
 * separate consent: expiresAt (`NaN`: none), notice version, guardian (1) or not (0).
 */
const NUMBERS = 8;
/** References per slot in `Table.refs`: event, separate, cached record, the two `expiresAt` texts. */
const REFS = 5;

/**
 * The state, column-wise and packed: replaying a million events is mostly memory traffic, and one
 * object per event or per subject-purpose pair (the obvious layout) made it allocation- and
 * cache-bound. Subjects are numbered in order of first appearance, purposes by catalogue
 * position. A subject's row in `rows` is `[lastAt, eventCount, 1 + slot of purpose 0, …]`
 * (0: never named), so the order check and the slot lookups share cache lines; a slot's numbers
 * and its references are kept together for the same reason.
 */
export class Table {
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
  /** How many events were applied (restored subjects count their events). */
  count = 0;
  /**
   * The purpose numbers of the event `apply` is applying. Only `apply` touches it, and it fills
   * the entries it reads before reading them, so what a previous (or failed) call left is never
   * seen; it is kept between calls only to save an allocation per event.
   */
  #purposeNumbers = new Int32Array(8);

  constructor(readonly catalogue: Catalogue | undefined) {
    this.stride = HEAD + Math.max(4, catalogue?.purposes.length ?? 0);
    this.rows = new Float64Array(8 * this.stride);
    for (const purpose of catalogue?.purposes ?? []) this.intern(purpose.id);
  }

  /** The subject number of an id, or `undefined`. */
  find(subjectId: string): number | undefined {
    return typeof subjectId === 'string' ? this.index[indexShard(subjectId)]?.get(subjectId) : undefined;
  }

  /**
   * Applies the next event and returns its subject's number. Checks everything first and writes
   * only when the event is accepted, so a rejected event changes nothing.
   */
  apply(event: ConsentEvent): number {
    const index = this.count;
    checkEventShape(event, index);
    const at = eventAt(event, index);
    const expiresAt = eventExpiresAt(event, index);
    const purposes = event.purposes;
    const count = purposes.length;
    if (this.#purposeNumbers.length < count) this.#purposeNumbers = new Int32Array(count * 2);
    const numbers = this.#purposeNumbers;
    for (let i = 0; i < count; i++) numbers[i] = this.purposeNumber(purposes[i] as string, index);
    const subjectId = event.subjectId;
    // The id is a non-empty string (checked above): look it up directly.
    let s = (this.index[indexShard(subjectId)] as Map<string, number>).get(subjectId);
    if (s === undefined) s = this.addSubject(subjectId);
    else if (at < (this.rows[s * this.stride] as number)) {
      throw new ConsentError(ConsentErrorCode.OUT_OF_ORDER, `Event ${index} (${event.at}) is older than the subject's latest event`, {
        details: { index, at: event.at, latest: new Date(this.lastAt(s)).toISOString() },
      });
    }
    const type = event.type;
    const positive = type === 'given' || type === 'renewed';
    const status = positive ? GIVEN : STATUS.indexOf(type as RecordedStatus);
    // A separate consent (单独同意) names exactly one purpose and is not `general`.
    const isSeparate = positive && count === 1 && event.consentType !== 'general';
    // Captured now (checked above): later changes to the event object cannot change a decision.
    const noticeVersion = event.notice.version;
    const guardian = event.actor.kind === 'guardian' ? 1 : 0;
    const expiresText = event.expiresAt;
    for (let i = 0; i < count; i++) {
      const slot = this.slotFor(s, numbers[i] as number);
      this.writeLatest(slot, status, at, event, expiresAt, expiresText, noticeVersion, guardian);
      // Refused, withdrawn or expired: no separate consent stands. A bundled positive event keeps
      // the standing one (it is only ever set while the status is given).
      if (isSeparate) this.writeSeparate(slot, event, expiresAt, expiresText, noticeVersion, guardian);
      else if (!positive) this.writeSeparate(slot, undefined, Number.NaN, undefined, 0, 0);
    }
    this.touch(s, at, 1);
    this.count = index + 1;
    return s;
  }

  /**
   * Writes a whole subject (a fresh table only: say, one read back from a snapshot) and returns
   * its number; events applied after it continue from its latest time and event count.
   */
  restore(subject: SubjectConsent): number {
    const s = this.addSubject(subject.subjectId);
    const from = new RecordSource(subject);
    for (const purposeId of subject.purposes.keys()) {
      const slot = this.slotFor(s, this.purposeNumber(purposeId, this.count));
      from.slot(purposeId);
      const status = STATUS.indexOf(from.status());
      const [event, expiresAt, expiresText, notice, guardian] = terms(from, false);
      this.writeLatest(slot, status, from.at(), event, expiresAt, expiresText, notice, guardian);
      if (status === GIVEN && from.hasSeparate()) this.writeSeparate(slot, ...terms(from, true));
      else this.writeSeparate(slot, undefined, Number.NaN, undefined, 0, 0);
    }
    this.touch(s, subject.lastAt, subject.eventCount);
    this.count += subject.eventCount;
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

  status(slot: number): RecordedStatus {
    return STATUS[this.numbers[slot * NUMBERS] as number] as RecordedStatus;
  }

  hasSeparate(slot: number): boolean {
    return this.refs[slot * REFS + 1] !== undefined;
  }

  event(slot: number, separate: boolean): ConsentEvent {
    return this.refs[slot * REFS + (separate ? 1 : 0)] as ConsentEvent;
  }

  expiresAt(slot: number, separate: boolean): number {
    return this.numbers[slot * NUMBERS + (separate ? 5 : 2)] as number;
  }

  expiresText(slot: number, separate: boolean): string | undefined {
    return this.refs[slot * REFS + (separate ? 4 : 3)] as string | undefined;
  }

  noticeVersion(slot: number, separate: boolean): number {
    return this.numbers[slot * NUMBERS + (separate ? 6 : 3)] as number;
  }

  guardian(slot: number, separate: boolean): boolean {
    return this.numbers[slot * NUMBERS + (separate ? 7 : 4)] === 1;
  }

  /** The record of a slot: frozen, built once per change of the slot. */
  record(slot: number): PurposeConsent {
    const r = slot * REFS;
    const cached = this.refs[r + 2] as PurposeConsent | undefined;
    if (cached !== undefined) return cached;
    const separate = this.hasSeparate(slot);
    const record: PurposeConsent = Object.freeze({
      status: this.status(slot),
      event: this.event(slot, false),
      at: this.numbers[slot * NUMBERS + 1] as number,
      expiresAt: optional(this.expiresAt(slot, false)),
      separate: separate ? this.event(slot, true) : undefined,
      separateExpiresAt: separate ? optional(this.expiresAt(slot, true)) : undefined,
    });
    this.refs[r + 2] = record;
    return record;
  }

  private purposeNumber(purposeId: string, index: number): number {
    const p = this.purposeIndex.get(purposeId);
    if (p !== undefined) return p;
    if (this.catalogue !== undefined) {
      throw new ConsentError(
        ConsentErrorCode.UNKNOWN_PURPOSE,
        `Event ${index} names purpose ${JSON.stringify(purposeId.slice(0, 80))}, which is not in the catalogue`,
        { details: { index, purposeId: purposeId.slice(0, 80) } },
      );
    }
    return this.intern(purposeId);
  }

  private intern(purposeId: string): number {
    const n = this.purposeIds.length;
    this.purposeIds.push(purposeId);
    this.purposeIndex.set(purposeId, n);
    if (HEAD + n >= this.stride) this.widen(n + 1);
    return n;
  }

  /** Makes rows wide enough for `purposes` purposes (only without a catalogue). */
  private widen(purposes: number): void {
    const stride = HEAD + Math.max(purposes, (this.stride - HEAD) * 2);
    const capacity = this.rows.length / this.stride;
    const next = new Float64Array(capacity * stride);
    for (let s = 0; s < this.ids.length; s++) next.set(this.rows.subarray(s * this.stride, (s + 1) * this.stride), s * stride);
    this.rows = next;
    this.stride = stride;
  }

  private addSubject(subjectId: string): number {
    const s = this.ids.length;
    if ((s + 1) * this.stride > this.rows.length) this.rows = grow(this.rows);
    (this.index[indexShard(subjectId)] as Map<string, number>).set(subjectId, s);
    this.ids.push(subjectId);
    return s;
  }

  /** The slot of subject `s` and purpose number `p`, taken when the purpose is first named. */
  private slotFor(s: number, p: number): number {
    const cell = s * this.stride + HEAD + p;
    const slot = (this.rows[cell] as number) - 1;
    if (slot >= 0) return slot;
    const fresh = this.slots++;
    if ((fresh + 1) * NUMBERS > this.numbers.length) this.numbers = grow(this.numbers);
    this.rows[cell] = fresh + 1;
    this.refs[fresh * REFS + 1] = undefined;
    return fresh;
  }

  private writeLatest(
    slot: number,
    status: number,
    at: number,
    event: ConsentEvent,
    expiresAt: number,
    expiresText: string | undefined,
    noticeVersion: number,
    guardian: number,
  ): void {
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    numbers[n] = status;
    numbers[n + 1] = at;
    numbers[n + 2] = expiresAt;
    numbers[n + 3] = noticeVersion;
    numbers[n + 4] = guardian;
    refs[r] = event;
    refs[r + 2] = undefined;
    refs[r + 3] = expiresText;
  }

  /** Sets (or with `undefined`, clears) the standing separate consent of a slot. */
  private writeSeparate(
    slot: number,
    event: ConsentEvent | undefined,
    expiresAt: number,
    expiresText: string | undefined,
    noticeVersion: number,
    guardian: number,
  ): void {
    const n = slot * NUMBERS;
    const r = slot * REFS;
    const numbers = this.numbers;
    const refs = this.refs;
    refs[r + 1] = event;
    refs[r + 2] = undefined;
    refs[r + 4] = expiresText;
    numbers[n + 5] = expiresAt;
    numbers[n + 6] = noticeVersion;
    numbers[n + 7] = guardian;
  }

  private touch(s: number, at: number, events: number): void {
    const row = s * this.stride;
    this.rows[row] = at;
    this.rows[row + 1] = (this.rows[row + 1] as number) + events;
  }
}

/** Which of the 16 subject index Maps holds an id (ids that are numbers spread over them too). */
function indexShard(id: string): number {
  const n = id.length;
  return (id.charCodeAt(n - 1) + 7 * (id.charCodeAt(n - 2) | 0)) & 15;
}

/** The arguments of `writeSeparate` (and the last five of `writeLatest`), read from a record. */
function terms(from: RecordSource, separate: boolean): [ConsentEvent, number, string | undefined, number, number] {
  const event = from.event(0, separate);
  return [event, from.expiresAt(0, separate), event.expiresAt, event.notice.version, event.actor.kind === 'guardian' ? 1 : 0];
}

const optional = (ms: number) => (Number.isNaN(ms) ? undefined : ms);

/** A copy of `from` twice as long. */
function grow(from: Float64Array): Float64Array {
  const to = new Float64Array(from.length * 2);
  to.set(from);
  return to;
}
