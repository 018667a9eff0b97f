import type { Json } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { checkEventShape, eventAt, eventExpiresAt } from './internal/shape';
import type { ConsentEvent } from './schemas';
import { type ConsentState, type PurposeConsent, type RecordedStatus, type SubjectConsent, stateHolding } from './state';

/**
 * One subject's materialised consent as plain JSON: what the consent store writes as its
 * stream's snapshot, so a decision needs one indexed read instead of a replay. Purposes are an
 * array (ids are never property names), in the state's order.
 *
 * @example
 * ```json
 * { "v": 1, "subjectId": "psn_4f2a", "lastAt": 1795658400000, "eventCount": 1,
 *   "purposes": [{ "purposeId": "marketing.sms", "status": "given", "event": { "id": "ce-1", "…": "…" } }] }
 * ```
 */
export interface SubjectConsentJson {
  /** The format's version. */
  readonly v: 1;
  /** Whose consent it is. */
  readonly subjectId: string;
  /** Epoch milliseconds of the subject's latest event. */
  readonly lastAt: number;
  /** How many events were applied. */
  readonly eventCount: number;
  /** One record per purpose ever named, in the state's order. */
  readonly purposes: ReadonlyArray<{
    readonly purposeId: string;
    /** The recorded status (before rules such as expiry apply). */
    readonly status: RecordedStatus;
    /** The latest event naming the purpose. */
    readonly event: ConsentEvent;
    /** The standing separate consent, when one stands. */
    readonly separate?: ConsentEvent;
  }>;
}

/** Options of {@link subjectConsentFromJson}. */
export interface SubjectConsentFromJsonOptions {
  /** When given, every purpose must be in it (`CONSENT_UNKNOWN_PURPOSE`). */
  readonly catalogue?: Catalogue | undefined;
}

/**
 * A subject's materialised consent as plain JSON (see {@link SubjectConsentJson}); read it back
 * with {@link subjectConsentFromJson}.
 *
 * @example
 * ```ts
 * import { subjectConsentToJson } from '@aisle/consent';
 *
 * const json = subjectConsentToJson(state.subject('psn_4f2a')!);
 * JSON.stringify(json); // store it, send it, cache it
 * ```
 */
export function subjectConsentToJson(subject: SubjectConsent): SubjectConsentJson {
  const purposes: SubjectConsentJson['purposes'][number][] = [];
  for (const [purposeId, record] of subject.purposes) {
    const { status, event, separate } = record;
    purposes.push(separate === undefined ? { purposeId, status, event } : { purposeId, status, event, separate });
  }
  return { v: 1, subjectId: subject.subjectId, lastAt: subject.lastAt, eventCount: subject.eventCount, purposes };
}

/**
 * Reads a subject's materialised consent back from {@link subjectConsentToJson}'s JSON (say, a
 * stream snapshot from a database), for `decide`. Everything a decision reads is checked, and
 * every record must agree with its events (the status with the event's type, a separate consent
 * with the rule for one, no event after `lastAt`), so a malformed or inconsistent snapshot is
 * refused rather than read as an "allowed". A snapshot is derived data: the consent store's
 * `verifySubject` checks it against a replay of the subject's hash-chained events.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` (`details.field`), `CONSENT_UNKNOWN_PURPOSE`.
 * @example
 * ```ts
 * import { decide, subjectConsentFromJson } from '@aisle/consent';
 *
 * const consent = subjectConsentFromJson(JSON.parse(cached), { catalogue });
 * decide({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent }).allowed;
 * ```
 */
export function subjectConsentFromJson(json: unknown, options: SubjectConsentFromJsonOptions = {}): SubjectConsent {
  const plain = plainSubject(json);
  return stateHolding(plain, options).subject(plain.subjectId) as SubjectConsent;
}

/** A state holding the subject of a snapshot, to apply the subject's later events to. @internal */
export function stateFromSnapshot(json: unknown, options: SubjectConsentFromJsonOptions = {}): ConsentState {
  return stateHolding(plainSubject(json), options);
}

