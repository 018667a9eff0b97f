import assert from 'node:assert/strict';
import { emptyAggregate, parseAggregate } from '@aisle/footfall';

// Wrong: stored JSON that is not a version-1 aggregate (a field renamed by hand, or another format).
assert.throws(() => parseAggregate({ version: 2, buckets: {} }), { code: 'FOOTFALL_INVALID_AGGREGATE' });

// Right: exactly what snapshot() produced, stored as JSON and read back.
const copy = parseAggregate(JSON.parse(JSON.stringify(emptyAggregate())));
assert.equal(copy.version, 1);
