import { assertTimeZone, type InstantInput } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { decide } from './decide';
import type { SubjectFacts } from './schemas';
import type { SubjectConsent } from './state';

/**
 * The structural consent check other packages take (`@aisle/segments` gates campaigns with it):
 * true only when the purpose is allowed for the subject at that time.
 */
export type ConsentGate = (subjectId: string, purposeId: string, at: InstantInput) => boolean;

/** Options of {@link createConsentGate}. */
export interface ConsentGateOptions {
  readonly catalogue: Catalogue;
  /**
   * Materialised consent, read synchronously: a `ConsentState`, or subjects loaded from the async
   * store first (`const loaded = await consents.subjects(ids)`, then `{ subject: (id) => loaded.get(id) }`).
   */
  readonly state: { subject(subjectId: string): SubjectConsent | undefined };
  /**
   * The subject's facts (birth date or age band), or `undefined` when they are not known. A
   * purpose whose legal basis is consent needs them (a child under 14 needs a guardian's
   * consent, PIPL Art. 31), so unknown facts make the gate `false` for such purposes. To treat a
   * subject as an adult, say so: `{ ageBand: 'adult' }`.
   */
  readonly facts: (subjectId: string) => SubjectFacts | undefined;
  /** IANA zone in which birthdays turn over (the store's zone), e.g. `Asia/Shanghai`. */
  readonly zone: string;
}

/**
 * A {@link ConsentGate} over materialised state (a `ConsentState`, or subjects loaded from a store) and the subjects'
 * facts. It gives the answer {@link decide} gives with the same facts and zone, and fails closed:
 * an unknown purpose, a time before the subject's state, a consent-based purpose whose subject's
 * age is unknown (no birth date, no age band), a facts lookup that throws, or any other error is
 * `false`, never an exception in the middle of a campaign run.
 *
 * @throws TypeError when `facts` is not a function; core's `CORE_INVALID_TIME_ZONE` for a bad `zone`.
 * @example
 * ```ts
 * import { createConsentGate } from '@aisle/consent';
 *
 * const loaded = await consents.subjects(audienceIds);
 * const gate = createConsentGate({ catalogue, state: { subject: (id) => loaded.get(id) }, facts: (id) => profiles.get(id)?.facts, zone: 'Asia/Shanghai' });
 * audience.filter((id) => gate(id, 'marketing.sms', clock.now()));
 * ```
 */
export function createConsentGate(input: ConsentGateOptions): ConsentGate {
  const { catalogue, state, facts } = input;
  if (typeof facts !== 'function') {
    throw new TypeError(`createConsentGate: facts must be a function (subjectId) => SubjectFacts | undefined, received ${typeof facts}`);
  }
  const zone = assertTimeZone(input.zone);
  return (subjectId, purposeId, at) => {
    try {
      const purpose = catalogue.get(purposeId);
      if (purpose === undefined) return false;
      const known = facts(subjectId);
      if (purpose.legalBasis === 'consent' && !hasAge(known)) return false;
      return decide({ catalogue, purposeId, at, consent: state.subject(subjectId), facts: known, zone }).allowed;
    } catch {
      return false;
    }
  };
}

function hasAge(facts: SubjectFacts | undefined): facts is SubjectFacts {
  return typeof facts === 'object' && facts !== null && (facts.birthDate !== undefined || facts.ageBand !== undefined);
}
