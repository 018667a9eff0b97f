import assert from 'node:assert/strict';
import { calibrate } from '@aisle/identity';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ zone: 'entrance', hour: `h${i}`, count: 10 }));

// Wrong: more than 100,000 counts in one call (a year of every zone at once).
assert.throws(() => calibrate({ wifi: rows(100_001), camera: [] }), { code: 'IDENTITY_INPUT_TOO_LARGE' });

// Right: calibrate a day or a week at a time.
const report = calibrate({
  wifi: [{ zone: 'entrance', hour: '10:00', count: 118 }],
  camera: [{ zone: 'entrance', hour: '10:00', count: 99 }],
});
assert.equal(report.zones[0]?.zone, 'entrance');
