import assert from 'node:assert/strict';
import { renderHeatmap } from '@aisle/footfall';

// Wrong: a 1000 × 1000 heatmap grid (a million cells) to draw as SVG.
const huge = { cols: 1000, rows: 1000, seconds: new Array(1_000_000).fill(0), durationMs: 60_000 };
assert.throws(() => renderHeatmap(huge), { code: 'FOOTFALL_INPUT_TOO_LARGE' });

// Right: a coarser grid (at most 250,000 cells; a few hundred reads best).
const grid = { cols: 16, rows: 12, seconds: new Array(192).fill(1), durationMs: 60_000 };
assert.match(renderHeatmap(grid), /^<svg /);
