// @aisle/consent's gate wired into @aisle/segments' buildAudience (PIPL Art. 31): a child's own
// consent to SMS offers never puts the child in an SMS audience, because the gate reads the
// subject's facts in the store's zone, exactly as `decide` does.
import { createConsentGate, createMemoryConsentStore, createNotice, decide, type SubjectFacts } from '@aisle/consent';
import { buildAudience } from '@aisle/segments';
import { describe, expect, it } from 'vitest';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const notice = createNotice({
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: t('隐私政策', 'Privacy notice'),
  purposes: [
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

describe('consent gate in an SMS audience', () => {
  it('leaves out a 13-year-old at 23:30 Shanghai time the day before the 14th birthday, and people whose age is unknown', async () => {
    const store = createMemoryConsentStore({ catalogue: notice.catalogue });
    for (const subjectId of ['M1', 'M2', 'M3']) {
      await store.append({
        id: `ce-${subjectId}`,
        type: 'given',
        subjectId,
        purposes: ['marketing.sms'],
        notice: { version: 1, hash: notice.contentHash },
        consentType: 'general',
        actor: { kind: 'self' },
        channel: 'mini-program',
        locale: 'zh-CN',
        at: '2026-11-20T09:00:00+08:00',
      });
    }
    const facts = new Map<string, SubjectFacts>([
      ['M1', { birthDate: '1990-04-02' }],
      ['M2', { birthDate: '2012-11-22' }], // 14 tomorrow
    ]);
    // The gate is synchronous (buildAudience calls it per person): load the audience's subjects first.
    const loaded = await store.subjects(['M1', 'M2', 'M3']);
    const gate = createConsentGate({
      catalogue: notice.catalogue,
      state: { subject: (id) => loaded.get(id) },
      facts: (id) => facts.get(id),
      zone: 'Asia/Shanghai',
    });
    const at = '2026-11-21T23:30:00+08:00';
    const child = decide({
      catalogue: notice.catalogue,
      purposeId: 'marketing.sms',
      at,
      consent: loaded.get('M2'),
      facts: facts.get('M2'),
      zone: 'Asia/Shanghai',
    });
    expect(child.state).toBe('needs-guardian');
    const audience = buildAudience(['M1', 'M2', 'M3'], { consent: gate, purpose: 'marketing.sms', channel: 'sms', at });
    expect(audience.members).toEqual(['M1']);
    expect(audience.excludedNoConsent).toBe(2);
    // On the birthday (local midnight) the child's own consent stands.
    expect(
      buildAudience(['M2'], { consent: gate, purpose: 'marketing.sms', channel: 'sms', at: '2026-11-22T00:00:00+08:00' }).members,
    ).toEqual(['M2']);
  });
});
