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
const flow = createConsentFlow({
  notice,
  subjectId: 'psn_7f3c',
  consent: undefined,
  facts: { birthDate: '1990-04-02' },
  zone: 'Asia/Shanghai',
  channel: 'web',
  locale: 'zh-CN',
  actor: { kind: 'self' },
  clock: createManualClock('2026-11-21T10:00:00+08:00'),
  withdrawal: { path: { 'zh-CN': '我的 > 隐私 > 撤回同意', en: 'Me > Privacy > Withdraw' } },
});

// Wrong: calling an action the current step does not allow (the guardian step is only for children under 14).
assert.throws(() => flow.setGuardian('mother', true), { code: 'CONSENT_FLOW_STATE' });

// Right: follow the steps: next() after the notice, answer each step, finish() on the last one.
while (flow.getState().index < flow.steps.length - 1) flow.next();
const { events } = flow.finish();
assert.ok(Array.isArray(events));
