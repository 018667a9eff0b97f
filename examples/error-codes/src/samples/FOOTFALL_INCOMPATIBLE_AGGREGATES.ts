import assert from 'node:assert/strict';
import { createFootfallAggregator, mergeAggregates } from '@aisle/footfall';

const north = createFootfallAggregator({ gapMs: 60_000 }).snapshot();
const south = createFootfallAggregator({ gapMs: 30_000 }).snapshot();

// Wrong: merging aggregates built with different gap settings (their buckets do not line up).
assert.throws(() => mergeAggregates(north, south), { code: 'FOOTFALL_INCOMPATIBLE_AGGREGATES' });

// Right: configure every device's aggregator the same way.
const southAligned = createFootfallAggregator({ gapMs: 60_000 }).snapshot();
assert.equal(mergeAggregates(north, southAligned).gapMs, 60_000);
