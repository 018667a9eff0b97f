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
 * the records always agree. Each `purposes.get` returns a new frozen record (a snapshot; compare
 * records by their fields, not by identity), and iteration is in catalogue order (without a
 * catalogue: the order purposes were first seen).
 */
export interface SubjectConsent {
  readonly subjectId: string;
  /** Epoch milliseconds of the subject's latest event (events must not go back in time). */
  readonly lastAt: number;
  /** How many events were applied. */
  readonly eventCount: number;
  readonly purposes: ReadonlyMap<string, PurposeConsent>;
}
