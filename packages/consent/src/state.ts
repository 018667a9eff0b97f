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

/** Materialised consent of one subject: one record per purpose ever named in its events. */
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
  /** Every subject's state. */
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

interface MutableSubject {
  subjectId: string;
  lastAt: number;
  eventCount: number;
  purposes: Map<string, PurposeConsent>;
}

/**
 * An empty materialised state. Apply events in ledger order; the result equals a full replay.
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
  const subjects = new Map<string, MutableSubject>();
  const catalogue = options.catalogue;
  let eventCount = 0;
  return {
    subject: (subjectId) => subjects.get(subjectId),
    subjects,
    get eventCount() {
      return eventCount;
    },
    apply(event) {
      const index = eventCount;
      const at = eventInstant(event, index);
      const purposes = event.purposes;
      const count = purposes.length;
      if (catalogue !== undefined) {
        for (let i = 0; i < count; i++) {
          const purposeId = purposes[i] as string;
          if (catalogue.get(purposeId) === undefined) {
            throw new ConsentError(
              ConsentErrorCode.UNKNOWN_PURPOSE,
              `Event ${index} names purpose ${JSON.stringify(purposeId.slice(0, 80))}, which is not in the catalogue`,
              {
                details: { index, purposeId: purposeId.slice(0, 80) },
              },
            );
          }
        }
      }
      const subjectId = event.subjectId;
      let subject = subjects.get(subjectId);
      if (subject === undefined) {
        subject = { subjectId, lastAt: at, eventCount: 0, purposes: new Map() };
        subjects.set(subjectId, subject);
      } else if (at < subject.lastAt) {
        throw new ConsentError(ConsentErrorCode.OUT_OF_ORDER, `Event ${index} (${event.at}) is older than the subject's latest event`, {
          details: { index, at: event.at, latest: new Date(subject.lastAt).toISOString() },
        });
      }
      // Parsed (and checked) by eventInstant above.
      const expiresAt = lastCheckedExpiresAt();
      const type = event.type;
      const positive = type === 'given' || type === 'renewed';
      const status: RecordedStatus = positive ? 'given' : (type as RecordedStatus);
      const isSeparate = positive && count === 1 && event.consentType !== 'general';
      const map = subject.purposes;
      // One record serves every purpose of the event unless a purpose carries an earlier separate
      // consent forward (fewer allocations: replaying a million events is mostly allocation).
      const shared: PurposeConsent = {
        status,
        event,
        at,
        expiresAt,
        separate: isSeparate ? event : undefined,
        separateExpiresAt: isSeparate ? expiresAt : undefined,
      };
      if (positive && !isSeparate) {
        // A bundled positive event keeps each purpose's standing separate consent.
        for (let i = 0; i < count; i++) {
          const purposeId = purposes[i] as string;
          const previous = map.get(purposeId);
          if (previous !== undefined && previous.status === 'given' && previous.separate !== undefined) {
            map.set(purposeId, {
              status,
              event,
              at,
              expiresAt,
              separate: previous.separate,
              separateExpiresAt: previous.separateExpiresAt,
            });
          } else {
            map.set(purposeId, shared);
          }
        }
      } else {
        for (let i = 0; i < count; i++) map.set(purposes[i] as string, shared);
      }
      subject.lastAt = at;
      subject.eventCount++;
      eventCount = index + 1;
      return subject;
    },
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
 * const state = replayConsentEvents(store.readSince(0).events, { catalogue });
 * ```
 */
export function replayConsentEvents(events: Iterable<ConsentEvent>, options: ConsentStateOptions = {}): ConsentState {
  const state = createConsentState(options);
  for (const event of events) state.apply(event);
  return state;
}
