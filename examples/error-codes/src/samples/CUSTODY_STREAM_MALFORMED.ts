import assert from 'node:assert/strict';

import { foldMedium } from '@aisle/custody';

// Wrong: folding entries that are not a medium's stream (an event type this version does not know,
// or rows from another table), which must never be read as a valid state.
assert.throws(() => foldMedium([{ type: 'painted', data: { colour: 'blue' } }]), { code: 'CUSTODY_STREAM_MALFORMED' });

// Right: fold the entries of a medium's own stream as the register wrote them (an empty stream: no medium).
assert.equal(foldMedium([]), undefined);
