import { createManualClock } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { type ConsentFlowInput, createConsentFlow, verifyConsentEvidence } from '../src/consent-flow/index';
import { type ConsentEvent, createConsentState, createNotice, decide, type NoticeInput } from '../src/index';
import { analytics, codeOf, face, kidsClub, membership, sms } from './fixtures';

const noticeInput: NoticeInput = {
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: { 'zh-CN': '本商场隐私政策（第 1 版）', en: 'Mall privacy notice, version 1' },
  purposes: [membership, sms, analytics, face, kidsClub],
};
const notice = createNotice(noticeInput);
const withdrawal = { path: { 'zh-CN': '会员中心 > 隐私 > 撤回', en: 'Member centre > Privacy > Withdraw' } };

function input(overrides: Partial<ConsentFlowInput> = {}): ConsentFlowInput {
  return {
    notice,
    subjectId: 'psn_7f3c',
    consent: undefined,
    facts: { birthDate: '1990-04-02' },
    zone: 'Asia/Shanghai',
    channel: 'web',
    locale: 'en',
    actor: { kind: 'self' },
    clock: createManualClock('2026-11-21T10:00:00+08:00'),
    withdrawal,
    ...overrides,
  };
}

function replay(events: readonly ConsentEvent[], prior: readonly ConsentEvent[] = []) {
  const state = createConsentState({ catalogue: notice.catalogue });
  for (const e of [...prior, ...events]) state.apply(e);
  return state;
}

