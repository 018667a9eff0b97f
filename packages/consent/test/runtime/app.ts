// The consent work a WeChat mini-program does, written as its logic layer would write it: the
// runtime tests bundle this file and run it in a bare realm (no crypto, TextEncoder or Intl zone
// data, no eval) and in headless Chromium. Only `wx.getRandomValues` and the bundled zone rules
// (`@aisle/core/zones`) are injected.
import { createEntropyPool, createManualClock, defineId, setTimeZoneProvider } from '@aisle/core';
import { bundledTimeZones } from '@aisle/core/zones';
import { createConsentFlow } from '../../src/consent-flow/index';
import { createConsentState, createNotice, createUnsubscribeToken, decide, verifyUnsubscribeToken } from '../../src/index';
import { noticeInput } from '../browser/notice';

interface Wx {
  getRandomValues(options: { length: number }): Promise<{ randomValues: ArrayBuffer }>;
}

export async function run(wx: Wx) {
  // Randomness: wx.getRandomValues is asynchronous, Aisle draws synchronously; a pool bridges them.
  const pool = createEntropyPool({ source: (length) => wx.getRandomValues({ length }).then((r) => r.randomValues), size: 1024 });
  await pool.refill();
  // Time zones: without Intl zone data, the rules bundled for the four Chinese zones.
  setTimeZoneProvider(bundledTimeZones);

  const notice = createNotice(noticeInput);
  const at = '2026-11-21T23:30:00+08:00'; // late evening in Shanghai: the local date is the 21st
  const flow = createConsentFlow({
    notice,
    subjectId: 'psn_7f3c',
    consent: undefined,
    facts: { birthDate: '2012-11-22' }, // turns 14 tomorrow in Shanghai: still a child today
    zone: 'Asia/Shanghai',
    channel: 'mini-program',
    locale: 'zh-CN',
    actor: { kind: 'self' },
    clock: createManualClock(at),
    random: pool.random,
    withdrawal: { path: { 'zh-CN': '我的 > 隐私 > 撤回同意', en: 'Me > Privacy > Withdraw consent' } },
  });
  const firstStep = flow.steps[0]?.kind;
  flow.setGuardian('mother', true);
  while (!flow.getState().last) {
    const step = flow.getState().step;
    for (const choice of step.choices) flow.choose(choice.purposeId, choice.purposeId === 'marketing.sms');
    flow.next();
  }
  const result = flow.finish();
  const state = createConsentState({ catalogue: notice.catalogue });
  for (const event of result.events) state.apply(event);
  const consent = state.subject('psn_7f3c');
  const sms = decide({ catalogue: notice.catalogue, purposeId: 'marketing.sms', at, consent });
  const analytics = decide({ catalogue: notice.catalogue, purposeId: 'analytics', at, consent });

  const key = new Uint8Array(32);
  pool.random(key);
  const token = createUnsubscribeToken({
    key,
    channel: 'sms',
    subjectId: 'psn_7f3c',
    purposeId: 'marketing.sms',
    expiresAt: '2027-01-01T00:00:00Z',
  });
  const claims = verifyUnsubscribeToken({ key, token, channel: 'sms', subjectId: 'psn_7f3c', purposeId: 'marketing.sms', at });

  return {
    noticeHash: notice.contentHash,
    firstStep,
    eventIds: result.events.map((e) => e.id),
    evidenceHash: result.evidenceHash,
    sms: { allowed: sms.allowed, state: sms.state },
    analytics: { allowed: analytics.allowed, state: analytics.state },
    token,
    claims,
    poolLeft: pool.available,
  };
}

/** An event id with no `random` given: on a platform without crypto this must fail clearly. */
export function idWithoutRandom(): string {
  return defineId('ce').generate();
}

/** An event id from a pool nobody filled. */
export function idFromEmptyPool(): string {
  const pool = createEntropyPool({ source: async () => new Uint8Array(0) });
  return defineId('ce').generate({ random: pool.random });
}

/** A child's age check before any zone rules were injected: on a runtime without Intl zones this must fail clearly. */
export function zoneWithoutRules(): string {
  return createConsentFlow({
    notice: createNotice(noticeInput),
    subjectId: 'psn_7f3c',
    consent: undefined,
    facts: { birthDate: '2012-11-22' },
    zone: 'Asia/Shanghai',
    channel: 'mini-program',
    locale: 'zh-CN',
    actor: { kind: 'self' },
    clock: createManualClock('2026-11-21T23:30:00+08:00'),
    random: () => undefined,
    withdrawal: { path: { 'zh-CN': '我的 > 隐私 > 撤回同意', en: 'Me > Privacy > Withdraw consent' } },
  }).steps[0]?.kind as string;
}
