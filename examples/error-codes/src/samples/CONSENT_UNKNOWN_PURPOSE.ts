import assert from 'node:assert/strict';
import { createNotice, decide } from '@aisle/consent';

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
const at = '2026-11-21T10:00:00+08:00';

// Wrong: a purpose id the notice does not declare (a typo, or a purpose from another notice).
assert.throws(() => decide({ catalogue: notice.catalogue, purposeId: 'marketing.wechat', at, consent: undefined }), {
  code: 'CONSENT_UNKNOWN_PURPOSE',
});

// Right: a purpose of the catalogue (no consent recorded yet: denied, as a value, not an error).
const decision = decide({ catalogue: notice.catalogue, purposeId: 'marketing.sms', at, consent: undefined });
assert.equal(decision.allowed, false);
