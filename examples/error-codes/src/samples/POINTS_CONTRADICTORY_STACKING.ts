import assert from 'node:assert/strict';
import { compileRules } from '@aisle/points';

const rules = [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }] as const;

// Wrong: one group declared twice with different stacking modes: which one applies?
assert.throws(
  () =>
    compileRules({
      id: 'mall',
      version: 1,
      groups: [
        { id: 'calendar', mode: 'max' },
        { id: 'calendar', mode: 'sum' },
      ],
      rules: [...rules],
    }),
  { code: 'POINTS_CONTRADICTORY_STACKING' },
);

// Right: declare each group once.
assert.equal(compileRules({ id: 'mall', version: 1, groups: [{ id: 'calendar', mode: 'max' }], rules: [...rules] }).version, 1);
