import assert from 'node:assert/strict';
import { parseSegment } from '@aisle/segments';

const nested = (depth: number) => `${'('.repeat(depth)}visits30d >= 2${')'.repeat(depth)}`;

// Wrong: nesting deeper than the limit (generated text, or hostile input).
assert.throws(() => parseSegment(nested(40), { maxDepth: 32 }), { code: 'SEGMENT_TOO_DEEP' });

// Right: flatten the condition (or, for trusted text, raise maxDepth deliberately).
assert.ok(parseSegment(nested(3), { maxDepth: 32 }));
