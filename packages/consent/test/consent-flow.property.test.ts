import { createManualClock } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsentFlow, type FlowStep, type GuardianRelationship } from '../src/consent-flow/index';
import {
  type ConsentEvent,
  createConsentState,
  createNotice,
  decide,
  isUnder14ForTests,
  type PurposeInput,
  type SubjectFacts,
} from './flow-helpers';

const CATEGORIES = ['contact', 'preferences', 'transaction', 'device', 'biometric', 'location-trajectory', 'minor-under-14'] as const;
const AT = '2026-11-21T10:00:00+08:00';

const purposeArb = (i: number) =>
  fc
    .record({
      legalBasis: fc.constantFrom('consent', 'consent', 'consent', 'contract', 'legal-obligation'),
      function: fc.constantFrom('basic', 'extended', 'extended'),
      categories: fc.subarray([...CATEGORIES], { minLength: 1, maxLength: 3 }),
    })
    .map(
      (p): PurposeInput => ({
        id: `p${i}`,
        name: { 'zh-CN': `用途${i}`, en: `Purpose ${i}` },
        description: { 'zh-CN': `说明${i}`, en: `What purpose ${i} does` },
        legalBasis: p.legalBasis as PurposeInput['legalBasis'],
        function: p.function as PurposeInput['function'],
        categories: p.categories,
        retention: 'P1Y',
      }),
    );

const catalogueArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => purposeArb(i))));
const factsArb: fc.Arbitrary<SubjectFacts> = fc.oneof(
  fc
    .date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => ({ birthDate: d.toISOString().slice(0, 10) })),
  fc.constantFrom<SubjectFacts>({ ageBand: 'under-14' }, { ageBand: '14-17' }, { ageBand: 'adult' }),
);
const priorArb = fc.array(
  fc.record({
    purpose: fc.nat(5),
    type: fc.constantFrom('given', 'refused', 'withdrawn'),
    separate: fc.boolean(),
    guardian: fc.boolean(),
    hoursBefore: fc.integer({ min: 1, max: 24 * 30 }),
  }),
  { maxLength: 6 },
);

