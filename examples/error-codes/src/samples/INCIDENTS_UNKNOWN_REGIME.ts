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
const operator = { kind: 'other' } as const;

// Wrong: a regime id that does not exist ('pipl' instead of 'pipl-57', the article that sets the duty).
assert.throws(() => obligations(incident, { regimes: ['pipl'], operator }), { code: 'INCIDENTS_UNKNOWN_REGIME' });

// Right: ids from REGIMES ('cn-measures-2025', 'pipl-57', 'gdpr', 'nis2', 'us-sec-8k', 'us-state').
assert.ok(obligations(incident, { regimes: ['cn-measures-2025', 'pipl-57'], operator }).length > 0);
