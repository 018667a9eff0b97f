import { createConsentStore, createNotice, decide, dueErasures, shouldAsk, smsReplyWithdrawal } from '@aisle/consent';
import { defineId } from '@aisle/core';
import type { Chapter } from './index';

const EventId = defineId('ce');
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The store's notice: membership (contract) and SMS offers (consent, opt-in). */
const notice = createNotice({
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: t('会员隐私政策', 'Membership privacy notice'),
  purposes: [
    {
      id: 'membership',
      name: t('会员服务', 'Membership'),
      description: t('积分与权益', 'Points and benefits'),
      legalBasis: 'contract',
      categories: ['identity', 'contact', 'transaction'],
      function: 'basic',
      retention: { until: 'account-closure' },
      legalRetention: 'P3Y',
    },
    {
      id: 'marketing.sms',
      name: t('短信优惠', 'Offers by SMS'),
      description: t('每月不超过四条', 'At most four a month'),
      legalBasis: 'consent',
      categories: ['contact', 'preferences'],
      function: 'extended',
      retention: 'P2Y',
      channels: ['sms'],
    },
  ],
});

/**
 * Consent (chapter 1): a shopper signs up at the service desk with staff help and opts in to SMS
 * offers; the evening campaign may text her; she replies "退订" and the next decision is a denial,
 * the re-ask cool-down starts, and an erasure task is due.
 */
export const consentChapter: Chapter = {
  name: 'consent',
  async run(day, log) {
    const { catalogue } = notice;
    const ref = { version: notice.version, hash: notice.contentHash };
    // One hash-chained stream per subject, its materialised state written with every append.
    const store = createConsentStore({ store: day.store, catalogue });
    const subjectId = day.scoped('psn_c0ffee');
    day.say('## Consent');
    const signedUpAt = day.clock.now().toISOString();

    const given = await store.append({
      id: EventId.generate({ clock: day.clock }),
      type: 'given',
      subjectId,
      purposes: ['marketing.sms'],
      notice: ref,
      consentType: 'general',
      actor: { kind: 'staff-assisted', staffId: 'S-014' },
      channel: 'service-desk',
      locale: 'zh-CN',
      at: day.clock.now().toISOString(),
    });
    log.record('consent.given', `${subjectId} opted in to marketing.sms (notice v1, event ${given.entry.hash.slice(0, 12)})`);
    const before = decide({ catalogue, purposeId: 'marketing.sms', at: day.clock.now(), consent: given.subject });
    day.say(`Sign-up at the service desk: marketing.sms ${before.allowed ? 'allowed' : 'denied'} (${before.state})`);

    day.clock.advance(3 * 60 * 60_000);
    const reply = smsReplyWithdrawal({
      text: '退订',
      id: EventId.generate({ clock: day.clock }),
      subjectId,
      purposes: ['marketing.sms'],
      at: day.clock.now(),
      notice: ref,
    });
    if (reply !== undefined) await store.append(reply);
    log.record('consent.withdrawn', `${subjectId} replied 退订: marketing.sms withdrawn`);
    const consent = await store.subject(subjectId); // one indexed read: the stream's snapshot
    const after = decide({ catalogue, purposeId: 'marketing.sms', at: day.clock.now(), consent });
    const ask = shouldAsk({ catalogue, purposeId: 'marketing.sms', at: day.clock.now(), consent });
    day.say(`SMS reply "退订": marketing.sms ${after.allowed ? 'allowed' : 'denied'} (${after.state}); ask again after ${ask.nextAskAt}`);

    const tasks = dueErasures({
      catalogue,
      subjects: consent === undefined ? [] : [consent],
      at: day.clock.now(),
      zone: day.zone,
    });
    for (const task of tasks) day.say(`Erasure due: ${task.purposeId} -> ${task.action} ${task.categories.join(', ')}`);
    const report = await store.verifySubject(subjectId, { anchor: given.anchor });
    const verified = report.ok;
    day.say(`Consent log of ${subjectId}: ${report.length} events, verified: ${verified ? 'yes' : 'NO'}`);
    const timeline = [
      { at: signedUpAt, what: `Opted in to marketing.sms at the service desk (staff-assisted, notice v${notice.version})` },
      { at: signedUpAt, what: `Decision: marketing.sms ${before.allowed ? 'allowed' : 'denied'} (${before.state})` },
      { at: day.clock.now().toISOString(), what: 'SMS reply "退订": marketing.sms withdrawn' },
      { at: day.clock.now().toISOString(), what: `Decision: marketing.sms ${after.allowed ? 'allowed' : 'denied'} (${after.state})` },
      ...(ask.nextAskAt === undefined ? [] : [{ at: ask.nextAskAt, what: 'Earliest time to ask again (re-ask cool-down)' }]),
      ...tasks.map((task) => ({
        at: day.clock.now().toISOString(),
        what: `Erasure due: ${task.purposeId} → ${task.action} ${task.categories.join(', ')}`,
      })),
    ];
    return {
      allowedAtSignUp: before.allowed,
      stateAfterReply: after.state,
      nextAskAt: ask.nextAskAt,
      erasures: tasks.length,
      verified,
      subjectId,
      timeline,
    };
  },
};
