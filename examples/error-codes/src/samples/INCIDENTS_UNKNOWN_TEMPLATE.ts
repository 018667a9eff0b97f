import assert from 'node:assert/strict';
import { createIncident, renderNotice } from '@aisle/incidents';

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

// Wrong: a channel no notice template exists for.
assert.throws(() => renderNotice(incident, { channel: 'fax' as never, locale: 'zh-CN', format: 'text' }), {
  code: 'INCIDENTS_UNKNOWN_TEMPLATE',
});

// Right: a supported channel, locale and format.
assert.ok(renderNotice(incident, { channel: 'sms', locale: 'zh-CN', format: 'text' }).text.length > 0);
