import type { InstantInput } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { decide } from './decide';
import type { SubjectConsent } from './state';

/**
 * The structural consent check other packages take (`@aisle/segments` gates campaigns with it):
 * true only when the purpose is allowed for the subject at that time.
 */
export type ConsentGate = (subjectId: string, purposeId: string, at: InstantInput) => boolean;

/**
 * A {@link ConsentGate} over materialised state (a `ConsentState`, or subjects loaded from a store). It fails closed:
 * an unknown purpose, a time before the subject's state or any other error is `false`, never an
 * exception in the middle of a campaign run.
 *
 * @example
 * ```ts
 * import { createConsentGate } from '@aisle/consent';
 *
 * const loaded = await consents.subjects(audienceIds);
 * const gate = createConsentGate({ catalogue, state: { subject: (id) => loaded.get(id) } });
 * audience.filter((id) => gate(id, 'marketing.sms', clock.now()));
 * ```
 */
export function createConsentGate(input: {
  readonly catalogue: Catalogue;
  readonly state: { subject(subjectId: string): SubjectConsent | undefined };
}): ConsentGate {
  const { catalogue, state } = input;
  return (subjectId, purposeId, at) => {
    try {
      return decide({ catalogue, purposeId, at, consent: state.subject(subjectId) }).allowed;
    } catch {
      return false;
    }
  };
}
