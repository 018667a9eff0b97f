import type { Catalogue } from '../catalogue';
import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import type { PurposeConsent, RecordedStatus } from '../subject';
import { checkEventShape, eventAt, eventExpiresAt } from './shape';
import { SubjectIndex } from './subject-index';

export const STATUS: readonly RecordedStatus[] = ['given', 'refused', 'withdrawn', 'expired'];
const GIVEN = 0;
/** Leading numbers of a subject's block in its numbers page: lastAt, eventCount. */
const HEAD = 2;
/**
 * Numbers per purpose cell: flags, at, then for the latest event and for the standing separate
 * consent: expiresAt (`NaN`: none) and notice version. The flags are the status + 1 in the low
 * three bits (0: the purpose was never named), plus `GUARDIAN_LATEST` and `GUARDIAN_SEPARATE`
 * when a guardian gave that consent.
 */
const NUMBERS = 6;
const STATUS_BITS = 7;
const GUARDIAN_LATEST = 8;
const GUARDIAN_SEPARATE = 16;
/** References per cell: the latest event, the standing separate consent. */
const REFS = 2;
/**
 * Subjects per page (2^12): the table grows by whole pages, so growing never copies it and no
 * page is more than half empty except the last. The first page starts small and doubles, for
 * states of a few subjects (`decideFromEvents` builds one per call).
 */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const FIRST_PAGE = 8;
/** Events per batch of {@link Table.applyAll}: their data stays in cache between reading and writing. */
const BATCH = 64;
/** In a batch's `kinds`: the status number (low three bits), then these flags. */
const SEPARATE = 8;
const GUARDIAN = 16;
/** Numbers per event in a batch: at, expiresAt, notice version, status and flags. */
const FIELDS = 4;
/** Entries per subject index (and per overflow Map: V8 caps one Map at 2^24). */
const INDEX_CAP = 1 << 24;

/**
 * An empty table, made with the first one and kept for good. V8 keeps the hidden classes that a
 * class's fields lead to only while some object has them: once every table had been collected
 * (say, a replay whose state was dropped, or the one `decideFromEvents` builds per call), the next
 * table got new ones, and all the code optimised for the old ones was thrown away and compiled
 * again, about 60 ms of CPU per replay (measured: most of a 50k-event replay).
 */
let keeper: Table | undefined;
/**
 * What {@link Table.commitAll}'s warming reads add up to, never read: kept so that the reads are
 * not optimised away. A module variable, not a field: a field going from integers to doubles
 * gives the tables new hidden classes (see `keeper`).
 */
let _warmed = 0;

/**
 * The state, column-wise and packed: replaying a million events is mostly memory traffic, and one
 * object per event or per subject-purpose pair (the obvious layout) made it allocation- and
 * cache-bound. Subjects are numbered in order of first appearance, purposes by catalogue
 * position, and stored in pages of `PAGE` subjects. Each subject owns one contiguous block of
 * its numbers page, `[lastAt, eventCount, cell of purpose 0, cell of purpose 1, …]`, and one of
 * its references page, `[event, separate]` per purpose, so an event or a till's round of
 * decisions for one customer touches a few neighbouring cache lines. The price: every subject has
 * a cell for every catalogue purpose, named or not (64 bytes each).
 *
 * Numbers pages are ordinary arrays of unboxed doubles on V8's heap (see {@link doubles}), not
 * `Float64Array`s: typed arrays' memory is external, and once a state held 64 MB of it (about
 * 200k subjects) V8 started a full collection of the whole heap, the caller's events included,
 * on every replay (measured at 2M events: one mark-compact of 600 MB per replay, which the fold
 * never paid). A page is created with holes and a subject's block is zeroed when the subject is
 * added (a hole is never read). References pages are ordinary arrays, created with holes (a hole
 * reads as `undefined`).
 *
 * A cell is addressed by subject number `s` and purpose number `p`.
 */
