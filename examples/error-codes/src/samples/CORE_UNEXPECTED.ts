import assert from 'node:assert/strict';
import { parse } from '@aisle/core';

// A Standard Schema whose validation is asynchronous: `parse` is synchronous, so it cannot use it.
const asyncSchema = {
  '~standard': { version: 1 as const, vendor: 'example', validate: async (value: unknown) => ({ value }) },
};

// Wrong: handing `parse` a schema it cannot run (any unexpected throw inside a schema or callback is also wrapped
// as CORE_UNEXPECTED, with the original in `cause`).
assert.throws(() => parse(asyncSchema, 42), { code: 'CORE_UNEXPECTED' });

// Right: a synchronous schema (zod, or any Standard Schema whose validate returns its result directly).
const count = {
  '~standard': {
    version: 1 as const,
    vendor: 'example',
    validate: (value: unknown) => (typeof value === 'number' ? { value } : { issues: [{ message: 'expected a number' }] }),
  },
};
assert.equal(parse(count, 42), 42);
