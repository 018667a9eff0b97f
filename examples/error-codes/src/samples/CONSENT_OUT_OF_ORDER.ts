import assert from 'node:assert/strict';
import { createNotice, decideFromEvents } from '@aisle/consent';

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
const event = (id: string, type: 'given' | 'withdrawn', at: string) => ({
  id,
  type,
  subjectId: 'psn_4f2a',
  purposes: ['marketing.sms'],
  notice: { version: notice.version, hash: notice.contentHash },
  consentType: 'general' as const,
  actor: { kind: 'self' as const },
  channel: 'web' as const,
  locale: 'zh-CN',
  at,
});
const given = event('ce_01JD3K8Q4X7W2M5N9P0R6S1T3V', 'given', '2026-11-21T10:00:00+08:00');
const withdrawn = event('ce_01JD3K8Q4X7W2M5N9P0R6S1T3W', 'withdrawn', '2026-11-21T13:00:00+08:00');
const input = { catalogue: notice.catalogue, purposeId: 'marketing.sms', subjectId: 'psn_4f2a', at: '2026-11-22T00:00:00+08:00' };

// Wrong: a subject's events out of time order (merged from two sources without sorting).
assert.throws(() => decideFromEvents({ ...input, events: [withdrawn, given] }), { code: 'CONSENT_OUT_OF_ORDER' });

// Right: each subject's events in the order they happened.
assert.equal(decideFromEvents({ ...input, events: [given, withdrawn] }).allowed, false);
