import assert from 'node:assert/strict';
import { createNotice } from '@aisle/consent';
import { createConsentFlow } from '@aisle/consent/flow';
import { createManualClock } from '@aisle/core';

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
const input = {
  notice,
  subjectId: 'psn_7f3c',
  consent: undefined,
  facts: { birthDate: '1990-04-02' },
  zone: 'Asia/Shanghai',
  channel: 'web' as const,
  locale: 'zh-CN' as const,
  actor: { kind: 'self' as const },
  clock: createManualClock('2026-11-21T10:00:00+08:00'),
};

// Wrong: a sign-up form that does not tell people how to withdraw (PIPL Art. 15: as easy as giving).
assert.throws(
  () => createConsentFlow(input),
  (error: { code: string; details: { violations: unknown[] } }) => {
    assert.equal(error.code, 'CONSENT_FLOW_REJECTED');
    assert.ok(error.details.violations.length > 0); // each violation names its rule and clause
    return true;
  },
);

// Right: give the withdrawal path, in both languages.
const flow = createConsentFlow({ ...input, withdrawal: { path: { 'zh-CN': '我的 > 隐私 > 撤回同意', en: 'Me > Privacy > Withdraw' } } });
assert.equal(flow.kind, 'sign-up');
