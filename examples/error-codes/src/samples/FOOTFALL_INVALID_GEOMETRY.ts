import assert from 'node:assert/strict';
import { createLineCounter } from '@aisle/footfall';

// Wrong: a counting line whose two end points are the same (a line drawn by a double click).
assert.throws(() => createLineCounter({ id: 'north', start: { x: 100, y: 300 }, end: { x: 100, y: 300 } }), {
  code: 'FOOTFALL_INVALID_GEOMETRY',
});

// Right: two distinct points across the doorway.
const door = createLineCounter({ id: 'north', start: { x: 100, y: 300 }, end: { x: 540, y: 300 } });
assert.ok(door);
