import { createManualClock } from '@aisle/core';
import {
  campaignProgress,
  createCampaign,
  createIncident,
  createMemoryIncidentStore,
  createResponsePlan,
  gradeCN,
  type HolidayCalendar,
  type Incident,
  type Obligation,
  obligations,
  openReviewTask,
  overdue,
  recordAttempt,
  recordSubmission,
  renderNotice,
  renderReport,
  reviseResponsePlan,
  toStixIncident,
  toVeris,
  transition,
  updateIncident,
  verifyAuditTrail,
} from '@aisle/incidents';

/** Holidays given as data (modelled on the 2026 schedules; supply the official ones in production). */
const CN_2026: HolidayCalendar = {
  id: 'CN-2026',
  years: [2026],
  holidays: ['2026-04-04', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
  workingDays: ['2026-05-09'],
};
const EU_2026: HolidayCalendar = {
  id: 'DE-2026',
  years: [2026],
  holidays: ['2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25'],
};

const REGIMES = ['cn-measures-2025', 'pipl-57', 'gdpr', 'nis2'];

/**
 * A Shanghai retailer with an EU web shop finds its member export on a public bucket at 23:10
 * on Friday 3 April 2026, the eve of Qingming. Runs the incident to closure and returns what
 * the test checks.
 */
export async function runDrill(say: (line: string) => void = console.log) {
  const clock = createManualClock('2026-04-03T23:40:00+08:00');
  const as = (actor: string, reason?: string) => ({ actor, clock, ...(reason === undefined ? {} : { reason }) });
  const show = (list: Obligation[]) => {
    for (const o of list) say(`  ${o.id.padEnd(20)} ${o.status.padEnd(12)} ${o.dueAt ?? o.timing}  — ${o.basis}`);
  };
  const due = (incident: Incident) =>
    obligations(incident, {
      regimes: REGIMES,
      operator: { kind: 'other' },
      now: clock.now(),
      calendars: { cn: CN_2026, eu: EU_2026 },
      zones: { eu: 'Europe/Berlin' },
    });

  say('# Incident drill: member export on a public bucket');
  let incident = createIncident(
    {
      title: 'Member export left on a public bucket',
      summary: 'A CSV export of loyalty members (name, mobile number) was readable without authentication for three days.',
      zone: 'Asia/Shanghai',
      operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@jingan-mall.example / 400-000-0000', dpo: 'dpo@jingan-mall.example' },
      discovered: { by: 'SOC analyst S-014', at: '2026-04-03T23:10:00+08:00', where: 'oss://member-exports/2026-04' },
      occurredAt: '2026-04-01T08:00:00+08:00',
      awareness: { awareAt: '2026-04-03T23:30:00+08:00' },
      systems: [
        {
          name: 'CRM export job',
          impact: 'public ACL on output bucket',
          interconnected: [{ name: 'WeChat mini-program', impact: 'none observed' }],
        },
      ],
      personalInformation: { categories: ['name', 'mobile number'], people: 640_000, records: 700_000, byJurisdiction: { EU: 1_200 } },
      crossBorder: { involved: true, countries: ['DE'] },
      cause: { category: 'data-security', subcategory: 'misconfiguration', known: false },
      risk: { level: 'high', likelyConsequences: 'Phishing calls and SMS impersonating the mall.' },
      individualActions: ['Ignore calls or SMS asking for verification codes', 'Call 400-000-0000 to check a message'],
    },
    as('S-014'),
  );
  say(
    `Created ${incident.record.id}; CN grade ${gradeCN(incident.record).name.zh} (${incident.record.personalInformation.people.toLocaleString('en-US')} people)`,
  );

  // The incident lives in a stream store: one hash-chained stream per incident, every trail entry
  // one stream entry, appended at the version it was loaded at (here in memory; in production a
  // database-backed stream store, e.g. from @aisle/postgres).
  const store = createMemoryIncidentStore();
  const id = incident.record.id;
  await store.save(incident);

  clock.set('2026-04-03T23:45:00+08:00');
  // A change made through the store: load, apply, append; re-applied if someone else got there first.
  incident = (await store.update(id, (current) => transition(current, 'triaged', as('S-014')))).incident;
  clock.set('2026-04-04T00:10:00+08:00');
  incident = updateIncident(
    incident,
    { containment: [{ at: '2026-04-04T00:05:00+08:00', action: 'Bucket made private; export job disabled', by: 'ops-7' }] },
    as('ops-7'),
  );
  incident = transition(incident, 'contained', as('ops-7'));

  // 01:00: a second export is found; 1,080,000 people now, which makes it 较大 and starts the CN clock.
  clock.set('2026-04-04T01:00:00+08:00');
  incident = updateIncident(
    incident,
    {
      personalInformation: { categories: ['name', 'mobile number'], people: 1_080_000, records: 1_300_000, byJurisdiction: { EU: 1_200 } },
    },
    { ...as('S-014', 'Second export found in the same bucket'), effectiveAt: '2026-04-04T00:50:00+08:00' },
  );
  say(`Count revised: ${gradeCN(incident.record).name.zh}, ${gradeCN(incident.record).reasons[0]?.criterion}`);
  say('Obligations at 01:00 Saturday:');
  show(due(incident));

  clock.set('2026-04-04T02:30:00+08:00');
  const cnReport = renderReport(incident, { kind: 'cn-regulator', locale: 'zh-CN', format: 'markdown' });
  const gdprReport = renderReport(incident, { kind: 'gdpr-33', locale: 'en', format: 'html' });
  say(`CN report: ${cnReport.text.split('\n').length} lines (zh-CN, official); GDPR Art. 33(3): ${gdprReport.text.length} bytes of HTML`);
  for (const id of ['cn.initial', 'pipl.authority', 'pipl.remedy', 'nis2.early-warning']) {
    incident = recordSubmission(incident, { obligation: id, at: clock.now(), reference: `${id}-001` }, as('DPO'));
  }
  incident = transition(incident, 'reported', as('DPO'));
  await store.save(incident);

  clock.set('2026-04-05T10:00:00+08:00');
  for (const id of ['gdpr.authority', 'nis2.notification', 'cn.supplementary', 'gdpr.phased']) {
    incident = recordSubmission(incident, { obligation: id, at: clock.now() }, as('DPO'));
  }
  incident = updateIncident(
    incident,
    {
      cause: {
        category: 'data-security',
        subcategory: 'misconfiguration',
        known: true,
        description: 'A bucket policy template granted public read.',
      },
    },
    as('S-014'),
  );

  // Notices: SMS first, email as fallback; one member cannot be reached at all.
  // The SMS carries every PIPL Art. 57 item (cause and possible harm included) plus a link to the full notice.
  const sms = renderNotice(incident, {
    channel: 'sms',
    locale: 'zh-CN',
    format: 'text',
    detailsUrl: 'https://jingan-mall.example/notice/2026-04',
  });
  const email = renderNotice(incident, { channel: 'email', locale: 'en', format: 'html' });
  say(
    `SMS (${sms.sms?.characters} characters, ${sms.sms?.segments} segments of ${sms.sms?.perSegment.concatenated}): ${sms.text.trim().split('\n').at(-1)?.slice(0, 32)}…`,
  );
  say(`Email subject: ${email.subject} (${email.unofficial ? 'unofficial translation' : 'official'})`);
  let campaign = createCampaign({
    incidentId: incident.record.id,
    recipients: [
      { id: 'm-0001', channels: ['sms', 'email'] },
      { id: 'm-0002', channels: ['sms', 'email'] },
      { id: 'm-0003', channels: ['sms'] },
    ],
    maxAttemptsPerChannel: 1,
  });
  campaign = recordAttempt(campaign, {
    recipient: 'm-0001',
    channel: 'sms',
    at: clock.now(),
    outcome: 'delivered',
    evidence: 'smsc:88121',
  });
  campaign = recordAttempt(campaign, {
    recipient: 'm-0002',
    channel: 'sms',
    at: clock.now(),
    outcome: 'failed',
    evidence: 'smsc:88122 undeliverable',
  });
  campaign = recordAttempt(campaign, {
    recipient: 'm-0002',
    channel: 'email',
    at: clock.now(),
    outcome: 'delivered',
    evidence: 'smtp:250',
  });
  campaign = recordAttempt(campaign, {
    recipient: 'm-0003',
    channel: 'sms',
    at: clock.now(),
    outcome: 'failed',
    evidence: 'smsc:88123 number reassigned',
  });
  const progress = campaignProgress(campaign);
  say(`Campaign: ${progress.delivered}/${progress.total} delivered, public notice needed: ${progress.publicNoticeNeeded ? 'yes' : 'no'}`);
  const publicNotice = progress.publicNoticeNeeded
    ? renderNotice(incident, { channel: 'public', locale: 'zh-CN', format: 'html' })
    : undefined;
  for (const id of ['pipl.individuals', 'gdpr.individuals'])
    incident = recordSubmission(incident, { obligation: id, at: clock.now() }, as('DPO'));
  incident = transition(incident, 'notified', as('DPO'));
  await store.save(incident);

  clock.set('2026-04-20T18:00:00+08:00');
  incident = updateIncident(incident, { handlingEndedAt: clock.now() }, as('S-014'));
  clock.set('2026-05-02T10:00:00+08:00');
  incident = recordSubmission(incident, { obligation: 'nis2.final', at: clock.now() }, as('DPO'));
  incident = recordSubmission(incident, { obligation: 'cn.summary', at: clock.now() }, as('DPO'));
  incident = transition(incident, 'closed', as('DPO'));
  const saved = await store.save(incident);
  say('Obligations at closure:');
  const final = due(incident);
  show(final);

  let plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'Response plan v1' });
  plan = openReviewTask(plan, incident);
  plan = reviseResponsePlan(plan, {
    approvedAt: '2026-05-10T10:00:00+08:00',
    approvedBy: 'CISO',
    summary: 'v2: bucket policy checks in CI',
    resolves: plan.tasks.map((t) => t.id),
  });
  say(`Response plan v${plan.version} resolves ${plan.resolves.join(', ')}`);

  const verified = verifyAuditTrail(incident);
  const anchor = { length: incident.trail.length, head: incident.trail.at(-1)?.hash ?? '' };
  const forged = {
    ...incident,
    record: { ...incident.record, personalInformation: { ...incident.record.personalInformation, people: 1_000 } },
  };
  const forgery = verifyAuditTrail(forged, anchor);
  say(
    `Audit trail: ${incident.trail.length} entries, verified: ${verified.ok ? 'yes' : 'NO'}; a record edited afterwards: ${forgery.ok ? 'accepted (BUG)' : `rejected (${forgery.reason})`}`,
  );
  const stored = await store.load(id);
  const report = await store.verify();
  say(`Incident stream: ${saved.anchor.length} entries, loaded back ${stored?.record.status}, store verified: ${report.ok ? 'yes' : 'NO'}`);
  const stix = toStixIncident(incident);
  const veris = toVeris(incident);
  say(`Exports: STIX ${stix.id}, VERIS data_total ${veris.attribute.confidentiality.data_total}`);
  return {
    incident,
    final,
    overdue: overdue(final),
    verified: verified.ok,
    storeVerified: report.ok && stored?.trail.length === incident.trail.length,
    forgeryRejected: !forgery.ok,
    cnReport,
    publicNotice,
    stix,
    plan,
    progress,
  };
}
