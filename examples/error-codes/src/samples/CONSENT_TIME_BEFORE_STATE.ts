import assert from 'node:assert/strict';
import { createConsentState, createNotice, decide } from '@aisle/consent';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const notice = createNotice({
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: t('会员隐私政策', 'Membership privacy notice'),
  purposes: [
    {
      id: 'marketing.sms',
      name: t('短信优惠', 'Offers by SMS'),
      description: t('每月不超过四条', 'At most four a month'),
      legalBasis: 'consent',
      categories: ['contact'],
      function: 'extended',
      retention: 'P2Y',
      channels: ['sms'],
    },
  ],
});
const state = createConsentState({ catalogue: notice.catalogue });
state.apply({
  id: 'ce_01JD3K8Q4X7W2M5N9P0R6S1T3V',
  type: 'given',
  subjectId: 'psn_4f2a',
  purposes: ['marketing.sms'],
  notice: { version: notice.version, hash: notice.contentHash },
  consentType: 'general',
  actor: { kind: 'self' },
  channel: 'web',
  locale: 'zh-CN',
  at: '2026-11-21T10:00:00+08:00',
});
const consent = state.subject('psn_4f2a');

// Wrong: asking about a time before the newest event the state holds (the state cannot answer for the past).
assert.throws(() => decide({ catalogue: notice.catalogue, purposeId: 'marketing.sms', at: '2026-11-20T10:00:00+08:00', consent }), {
  code: 'CONSENT_TIME_BEFORE_STATE',
});

// Right: decide at or after the state's last event (for the past, use decideFromEvents over the log).
assert.equal(decide({ catalogue: notice.catalogue, purposeId: 'marketing.sms', at: '2026-11-21T12:00:00+08:00', consent }).allowed, true);