export class Table {
  /** Subject id → subject number, up to `INDEX_CAP` entries, see {@link Table.find}. */
  readonly index = new SubjectIndex();
  /** Further Maps once `index` is full, each filled up to `INDEX_CAP` in turn (empty below 16.7M subjects). */
  readonly overflow: Map<string, number>[] = [];
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
  refPages: (ConsentEvent | undefined)[][] = [];
  /** How many events were applied (restored subjects count their events). */
  count = 0;
  /** The batch of one that {@link Table.apply} reads an event into; emptied at the start of every call. */
  #one = new Batch(1);

  constructor(readonly catalogue: Catalogue | undefined) {
    this.width = Math.max(1, catalogue?.purposes.length ?? 4);
    this.stride = HEAD + this.width * NUMBERS;
    for (const purpose of catalogue?.purposes ?? []) this.intern(purpose.id);
    if (keeper === undefined) {
      // Set first: the empty table below must not make one of its own.
      keeper = this;
      keeper = new Table(undefined);
    }
  }

  /** The subject number of an id, or `undefined`: in `index`, then in `overflow`. */
  find(subjectId: string): number | undefined {
    if (typeof subjectId !== 'string') return undefined;
    let s = this.index.get(subjectId);
    for (let k = 0; s === undefined && k < this.overflow.length; k++) s = this.overflow[k]?.get(subjectId);
    return s;
  }

  /**
   * Applies the next event and returns its subject's number. Checks everything first and writes
   * only when the event is accepted, so a rejected event changes nothing.
   */
  apply(event: ConsentEvent): number {
    const one = this.#one;
    // Emptied first: what a previous (failed) call left is never read.
    one.length = 0;
    this.read(one, event);
    return this.commit(one, 0);
  }

  /**
   * Applies events in order, as {@link Table.apply} one by one would, in batches of `BATCH`: each
   * batch is read and checked first (the events themselves, streamed in order), then written
   * (lookups and the subjects' blocks, in random order). Kept apart, each loop's memory accesses
   * overlap instead of queueing behind the other's misses; together they made replay twice as
   * slow at 200k subjects. Throws the first event's error, as one by one; the events before it
   * have then been applied.
   */
  applyAll(events: Iterable<ConsentEvent>): void {
    const batch = new Batch(BATCH);
    let failure: { readonly error: unknown } | undefined;
    for (const event of events) {
      try {
        this.read(batch, event);
      } catch (error) {
        failure = { error };
        break;
      }
      if (batch.length === BATCH) this.commitAll(batch);
    }
    this.commitAll(batch);
    if (failure !== undefined) throw failure.error;
  }

  /**
   * Checks the next event and adds what a write needs to `batch` (the table is not changed,
   * except that without a catalogue a purpose seen for the first time gets its column).
   *
   * @throws ConsentError `CONSENT_INVALID_INPUT`, `CONSENT_UNKNOWN_PURPOSE`.
   */
  private read(batch: Batch, event: ConsentEvent): void {
    const j = batch.length;
    const index = this.count + j;
    checkEventShape(event, index);
    const at = eventAt(event, index);
    const expiresAt = eventExpiresAt(event, index);
    const purposes = event.purposes;
    const count = purposes.length;
    const from = batch.purposeEnd[j] as number;
    if (batch.purposes.length < from + count) {
      const wider = new Int32Array(2 * (from + count));
      wider.set(batch.purposes);
      batch.purposes = wider;
    }
    const numbers = batch.purposes;
    for (let i = 0; i < count; i++) numbers[from + i] = this.purposeNumber(purposes[i] as string, index);
    const type = event.type;
    const positive = type === 'given' || type === 'renewed';
    // A separate consent (单独同意) names exactly one purpose and is not `general`.
    const isSeparate = positive && count === 1 && event.consentType !== 'general';
    // Captured now (checked above), the subject id too: later changes to the event object (say, a
    // reader that reuses one object for every row) cannot change a decision.
    const f = j * FIELDS;
    batch.numbers[f] = at;
    batch.numbers[f + 1] = expiresAt;
    batch.numbers[f + 2] = event.notice.version;
    batch.numbers[f + 3] =
      (positive ? GIVEN : type === 'refused' ? 1 : type === 'withdrawn' ? 2 : 3) +
      (isSeparate ? SEPARATE : 0) +
      (event.actor.kind === 'guardian' ? GUARDIAN : 0);
    batch.events[j] = event;
    batch.subjectIds[j] = event.subjectId;
    batch.purposeEnd[j + 1] = from + count;
    batch.length = j + 1;
  }

