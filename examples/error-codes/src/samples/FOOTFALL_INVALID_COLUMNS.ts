import assert from 'node:assert/strict';
import { createLineCounter } from '@aisle/footfall';

const door = createLineCounter({ id: 'north', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } });
const frame = { source: 'cam1', frame: 1, at: Date.parse('2026-11-21T10:00:00+08:00') };

// Wrong: the y column lost a detection (two track ids, one y).
const broken = {
  ...frame,
  trackId: Int32Array.of(7, 8),
  x: Float32Array.of(90, 40),
  y: Float32Array.of(20),
  w: Float32Array.of(20, 20),
  h: Float32Array.of(40, 40),
};
assert.throws(() => door.updateColumns(broken), { code: 'FOOTFALL_INVALID_COLUMNS' });

// Right: one length for every column.
const columns = {
  ...frame,
  trackId: Int32Array.of(7, 8),
  x: Float32Array.of(90, 40),
  y: Float32Array.of(20, 30),
  w: Float32Array.of(20, 20),
  h: Float32Array.of(40, 40),
};
assert.deepEqual(door.updateColumns(columns), []);
assert.equal(door.activeTracks(), 2);
