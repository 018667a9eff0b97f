import assert from 'node:assert/strict';
import { createIncident, transition } from '@aisle/incidents';

const incident = createIncident(
  {
    title: 'Member export left on a public bucket',
    summary: 'A CSV of members was readable without authentication.',
    zone: 'Asia/Shanghai',
    operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@example.cn' },
    discovered: { by: 'SOC analyst S-014', at: '2026-11-21T10:00:00+08:00', where: 'oss://exports' },
    awareness: { awareAt: '2026-11-21T10:30:00+08:00' },
    personalInformation: { categories: ['name', 'phone'], people: 1_000_000 },
    cause: { category: 'data-security', known: false },
  },
  { actor: 'S-014', at: '2026-11-21T10:35:00+08:00' },
);

// Wrong: a change dated before the last entry of the audit trail (a clock set wrong on one laptop).
assert.throws(() => transition(incident, 'triaged', { actor: 'duty-manager', at: '2026-11-21T10:00:00+08:00' }), {
  code: 'INCIDENTS_TIME_ORDER',
});

// Right: changes in the order they happen (use one clock, or the server's time).
assert.equal(transition(incident, 'triaged', { actor: 'duty-manager', at: '2026-11-21T10:50:00+08:00' }).record.status, 'triaged');
