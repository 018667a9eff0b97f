import assert from 'node:assert/strict';
import { parseSegment } from '@aisle/segments';

// Wrong: an unquoted string value (the message points at line:column and suggests the quotes).
assert.throws(() => parseSegment('tier = gold'), { code: 'SEGMENT_SYNTAX' });

// Right: strings and enum values are quoted.
assert.equal(parseSegment("tier = 'gold'").type, 'compare');
