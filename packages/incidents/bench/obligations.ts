// Throughput of the deadline engine, audit verification and rendering, each against a named
// baseline measured in the same run. Run with `pnpm --filter @aisle/incidents bench`.
import { verifyChain } from '@aisle/core';
import { createIncident, type HolidayCalendar, obligations, renderReport, updateIncident, verifyAuditTrail } from '../src/index';

const US: HolidayCalendar = { id: 'US-2026', years: [2026], holidays: ['2026-09-07'] };

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
// Twenty revisions: the count creeps up past 1,000,000 and then 10,000,000.
for (let i = 1; i <= 20; i++) {
  incident = updateIncident(
    incident,
    {
      personalInformation: { categories: ['name', 'phone'], people: 900_000 + i * 600_000, byJurisdiction: { 'US-CA': 800, 'US-TX': 300 } },
    },
    { actor: 'SOC', at: new Date(Date.parse('2026-09-01T10:00:00+08:00') + i * 3_600_000) },
  );
}

function measure(name: string, fn: () => unknown, ms = 1500): number {
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
console.log(`incident with ${incident.trail.length} audit entries, ${regimes.length} regimes`);
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
console.log('');
console.log(`verifyAuditTrail / verifyChain          ${(chain / verify).toFixed(2)}x slower (replay and comparison on top of hashing)`);
console.log(`obligations (6 regimes) / verifyChain   ${(chain / all).toFixed(2)}x the time of verifying the same trail`);
console.log(`renderReport markdown / JSON.stringify  ${(json / md).toFixed(1)}x slower`);
console.log(`renderReport html / JSON.stringify      ${(json / html).toFixed(1)}x slower`);
