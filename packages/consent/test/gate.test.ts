import { describe, expect, it } from 'vitest';
import { createConsentGate, createConsentState, createMemoryConsentStore, decide, type SubjectFacts } from '../src/index';
import { catalogue, event } from './fixtures';

const adult: SubjectFacts = { ageBand: 'adult' };

describe('createConsentGate', () => {
  it('answers allowed or not, and fails closed on errors', () => {
    const store = createConsentState({ catalogue });
    store.apply(event({ at: '2026-11-21T10:00:00+08:00' }));
    const gate = createConsentGate({ catalogue, state: store, facts: () => adult, zone: 'Asia/Shanghai' });
    expect(gate('psn_a', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(true);
    expect(gate('psn_a', 'analytics', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_b', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'telepathy', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', '2026-11-20T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', 'not a time')).toBe(false);
  });

  it('says no for a 13-year-old at 23:30 Shanghai time the day before the 14th birthday, as decide does (PIPL Art. 31)', () => {
    const store = createConsentState({ catalogue });
    store.apply(event({ subjectId: 'psn_kid', at: '2026-11-20T09:00:00+08:00' }));
    const facts = new Map<string, SubjectFacts>([['psn_kid', { birthDate: '2012-11-22' }]]);
    const gate = createConsentGate({ catalogue, state: store, facts: (id) => facts.get(id), zone: 'Asia/Shanghai' });
    const lastEvening = '2026-11-21T23:30:00+08:00';
    const d = decide({
      catalogue,
      purposeId: 'marketing.sms',
      at: lastEvening,
      consent: store.subject('psn_kid'),
      facts: facts.get('psn_kid'),
      zone: 'Asia/Shanghai',
    });
    expect(d.state).toBe('needs-guardian');
    expect(gate('psn_kid', 'marketing.sms', lastEvening)).toBe(false);
    // Half an hour later, on the birthday (local midnight), the own consent stands.
    expect(gate('psn_kid', 'marketing.sms', '2026-11-22T00:00:00+08:00')).toBe(true);
    // The same instant read in UTC would already be the birthday in another zone: the zone is used.
    const inTokyoish = createConsentGate({ catalogue, state: store, facts: (id) => facts.get(id), zone: 'Pacific/Kiritimati' });
    expect(inTokyoish('psn_kid', 'marketing.sms', lastEvening)).toBe(true);
  });

  it('fails closed when a consent-based purpose needs the facts and they are unknown or malformed', () => {
    const store = createConsentState({ catalogue });
    store.apply(event({ purposes: ['marketing.sms'], at: '2026-11-21T10:00:00+08:00' }));
    const at = '2026-11-21T11:00:00+08:00';
    const unknown = createConsentGate({ catalogue, state: store, facts: () => undefined, zone: 'Asia/Shanghai' });
    expect(unknown('psn_a', 'marketing.sms', at)).toBe(false);
    // A purpose on another legal basis (contract) does not depend on age.
    expect(unknown('psn_a', 'membership', at)).toBe(true);
    const empty = createConsentGate({ catalogue, state: store, facts: () => ({}), zone: 'Asia/Shanghai' });
    expect(empty('psn_a', 'marketing.sms', at)).toBe(false);
    const malformed = createConsentGate({ catalogue, state: store, facts: () => ({ birthDate: '21/11/2012' }), zone: 'Asia/Shanghai' });
    expect(malformed('psn_a', 'marketing.sms', at)).toBe(false);
    const throwing = createConsentGate({
      catalogue,
      state: store,
      facts: () => {
        throw new Error('profile service down');
      },
      zone: 'Asia/Shanghai',
    });
    expect(throwing('psn_a', 'marketing.sms', at)).toBe(false);
  });

  it('works over subjects loaded from the async store in one batch', async () => {
    const consents = createMemoryConsentStore({ catalogue });
    await consents.append(event({ subjectId: 'psn_kid', at: '2026-11-20T09:00:00+08:00' }));
    await consents.append(event({ subjectId: 'psn_mum', at: '2026-11-20T09:00:00+08:00' }));
    const loaded = await consents.subjects(['psn_kid', 'psn_mum']);
    const facts = new Map<string, SubjectFacts>([
      ['psn_kid', { birthDate: '2012-11-22' }],
      ['psn_mum', { birthDate: '1985-02-01' }],
    ]);
    const gate = createConsentGate({
      catalogue,
      state: { subject: (id) => loaded.get(id) },
      facts: (id) => facts.get(id),
      zone: 'Asia/Shanghai',
    });
    expect(['psn_kid', 'psn_mum'].filter((id) => gate(id, 'marketing.sms', '2026-11-21T23:30:00+08:00'))).toEqual(['psn_mum']);
  });

  it('refuses to be built without a facts lookup or with a bad zone', () => {
    const store = createConsentState({ catalogue });
    expect(() => createConsentGate({ catalogue, state: store } as never)).toThrow(TypeError);
    expect(() => createConsentGate({ catalogue, state: store, facts: () => adult, zone: 'Mars/Olympus' })).toThrow(/IANA/);
  });
});
