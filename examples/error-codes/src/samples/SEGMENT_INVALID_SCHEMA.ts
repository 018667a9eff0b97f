import assert from 'node:assert/strict';
import { defineProfileSchema } from '@aisle/segments';

// Wrong: an enum field without values.
assert.throws(() => defineProfileSchema({ tier: { type: 'enum', values: [] } }), { code: 'SEGMENT_INVALID_SCHEMA' });

// Right: list the values.
assert.ok(defineProfileSchema({ tier: { type: 'enum', values: ['silver', 'gold', 'vip'] } }));
