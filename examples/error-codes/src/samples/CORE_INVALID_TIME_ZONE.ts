import assert from 'node:assert/strict';
import { localDate } from '@aisle/core';

const at = '2026-11-21T16:30:00Z';

// Wrong: "CST" and "Beijing" are not IANA zone names.
assert.throws(() => localDate(at, 'Beijing'), { code: 'CORE_INVALID_TIME_ZONE' });

// Right: the IANA name (mainland China observes Asia/Shanghai).
assert.equal(localDate(at, 'Asia/Shanghai'), '2026-11-22');