/** The checked subject of a snapshot, as plain objects. */
function plainSubject(json: unknown): SubjectConsent {
  const value = object(json, 'snapshot');
  if (value.v !== 1) throw invalid('v', 'expected 1');
  const subjectId = value.subjectId;
  if (typeof subjectId !== 'string' || subjectId === '') throw invalid('subjectId', 'expected a non-empty string');
  const lastAt = value.lastAt;
  if (typeof lastAt !== 'number' || !Number.isFinite(lastAt)) throw invalid('lastAt', 'expected epoch milliseconds');
  const eventCount = value.eventCount;
  if (!Number.isSafeInteger(eventCount) || (eventCount as number) < 1) throw invalid('eventCount', 'expected a whole number >= 1');
  if (!Array.isArray(value.purposes)) throw invalid('purposes', 'expected an array');
  const purposes = new Map<string, PurposeConsent>();
  value.purposes.forEach((item: unknown, i: number) => {
    const field = `purposes[${i}]`;
    const entry = object(item, field);
    const purposeId = entry.purposeId;
    if (typeof purposeId !== 'string' || purposeId === '') throw invalid(`${field}.purposeId`, 'expected a non-empty string');
    if (purposes.has(purposeId)) throw invalid(`${field}.purposeId`, 'expected each purpose once');
    const status = entry.status as RecordedStatus;
    if (status !== 'given' && status !== 'refused' && status !== 'withdrawn' && status !== 'expired') {
      throw invalid(`${field}.status`, "expected 'given' | 'refused' | 'withdrawn' | 'expired'");
    }
    const event = recordEvent(entry.event, `${field}.event`, subjectId, purposeId, lastAt);
    const positive = event.type === 'given' || event.type === 'renewed';
    if (status !== (positive ? 'given' : event.type))
      throw invalid(`${field}.status`, `expected the status its event (${event.type}) gives`);
    let separate: ConsentEvent | undefined;
    if (entry.separate !== undefined) {
      separate = recordEvent(entry.separate, `${field}.separate`, subjectId, purposeId, lastAt);
      const isSeparate =
        (separate.type === 'given' || separate.type === 'renewed') && separate.purposes.length === 1 && separate.consentType !== 'general';
      if (status !== 'given' || !isSeparate || eventAt(separate, 0) > eventAt(event, 0)) {
        throw invalid(`${field}.separate`, 'expected a separate consent for exactly this purpose, standing while the status is given');
      }
    }
    purposes.set(purposeId, {
      status,
      event,
      at: eventAt(event, 0),
      expiresAt: optional(eventExpiresAt(event, 0)),
      separate,
      separateExpiresAt: separate === undefined ? undefined : optional(eventExpiresAt(separate, 0)),
    });
  });
  return { subjectId, lastAt, eventCount: eventCount as number, purposes };
}

/** The snapshot as the JSON a stream store keeps. @internal */
export function snapshotJson(subject: SubjectConsent): Json {
  return subjectConsentToJson(subject) as unknown as Json;
}

function recordEvent(value: unknown, field: string, subjectId: string, purposeId: string, lastAt: number): ConsentEvent {
  const event = object(value, field) as unknown as ConsentEvent;
  try {
    checkEventShape(event, 0);
    if (eventAt(event, 0) > lastAt) throw invalid(field, 'expected an event no later than lastAt');
    eventExpiresAt(event, 0);
  } catch (error) {
    if (ConsentError.isInstance(error) && error.details?.label === 'subject snapshot') throw error;
    const inner = (error as ConsentError).details?.field;
    throw invalid(`${field}.${String(inner)}`, 'expected a well-formed consent event');
  }
  if (event.subjectId !== subjectId) throw invalid(`${field}.subjectId`, 'expected the snapshot’s subject');
  if (!event.purposes.includes(purposeId)) throw invalid(`${field}.purposes`, `expected the event to name ${purposeId}`);
  return event;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'expected an object');
  return value as Record<string, unknown>;
}

function invalid(field: string, expected: string): ConsentError {
  return new ConsentError(ConsentErrorCode.INVALID_INPUT, `A subject consent snapshot is malformed at ${field}: ${expected}`, {
    details: { label: 'subject snapshot', field },
  });
}

const optional = (ms: number) => (Number.isNaN(ms) ? undefined : ms);
