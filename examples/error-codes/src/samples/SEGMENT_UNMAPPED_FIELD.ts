import assert from 'node:assert/strict';
import { compileSql, defineProfileSchema, parseSegment } from '@aisle/segments';

const schema = defineProfileSchema({ tags: { type: 'tags' } });
const ast = parseSegment("tags CONTAINS 'mother' AND purchased(category = 'baby', within = 90d) >= 2", { schema });
const options = { dialect: 'postgres', schema, at: '2026-11-21T19:00:00+08:00', zone: 'Asia/Shanghai' } as const;

// Wrong: purchased(…) without telling the compiler where purchases live.
assert.throws(() => compileSql(ast, { ...options, mapping: { table: 'members', id: 'member_id' } }), { code: 'SEGMENT_UNMAPPED_FIELD' });

// Right: map the purchases table too.
const sql = compileSql(ast, {
  ...options,
  mapping: {
    table: 'members',
    id: 'member_id',
    purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at' },
  },
});
assert.ok(sql.params.length > 0);
