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
const as = (at: string) => ({ actor: 'duty-manager', at });

// Wrong: closing an incident that was only just detected (the lifecycle has steps in between).
assert.throws(() => transition(incident, 'closed', as('2026-11-21T11:00:00+08:00')), { code: 'INCIDENTS_INVALID_TRANSITION' });

// Right: move through the lifecycle: detected → triaged → contained → … → closed.
const triaged = transition(incident, 'triaged', as('2026-11-21T11:00:00+08:00'));
assert.equal(triaged.record.status, 'triaged');