describe('createConsentFlow: sign-up', () => {
  it('shows the notice, explains the basic purposes, offers extended ones unticked and asks a sensitive one on its own', () => {
    const flow = createConsentFlow(input());
    expect(flow.steps.map((s) => s.id)).toEqual(['notice', 'basic', 'extended', 'sensitive:face.check-in', 'review']);
    const basic = flow.steps[1];
    expect(basic?.explained.map((e) => [e.purposeId, e.basis.text])).toEqual([
      ['membership', 'Needed to enter into or perform a contract with you'],
    ]);
    expect(flow.steps[2]?.choices.map((c) => [c.purposeId, c.checked])).toEqual([
      ['marketing.sms', false],
      ['analytics', false],
    ]);
    expect(flow.steps[3]?.choices.map((c) => c.purposeId)).toEqual(['face.check-in']);
    expect(flow.steps[3]?.choices[0]?.categories.map((c) => c.text)).toEqual(['Biometrics (face, fingerprint, voiceprint)']);
    expect(flow.form.items.every((i) => !i.preTicked)).toBe(true);
  });

  it('turns one extended purpose declined and one sensitive accepted into events that replay to those choices', () => {
    const flow = createConsentFlow(input());
    const seen: string[] = [];
    flow.subscribe((s) => seen.push(s.step.id));
    flow.next();
    flow.next();
    flow.choose('marketing.sms', true);
    flow.next();
    expect(flow.getState().canNext).toBe(false);
    expect(codeOf(() => flow.next())).toBe('CONSENT_FLOW_STATE');
    flow.choose('face.check-in', true);
    flow.next();
    // The review shows the answers as they stand, then where to withdraw.
    expect(flow.getState().step.body.map((b) => b.text)).toEqual([
      'SMS marketing: Yes',
      'Analytics: No',
      'Face check-in: Yes',
      'You can withdraw at any time here, as easily as you agreed:',
      'Member centre > Privacy > Withdraw',
    ]);
    const { events, evidence, evidenceHash } = flow.finish();
    expect(events.map((e) => [e.type, e.purposes, e.consentType])).toEqual([
      ['given', ['marketing.sms'], 'general'],
      ['refused', ['analytics'], 'general'],
      ['given', ['face.check-in'], 'separate'],
    ]);
    expect(events.every((e) => e.evidenceHash === evidenceHash && e.notice.hash === notice.contentHash && e.locale === 'en')).toBe(true);
    expect(events[0]?.evidence?.steps).toEqual(['notice', 'basic', 'extended', 'sensitive:face.check-in', 'review']);
    const state = replay(events);
    const at = '2026-11-21T10:00:00+08:00';
    const d = (purposeId: string) =>
      decide({ catalogue: notice.catalogue, purposeId, at, consent: state.subject('psn_7f3c'), facts: { birthDate: '1990-04-02' } }).state;
    expect([d('marketing.sms'), d('analytics'), d('face.check-in'), d('membership')]).toEqual([
      'given',
      'refused',
      'given',
      'not-required',
    ]);
    expect(seen.at(-1)).toBe('review');
    expect(verifyConsentEvidence({ evidence, events }).ok).toBe(true);
    expect(evidence.choices).toEqual([
      { step: 'extended', purposeId: 'marketing.sms', value: true },
      { step: 'sensitive:face.check-in', purposeId: 'face.check-in', value: true },
    ]);
    // Evidence that says another text was shown does not verify.
    const forged = {
      ...evidence,
      shown: evidence.shown.map((s, i) => (i === 2 ? { ...s, texts: s.texts.map((x) => ({ ...x, text: `${x.text}!` })) } : s)),
    };
    expect(verifyConsentEvidence({ evidence: forged, events }).ok).toBe(false);
    expect(codeOf(() => flow.next())).toBe('CONSENT_FLOW_STATE');
    // Events moved to another subject, notice, channel or step do not match the evidence either.
    const first = events[0] as ConsentEvent;
    const problems = (event: ConsentEvent) => verifyConsentEvidence({ evidence, events: [event] }).problems;
    expect(problems({ ...first, subjectId: 'psn_other' })).toEqual([`Event 0 (${first.id}) is about another subject`]);
    expect(problems({ ...first, notice: { version: 2, hash: 'b'.repeat(64) } })).toEqual([`Event 0 (${first.id}) names another notice`]);
    expect(problems({ ...first, channel: 'pos' })).toEqual([`Event 0 (${first.id}) has another channel or locale`]);
    expect(problems({ ...first, evidence: { ...(first.evidence as NonNullable<ConsentEvent['evidence']>), step: 'review' } })).toEqual([
      `Event 0 (${first.id}) does not match what its step showed`,
    ]);
    expect(problems({ ...first, evidenceHash: 'c'.repeat(64) })).toEqual([`Event 0 (${first.id}) names other evidence`]);
  });

  it('puts a guardian step first for a child under 14, and every event carries the guardian (PIPL Art. 31)', () => {
    const flow = createConsentFlow(
      input({
        subjectId: 'psn_kid',
        facts: { birthDate: '2014-05-01' },
        actor: { kind: 'staff-assisted', staffId: 'S-014' },
        channel: 'kiosk',
        locale: 'zh-CN',
      }),
    );
    expect(flow.steps[0]?.kind).toBe('guardian');
    expect(flow.steps.some((s) => s.id === 'sensitive:kids-club')).toBe(true);
    expect(codeOf(() => flow.next())).toBe('CONSENT_FLOW_STATE');
    flow.setGuardian('mother', true);
    while (!flow.getState().last) {
      const s = flow.getState().step;
      if (s.kind === 'sensitive') flow.choose(s.choices[0]?.purposeId ?? '', s.id === 'sensitive:kids-club');
      flow.next();
    }
    const { events } = flow.finish();
    expect(events.every((e) => e.actor.kind === 'guardian' && e.consentType === 'guardian')).toBe(true);
    expect(events[0]?.actor).toEqual({ kind: 'guardian', relationship: 'mother', staffId: 'S-014' });
    const state = replay(events);
    const kid = decide({
      catalogue: notice.catalogue,
      purposeId: 'kids-club',
      at: '2026-11-21T10:00:00+08:00',
      consent: state.subject('psn_kid'),
      facts: { birthDate: '2014-05-01' },
    });
    expect(kid.state).toBe('given');
  });

  it('does not ask again within the cool-down, unless the customer starts it', () => {
    const first = createConsentFlow(input());
    first.next();
    first.next();
    first.next();
    first.choose('face.check-in', false);
    first.next();
    const prior = first.finish().events;
    const state = replay(prior);
    const later = input({ consent: state.subject('psn_7f3c'), clock: createManualClock('2026-11-21T12:00:00+08:00') });
    expect(createConsentFlow(later).steps.map((s) => s.id)).toEqual(['notice', 'basic', 'review']);
    expect(createConsentFlow({ ...later, initiatedBy: 'customer' }).steps.map((s) => s.id)).toContain('sensitive:face.check-in');
    const after = input({ consent: state.subject('psn_7f3c'), clock: createManualClock('2026-11-24T12:00:00+08:00') });
    expect(createConsentFlow(after).steps.map((s) => s.id)).toContain('extended');
  });

  it('asks again, on a re-consent step, for purposes whose scope expanded since the consent', () => {
    const v2 = createNotice(
      { ...noticeInput, version: 2, purposes: [membership, { ...sms, channels: ['sms', 'wechat'] }, analytics, face, kidsClub] },
      { previous: notice },
    );
    const prior = [
      {
        id: 'ce-old',
        type: 'given' as const,
        subjectId: 'psn_7f3c',
        purposes: ['marketing.sms', 'analytics'],
        notice: { version: 1, hash: notice.contentHash },
        consentType: 'general' as const,
        actor: { kind: 'self' as const },
        channel: 'web' as const,
        locale: 'en',
        at: '2026-11-02T10:00:00+08:00',
      },
    ];
    const flow = createConsentFlow(input({ notice: v2, consent: replay([], prior).subject('psn_7f3c') }));
    const reconsent = flow.steps.find((s) => s.kind === 'reconsent');
    expect(reconsent?.choices.map((c) => [c.purposeId, c.before, c.checked])).toEqual([['marketing.sms', 'needs-reconsent', false]]);
    expect(flow.steps.find((s) => s.kind === 'extended')).toBeUndefined();
  });

  it('refuses what validateConsentFlow rejects and bad input', () => {
    expect(codeOf(() => createConsentFlow(input({ withdrawal: undefined as never })))).toBe('CONSENT_FLOW_REJECTED');
    expect(codeOf(() => createConsentFlow(input({ facts: {} })))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => createConsentFlow(input({ facts: { birthDate: 'yesterday' } })))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => createConsentFlow(input({ purposeIds: ['telepathy'] })))).toBe('CONSENT_UNKNOWN_PURPOSE');
    expect(codeOf(() => createConsentFlow(input({ locale: 'fr' as never })))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => createConsentFlow(input({ actor: { kind: 'staff' } as never })))).toBe('CONSENT_INVALID_INPUT');
    expect(() => createConsentFlow(input({ notice: {} as never }))).toThrow(TypeError);
  });

  it('draws event ids from the injected randomness', () => {
    const random = (bytes: Uint8Array) => bytes.fill(7);
    const run = () => {
      const flow = createConsentFlow(input({ random, purposeIds: ['marketing.sms'] }));
      flow.next();
      flow.choose('marketing.sms', true);
      flow.next();
      return flow.finish().events.map((e) => e.id);
    };
    expect(run()).toEqual(run());
  });
});

