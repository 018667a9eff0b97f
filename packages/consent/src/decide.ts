import { type InstantInput, toInstant } from '@aisle/core';
import { type Catalogue, requirePurpose } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { isUnder14 } from './internal/age';
import { parseInstant } from './internal/instant';
import { DECISION_REASONS_EN, type DecisionReasonCode } from './reasons';
import type { ConsentEvent, SubjectFacts } from './schemas';
import { createConsentState, purposeSource, type SubjectConsent } from './state';
import type { LEGAL_BASES } from './vocabulary';

/**
 * The state of one purpose for one subject, after the rules: `not-required` when the purpose's
 * legal basis is not consent.
 */
export type ConsentStatus =
  | 'given'
  | 'refused'
  | 'withdrawn'
  | 'expired'
  | 'never-asked'
  | 'needs-reconsent'
  | 'needs-guardian'
  | 'not-required';

/** The outcome of {@link decide}: denials are values, never exceptions. */
export interface Decision {
  readonly allowed: boolean;
  readonly purposeId: string;
  readonly state: ConsentStatus;
  /** The consent event the decision rests on (none for `never-asked` and `not-required`). */
  readonly event: ConsentEvent | undefined;
  /** When the consent the decision rests on lapses, if it does. */
  readonly expiresAt: string | undefined;
  /** The legal basis of the purpose. */
  readonly basis: (typeof LEGAL_BASES)[number];
  /** Why, in one English sentence naming the clause; `describeReason(decision, 'zh-CN')` gives it in Chinese. */
  readonly reason: string;
  /** Why, as a stable code (the `reason` text may be reworded; this never changes meaning). */
  readonly reasonCode: DecisionReasonCode;
}

/** Input of {@link decide}. */
export interface DecideInput {
  readonly catalogue: Catalogue;
  readonly purposeId: string;
  /** The decision time. Must not precede the subject's latest applied event. */
  readonly at: InstantInput;
  /** The subject's materialised consent (`state.subject(id)`); `undefined` when never asked. */
  readonly consent: SubjectConsent | undefined;
  /** Birth date or age band; without facts the subject is not treated as a child. */
  readonly facts?: SubjectFacts | undefined;
  /** IANA zone for the subject's age (birthdays turn over at local midnight). Default `Asia/Shanghai`. */
  readonly zone?: string | undefined;
}

/**
 * Decides whether a purpose is allowed for a subject at a time, from materialised state: a pure
 * function of the subject's events, the catalogue and the time. A sensitive purpose needs a
 * separate consent for exactly that purpose (PIPL Art. 29: a bundled consent does not count);
 * a child under 14 needs a guardian's consent (Art. 31); consent under a notice older than the
 * purpose's `reconsentSince` needs asking again (Art. 14); lapsed consent is `expired`.
 *
 * @throws ConsentError `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_TIME_BEFORE_STATE` (use {@link decideFromEvents} for past times), `CONSENT_INVALID_INPUT` (facts).
 * @example
 * ```ts
 * import { decide } from '@aisle/consent';
 *
 * const d = decide({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent: state.subject('psn_4f2a') });
 * if (!d.allowed) console.log(d.state, d.reason);
 * ```
 */
