import type { Catalogue } from '../catalogue';
import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import type { PurposeConsent, RecordedStatus, SubjectConsent } from '../subject';
import { checkEventShape, eventAt, eventExpiresAt } from './shape';
import { RecordSource } from './source';

export const STATUS: readonly RecordedStatus[] = ['given', 'refused', 'withdrawn', 'expired'];
const GIVEN = 0;
/** Leading numbers of a subject's block in its numbers page: lastAt, eventCount. */
const HEAD = 2;
/**
 * Numbers per purpose cell in a numbers page: flags, at, then for the latest event and for the
 * standing separate consent: expiresAt (`NaN`: none) and notice version. The flags are the
 * status + 1 in the low three bits (0: the purpose was never named), plus `GUARDIAN_LATEST` and
 * `GUARDIAN_SEPARATE` when a guardian gave that consent.
 */
const NUMBERS = 6;
const STATUS_BITS = 7;
const GUARDIAN_LATEST = 8;
const GUARDIAN_SEPARATE = 16;
/** References per cell in `Table.refPages`: event, separate, cached record, the two `expiresAt` texts. */
const REFS = 5;
/**
 * Subjects per page (2^12): the table grows by whole pages, so growing never copies it (copying
 * and re-zeroing the doubling arrays showed up in replay profiles) and no page is more than
 * half empty except the last. The first page starts small and doubles, for states of a few
 * subjects (`decideFromEvents` builds one per call).
 */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
type Ref = ConsentEvent | PurposeConsent | string | undefined;

