import { describe, expect, it } from 'vitest';
import {
  createMemoryConsentStore,
  createUnsubscribeToken,
  decide,
  isSmsUnsubscribe,
  smsReplyWithdrawal,
  unsubscribeEvent,
  verifyUnsubscribeToken,
  withdrawalEvent,
} from '../src/index';
import { catalogue, codeOf, event, NOTICE } from './fixtures';

const base = { id: 'ce-w', subjectId: 'psn_a', notice: NOTICE, at: '2026-11-21T12:00:00+08:00' };

describe('withdrawal', () => {
  it('is one call and takes effect at once', async () => {
    const store = createMemoryConsentStore({ catalogue });
    await store.append(event({ at: '2026-11-21T10:00:00+08:00' }));
    await store.append(withdrawalEvent({ ...base, purposes: ['marketing.sms'], channel: 'app' }));
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: base.at, consent: await store.subject('psn_a') }).state).toBe('withdrawn');
    expect(codeOf(() => withdrawalEvent({ ...base, purposes: [], channel: 'app' }))).toBe('CONSENT_INVALID_INPUT');
  });

  it('parses SMS reply keywords T, TD and 退订 (width, case and punctuation insensitive)', () => {
    for (const text of ['T', 'td', ' TD ', 'ＴＤ', '退订', '退订。', '退', 'Stop!', '取消订阅']) expect(isSmsUnsubscribe(text)).toBe(true);
    for (const text of ['T恤', 'TDD', '不退订', 'thanks', '', 'T'.repeat(100), 7 as unknown as string])
      expect(isSmsUnsubscribe(text)).toBe(false);
    const withdrawal = smsReplyWithdrawal({ ...base, text: '退订', purposes: ['marketing.sms'], evidenceHash: 'c'.repeat(64) });
    expect(withdrawal).toMatchObject({
      type: 'withdrawn',
      channel: 'sms-reply',
      purposes: ['marketing.sms'],
      evidenceHash: 'c'.repeat(64),
      at: '2026-11-21T04:00:00.000Z',
    });
    expect(smsReplyWithdrawal({ ...base, text: '好的', purposes: ['marketing.sms'] })).toBeUndefined();
  });

  it('turns a verified unsubscribe token into a withdrawal of its purpose', () => {
    const key = new Uint8Array(32).fill(9);
    const token = createUnsubscribeToken({
      key,
      channel: 'email',
      subjectId: 'psn_a',
      purposeId: 'marketing.sms',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    const claims = verifyUnsubscribeToken({ key, token, channel: 'email', subjectId: 'psn_a', purposeId: 'marketing.sms', at: base.at });
    const withdrawal = unsubscribeEvent({ ...base, claims, actor: { kind: 'self' }, locale: 'en' });
    expect(withdrawal).toMatchObject({ subjectId: 'psn_a', purposes: ['marketing.sms'], channel: 'email-link', locale: 'en' });
  });
});
