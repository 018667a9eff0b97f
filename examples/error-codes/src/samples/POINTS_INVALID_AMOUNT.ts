import assert from 'node:assert/strict';
import { quoteRedemption } from '@aisle/points';

const item = { type: 'parking', id: 'b2-parking', pointsPerHour: 200, freeHours: 1 } as const;

// Wrong: a balance that is not a whole, non-negative number of points (a float from a division upstream).
assert.throws(() => quoteRedemption({ item, balance: 1409.5, minutes: 95 }), { code: 'POINTS_INVALID_AMOUNT' });

// Right: integers only (points are whole; money is integer fen): round explicitly where your data is fractional.
assert.equal(quoteRedemption({ item, balance: Math.floor(1409.5), minutes: 95 }).points, 200);
