import { describe, expect, it } from 'vitest';
import { consentModeState, createConsentState, toConsentRecord, toKantaraReceipt } from '../src/index';
import { catalogue, codeOf, event } from './fixtures';

const controller = {
  name: 'Aisle Mall Ltd',
  contact: 'DPO',
  address: '1 Nanjing Rd W, Shanghai',
  email: 'dpo@mall.example',
  phone: '+86 21 5555 0000',
};

describe('interop', () => {
  const given = event({
    purposes: ['marketing.sms', 'face.check-in'],
    expiresAt: '2027-11-21T10:00:00+08:00',
    evidenceHash: 'd'.repeat(64),
  });

  it('exports an ISO/IEC TS 27560-style record with DPV terms', () => {
    const record = toConsentRecord({ event: given, catalogue, controller: controller.name });
    expect(record).toMatchObject({
      '@type': 'dpv:ConsentRecord',
      'dpv:hasConsentStatus': 'dpv:ConsentGiven',
      'dpv:isIndicatedAtTime': given.at,
      'dpv:isIndicatedBy': 'dpv:DataSubject',
      'aisle:expiresAt': given.expiresAt,
    });
    expect(record['dpv:hasPurpose']).toEqual([
      expect.objectContaining({ 'dpv:hasLegalBasis': 'dpv:Consent', 'aisle:sensitive': false }),
      expect.objectContaining({
        'dpv:hasPersonalData': ['aisle:category/biometric'],
        'aisle:sensitive': true,
        'dpv:hasRecipient': ['Vision Cloud Ltd'],
      }),
    ]);
    const guardian = toConsentRecord({
      event: event({ type: 'withdrawn', actor: { kind: 'guardian', relationship: 'father' } }),
      catalogue,
      controller: 'x',
    });
    expect(guardian).toMatchObject({ 'dpv:hasConsentStatus': 'dpv:ConsentWithdrawn', 'dpv:isIndicatedBy': 'dpv:Guardian(s)' });
    expect(codeOf(() => toConsentRecord({ event: event({ purposes: ['ghost'] }), catalogue, controller: 'x' }))).toBe(
      'CONSENT_UNKNOWN_PURPOSE',
    );
  });

  it('exports a Kantara Consent Receipt 1.1', () => {
    const receipt = toKantaraReceipt({
      event: given,
      catalogue,
      controller,
      policyUrl: 'https://mall.example/privacy',
      service: 'Membership',
    });
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'CN',
      consentTimestamp: Date.parse(given.at) / 1000,
      collectionMethod: 'kiosk',
      consentReceiptID: given.id,
      piiPrincipalId: 'psn_a',
      sensitive: true,
      spiCat: ['biometric'],
    });
    const purposes = (receipt.services as { purposes: Record<string, unknown>[] }[])[0]?.purposes;
    expect(purposes?.[0]).toMatchObject({
      purpose: 'SMS marketing',
      primaryPurpose: false,
      thirdPartyDisclosure: false,
      termination: 'Retention P2Y',
    });
    const shared = toKantaraReceipt({
      event: event({ purposes: ['membership'] }),
      catalogue: {
        ...catalogue,
        get: (id: string) => ({ ...catalogue.get(id), recipients: [{ name: 'Bank', role: 'third-party' }] }),
      } as typeof catalogue,
      controller,
      policyUrl: 'https://mall.example/privacy',
      service: 'Membership',
    });
    expect((shared.services as { purposes: Record<string, unknown>[] }[])[0]?.purposes[0]).toMatchObject({
      thirdPartyDisclosure: true,
      thirdPartyName: 'Bank',
      primaryPurpose: true,
      termination: 'Until account-closure',
    });
  });

  it('derives Google Consent Mode v2 state, denied unless every mapped purpose is allowed', () => {
    const at = '2026-11-22T00:00:00+08:00';
    expect(consentModeState({ catalogue, consent: undefined, at })).toEqual({
      ad_storage: 'denied',
      analytics_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
    });
    const state = createConsentState({ catalogue });
    state.apply(event({ purposes: ['analytics', 'marketing.sms'] }));
    expect(consentModeState({ catalogue, consent: state.subject('psn_a'), at })).toEqual({
      ad_storage: 'denied',
      analytics_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'denied',
    });
    state.apply(event({ type: 'withdrawn', purposes: ['marketing.sms'] }));
    expect(consentModeState({ catalogue, consent: state.subject('psn_a'), at }).ad_user_data).toBe('denied');
  });
});
