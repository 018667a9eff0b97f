import assert from 'node:assert/strict';
import { compileHourlyReportSql } from '@aisle/footfall';

const options = { zone: 'Asia/Shanghai', date: '2026-11-21', openingHours: { open: '10:00', close: '22:00' } };

// Wrong: a table name that PostgreSQL cannot carry (a NUL character), and a dialect Aisle does not compile to.
assert.throws(() => compileHourlyReportSql({ ...options, dialect: 'postgres', tables: { buckets: 'footfall\u0000buckets' } }), {
  code: 'FOOTFALL_INVALID_SQL',
});
assert.throws(() => compileHourlyReportSql({ ...options, dialect: 'oracle' as never }), { code: 'FOOTFALL_INVALID_SQL' });

// Right: a supported dialect and plain table names (quoted by the compiler; values are bound parameters).
const q = compileHourlyReportSql({ ...options, dialect: 'postgres', tables: { buckets: ['analytics', 'footfall_buckets'] } });
assert.match(q.sql, /"analytics"\."footfall_buckets"/);
assert.ok(q.params.length > 0);
