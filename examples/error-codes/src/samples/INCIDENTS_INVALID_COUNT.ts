import assert from 'node:assert/strict';
import { gradeCN } from '@aisle/incidents';

// Wrong: a count that is not a whole number (an estimate typed as "1.2 million" → 1.2).
assert.throws(() => gradeCN({ personalInformation: { people: 1.2 }, otherCriteria: [] }), { code: 'INCIDENTS_INVALID_COUNT' });

// Right: whole numbers (1,200,000 people), re-graded whenever the count changes.
assert.equal(gradeCN({ personalInformation: { people: 1_200_000 }, otherCriteria: [] }).grade, 'relatively-major');