/**
 * The state, column-wise and packed: replaying a million events is mostly memory traffic, and one
 * object per event or per subject-purpose pair (the obvious layout) made it allocation- and
 * cache-bound. Subjects are numbered in order of first appearance, purposes by catalogue
 * position, and stored in pages of `PAGE` subjects. Each subject owns one contiguous block of
 * its numbers page, `[lastAt, eventCount, cell of purpose 0, cell of purpose 1, …]`, and one of
 * its references page, so an event or a till's round of decisions for one customer touches
 * neighbouring cache lines of one block instead of lines scattered over the whole table (profiles
 * of replay and of random-order decisions at 200k subjects were dominated by those misses). The
 * price: every subject has a cell for every catalogue purpose, named or not.
 *
 * A cell is addressed by subject number `s` and purpose number `p`; for a subject's view, the
 * `PurposeSource` slot is `p`.
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
  /** Purpose cells per subject: the catalogue's purposes (without one, room for the purposes seen). */
  width: number;
  /** Numbers per subject block: `HEAD` + `width` cells. */
  stride: number;
  /** Numbers pages: `stride` numbers per subject (see the class comment); `NaN` for a missing `expiresAt`. */
  pages: number[][] = [];
  /** References pages: `width × REFS` references per subject. */
  refPages: Ref[][] = [];
  /** How many events were applied (restored subjects count their events). */
  count = 0;
  /**
   * The purpose numbers of the event `apply` is applying. Only `apply` touches it, and it fills
   * the entries it reads before reading them, so what a previous (or failed) call left is never
   * seen; it is kept between calls only to save an allocation per event.
   */
  #purposeNumbers = new Int32Array(8);

  constructor(readonly catalogue: Catalogue | undefined) {
    this.width = Math.max(1, catalogue?.purposes.length ?? 4);
    this.stride = HEAD + this.width * NUMBERS;
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
    else if (at < this.lastAt(s)) {
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
      this.write(s, numbers[i] as number, status, at, event, expiresAt, expiresText, noticeVersion, guardian, isSeparate);
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
      const p = this.purposeNumber(purposeId, this.count);
      from.slot(purposeId);
      const status = STATUS.indexOf(from.status());
      // The standing separate consent as if applied first, then the latest event over it.
      if (status === GIVEN && from.hasSeparate()) this.write(s, p, GIVEN, from.at(), ...terms(from, true), true);
      this.write(s, p, status, from.at(), ...terms(from, false), false);
    }
    this.touch(s, subject.lastAt, subject.eventCount);
    this.count += subject.eventCount;
    return s;
  }

  lastAt(s: number): number {
    return this.numbersOf(s)[(s & (PAGE - 1)) * this.stride] as number;
  }

  eventCount(s: number): number {
    return this.numbersOf(s)[(s & (PAGE - 1)) * this.stride + 1] as number;
  }

  /** The number of a purpose subject `s` has named, or -1 (unknown or never named). */
  slot(s: number, purposeId: string): number {
    const p = this.purposeIndex.get(purposeId);
    return p !== undefined && this.named(s, p) ? p : -1;
  }

  /** Whether subject `s` has named purpose number `p`. */
  named(s: number, p: number): boolean {
    return this.numbersOf(s)[this.cell(s, p)] !== 0;
  }

  status(s: number, p: number): RecordedStatus {
    return STATUS[((this.numbersOf(s)[this.cell(s, p)] as number) & STATUS_BITS) - 1] as RecordedStatus;
  }

  hasSeparate(s: number, p: number): boolean {
    return this.refsOf(s)[this.ref(s, p) + 1] !== undefined;
  }

  event(s: number, p: number, separate: boolean): ConsentEvent {
    return this.refsOf(s)[this.ref(s, p) + (separate ? 1 : 0)] as ConsentEvent;
  }

  expiresAt(s: number, p: number, separate: boolean): number {
    return this.numbersOf(s)[this.cell(s, p) + (separate ? 4 : 2)] as number;
  }

  expiresText(s: number, p: number, separate: boolean): string | undefined {
    return this.refsOf(s)[this.ref(s, p) + (separate ? 4 : 3)] as string | undefined;
  }

  noticeVersion(s: number, p: number, separate: boolean): number {
    return this.numbersOf(s)[this.cell(s, p) + (separate ? 5 : 3)] as number;
  }

  guardian(s: number, p: number, separate: boolean): boolean {
    return ((this.numbersOf(s)[this.cell(s, p)] as number) & (separate ? GUARDIAN_SEPARATE : GUARDIAN_LATEST)) !== 0;
  }

  /** The record of subject `s` and purpose `p` (named): frozen, built once per change. */
  record(s: number, p: number): PurposeConsent {
    const refs = this.refsOf(s);
    const r = this.ref(s, p);
    const cached = refs[r + 2] as PurposeConsent | undefined;
    if (cached !== undefined) return cached;
    const separate = this.hasSeparate(s, p);
    const record: PurposeConsent = Object.freeze({
      status: this.status(s, p),
      event: this.event(s, p, false),
      at: this.numbersOf(s)[this.cell(s, p) + 1] as number,
      expiresAt: optional(this.expiresAt(s, p, false)),
      separate: separate ? this.event(s, p, true) : undefined,
      separateExpiresAt: separate ? optional(this.expiresAt(s, p, true)) : undefined,
    });
    refs[r + 2] = record;
    return record;
  }

  /** The numbers page holding subject `s`. */
  private numbersOf(s: number): number[] {
    return this.pages[s >>> PAGE_BITS] as number[];
  }

  /** Where the cell of subject `s` and purpose `p` starts in its numbers page. */
  private cell(s: number, p: number): number {
    return (s & (PAGE - 1)) * this.stride + HEAD + p * NUMBERS;
  }

  /** The references page holding subject `s`. */
  private refsOf(s: number): Ref[] {
    return this.refPages[s >>> PAGE_BITS] as Ref[];
  }

  /** Where the references of subject `s` and purpose `p` start in their page. */
  private ref(s: number, p: number): number {
    return ((s & (PAGE - 1)) * this.width + p) * REFS;
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
    if (n >= this.width) this.widen(n * 2);
    return n;
  }

  /** Gives every subject `width` cells (only without a catalogue, as purposes are first seen). */
  private widen(width: number): void {
    const stride = HEAD + width * NUMBERS;
    for (let page = 0; page < this.pages.length; page++) {
      const numbers = this.pages[page] as number[];
      const refs = this.refPages[page] as Ref[];
      const subjects = Math.min(PAGE, this.ids.length - page * PAGE);
      const wider = doubles((numbers.length / this.stride) * stride);
      // The first page holds references for its subjects so far (it grows by pushing), the others are whole.
      const widerRefs = new Array<Ref>((page === 0 ? subjects : PAGE) * width * REFS).fill(undefined);
      for (let s = 0; s < subjects; s++) {
        for (let i = 0; i < this.stride; i++) wider[s * stride + i] = numbers[s * this.stride + i] as number;
        for (let i = 0; i < this.width * REFS; i++) widerRefs[s * width * REFS + i] = refs[s * this.width * REFS + i];
      }
      this.pages[page] = wider;
      this.refPages[page] = widerRefs;
    }
    this.width = width;
    this.stride = stride;
  }

  private addSubject(subjectId: string): number {
    const s = this.ids.length;
    const page = s >>> PAGE_BITS;
    if (page === this.pages.length) {
      // Whole pages from the second on, each allocated once; the first grows as it fills.
      this.pages.push(doubles((page === 0 ? 8 : PAGE) * this.stride));
      this.refPages.push(page === 0 ? [] : new Array<Ref>(PAGE * this.width * REFS).fill(undefined));
    } else if (page === 0 && (s + 1) * this.stride > (this.pages[0] as number[]).length) {
      this.pages[0] = grow(this.pages[0] as number[]);
    }
    if (page === 0) {
      const refs = this.refPages[0] as Ref[];
      for (let i = this.width * REFS; i > 0; i--) refs.push(undefined);
    }
    (this.index[indexShard(subjectId)] as Map<string, number>).set(subjectId, s);
    this.ids.push(subjectId);
    return s;
  }

  /**
   * Writes an event with status number `status` into the cell of subject `s` and purpose `p`.
   * Refused, withdrawn or expired: no separate consent stands. A separate consent becomes the
   * standing one; a bundled positive event keeps it (it is only ever set while the status is
   * given), its guardian flag included.
   */
  private write(
    s: number,
    p: number,
    status: number,
    at: number,
    event: ConsentEvent,
    expiresAt: number,
    expiresText: string | undefined,
    noticeVersion: number,
    guardian: number,
    isSeparate: boolean,
  ): void {
    const values = this.numbersOf(s);
    const refs = this.refsOf(s);
    const n = this.cell(s, p);
    const r = this.ref(s, p);
    const positive = status === GIVEN;
    const keptGuardian = positive && !isSeparate ? (values[n] as number) & GUARDIAN_SEPARATE : 0;
    values[n] = status + 1 + guardian * GUARDIAN_LATEST + (isSeparate && guardian === 1 ? GUARDIAN_SEPARATE : keptGuardian);
    values[n + 1] = at;
    values[n + 2] = expiresAt;
    values[n + 3] = noticeVersion;
    refs[r] = event;
    refs[r + 2] = undefined;
    refs[r + 3] = expiresText;
    if (isSeparate || !positive) {
      refs[r + 1] = isSeparate ? event : undefined;
      refs[r + 4] = isSeparate ? expiresText : undefined;
      values[n + 4] = isSeparate ? expiresAt : Number.NaN;
      values[n + 5] = isSeparate ? noticeVersion : 0;
    }
  }

  private touch(s: number, at: number, events: number): void {
    const numbers = this.numbersOf(s);
    const head = (s & (PAGE - 1)) * this.stride;
    numbers[head] = at;
    numbers[head + 1] = (numbers[head + 1] as number) + events;
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
function grow(from: number[]): number[] {
  const to = doubles(from.length * 2);
  for (let i = 0; i < from.length; i++) to[i] = from[i] as number;
  return to;
}

/**
 * `length` zeros in an ordinary array that V8 stores as unboxed doubles (filling with -0, which
 * equals 0, makes it choose that layout from the start). On the JS heap rather than in an
 * ArrayBuffer: external memory beyond V8's fixed 64 MB allowance forces a full collection of
 * the whole heap, which in replay profiles cost as much as the replay's own work.
 */
function doubles(length: number): number[] {
  return new Array<number>(length).fill(-0);
}
