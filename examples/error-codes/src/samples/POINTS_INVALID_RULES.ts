import assert from 'node:assert/strict';
import { compileRules } from '@aisle/points';

const base = { id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } } as const;

// Wrong: 1 October listed both as a public holiday and as an adjusted working day.
assert.throws(
  () => compileRules({ id: 'mall', version: 1, holidays: { holidays: ['2026-10-01'], workdays: ['2026-10-01'] }, rules: [base] }),
  {
    code: 'POINTS_INVALID_RULES',
  },
);

// Right: each date in one list only (the adjusted working day is the weekend day that is worked).
const rules = compileRules({ id: 'mall', version: 1, holidays: { holidays: ['2026-10-01'], workdays: ['2026-10-10'] }, rules: [base] });
assert.equal(rules.id, 'mall');
