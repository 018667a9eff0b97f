import assert from 'node:assert/strict';
import { createIncident, obligations } from '@aisle/incidents';

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

// Wrong: an operator kind the CN rules do not know (the message lists the allowed ones).
assert.throws(() => obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: 'retailer' as never } }), {
  code: 'INCIDENTS_UNKNOWN_OPERATOR_KIND',
});

// Right: one of the documented kinds ('other' for an ordinary retailer).
assert.ok(obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: 'other' } }).length > 0);
