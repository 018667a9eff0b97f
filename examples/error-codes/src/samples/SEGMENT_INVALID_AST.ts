import assert from 'node:assert/strict';
import { segmentFromJson } from '@aisle/segments';

// Wrong: JSON that is not a segment AST (a node type that does not exist, e.g. from an old UI).
assert.throws(() => segmentFromJson({ type: 'notNull', field: 'birthday' }), { code: 'SEGMENT_INVALID_AST' });

// Right: a documented node.
assert.deepEqual(segmentFromJson({ type: 'isNull', field: 'birthday', negated: true }), {
  type: 'isNull',
  field: 'birthday',
  negated: true,
});
