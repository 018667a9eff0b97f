import {
  createIncident,
  createIncidentStore,
  gradeCN,
  obligations,
  recordSubmission,
  renderNotice,
  renderReport,
  transition,
  updateIncident,
  verifyAuditTrail,
} from '@aisle/incidents';
import type { Chapter } from './index';

/**
 * The incident drill (@aisle/incidents): at 20:15 a cashier finds the member export on a shared
 * drive. Grade it, compute every clock at once, file the CN report, render the customer SMS,
 * and show that the audit trail holds.
 */
export const incidentsChapter: Chapter = {
  name: 'incidents',
  async run(day, log) {
    day.say('## Incident drill (@aisle/incidents)');
    // 20:15, or later if an earlier chapter ran past it: every later step is relative.
    const evening = Date.parse('2026-11-21T20:15:00+08:00');
    if (day.clock.now().getTime() < evening) day.clock.set(evening);
    const minutes = (n: number) => day.clock.advance(n * 60_000);
    const discoveredAt = day.clock.now();
    const awareAt = new Date(discoveredAt.getTime() + 5 * 60_000);
    const as = (actor: string) => ({ actor, clock: day.clock });
    let incident = createIncident(
      {
        title: 'Member export on a shared drive',
        summary: 'A spreadsheet of members was found on a drive shared with a marketing agency.',
        zone: day.zone,
        operator: { name: `Mall ${day.storeId}`, contact: 'privacy@mall.example / 400-000-0000' },
        discovered: { by: 'cashier C-22', at: discoveredAt, where: `${day.storeId} service desk PC` },
        occurredAt: '2026-11-20T16:00:00+08:00',
        awareness: { awareAt },
        personalInformation: { categories: ['name', 'mobile number', 'points balance'], people: 1_000_000, records: 1_000_000 },
        cause: { category: 'violation-operation', subcategory: 'export shared outside policy', known: true },
        individualActions: ['Ignore calls asking for SMS codes'],
      },
      as('duty-manager'),
    );
    log.record('incident.created', `${incident.record.id}: ${incident.record.title}`);
    // One hash-chained stream per incident; every change appended at the version it was loaded at.
    const store = createIncidentStore({ store: day.store });
    await store.save(incident);
    const grade = gradeCN(incident.record);
    day.say(`Grade: ${grade.name.zh} (${grade.name.en}) — ${grade.reasons[0]?.criterion}`);

    minutes(25);
    incident = (await store.update(incident.record.id, (current) => transition(current, 'triaged', as('duty-manager')))).incident;
    incident = updateIncident(
      incident,
      { containment: [{ at: day.clock.now(), action: 'Share revoked; agency copy deleted', by: 'IT-3' }] },
      as('IT-3'),
    );
    incident = transition(incident, 'contained', as('IT-3'));

    const due = obligations(incident, { regimes: ['cn-measures-2025', 'pipl-57'], operator: { kind: 'other' }, now: day.clock.now() });
    const cn = due.find((o) => o.id === 'cn.initial');
    day.say(`CN report due ${cn?.dueAt} (${cn?.rule}, ${cn?.basis.split(';')[0]}); ${due.length} obligations in all`);

    minutes(50);
    const report = renderReport(incident, { kind: 'cn-regulator', locale: 'zh-CN', format: 'markdown' });
    incident = recordSubmission(incident, { obligation: 'cn.initial', at: day.clock.now() }, as('DPO'));
    incident = transition(incident, 'reported', as('DPO'));
    log.record('incident.reported', `CN report filed for ${incident.record.id} (${report.text.length} characters)`);
    const sms = renderNotice(incident, { channel: 'sms', locale: 'zh-CN', format: 'text' });
    day.say(`Customer SMS ready (${sms.sms?.characters} characters, ${sms.sms?.segments} SMS segments)`);

    const after = obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: 'other' }, now: day.clock.now() });
    // Every clock at once, after the CN report was filed (for the day report).
    const clocks = obligations(incident, { regimes: ['cn-measures-2025', 'pipl-57'], operator: { kind: 'other' }, now: day.clock.now() });
    const status = after.find((o) => o.id === 'cn.initial')?.status;
    await store.save(incident);
    const stored = await store.verify();
    const verified = verifyAuditTrail(incident);
    day.say(
      `CN report ${status}; incident audit trail ${incident.trail.length} entries, verified: ${verified.ok && stored.ok ? 'yes' : 'NO'}`,
    );
    return {
      grade: grade.grade,
      awareAt: awareAt.toISOString(),
      cnDueAt: cn?.dueAt,
      cnStatus: status,
      trail: incident.trail.length,
      verified: verified.ok && stored.ok && stored.entries === incident.trail.length,
      smsSegments: sms.sms?.segments,
      id: incident.record.id,
      title: incident.record.title,
      gradeName: grade.name,
      discoveredAt: discoveredAt.toISOString(),
      clocks: clocks.map((o) => ({
        id: o.id,
        regime: o.regime,
        recipient: o.recipient.en,
        action: o.action.en,
        rule: o.rule,
        dueAt: o.dueAt,
        status: o.status,
        metAt: o.metAt,
        basis: o.basis,
      })),
    };
  },
};
