import { appendEntry, type ChainEntry, type Json } from '@aisle/core';
import fc from 'fast-check';
import { hostileJson, hostileNumber, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  type CatalogueInput,
  createConsentState,
  createNotice,
  createUnsubscribeToken,
  decide,
  defineCatalogue,
  dueErasures,
  type NoticeInput,
  replayConsentLog,
  shouldAsk,
  validateConsentFlow,
  verifyUnsubscribeToken,
} from '../src/index';
import { analytics, catalogue, catalogueInput, event, face, kidsClub, membership, sms } from './fixtures';

const text = { 'zh-CN': '隐私政策', en: 'Privacy notice' };
const noticeInput: NoticeInput = {
  version: 3,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text,
  categories: [{ id: 'vehicle-plate', sensitive: false }],
  purposes: [membership, sms, analytics, face, kidsClub],
};

const events = fc
  .array(
    fc.record({
      type: fc.constantFrom('given', 'withdrawn', 'refused'),
      purposes: fc.subarray(['marketing.sms', 'analytics', 'membership', 'face.check-in'], { minLength: 1 }),
      day: fc.integer({ min: 1, max: 28 }),
    }),
    { maxLength: 5 },
  )
  .map((list) =>
    list
      .sort((a, b) => a.day - b.day)
      .map((e, i) =>
        event({
          id: `e-${i}`,
          type: e.type as never,
          purposes: e.purposes,
          consentType: 'separate',
          at: `2026-11-${String(e.day).padStart(2, '0')}T10:00:00+08:00`,
        }),
      ),
  );

const log = events.map((list) => {
  const out: ChainEntry[] = [];
  for (const e of list) out.push(appendEntry(out.at(-1), e as unknown as Json));
  return out.map((entry) => ({ ...entry }));
});

const key = new Uint8Array(32).map((_, i) => i + 1);
const token = createUnsubscribeToken({
  key,
  channel: 'email',
  subjectId: 'psn_4f2a',
  purposeId: 'marketing.email',
  expiresAt: '2026-12-31T16:00:00Z',
});
const flow = {
  items: [
    { purposeId: 'marketing.sms', preTicked: false, required: false, separate: false },
    { purposeId: 'face.check-in', preTicked: false, required: false, separate: true },
  ],
  withdrawal: { path: 'Me > Privacy > Withdraw', steps: 2 },
  consentSteps: 2,
};

describeFuzz('consent', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'define-catalogue',
    input: fc.oneof(mutated(fc.constant(catalogueInput)), hostileJson()),
    run: (input) => defineCatalogue(input as CatalogueInput),
    runs: 300,
  }),
  fuzzTarget({
    name: 'create-notice',
    input: fc.oneof(mutated(fc.constant(noticeInput)), hostileJson()),
    run: (input) => createNotice(input as NoticeInput, { previous: null }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'apply-events',
    input: fc.oneof(events, mutated(events), fc.array(hostileJson(), { maxLength: 3 })),
    run: (list) => {
      const state = createConsentState({ catalogue });
      for (const e of list as never[]) state.apply(e);
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'replay-consent-log',
    input: fc.oneof(log, mutated(log), hostileJson()),
    run: (entries) => replayConsentLog(entries as never, { catalogue }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'verify-unsubscribe-token',
    input: fc.oneof(
      hostileString(),
      fc
        .tuple(fc.nat(), hostileString())
        .map(([at, splice]) => token.slice(0, at % token.length) + splice + token.slice((at % token.length) + 1)),
    ),
    run: (candidate) =>
      verifyUnsubscribeToken({
        key,
        token: candidate,
        channel: 'email',
        subjectId: 'psn_4f2a',
        purposeId: 'marketing.email',
        at: '2026-11-21T10:00:00+08:00',
      }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'validate-consent-flow',
    input: fc.oneof(mutated(fc.constant(flow)), hostileJson()),
    run: (input) => validateConsentFlow({ catalogue, flow: input as never }),
  }),
  fuzzTarget({
    name: 'decide-with-hostile-facts',
    // Birth dates and age bands come from registration forms; purpose ids and times from callers.
    input: fc.record({
      purposeId: fc.oneof(fc.constantFrom('marketing.sms', 'kids-club', 'face.check-in'), hostileString()),
      facts: fc.oneof(fc.constant(undefined), mutated(fc.constant({ birthDate: '2015-06-01', ageBand: 'under-14' })), hostileJson(1)),
      at: fc.oneof(fc.constant('2026-11-21T10:00:00+08:00'), hostileString(), hostileNumber()),
      zone: fc.oneof(fc.constant(undefined), fc.constant('Asia/Shanghai'), hostileString()),
    }),
    run: ({ purposeId, facts, at, zone }) => {
      const state = createConsentState({ catalogue });
      state.apply(event({ id: 'e-1', purposes: ['marketing.sms', 'kids-club'], consentType: 'separate', at: '2026-11-01T10:00:00+08:00' }));
      const consent = state.subject('psn_a');
      decide({ catalogue, purposeId, at: at as never, consent, facts: facts as never, zone: zone as never });
      shouldAsk({ catalogue, purposeId, at: at as never, consent, facts: facts as never, zone: zone as never } as never);
      dueErasures({ catalogue, subjects: state.subjects.values(), at: at as never, zone: zone as never });
    },
    runs: 300,
  }),
]);
