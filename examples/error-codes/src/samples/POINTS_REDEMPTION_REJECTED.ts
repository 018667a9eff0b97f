import assert from 'node:assert/strict';
import { quoteRedemption } from '@aisle/points';

// Wrong: an item type quoteRedemption does not price (a typo, or a type from a newer version).
assert.throws(
  () => quoteRedemption({ item: { type: 'valet', id: 'v1', pointsPerHour: 200, freeHours: 1 } as never, balance: 1409, minutes: 95 }),
  {
    code: 'POINTS_REDEMPTION_REJECTED',
  },
);

// Right: a documented item type.
const quote = quoteRedemption({
  item: { type: 'parking', id: 'b2-parking', pointsPerHour: 200, freeHours: 1 },
  balance: 1409,
  minutes: 95,
});
assert.equal(quote.ok, true);
