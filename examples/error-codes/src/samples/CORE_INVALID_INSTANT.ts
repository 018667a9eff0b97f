import assert from 'node:assert/strict';
import { toInstant } from '@aisle/core';

// Wrong: a local time without an offset is ambiguous (which zone?), so it is refused.
assert.throws(() => toInstant('2026-11-21 10:00'), { code: 'CORE_INVALID_INSTANT' });

// Right: an ISO string with an explicit offset (or a Date, or epoch milliseconds).
assert.equal(toInstant('2026-11-21T10:00:00+08:00').toISOString(), '2026-11-21T02:00:00.000Z');
