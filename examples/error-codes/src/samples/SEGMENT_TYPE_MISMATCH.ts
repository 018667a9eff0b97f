import assert from 'node:assert/strict';
import { defineProfileSchema, parseSegment } from '@aisle/segments';

const schema = defineProfileSchema({ spend90d: { type: 'money' } });

// Wrong: comparing a money field with a string.
assert.throws(() => parseSegment("spend90d >= '1000'", { schema }), { code: 'SEGMENT_TYPE_MISMATCH' });

// Right: a number (money is integer fen: ¥1,000 is 100000).
assert.ok(parseSegment('spend90d >= 100000', { schema }));
