import assert from 'node:assert/strict';
import { parseSegment } from '@aisle/segments';

// Wrong: a function the language does not have.
assert.throws(() => parseSegment("visited(store = 'sh-001') >= 2"), { code: 'SEGMENT_UNKNOWN_FUNCTION' });

// Right: the language's one function, purchased(…), or a profile field that holds visits.
assert.ok(parseSegment("purchased(category = 'baby', within = 90d) >= 2"));
