import assert from 'node:assert/strict';
import { rfm } from '@aisle/segments';

// Wrong: money as yuan with a fraction (19.9) where whole fen are expected.
assert.throws(() => rfm([{ id: 'M1', lastPurchase: '2026-11-20T10:00:00+08:00', frequency: 3, monetaryFen: 19.9 }]), {
  code: 'SEGMENT_INVALID_PROFILE',
});

// Right: integer fen (¥19.90 is 1990).
const [score] = rfm([{ id: 'M1', lastPurchase: '2026-11-20T10:00:00+08:00', frequency: 3, monetaryFen: 1990 }]);
assert.equal(score?.id, 'M1');
