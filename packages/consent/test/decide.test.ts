import { describe, expect, it } from 'vitest';
import { createConsentState, decide, decideFromEvents } from '../src/index';
import { catalogue, codeOf, event, NOTICE } from './fixtures';

const at = '2026-11-22T10:00:00+08:00';
const stateOf = (...events: ReturnType<typeof event>[]) => {
  const state = createConsentState({ catalogue });
  for (const e of events) state.apply(e);
  return state.subject('psn_a');
};

describe('decide', () => {
  it('is never-asked without events and given after a consent', () => {
    expect(decide({ catalogue, purposeId: 'marketing.sms', at, consent: undefined })).toMatchObject({
      allowed: false,
      state: 'never-asked',
    });
    const given = event();
    const d = decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(given) });
    expect(d).toMatchObject({ allowed: true, state: 'given', basis: 'consent' });
    expect(d.event).toEqual(given);
  });

  it('needs no consent for a contract-necessity purpose', () => {
    expect(decide({ catalogue, purposeId: 'membership', at, consent: undefined })).toMatchObject({
      allowed: true,
      state: 'not-required',
      basis: 'contract',
    });
  });

  it('reports refusals, withdrawals and expiry events; withdrawal is effective at once', () => {
    const given = event({ at: '2026-11-21T10:00:00+08:00' });
    for (const type of ['refused', 'withdrawn', 'expired'] as const) {
      const d = decide({
        catalogue,
        purposeId: 'marketing.sms',
        at: '2026-11-21T10:00:00+08:00',
        consent: stateOf(given, event({ type })),
      });
      expect(d).toMatchObject({ allowed: false, state: type });
    }
  });

  it('treats renewed as given and a lapsed consent as expired', () => {
    const given = event({ expiresAt: '2026-11-22T00:00:00+08:00' });
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-21T23:59:59+08:00', consent: stateOf(given) }).allowed).toBe(true);
    const later = decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-22T00:00:00+08:00', consent: stateOf(given) });
    expect(later).toMatchObject({ allowed: false, state: 'expired', expiresAt: '2026-11-22T00:00:00+08:00' });
    const renewed = event({ type: 'renewed', at: '2026-11-21T12:00:00+08:00' });
    expect(decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(given, renewed) }).allowed).toBe(true);
  });

  it('does not let a bundled consent cover a sensitive purpose', () => {
    const bundled = event({ purposes: ['marketing.sms', 'face.check-in'], consentType: 'separate' });
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(bundled) })).toMatchObject({
      allowed: false,
      state: 'needs-reconsent',
    });
    const general = event({ purposes: ['face.check-in'], consentType: 'general' });
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(general) }).allowed).toBe(false);
    const separate = event({ purposes: ['face.check-in'], consentType: 'separate' });
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(separate) }).allowed).toBe(true);
    // A later bundled consent does not erase the separate one; a withdrawal does.
    const again = event({ purposes: ['marketing.sms', 'face.check-in'], at: '2026-11-21T11:00:00+08:00' });
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(separate, again) }).event).toEqual(separate);
    const withdrawn = event({ type: 'withdrawn', purposes: ['face.check-in'], at: '2026-11-21T12:00:00+08:00' });
    const regiven = event({ purposes: ['marketing.sms', 'face.check-in'], at: '2026-11-21T13:00:00+08:00' });
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(separate, withdrawn, regiven) }).allowed).toBe(false);
  });

  it('needs a guardian for a child under 14 (birthday at local midnight in the zone)', () => {
    const self = event();
    const facts = { birthDate: '2012-11-22' };
    // 14th birthday on 2026-11-22 in Shanghai: at 23:59 on the 21st the child is 13.
    const before = decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-21T23:59:00+08:00', consent: stateOf(self), facts });
    expect(before).toMatchObject({ allowed: false, state: 'needs-guardian' });
    const after = decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-22T00:00:00+08:00', consent: stateOf(self), facts });
    expect(after.allowed).toBe(true);
    const guardian = event({ actor: { kind: 'guardian', relationship: 'mother', staffId: 'S-014' }, consentType: 'guardian' });
    expect(decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(guardian), facts: { ageBand: 'under-14' } }).allowed).toBe(
      true,
    );
    // Either fact saying under 14 is enough.
    expect(
      decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(self), facts: { ageBand: 'under-14', birthDate: '1990-01-01' } })
        .allowed,
    ).toBe(false);
    // A purpose about children's data always needs the guardian.
    const kids = event({ purposes: ['kids-club'], consentType: 'separate' });
    expect(decide({ catalogue, purposeId: 'kids-club', at, consent: stateOf(kids) }).state).toBe('needs-guardian');
  });

  it('asks again when the purpose scope expanded after the notice consented to', () => {
    const expanded = {
      ...catalogue,
      get: (id: string) => (id === 'marketing.sms' ? { ...catalogue.get(id), reconsentSince: 2 } : catalogue.get(id)),
    } as typeof catalogue;
    const old = event({ notice: NOTICE });
    expect(decide({ catalogue: expanded, purposeId: 'marketing.sms', at, consent: stateOf(old) })).toMatchObject({
      allowed: false,
      state: 'needs-reconsent',
    });
    const fresh = event({ notice: { version: 2, hash: 'b'.repeat(64) }, at: '2026-11-21T11:00:00+08:00' });
    expect(decide({ catalogue: expanded, purposeId: 'marketing.sms', at, consent: stateOf(old, fresh) }).allowed).toBe(true);
  });

  it('rejects unknown purposes, times before the state and malformed facts', () => {
    const consent = stateOf(event());
    expect(codeOf(() => decide({ catalogue, purposeId: 'nope', at, consent }))).toBe('CONSENT_UNKNOWN_PURPOSE');
    expect(codeOf(() => decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-20T00:00:00+08:00', consent }))).toBe(
      'CONSENT_TIME_BEFORE_STATE',
    );
    expect(codeOf(() => decide({ catalogue, purposeId: 'marketing.sms', at, consent, facts: { birthDate: '12 May 2014' } }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
    expect(codeOf(() => decide({ catalogue, purposeId: 'marketing.sms', at, consent, facts: { ageBand: 'toddler' as 'adult' } }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
    expect(codeOf(() => decide({ catalogue, purposeId: 'marketing.sms', at, consent, facts: 'adult' as never }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
    expect(codeOf(() => decide({ catalogue, purposeId: 'marketing.sms', at: 'yesterday', consent }))).toBe('CORE_INVALID_INSTANT');
  });
});

describe('decideFromEvents', () => {
  const events = [
    event({ at: '2026-11-01T10:00:00+08:00' }),
    event({ subjectId: 'psn_b', at: '2026-11-01T09:00:00+08:00' }),
    event({ type: 'withdrawn', at: '2026-11-10T10:00:00+08:00' }),
  ];
  it('answers for past times, ignoring later events', () => {
    expect(
      decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_a', events, at: '2026-11-05T00:00:00+08:00' }).allowed,
    ).toBe(true);
    expect(
      decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_a', events, at: '2026-11-11T00:00:00+08:00' }).state,
    ).toBe('withdrawn');
    expect(
      decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_a', events, at: Date.parse('2026-10-01T00:00:00Z') }).state,
    ).toBe('never-asked');
  });
  it('rejects out-of-order and malformed events instead of deciding', () => {
    const reordered = [events[2], events[0]] as ReturnType<typeof event>[];
    expect(codeOf(() => decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_a', events: reordered, at }))).toBe(
      'CONSENT_OUT_OF_ORDER',
    );
    const bad = [{ ...events[0], type: 'granted' }] as unknown as ReturnType<typeof event>[];
    expect(codeOf(() => decideFromEvents({ catalogue, purposeId: 'marketing.sms', subjectId: 'psn_a', events: bad, at }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
  });
});
