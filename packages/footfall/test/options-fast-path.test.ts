import { parse } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AggregatorOptionsSchema, plainAggregatorOptions } from '../src/aggregator';

// The aggregator's option fast path skips the schema only when it would accept the options, and
// then gives exactly what it gives; anything else (with its error) is the schema's.

/** Values a field may take: valid and invalid ones of every kind, and absent. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(0, -0, 1, 2, 1000, 1001, -1, 0.5, 1e6, 1e6 + 1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double(),
  fc.integer({ min: -5, max: 2_000 }),
  fc.constantFrom('', 'line', 'north', 'pixels', 'relative', 'bottom-centre', '1', 'toString'),
  fc.boolean(),
  fc.constantFrom([], ['bottom-centre'], ['centre', 'bottom-centre'], ['nope'], [1]),
);

/** Mostly a valid value (or absent), sometimes anything: so all-valid option objects are common. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.constant(undefined), valid) }, { weight: 1, arbitrary: anyValue });
/** Numbers around a range's ends (both sides of each), or anywhere in and around it. */
const edges = (min: number, max: number) =>
  fc.oneof(fc.constantFrom(min, -min, min - 1e-9, min + 1e-9, max, max + 1, max * 2), fc.double({ min: min - 1, max: max * 2 }));

function schemaResult(schema: Parameters<typeof parse>[0], v: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(schema, v, { label: 'options' }) };
  } catch {
    return { ok: false };
  }
}

describe('option fast paths', () => {
  it('aggregator: the fast path gives what the schema gives, or leaves the options to it', () => {
    let fast = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          anyValue,
          fc.record(
            {
              allowedLatenessMs: field(edges(0, 1e9)),
              gapMs: field(edges(0, 1e9)),
              maxLateKept: field(fc.oneof(fc.constantFrom(-1, 0, 0.5, 2 ** 53), fc.integer({ min: -1, max: 1e6 }))),
              extra: anyValue,
            },
            { requiredKeys: [] },
          ),
        ),
        (v) => {
          const got = plainAggregatorOptions(v);
          if (got === undefined) return;
          fast++;
          const want = schemaResult(AggregatorOptionsSchema, v);
          expect(want.ok).toBe(true);
          // toEqual: the schema keeps a key given as undefined (`boxUnit: undefined`), which nothing reads.
          expect(got).toEqual((want as { value: unknown }).value);
        },
      ),
      { numRuns: 3_000 },
    );
    // The generator reaches the fast path (so the property is not vacuous).
    expect(fast).toBeGreaterThan(10);
    expect(plainAggregatorOptions({})).toStrictEqual(parse(AggregatorOptionsSchema, {}));
    expect(plainAggregatorOptions({ maxLateKept: 2 ** 53 })).toBeUndefined();
  });
});
