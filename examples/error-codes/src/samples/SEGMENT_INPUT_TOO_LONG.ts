import assert from 'node:assert/strict';
import { parseSegment } from '@aisle/segments';

const text = `tags CONTAINS 'vip' AND city = '${'上海'.repeat(100)}'`;

// Wrong: segment text longer than the cap the parser runs under.
assert.throws(() => parseSegment(text, { maxLength: 100 }), { code: 'SEGMENT_INPUT_TOO_LONG' });

// Right: shorter text (or a deliberate, documented maxLength for trusted authors).
assert.ok(parseSegment("tags CONTAINS 'vip'", { maxLength: 100 }));
