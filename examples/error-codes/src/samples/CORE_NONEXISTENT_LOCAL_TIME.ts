import assert from 'node:assert/strict';
import { fromLocal } from '@aisle/core';

// 02:30 on 8 March 2026 never happened in New York (clocks jumped from 02:00 to 03:00).
const local = { year: 2026, month: 3, day: 8, hour: 2, minute: 30 };

// Wrong: asking for that wall-clock time with `reject`.
assert.throws(() => fromLocal(local, 'America/New_York', 'reject'), { code: 'CORE_NONEXISTENT_LOCAL_TIME' });

// Right: say what a missing time should mean (`compatible`, the default, moves it forward).
assert.equal(fromLocal(local, 'America/New_York', 'compatible').toISOString(), '2026-03-08T07:30:00.000Z');
