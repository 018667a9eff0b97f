import assert from 'node:assert/strict';
import { fromMot } from '@aisle/footfall';

const options = { source: 'MOT17-09', fps: 30, startAt: '2026-11-21T10:00:00+08:00', strict: true };

// Wrong: a line that is not a MOT record (a truncated upload), under strict parsing.
assert.throws(() => fromMot('1,1,794.2,47.5\n', options), { code: 'FOOTFALL_MALFORMED_INPUT' });

// Right: whole records (or strict: false, which skips bad lines and counts them in quality.invalidRecords).
const { events } = fromMot('1,1,794.2,47.5,71.2,174.8,1,1,0.8\n2,1,796.0,49.1,71.2,174.8,1,1,0.8\n', options);
assert.equal(events.length, 2);
