import assert from 'node:assert/strict';
import { buildHourlyReport, emptyAggregate } from '@aisle/footfall';

const options = { zone: 'Asia/Shanghai', date: '2026-11-21' };

// Wrong: opening hours written as "10am" (HH:MM is expected).
assert.throws(() => buildHourlyReport(emptyAggregate(), { ...options, openingHours: { open: '10am', close: '22:00' } }), {
  code: 'FOOTFALL_INVALID_OPENING_HOURS',
});

// Right: 24-hour HH:MM, closing after opening.
const report = buildHourlyReport(emptyAggregate(), { ...options, openingHours: { open: '10:00', close: '22:00' } });
assert.equal(report.rows.length, 12);