describe('createConsentFlow: withdraw and manage', () => {
  const signUp = createConsentFlow(input());
  signUp.next();
  signUp.next();
  signUp.choose('marketing.sms', true);
  signUp.choose('analytics', true);
  signUp.next();
  signUp.choose('face.check-in', true);
  signUp.next();
  const given = signUp.finish().events;
  const later = createManualClock('2026-11-22T10:00:00+08:00');

  it('withdraws in one step, no more than giving took', () => {
    const flow = createConsentFlow(input({ kind: 'withdraw', consent: replay(given).subject('psn_7f3c'), clock: later }));
    expect(flow.steps.length).toBe(1);
    expect(flow.steps.length).toBeLessThanOrEqual(signUp.steps.length);
    expect(flow.steps[0]?.choices.map((c) => [c.purposeId, c.checked])).toEqual([
      ['marketing.sms', false],
      ['analytics', false],
      ['face.check-in', false],
    ]);
    flow.choose('face.check-in', true);
    const { events } = flow.finish();
    expect(events.map((e) => [e.type, e.purposes])).toEqual([['withdrawn', ['face.check-in']]]);
    const state = replay(events, given);
    expect(
      decide({ catalogue: notice.catalogue, purposeId: 'face.check-in', at: later.now(), consent: state.subject('psn_7f3c') }).state,
    ).toBe('withdrawn');
  });

  it('manages choices on one screen: switching off withdraws, switching on gives', () => {
    const prior = [...given];
    const flow = createConsentFlow(input({ kind: 'manage', consent: replay(prior).subject('psn_7f3c'), clock: later }));
    expect(flow.steps.map((s) => s.id)).toEqual(['manage']);
    expect(flow.steps[0]?.choices.map((c) => [c.purposeId, c.checked])).toEqual([
      ['marketing.sms', true],
      ['analytics', true],
      ['face.check-in', true],
    ]);
    flow.choose('analytics', false);
    const { events } = flow.finish();
    expect(events.map((e) => [e.type, e.purposes])).toEqual([['withdrawn', ['analytics']]]);
  });
});
