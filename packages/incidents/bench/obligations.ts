// Throughput of the deadline engine, audit verification and rendering, each against a named
// baseline measured in the same run, at three sizes: an incident with 20, 80 and 320 revisions
// (times BENCH_SCALE), so the audit trail grows. One `BENCH_RESULT` row per comparison and size
// (bench/lib.ts); the memory cell is the incident record and trail, measured in a child process.
// Run with `pnpm --filter @aisle/incidents bench`.
import { verifyChain } from '@aisle/core';
import { formatMemory, measureInChild, memoryChild, record, sizes } from '../../../bench/lib';
import {
  createIncident,
  type HolidayCalendar,
  type Incident,
  obligations,
  renderReport,
  updateIncident,
  verifyAuditTrail,
} from '../src/index';

const US: HolidayCalendar = { id: 'US-2026', years: [2026], holidays: ['2026-09-07'] };

function build(revisions: number): Incident {
  let incident = createIncident(
    {
      title: 'Member export left on a public bucket',
      summary: 'A CSV export of loyalty members was readable without authentication.',
      zone: 'Asia/Shanghai',
      operator: { name: 'Mall', contact: 'privacy@example.cn' },
      discovered: { by: 'SOC', at: '2026-09-01T09:00:00+08:00', where: 'oss://exports' },
      occurredAt: '2026-08-30T08:00:00+08:00',
      awareness: { awareAt: '2026-09-01T09:30:00+08:00', materialityDeterminedAt: '2026-09-02T10:00:00-04:00' },
      personalInformation: { categories: ['name', 'phone'], people: 900_000, byJurisdiction: { 'US-CA': 800, 'US-TX': 300 } },
      cause: { category: 'data-security', known: false },
    },
    { actor: 'SOC', at: '2026-09-01T09:40:00+08:00' },
  );
  // The count creeps up past 1,000,000 and then 10,000,000.
  for (let i = 1; i <= revisions; i++) {
    incident = updateIncident(
      incident,
      {
        personalInformation: {
          categories: ['name', 'phone'],
          people: 900_000 + i * 600_000,
          byJurisdiction: { 'US-CA': 800, 'US-TX': 300 },
        },
      },
      { actor: 'SOC', at: new Date(Date.parse('2026-09-01T10:00:00+08:00') + i * 3_600_000) },
    );
  }
  return incident;
}

memoryChild({ incident: (n) => () => build(n) });

function measure(name: string, fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  const perSec = (n * 1000) / (performance.now() - start);
  console.log(`${name.padEnd(58)} ${perSec.toFixed(0).padStart(9)} ops/s`);
  return perSec;
}

const regimes = ['cn-measures-2025', 'pipl-57', 'gdpr', 'nis2', 'us-sec-8k', 'us-state'];
for (const revisions of sizes([20, 80, 320])) {
  const incident = build(revisions);
  const memory = `incident ${formatMemory(measureInChild(import.meta.url, 'incident', revisions))}`;
  console.log(`\nincident with ${incident.trail.length} audit entries, ${regimes.length} regimes; ${memory}`);
  const chain = measure('baseline: core verifyChain of the trail (SHA-256 only)', () => verifyChain(incident.trail));
  const verify = measure('verifyAuditTrail (chain + replay + compare)', () => verifyAuditTrail(incident));
  const all = measure('obligations(), all six regimes', () =>
    obligations(incident, { regimes, operator: { kind: 'other' }, calendars: { us: US }, now: '2026-09-03T00:00:00Z' }),
  );
  const json = measure('baseline: JSON.stringify(record)', () => JSON.stringify(incident.record));
  const md = measure('renderReport cn-regulator zh-CN markdown', () =>
    renderReport(incident, { kind: 'cn-regulator', locale: 'zh-CN', format: 'markdown' }),
  );
  const html = measure('renderReport gdpr-33 en html', () => renderReport(incident, { kind: 'gdpr-33', locale: 'en', format: 'html' }));
  console.log(`verifyAuditTrail / verifyChain          ${(chain / verify).toFixed(2)}x slower (replay and comparison on top of hashing)`);
  console.log(`obligations (6 regimes) / verifyChain   ${(chain / all).toFixed(2)}x the time of verifying the same trail`);
  console.log(`renderReport markdown / JSON.stringify  ${(json / md).toFixed(1)}x slower`);
  console.log(`renderReport html / JSON.stringify      ${(json / html).toFixed(1)}x slower`);
  // Ratio = baseline time / subject time = subject ops/s / baseline ops/s.
  const row = (subject: string, baseline: string, ops: number, baseOps: number, first = false) =>
    record({
      bench: 'incidents/audit, obligations, reports',
      subject,
      baseline,
      ratio: ops / baseOps,
      size: incident.trail.length,
      rate: `${ops.toFixed(0)} ops/s (${incident.trail.length} audit entries)`,
      ...(first ? { memory } : {}),
    });
  row('verifyAuditTrail (chain + replay + compare)', 'core verifyChain of the same trail (SHA-256 only)', verify, chain, true);
  row('obligations(), six regimes', 'core verifyChain of the same trail (SHA-256 only)', all, chain);
  row('renderReport cn-regulator zh-CN markdown', 'JSON.stringify(record)', md, json);
  row('renderReport gdpr-33 en html', 'JSON.stringify(record)', html, json);
}
