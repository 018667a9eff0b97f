import assert from 'node:assert/strict';
import { defineProfileSchema, parseSegment } from '@aisle/segments';

const schema = defineProfileSchema({ tier: { type: 'enum', values: ['silver', 'gold', 'vip'] }, spend90d: { type: 'money' } });

// Wrong: a field the profile schema does not have (a typo for spend90d).
assert.throws(() => parseSegment('spend_90d >= 100000', { schema }), { code: 'SEGMENT_UNKNOWN_FIELD' });

// Right: a field of the schema.
assert.ok(parseSegment('spend90d >= 100000', { schema }));
