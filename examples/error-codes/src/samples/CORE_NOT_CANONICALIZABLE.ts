import assert from 'node:assert/strict';
import { canonicalJson } from '@aisle/core';

// Wrong: NaN (and Infinity, bigint, Date objects, functions, cycles) has no canonical JSON form.
assert.throws(() => canonicalJson({ amountFen: Number.NaN }), { code: 'CORE_NOT_CANONICALIZABLE' });

// Right: plain JSON values only; amounts as integer fen, instants as ISO strings.
assert.equal(canonicalJson({ at: new Date(0).toISOString(), amountFen: 1999 }), '{"amountFen":1999,"at":"1970-01-01T00:00:00.000Z"}');
