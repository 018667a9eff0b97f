import assert from 'node:assert/strict';
import { isWorkingDay } from '@aisle/incidents';

const cn2026 = { id: 'CN-2026', years: [2026], holidays: ['2026-10-01'], workingDays: ['2026-10-10'] };

// Wrong: asking a 2026 calendar about 2027 (deadlines would be counted on guessed holidays).
assert.throws(() => isWorkingDay('2027-01-04', cn2026), { code: 'INCIDENTS_CALENDAR_GAP' });

// Right: a calendar that covers the year (add each year's official holiday notice when it is published).
const cn = { id: 'CN-2026-2027', years: [2026, 2027], holidays: ['2026-10-01', '2027-01-01'], workingDays: ['2026-10-10'] };
assert.equal(isWorkingDay('2027-01-04', cn), true);