export function decide(input: DecideInput): Decision {
  const catalogue = input.catalogue;
  const purposeId = input.purposeId;
  const consent = input.consent;
  const purpose = requirePurpose(catalogue, purposeId);
  const time = input.at;
  // Fast path for epoch milliseconds a Date can hold (±8.64e15; NaN fails the comparison);
  // anything else goes through toInstant, which rejects it with CORE_INVALID_INSTANT.
  const at = typeof time === 'number' && Math.abs(time) <= 8.64e15 ? time : toInstant(time).getTime();
  const basis = purpose.legalBasis;
  if (consent !== undefined && at < consent.lastAt) {
    throw new ConsentError(
      ConsentErrorCode.TIME_BEFORE_STATE,
      'The decision time precedes the subject’s latest event; decide from the events instead',
      {
        details: { purposeId, at: new Date(at).toISOString(), latest: new Date(consent.lastAt).toISOString() },
      },
    );
  }
  const facts = input.facts;
  const under14 = facts !== undefined && isUnder14(facts, at, input.zone ?? 'Asia/Shanghai');
  if (basis !== 'consent') return result(true, purposeId, 'not-required', undefined, undefined, basis, 'not-required');
  const source = consent === undefined ? undefined : purposeSource(consent);
  // The catalogue's own id string: the state finds it by identity.
  const slot = source === undefined ? -1 : source.slot(purpose.id);
  if (source === undefined || slot < 0) return result(false, purposeId, 'never-asked', undefined, undefined, basis, 'never-asked');
  const status = source.status(slot);
  if (status !== 'given') return result(false, purposeId, status, source.event(slot, false), undefined, basis, status);
  // A sensitive purpose rests on the standing separate consent, anything else on the latest event.
  const separate = purpose.sensitive;
  if (separate && !source.hasSeparate(slot)) {
    return result(
      false,
      purposeId,
      'needs-reconsent',
      source.event(slot, false),
      source.expiresText(slot, false),
      basis,
      'bundled-consent',
    );
  }
  const event = source.event(slot, separate);
  const expiresText = source.expiresText(slot, separate);
  // `expiresAt` is NaN when there is none (and every comparison with NaN is false).
  if (at >= source.expiresAt(slot, separate)) return result(false, purposeId, 'expired', event, expiresText, basis, 'lapsed');
  const reconsentSince = purpose.reconsentSince;
  if (reconsentSince !== undefined && source.noticeVersion(slot, separate) < reconsentSince) {
    return result(false, purposeId, 'needs-reconsent', event, expiresText, basis, 'scope-changed');
  }
  if ((under14 || purpose.childData) && !source.guardian(slot, separate)) {
    return result(false, purposeId, 'needs-guardian', event, expiresText, basis, 'needs-guardian');
  }
  return result(true, purposeId, 'given', event, expiresText, basis, 'given');
}

/** Input of {@link decideFromEvents}. */
export interface DecideFromEventsInput extends Omit<DecideInput, 'consent'> {
  readonly subjectId: string;
  /** The ledger's events (any subjects) in ledger order; events after `at` are ignored. */
  readonly events: Iterable<ConsentEvent>;
}

/**
 * Decides by scanning events instead of materialised state: the same answer as {@link decide},
 * also for past times (events after `at` are ignored). Slower: use it for audits.
 *
 * @throws ConsentError as {@link decide}, plus `CONSENT_OUT_OF_ORDER` and `CONSENT_INVALID_INPUT` for bad events.
 * @example
 * ```ts
 * import { decideFromEvents } from '@aisle/consent';
 *
 * const then = decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_4f2a', events, at: '2026-06-01T00:00:00+08:00' });
 * ```
 */
export function decideFromEvents(input: DecideFromEventsInput): Decision {
  const at = typeof input.at === 'number' ? input.at : toInstant(input.at).getTime();
  const state = createConsentState({ catalogue: input.catalogue });
  let latest = Number.NEGATIVE_INFINITY;
  let index = 0;
  for (const event of input.events) {
    index++;
    if (event?.subjectId !== input.subjectId) continue;
    const eventAt = parseInstant(event.at);
    if (eventAt < latest) {
      throw new ConsentError(ConsentErrorCode.OUT_OF_ORDER, `Event ${index - 1} (${event.at}) is older than the subject's previous event`, {
        details: { index: index - 1, at: event.at },
      });
    }
    if (eventAt > at) {
      latest = eventAt;
      continue;
    }
    latest = Math.max(latest, eventAt);
    state.apply(event);
  }
  return decide({ ...input, at, consent: state.subject(input.subjectId) });
}

function result(
  allowed: boolean,
  purposeId: string,
  state: ConsentStatus,
  event: ConsentEvent | undefined,
  expiresAt: string | undefined,
  basis: Decision['basis'],
  reasonCode: DecisionReasonCode,
): Decision {
  return { allowed, purposeId, state, event, expiresAt, basis, reason: DECISION_REASONS_EN[reasonCode], reasonCode };
}
