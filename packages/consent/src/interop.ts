import { type Catalogue, type ResolvedPurpose, requirePurpose } from './catalogue';
import { type Decision, decide } from './decide';
import type { ConsentEvent } from './schemas';
import type { SubjectConsent } from './state';
import type { CONSENT_MODE_SIGNALS } from './vocabulary';

const DPV_STATUS: Record<ConsentEvent['type'], string> = {
  given: 'dpv:ConsentGiven',
  renewed: 'dpv:RenewedConsentGiven',
  refused: 'dpv:ConsentRefused',
  withdrawn: 'dpv:ConsentWithdrawn',
  expired: 'dpv:ConsentExpired',
};
const DPV_BASIS: Record<ResolvedPurpose['legalBasis'], string> = {
  consent: 'dpv:Consent',
  contract: 'dpv:Contract',
  'hr-management': 'dpv:Contract',
  'legal-obligation': 'dpv:LegalObligation',
  emergency: 'dpv:VitalInterest',
  'public-interest-reporting': 'dpv:PublicInterest',
  'publicly-disclosed': 'dpv:LegitimateInterest',
  'other-law': 'dpv:LegalObligation',
};

/**
 * An ISO/IEC TS 27560-style consent record of one event, in JSON-LD with W3C DPV terms. Our
 * categories and purposes keep their ids under the `aisle:` prefix.
 *
 * @throws ConsentError `CONSENT_UNKNOWN_PURPOSE` when the event names a purpose not in the catalogue.
 * @example
 * ```ts
 * import { toConsentRecord } from '@aisle/consent';
 *
 * const record = toConsentRecord({ event, catalogue, controller: 'Aisle Mall Ltd' });
 * record['dpv:hasConsentStatus']; // 'dpv:ConsentGiven'
 * ```
 */
export function toConsentRecord(input: {
  readonly event: ConsentEvent;
  readonly catalogue: Catalogue;
  readonly controller: string;
}): Record<string, unknown> {
  const { event, catalogue } = input;
  const purposes = event.purposes.map((id) => requirePurpose(catalogue, id));
  return {
    '@context': { dpv: 'https://w3id.org/dpv#', aisle: 'https://aisle.invalid/ns#' },
    '@id': `aisle:consent-record/${event.id}`,
    '@type': 'dpv:ConsentRecord',
    'dpv:hasDataController': input.controller,
    'dpv:hasDataSubject': { '@id': `aisle:subject/${event.subjectId}`, '@type': 'dpv:DataSubject' },
    'dpv:hasConsentStatus': DPV_STATUS[event.type],
    'dpv:isIndicatedAtTime': event.at,
    'dpv:isIndicatedBy': event.actor.kind === 'guardian' ? 'dpv:Guardian(s)' : 'dpv:DataSubject',
    'dpv:hasJurisdiction': 'CN',
    'dpv:hasNotice': { '@id': `aisle:notice/v${event.notice.version}`, 'aisle:contentHash': event.notice.hash },
    'dpv:hasPurpose': purposes.map((p) => ({
      '@id': `aisle:purpose/${p.id}`,
      'dpv:hasLegalBasis': DPV_BASIS[p.legalBasis],
      'dpv:hasPersonalData': p.categories.map((c) => `aisle:category/${c}`),
      'dpv:hasRecipient': (p.recipients ?? []).map((r) => r.name),
      'aisle:sensitive': p.sensitive,
    })),
    'aisle:consentType': event.consentType,
    'aisle:channel': event.channel,
    'aisle:locale': event.locale,
    ...(event.expiresAt === undefined ? {} : { 'aisle:expiresAt': event.expiresAt }),
    ...(event.evidenceHash === undefined ? {} : { 'aisle:evidenceHash': event.evidenceHash }),
  };
}

/** Who the Kantara receipt names as controller. */
export interface ReceiptController {
  readonly name: string;
  readonly contact: string;
  readonly address: string;
  readonly email: string;
  readonly phone: string;
}

/**
 * A Kantara Initiative Consent Receipt 1.1 (`KI-CR-v1.1.0`) for a given or renewed consent event.
 *
 * @throws ConsentError `CONSENT_UNKNOWN_PURPOSE`.
 * @example
 * ```ts
 * import { toKantaraReceipt } from '@aisle/consent';
 *
 * const receipt = toKantaraReceipt({ event, catalogue, controller, policyUrl: 'https://mall.example/privacy', service: 'Membership' });
 * ```
 */
export function toKantaraReceipt(input: {
  readonly event: ConsentEvent;
  readonly catalogue: Catalogue;
  readonly controller: ReceiptController;
  readonly policyUrl: string;
  readonly service: string;
}): Record<string, unknown> {
  const { event, catalogue } = input;
  const purposes = event.purposes.map((id) => requirePurpose(catalogue, id));
  const spiCat = [...new Set(purposes.flatMap((p) => p.sensitiveCategories))];
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'CN',
    consentTimestamp: Math.floor(Date.parse(event.at) / 1000),
    collectionMethod: event.channel,
    consentReceiptID: event.id,
    language: event.locale,
    piiPrincipalId: event.subjectId,
    piiControllers: [
      {
        piiController: input.controller.name,
        contact: input.controller.contact,
        address: input.controller.address,
        email: input.controller.email,
        phone: input.controller.phone,
      },
    ],
    policyUrl: input.policyUrl,
    services: [
      {
        service: input.service,
        purposes: purposes.map((p) => ({
          purpose: p.name.en,
          purposeCategory: [p.function === 'basic' ? 'Core Function' : p.id],
          consentType: 'EXPLICIT',
          piiCategory: [...p.categories],
          primaryPurpose: p.function === 'basic',
          termination: typeof p.retention === 'string' ? `Retention ${p.retention}` : `Until ${p.retention.until}`,
          thirdPartyDisclosure: (p.recipients ?? []).some((r) => r.role !== 'processor'),
          ...thirdParty(p),
        })),
      },
    ],
    sensitive: spiCat.length > 0,
    spiCat,
  };
}

function thirdParty(p: ResolvedPurpose): { thirdPartyName?: string } {
  const names = (p.recipients ?? []).filter((r) => r.role !== 'processor').map((r) => r.name);
  return names.length === 0 ? {} : { thirdPartyName: names.join(', ') };
}

/** Google Consent Mode v2 state. */
export type ConsentModeState = Record<(typeof CONSENT_MODE_SIGNALS)[number], 'granted' | 'denied'>;

/**
 * Google Consent Mode v2 state from purposes: a signal is `granted` only when at least one
 * purpose maps to it (`consentMode` in the catalogue) and every purpose mapped to it is allowed.
 * Everything else is `denied`.
 *
 * @example
 * ```ts
 * import { consentModeState } from '@aisle/consent';
 *
 * gtag('consent', 'update', consentModeState({ catalogue, consent: state.subject(id), at: Date.now() }));
 * ```
 */
export function consentModeState(input: {
  readonly catalogue: Catalogue;
  readonly consent: SubjectConsent | undefined;
  readonly at: number | Date | string;
}): ConsentModeState {
  const out: ConsentModeState = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
  const granted = new Map<string, boolean>();
  for (const purpose of input.catalogue.purposes) {
    if (purpose.consentMode === undefined || purpose.consentMode.length === 0) continue;
    const decision: Decision = decide({ catalogue: input.catalogue, purposeId: purpose.id, at: input.at, consent: input.consent });
    for (const signal of purpose.consentMode) granted.set(signal, (granted.get(signal) ?? true) && decision.allowed);
  }
  for (const [signal, ok] of granted) if (ok) out[signal as keyof ConsentModeState] = 'granted';
  return out;
}
