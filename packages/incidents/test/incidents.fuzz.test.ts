import fc from 'fast-check';
import { hostileJson, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  createCampaign,
  createIncident,
  gradeCN,
  type IncidentInput,
  NOTICE_CHANNELS,
  obligations,
  REPORT_KINDS,
  recordAttempt,
  renderNotice,
  renderReport,
  restoreIncident,
  transition,
  updateIncident,
} from '../src/index';
import { leak } from './fixtures';

const actor = { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' };
const base = createIncident(leak(), actor);
const revised = updateIncident(base, { title: 'Two buckets' }, { actor: 'S-1', at: '2026-04-04T09:00:00+08:00' });
const stored = JSON.parse(JSON.stringify(transition(revised, 'triaged', { actor: 'S-1', at: '2026-04-04T10:00:00+08:00' })));

/** Records with hostile strings in every free-text field. */
const hostileRecord = fc
  .record({
    title: hostileString(),
    summary: hostileString(),
    name: hostileString(),
    contact: hostileString(),
    action: hostileString(),
    country: hostileString(),
  })
  .map(
    (s): IncidentInput =>
      leak({
        title: s.title || 'x',
        summary: s.summary || 'x',
        operator: { name: s.name || 'x', contact: s.contact || 'x' },
        individualActions: [s.action],
        crossBorder: { involved: true, countries: [s.country] },
      }),
  );

describeFuzz('incidents', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'create-incident',
    input: fc.oneof(mutated(fc.constant(leak())), hostileJson(), hostileRecord),
    run: (input) => createIncident(input as IncidentInput, actor),
    runs: 300,
  }),
  fuzzTarget({
    name: 'update-incident',
    input: fc.oneof(
      mutated(fc.constant({ title: 'x', summary: 'y', personalInformation: { categories: ['name'], people: 3 } })),
      hostileJson(),
    ),
    run: (patch) => updateIncident(base, patch as never, { actor: 'S-1', at: '2026-04-04T09:00:00+08:00' }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'restore-incident',
    input: fc.oneof(mutated(fc.constant(stored)), hostileJson()),
    run: (input) => restoreIncident(input as never),
    runs: 300,
  }),
  fuzzTarget({
    name: 'render-hostile-records',
    input: fc.tuple(
      hostileRecord,
      fc.constantFrom(...REPORT_KINDS),
      fc.constantFrom(...NOTICE_CHANNELS),
      fc.constantFrom('markdown', 'html', 'json', 'text'),
      fc.constantFrom('zh-CN', 'en'),
    ),
    run: ([input, kind, channel, format, locale]) => {
      const incident = createIncident(input, actor);
      renderReport(incident, { kind, locale: locale as 'en', format: format as 'html' });
      const notice = renderNotice(incident, { channel, locale: locale as 'en', format: format as 'html', recipientName: input.title });
      if (notice.subject !== undefined && /[\r\n]/.test(notice.subject)) throw new Error('line break in a subject');
    },
    runs: 200,
  }),
  fuzzTarget({
    name: 'render-options',
    input: fc.record({
      kind: fc.oneof(fc.constantFrom(...REPORT_KINDS), hostileString()),
      channel: fc.oneof(fc.constantFrom(...NOTICE_CHANNELS), hostileString()),
      locale: hostileString(),
      format: hostileString(),
      officialLocale: hostileString(),
    }),
    run: (o) => {
      try {
        renderReport(base, o as never);
      } finally {
        renderNotice(base, o as never);
      }
    },
  }),
  fuzzTarget({
    name: 'grade-and-obligations',
    input: fc.oneof(mutated(fc.constant({ personalInformation: { people: 1_000_000 }, economicLossFen: 10 })), hostileJson()),
    run: (input) => {
      gradeCN(input as never);
    },
    // GradingInput is a typed programmer API: wrong-typed fields are documented TypeErrors.
    allow: ['TypeError', 'RangeError'],
  }),
  fuzzTarget({
    name: 'obligations-options',
    input: fc.oneof(mutated(fc.constant({ regimes: ['cn', 'gdpr'], operator: { kind: 'cii' } })), hostileJson()),
    run: (options) => obligations(base, options as never),
    allow: ['TypeError', 'RangeError'],
  }),
  fuzzTarget({
    name: 'campaign-attempts',
    // Delivery reports come from SMS and e-mail gateways: any field may be wrong.
    input: fc.array(
      fc.oneof(
        fc.record({
          recipient: fc.constantFrom('m-1', 'm-2', 'constructor'),
          channel: fc.constantFrom('sms', 'email', 'letter', 'push'),
          at: fc.constantFrom('2026-11-22T10:00:00+08:00', '2026-11-23T10:00:00+08:00'),
          outcome: fc.constantFrom('delivered', 'failed'),
        }),
        mutated(fc.constant({ recipient: 'm-1', channel: 'sms', at: '2026-11-22T10:00:00+08:00', outcome: 'failed', evidence: 'smsc:1' })),
        hostileJson(1),
      ),
      { maxLength: 6 },
    ),
    run: (attempts) => {
      let campaign = createCampaign({
        incidentId: 'inc_1',
        recipients: [
          { id: 'm-1', channels: ['sms', 'email'] },
          { id: 'm-2', channels: ['letter'] },
        ],
      });
      for (const attempt of attempts) {
        try {
          campaign = recordAttempt(campaign, attempt as never);
        } catch (error) {
          if (!(error as { code?: string }).code) throw error;
        }
      }
      for (const a of campaign.attempts) {
        if (a.outcome !== 'delivered' && a.outcome !== 'failed')
          throw new Error(`an attempt with outcome ${String(a.outcome)} was recorded`);
        if (a.evidence !== undefined && typeof a.evidence !== 'string') throw new Error('non-string evidence was recorded');
      }
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'create-campaign',
    input: fc.oneof(
      mutated(fc.constant({ incidentId: 'inc_1', recipients: [{ id: 'm-1', channels: ['sms', 'email'] }], maxAttemptsPerChannel: 2 })),
      hostileJson(),
    ),
    run: (input) => createCampaign(input as never),
  }),
]);
