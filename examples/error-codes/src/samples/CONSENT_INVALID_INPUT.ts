import assert from 'node:assert/strict';
import { createNotice } from '@aisle/consent';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const purpose = {
  id: 'marketing.sms',
  name: t('短信优惠', 'Offers by SMS'),
  description: t('每月不超过四条', 'At most four a month'),
  legalBasis: 'consent' as const,
  categories: ['contact'],
  function: 'extended' as const,
  retention: 'P2Y',
};
const notice = { version: 1, publishedAt: '2026-11-01T00:00:00+08:00', text: t('会员隐私政策', 'Membership privacy notice') };

// Wrong: 'premium' is not a purpose function (the message names the path, the allowed values and what was received).
assert.throws(() => createNotice({ ...notice, purposes: [{ ...purpose, function: 'premium' as never }] }), {
  code: 'CONSENT_INVALID_INPUT',
});

// Right: one of the documented values ('basic' or 'extended').
assert.equal(createNotice({ ...notice, purposes: [purpose] }).version, 1);