describe('createConsentFlow properties (any catalogue, any subject)', () => {
  it('never pre-ticks, never conditions basic on extended, never bundles a sensitive purpose, always asks a guardian for a child, and its events replay to the choices', () => {
    fc.assert(
      fc.property(
        catalogueArb,
        factsArb,
        priorArb,
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        fc.constantFrom<GuardianRelationship>('mother', 'father', 'legal-guardian', 'other'),
        fc.constantFrom<'customer' | 'business'>('customer', 'business'),
        (purposes, facts, priorSpec, answers, relationship, initiatedBy) => {
          const notice = createNotice({
            version: 1,
            publishedAt: '2026-11-01T00:00:00+08:00',
            text: { 'zh-CN': '规则', en: 'Notice' },
            purposes,
          });
          const ref = { version: 1, hash: notice.contentHash };
          const prior: ConsentEvent[] = priorSpec
            .filter((p) => p.purpose < purposes.length)
            .sort((a, b) => b.hoursBefore - a.hoursBefore)
            .map((p, i) => ({
              id: `ce-prior-${i}`,
              type: p.type as ConsentEvent['type'],
              subjectId: 'psn_x',
              purposes: [`p${p.purpose}`],
              notice: ref,
              consentType: p.guardian ? 'guardian' : p.separate ? 'separate' : 'general',
              actor: p.guardian ? { kind: 'guardian', relationship: 'father' } : { kind: 'self' },
              channel: 'web',
              locale: 'en',
              at: new Date(Date.parse(AT) - p.hoursBefore * 3_600_000).toISOString(),
            }));
          const state = createConsentState({ catalogue: notice.catalogue });
          for (const e of prior) state.apply(e);
          const flow = createConsentFlow({
            notice,
            subjectId: 'psn_x',
            consent: state.subject('psn_x'),
            facts,
            zone: 'Asia/Shanghai',
            channel: 'kiosk',
            locale: 'zh-CN',
            actor: { kind: 'staff-assisted', staffId: 'S-1' },
            clock: createManualClock(AT),
            withdrawal: { path: { 'zh-CN': '我的 > 隐私', en: 'Me > Privacy' } },
            initiatedBy,
            random: (b) => b.fill(1),
          });
          const under14 = isUnder14ForTests(facts, AT);
          const byId = (id: string) => notice.catalogue.get(id);
          // Never pre-ticked; extended never required; sensitive alone on its own step.
          for (const s of flow.steps) {
            for (const c of s.choices) {
              expect(c.checked).toBe(false);
              if (byId(c.purposeId)?.sensitive) expect(s.kind === 'sensitive' && s.choices.length === 1).toBe(true);
            }
            for (const e of s.explained) expect(e.needsConsent ? byId(e.purposeId)?.function : 'basic').toBe('basic');
          }
          expect(flow.form.items.filter((i) => i.required).every((i) => byId(i.purposeId)?.function === 'basic')).toBe(true);
          expect(flow.steps[0]?.kind === 'guardian').toBe(under14);
          // Walk the flow with the generated answers.
          const chosen = new Map<string, boolean>();
          const explainedConsent: string[] = [];
          let k = 0;
          for (;;) {
            const st = flow.getState();
            const s: FlowStep = st.step;
            if (s.kind === 'guardian') flow.setGuardian(relationship, true);
            if (['basic', 'extended', 'reconsent'].includes(s.kind)) expect(st.canNext).toBe(true); // nothing extended is a condition
            for (const c of s.choices) {
              const v = answers[k++ % answers.length] as boolean;
              if (s.kind === 'sensitive' || v) flow.choose(c.purposeId, v);
              chosen.set(c.purposeId, v);
            }
            for (const e of s.explained) if (e.needsConsent) explainedConsent.push(e.purposeId);
            if (st.last) break;
            flow.next();
          }
          const { events } = flow.finish();
          for (const e of events) {
            if (e.purposes.some((id) => byId(id)?.sensitive)) expect(e.purposes.length).toBe(1);
            if (under14) expect(e.actor.kind).toBe('guardian');
          }
          // Replay: accepted purposes are allowed, declined ones refused.
          for (const e of events) state.apply(e);
          const after = state.subject('psn_x');
          for (const [purposeId, v] of chosen) {
            const d = decide({ catalogue: notice.catalogue, purposeId, at: AT, consent: after, facts });
            expect([purposeId, d.state]).toEqual([purposeId, v ? 'given' : 'refused']);
          }
          for (const purposeId of explainedConsent)
            expect(decide({ catalogue: notice.catalogue, purposeId, at: AT, consent: after, facts }).allowed).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('withdraws anything given in one screen, never longer than giving, and the events replay to the withdrawal', () => {
    fc.assert(
      fc.property(catalogueArb, fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }), (purposes, answers) => {
        const notice = createNotice({
          version: 1,
          publishedAt: '2026-11-01T00:00:00+08:00',
          text: { 'zh-CN': '规则', en: 'Notice' },
          purposes,
        });
        const base = {
          notice,
          subjectId: 'psn_y',
          facts: { ageBand: 'adult' } as SubjectFacts,
          zone: 'Asia/Shanghai',
          channel: 'web' as const,
          locale: 'en' as const,
          actor: { kind: 'self' } as const,
          withdrawal: { path: { 'zh-CN': '我的 > 隐私', en: 'Me > Privacy' } },
        };
        const signUp = createConsentFlow({ ...base, consent: undefined, clock: createManualClock(AT) });
        for (;;) {
          const st = signUp.getState();
          for (const c of st.step.choices) signUp.choose(c.purposeId, true);
          if (st.last) break;
          signUp.next();
        }
        const state = createConsentState({ catalogue: notice.catalogue });
        for (const e of signUp.finish().events) state.apply(e);
        const later = '2026-11-22T10:00:00+08:00';
        const withdraw = createConsentFlow({ ...base, kind: 'withdraw', consent: state.subject('psn_y'), clock: createManualClock(later) });
        expect(withdraw.steps.length).toBe(1);
        expect(withdraw.steps.length).toBeLessThanOrEqual(signUp.steps.length);
        const picked = new Set<string>();
        withdraw.getState().step.choices.forEach((c, i) => {
          if (answers[i % answers.length]) {
            withdraw.choose(c.purposeId, true);
            picked.add(c.purposeId);
          }
        });
        const offered = withdraw.getState().step.choices.map((c) => c.purposeId);
        for (const e of withdraw.finish().events) state.apply(e);
        for (const purposeId of offered) {
          const d = decide({
            catalogue: notice.catalogue,
            purposeId,
            at: later,
            consent: state.subject('psn_y'),
            facts: { ageBand: 'adult' },
          });
          expect([purposeId, d.state]).toEqual([purposeId, picked.has(purposeId) ? 'withdrawn' : 'given']);
        }
      }),
      { numRuns: 100 },
    );
  });
});