  /**
   * Writes every event of `batch` in order, then empties it. The subjects are looked up first,
   * in passes over the batch (hash every id, read every first slot and the key there, look them
   * up, read the first line of every block found): each pass's cache misses are independent of
   * one another and overlap, where one event at a time waited for the slot, then the key, then
   * the block. A subject not found (new, or first seen earlier in this batch) is looked up again
   * when written.
   */
  private commitAll(batch: Batch): void {
    const length = batch.length;
    // Emptied first: if an event is out of order the ones after it are dropped, as one by one.
    batch.length = 0;
    const found = batch.found;
    const hashes = batch.hashes;
    const ids = batch.subjectIds;
    const index = this.index;
    if (index.map === undefined) {
      for (let j = 0; j < length; j++) hashes[j] = index.hash(ids[j] as string);
      let warm = 0;
      for (let j = 0; j < length; j++) warm += index.warm(hashes[j] as number);
      // Kept, so that the reads are not optimised away.
      _warmed = warm;
      for (let j = 0; j < length; j++) found[j] = index.getHashed(ids[j] as string, hashes[j] as number) ?? -1;
      // And the first line of each found subject's block, which the write reads first.
      let head = 0;
      for (let j = 0; j < length; j++) {
        const s = found[j] as number;
        if (s >= 0) head += this.numbersOf(s)[(s & (PAGE - 1)) * this.stride] as number;
      }
      _warmed += head;
    } else found.fill(-1, 0, length);
    for (let j = 0; j < length; j++) this.commit(batch, j);
  }

  /**
   * Writes event `j` of `batch` and returns its subject's number.
   *
   * @throws ConsentError `CONSENT_OUT_OF_ORDER` (and writes nothing).
   */
  private commit(batch: Batch, j: number): number {
    const index = this.count;
    const subjectId = batch.subjectIds[j] as string;
    const f = j * FIELDS;
    const at = batch.numbers[f] as number;
    // The id is a non-empty string (checked when read): look it up directly, unless found already.
    let s: number | undefined = batch.found[j] as number;
    if (s < 0) s = this.find(subjectId);
    if (s === undefined) s = this.addSubject(subjectId);
    else if (at < (this.numbersOf(s)[(s & (PAGE - 1)) * this.stride] as number)) {
      const event = batch.events[j] as ConsentEvent;
      throw new ConsentError(ConsentErrorCode.OUT_OF_ORDER, `Event ${index} (${event.at}) is older than the subject's latest event`, {
        details: { index, at: event.at, latest: new Date(this.lastAt(s)).toISOString() },
      });
    }
    const kind = batch.numbers[f + 3] as number;
    const event = batch.events[j] as ConsentEvent;
    const to = batch.purposeEnd[j + 1] as number;
    const numbers = batch.purposes;
    for (let i = batch.purposeEnd[j] as number; i < to; i++) this.put(s, numbers[i] as number, kind, event, batch.numbers, f);
    // The head written here, not through `touch`: numbers passed to a call that is not inlined
    // are boxed, an allocation per event.
    const page = this.numbersOf(s);
    const head = (s & (PAGE - 1)) * this.stride;
    page[head] = at;
    page[head + 1] = (page[head + 1] as number) + 1;
    this.count = index + 1;
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
    const p = this.purposeOf(purposeId);
    return p >= 0 && this.named(s, p) ? p : -1;
  }

