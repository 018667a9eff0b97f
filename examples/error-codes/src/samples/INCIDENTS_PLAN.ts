import assert from 'node:assert/strict';
import { createIncident, createResponsePlan, openReviewTask, transition } from '@aisle/incidents';

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
const plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'v1' });

// Wrong: opening the post-incident review of the response plan while the incident is still open.
assert.throws(() => openReviewTask(plan, incident), { code: 'INCIDENTS_PLAN' });

// Right: open the review once the incident is closed.
const as = (at: string, reason?: string) => ({ actor: 'DPO', at, ...(reason === undefined ? {} : { reason }) });
let closed = transition(incident, 'triaged', as('2026-11-21T11:00:00+08:00'));
closed = transition(closed, 'contained', as('2026-11-21T12:00:00+08:00'));
closed = transition(closed, 'closed', as('2026-11-28T12:00:00+08:00', 'contained; no notification required'));
assert.equal(openReviewTask(plan, closed).tasks.length, 1);
