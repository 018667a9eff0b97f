import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import type { PurposeConsent, RecordedStatus, SubjectConsent } from '../subject';

/**
 * What a decision reads of one subject's purposes, one value at a time, so that deciding
 * allocates nothing. `slot` finds a purpose (-1: never named); the other methods read that slot,
 * `separate` choosing the standing separate consent instead of the latest event. The state's
 * views read their packed table (values captured when the events were applied, so editing an
 * event object later cannot change a decision); {@link RecordSource} reads a caller-built record.
 */
export interface PurposeSource {
  slot(purposeId: string): number;
  status(slot: number): RecordedStatus;
  /** Whether a separate consent stands (only ever while the status is given). */
  hasSeparate(slot: number): boolean;
  event(slot: number, separate: boolean): ConsentEvent;
  /** Epoch milliseconds; `NaN` when the consent never lapses (every comparison with `NaN` is false). */
  expiresAt(slot: number, separate: boolean): number;
  expiresText(slot: number, separate: boolean): string | undefined;
  noticeVersion(slot: number, separate: boolean): number;
  guardian(slot: number, separate: boolean): boolean;
}

/**
 * A {@link PurposeSource} over any `SubjectConsent` (one a caller built from plain objects, say
 * from a cache): its one slot is the record of the purpose last found. Expiries are checked when
 * read, so a record whose expiry is not a finite number is refused rather than read as "never".
 */
export class RecordSource implements PurposeSource {
  readonly #consent: SubjectConsent;
  #record: PurposeConsent | undefined;

  constructor(consent: SubjectConsent) {
    this.#consent = consent;
  }

  slot(purposeId: string): number {
    this.#record = this.#consent.purposes.get(purposeId);
    return this.#record === undefined ? -1 : 0;
  }

  status(): RecordedStatus {
    return this.#found().status;
  }

  /** The record's `at` (epoch milliseconds). */
  at(): number {
    return this.#found().at;
  }

  hasSeparate(): boolean {
    return this.#found().separate !== undefined;
  }

  event(_slot: number, separate: boolean): ConsentEvent {
    const record = this.#found();
    return (separate ? record.separate : record.event) as ConsentEvent;
  }

  expiresAt(_slot: number, separate: boolean): number {
    const record = this.#found();
    return callerInstant(separate ? record.separateExpiresAt : record.expiresAt);
  }

  expiresText(slot: number, separate: boolean): string | undefined {
    return this.event(slot, separate).expiresAt;
  }

  noticeVersion(slot: number, separate: boolean): number {
    return this.event(slot, separate).notice.version;
  }

  guardian(slot: number, separate: boolean): boolean {
    return this.event(slot, separate).actor.kind === 'guardian';
  }

  #found(): PurposeConsent {
    if (this.#record === undefined) throw new RangeError('RecordSource: call slot() with a purpose the subject has first');
    return this.#record;
  }
}

/** An optional instant of a caller-built record: a wrong type must never read as "no expiry". */
function callerInstant(ms: number | undefined): number {
  if (ms === undefined) return Number.NaN;
  if (typeof ms === 'number' && Number.isFinite(ms)) return ms;
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, 'A consent record has an expiry that is not a finite epoch-milliseconds number', {
    details: { label: 'subject consent', field: 'expiresAt' },
  });
}