  /**
   * The number of a purpose, or -1. A short catalogue is scanned: cheaper than hashing, and the
   * ids compare by identity when the caller's strings are the catalogue's (a decision passes the
   * catalogue's own id).
   */
  purposeOf(purposeId: string): number {
    const ids = this.purposeIds;
    if (ids.length > 16) return this.purposeIndex.get(purposeId) ?? -1;
    for (let p = 0; p < ids.length; p++) if (ids[p] === purposeId) return p;
    return -1;
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

  noticeVersion(s: number, p: number, separate: boolean): number {
    return this.numbersOf(s)[this.cell(s, p) + (separate ? 5 : 3)] as number;
  }

  guardian(s: number, p: number, separate: boolean): boolean {
    return ((this.numbersOf(s)[this.cell(s, p)] as number) & (separate ? GUARDIAN_SEPARATE : GUARDIAN_LATEST)) !== 0;
  }

  /** The record of subject `s` and purpose `p` (named): a new frozen snapshot. */
  record(s: number, p: number): PurposeConsent {
    const separate = this.hasSeparate(s, p);
    return Object.freeze({
      status: this.status(s, p),
      event: this.event(s, p, false),
      at: this.numbersOf(s)[this.cell(s, p) + 1] as number,
      expiresAt: optional(this.expiresAt(s, p, false)),
      separate: separate ? this.event(s, p, true) : undefined,
      separateExpiresAt: separate ? optional(this.expiresAt(s, p, true)) : undefined,
    });
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
  private refsOf(s: number): (ConsentEvent | undefined)[] {
    return this.refPages[s >>> PAGE_BITS] as (ConsentEvent | undefined)[];
  }

  /** Where the references of subject `s` and purpose `p` start in their page. */
  private ref(s: number, p: number): number {
    return ((s & (PAGE - 1)) * this.width + p) * REFS;
  }

  purposeNumber(purposeId: string, index: number): number {
    const p = this.purposeOf(purposeId);
    if (p >= 0) return p;
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
      const refs = this.refPages[page] as (ConsentEvent | undefined)[];
      const subjects = Math.min(PAGE, this.ids.length - page * PAGE);
      const wider = doubles((numbers.length / this.stride) * stride);
      // The first page holds references for its subjects so far (it grows by pushing), the others are whole.
      const widerRefs = new Array<ConsentEvent | undefined>((page === 0 ? subjects : PAGE) * width * REFS);
      for (let s = 0; s < subjects; s++) {
        for (let i = 0; i < stride; i++) wider[s * stride + i] = i < this.stride ? (numbers[s * this.stride + i] as number) : 0;
        for (let i = 0; i < this.width * REFS; i++) widerRefs[s * width * REFS + i] = refs[s * this.width * REFS + i];
      }
      this.pages[page] = wider;
      this.refPages[page] = widerRefs;
    }
    this.width = width;
    this.stride = stride;
  }

  addSubject(subjectId: string): number {
    const s = this.ids.length;
    const page = s >>> PAGE_BITS;
    if (page === this.pages.length) {
      // Whole pages from the second on, each allocated once; the first grows as it fills.
      this.pages.push(doubles((page === 0 ? FIRST_PAGE : PAGE) * this.stride));
      this.refPages.push(page === 0 ? [] : new Array<ConsentEvent | undefined>(PAGE * this.width * REFS));
    } else if (page === 0 && (s + 1) * this.stride > (this.pages[0] as number[]).length) {
      const from = this.pages[0] as number[];
      const to = doubles(from.length * 2);
      for (let i = 0; i < s * this.stride; i++) to[i] = from[i] as number;
      this.pages[0] = to;
    }
    // The subject's block, zeroed: its page was created with holes.
    const numbers = this.pages[page] as number[];
    const head = (s & (PAGE - 1)) * this.stride;
    for (let i = head; i < head + this.stride; i++) numbers[i] = 0;
    if (page === 0) {
      const refs = this.refPages[0] as (ConsentEvent | undefined)[];
      for (let i = this.width * REFS; i > 0; i--) refs.push(undefined);
    }
    const last = this.overflow[this.overflow.length - 1];
    if (s < INDEX_CAP) this.index.add(subjectId, s);
    else if (last !== undefined && last.size < INDEX_CAP) last.set(subjectId, s);
    else this.overflow.push(new Map([[subjectId, s]]));
    this.ids.push(subjectId);
    return s;
  }

  /**
   * Writes an event with status number `status` into the cell of subject `s` and purpose `p`
   * (for a restored subject; replay writes through {@link Table.put}).
   */
  write(
    s: number,
    p: number,
    status: number,
    at: number,
    event: ConsentEvent,
    expiresAt: number,
    noticeVersion: number,
    guardian: number,
    isSeparate: boolean,
  ): void {
    const terms = new Float64Array([at, expiresAt, noticeVersion]);
    this.put(s, p, status + (isSeparate ? SEPARATE : 0) + guardian * GUARDIAN, event, terms, 0);
  }

  /**
   * Writes an event into the cell of subject `s` and purpose `p`: `kind` is the status number
   * with the `SEPARATE` and `GUARDIAN` flags, `terms[f]` up to `terms[f + 2]` its time, expiry
   * and notice version (read here, not passed: passing numbers to a call that is not inlined
   * boxes them). Refused, withdrawn or expired: no separate consent stands. A separate consent
   * becomes the standing one; a bundled positive event keeps it (it is only ever set while the
   * status is given), its guardian flag included.
   */
  private put(s: number, p: number, kind: number, event: ConsentEvent, terms: Float64Array, f: number): void {
    const values = this.numbersOf(s);
    const refs = this.refsOf(s);
    const n = this.cell(s, p);
    const r = this.ref(s, p);
    const status = kind & STATUS_BITS;
    const isSeparate = (kind & SEPARATE) !== 0;
    const guardian = (kind & GUARDIAN) !== 0;
    const positive = status === GIVEN;
    const keptGuardian = positive && !isSeparate ? (values[n] as number) & GUARDIAN_SEPARATE : 0;
    values[n] = status + 1 + (guardian ? GUARDIAN_LATEST : 0) + (isSeparate && guardian ? GUARDIAN_SEPARATE : keptGuardian);
    values[n + 1] = terms[f] as number;
    values[n + 2] = terms[f + 1] as number;
    values[n + 3] = terms[f + 2] as number;
    refs[r] = event;
    if (isSeparate || !positive) {
      refs[r + 1] = isSeparate ? event : undefined;
      values[n + 4] = isSeparate ? (terms[f + 1] as number) : Number.NaN;
      values[n + 5] = isSeparate ? (terms[f + 2] as number) : 0;
    }
  }

  touch(s: number, at: number, events: number): void {
    const numbers = this.numbersOf(s);
    const head = (s & (PAGE - 1)) * this.stride;
    numbers[head] = at;
    numbers[head + 1] = (numbers[head + 1] as number) + events;
  }
}

/**
 * An array of `length` holes that holds unboxed doubles (its elements are doubles from the start,
 * so it never changes kind and code reading it sees one kind only). Filling it here would cost
 * more than a small replay's own work; the caller writes every element before reading it.
 */
function doubles(length: number): number[] {
  const array = new Array<number>(length);
  // A non-integer makes the elements doubles (V8 converts the holes once, in one allocation).
  array[0] = 0.5;
  return array;
}

const optional = (ms: number) => (Number.isNaN(ms) ? undefined : ms);

/**
 * Events read and checked by {@link Table.applyAll} (or `apply`), waiting to be written: per
 * event its object, its subject id and `FIELDS` numbers (time, expiry, notice version, and the
 * status with the `SEPARATE` and `GUARDIAN` flags), and its purposes' numbers
 * (`purposes[purposeEnd[j]]` up to `purposes[purposeEnd[j + 1]]`).
 */
class Batch {
  length = 0;
  readonly events: (ConsentEvent | undefined)[] = [];
  readonly subjectIds: (string | undefined)[] = [];
  readonly numbers: Float64Array;
  readonly purposeEnd: Int32Array;
  /** Per event, its subject's number when {@link Table.commitAll} found it, else -1 (always -1 in `apply`'s batch). */
  readonly found: Int32Array;
  /** Per event, its subject id's hash (see {@link Table.commitAll}). */
  readonly hashes: Int32Array;
  purposes: Int32Array;

  constructor(size: number) {
    this.numbers = new Float64Array(size * FIELDS);
    this.purposeEnd = new Int32Array(size + 1);
    this.found = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    this.purposes = new Int32Array(size * 2);
  }
}
