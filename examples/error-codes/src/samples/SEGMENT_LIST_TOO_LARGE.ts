import assert from 'node:assert/strict';
import { parseSegment } from '@aisle/segments';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `'S${i}'`).join(', ');

// Wrong: an IN list longer than the limit (a member list pasted into a segment).
assert.throws(() => parseSegment(`store IN (${ids(20)})`, { maxListLength: 10 }), { code: 'SEGMENT_LIST_TOO_LARGE' });

// Right: keep IN lists short; large member lists belong in a tag or a table, not in segment text.
assert.ok(parseSegment(`store IN (${ids(5)})`, { maxListLength: 10 }));
