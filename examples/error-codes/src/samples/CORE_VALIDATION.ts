import assert from 'node:assert/strict';
import { renderHeatmap } from '@aisle/footfall';

const heatmap = { cols: 2, rows: 1, seconds: [30, 90], durationMs: 60_000 };

// Wrong: a chart 10 pixels wide (options are validated at the door: 64 to 8192).
assert.throws(
  () => renderHeatmap(heatmap, { width: 10 }),
  (error: { code: string; issues: { path: unknown[] }[] }) => {
    assert.equal(error.code, 'CORE_VALIDATION');
    assert.deepEqual(error.issues[0]?.path, ['width']); // which field, and the message says what was expected
    return true;
  },
);

// Right: a width in range.
const svg = renderHeatmap(heatmap, { width: 320 });
assert.match(svg, /^<svg /);
