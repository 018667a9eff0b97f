import { parse } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounterOptionsSchema, plainLineCounterOptions } from '../src/line-counter';

// The line counter's option fast path skips the schema only when it would accept the options, and then gives
// exactly what it gives; anything else (with its error) is the schema's.

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
const anyPoint = fc.oneof(
  anyValue,
  fc.record({ x: anyValue, y: anyValue }, { requiredKeys: [] }),
  fc.record({ x: fc.integer({ min: -1000, max: 1000 }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
);

/** Mostly a valid value (or absent), sometimes anything: so all-valid option objects are common. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.constant(undefined), valid) }, { weight: 1, arbitrary: anyValue });
/** Numbers around a range's ends (both sides of each), or anywhere in and around it. */
const edges = (min: number, max: number) =>
  fc.oneof(fc.constantFrom(min, -min, min - 1e-9, min + 1e-9, max, max + 1, max * 2), fc.double({ min: min - 1, max: max * 2 }));
const validPoint = fc.record({ x: fc.integer({ min: -1000, max: 1000 }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) });

function schemaResult(schema: Parameters<typeof parse>[0], v: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(schema, v, { label: 'options' }) };
  } catch {
    return { ok: false };
  }
}

describe('option fast paths', () => {
  it('line counter: the fast path gives what the schema gives, or leaves the options to it', () => {
    let fast = 0;
    fc.assert(
      fc.property(
        fc.record(
          {
            id: field(fc.string({ maxLength: 3 })),
            start: fc.oneof({ weight: 6, arbitrary: validPoint }, { weight: 1, arbitrary: anyPoint }),
            end: fc.oneof({ weight: 6, arbitrary: validPoint }, { weight: 1, arbitrary: anyPoint }),
            anchors: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anyValue }),
            minFrames: field(fc.oneof(fc.constantFrom(0, 1, 1_000, 1_001, 1.5), fc.integer({ min: 0, max: 1_001 }))),
            flip: field(fc.boolean()),
            trackTimeoutMs: field(edges(0, 1e9)),
            maxClockJumpMs: field(edges(0, 1e9)),
            minDistance: field(edges(0, 1e6)),
            boxUnit: field(fc.constantFrom('pixels', 'relative', 'metres')),
            extra: anyValue,
          },
          { requiredKeys: ['start', 'end'] },
        ),
        (v) => {
          const got = plainLineCounterOptions(v);
          if (got === undefined) return;
          fast++;
          const want = schemaResult(LineCounterOptionsSchema, v);
          expect(want.ok).toBe(true);
          // toEqual: `boxUnit: undefined` and no `boxUnit` key are the same to the counter.
          expect(got).toEqual((want as { value: unknown }).value);
        },
      ),
      { numRuns: 3_000 },
    );
    // The generator reaches the fast path (so the property is not vacuous).
    expect(fast).toBeGreaterThan(10);
  });

  it('line counter: plainly valid options take the fast path; other shapes are left to the schema', () => {
    const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
    expect(plainLineCounterOptions({ ...line, id: 'north', minFrames: 2, trackTimeoutMs: 5_000, boxUnit: 'pixels' })).toEqual(
      parse(LineCounterOptionsSchema, { ...line, id: 'north', minFrames: 2, trackTimeoutMs: 5_000, boxUnit: 'pixels' }),
    );
    expect(plainLineCounterOptions(line)).toEqual(parse(LineCounterOptionsSchema, line));
    expect(plainLineCounterOptions({ ...line, anchors: ['centre'] })).toBeUndefined();
    expect(plainLineCounterOptions(Object.assign(Object.create({ id: 'inherited' }), line))).toBeUndefined();
    expect(plainLineCounterOptions({ ...line, start: { x: Number.NaN, y: 0 } })).toBeUndefined();
    expect(plainLineCounterOptions({ ...line, minFrames: 1.5 })).toBeUndefined();
    expect(plainLineCounterOptions([line])).toBeUndefined();
    expect(plainLineCounterOptions(null)).toBeUndefined();
  });
});
