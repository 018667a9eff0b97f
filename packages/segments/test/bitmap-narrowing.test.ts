import { startOfLocalDay } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompareOp, defineProfileSchema, type Profile, parseSegment, type SegmentAst, toPredicate } from '../src/index';
import { DayStarts, shiftedDayStart } from '../src/internal/day-starts';
import { createBitmapIndex } from '../src/node/index';

// Issue 17 (segments): count and query read a conjunction's range comparisons straight off the
// typed value columns (one interval per column, strict bounds made inclusive, most selective
// column first) and skip building result bitmaps; relative dates' day starts are remembered per
// local day. These pin the answers of those paths against the per-profile predicate.

const schema = defineProfileSchema({
  tags: { type: 'tags' },
  n: { type: 'number' },
  k: { type: 'number' },
  s: { type: 'string' },
  d: { type: 'date' },
});
const when = { at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai' };

// Whole numbers keep a column in an Int32Array; the rest widen it to a Float64Array.
const INTS = [-2, -1, 0, 1, 2, 3, 7, 2 ** 31 - 1, -(2 ** 31) + 1];
const WIDE = [-0, 0.5, -2.5, 5e-324, -5e-324, 1 + 2 ** -52, 2 ** 31, -(2 ** 31), 1e15, Number.MAX_VALUE, -Number.MAX_VALUE];
const LITERALS = [...INTS, ...WIDE, 0.49999999999999994, 1.5, 2 - 2 ** -52, -(2 ** 31) - 1, 1e300, -1e300, Number.MIN_VALUE];
const OPS: CompareOp[] = ['<', '<=', '>', '>=', '=', '!='];

const value = (wide: boolean) => fc.option(fc.constantFrom(...(wide ? [...INTS, ...WIDE] : INTS)), { nil: null, freq: 5 });
const population = fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 40 })).chain(([wideN, wideK, size]) =>
  fc.array(
    fc.record({
      tags: fc.subarray(['a', 'b']),
      n: value(wideN),
      k: value(wideK),
      s: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
    }),
    { minLength: size, maxLength: size },
  ),
);
const comparison = fc.record({
  type: fc.constant('compare' as const),
  field: fc.constantFrom('n', 'k'),
  op: fc.constantFrom(...OPS),
  value: fc.constantFrom(...LITERALS).map((v) => ({ type: 'number' as const, value: v })),
});
// A leading bitmap clause (or none, or one that is UNKNOWN for some members) and one to four
// comparisons, some on the same column, some nested (BETWEEN-like ANDs).
const lead = fc.constantFrom<SegmentAst | null>(
  null,
  { type: 'contains', field: 'tags', mode: 'one', values: ['a'] },
  { type: 'compare', field: 's', op: '=', value: { type: 'string', value: 'x' } },
  { type: 'not', arg: { type: 'compare', field: 's', op: '=', value: { type: 'string', value: 'y' } } },
);
const segment = fc.tuple(lead, fc.array(comparison, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([first, cmps, nest]) => {
  const rest: SegmentAst[] = nest && cmps.length >= 2 ? [{ type: 'and', args: cmps.slice(0, 2) }, ...cmps.slice(2)] : cmps;
  const args = first ? [first, ...rest] : rest;
  return (args.length === 1 ? args[0] : { type: 'and', args }) as SegmentAst;
});

describe('range comparisons narrowed on the value columns', () => {
  it('count and query agree with the predicate for every operator, on whole-number and widened columns, with NULLs (property)', () => {
    fc.assert(
      fc.property(population, fc.array(segment, { minLength: 1, maxLength: 4 }), (rows, segments) => {
        const profiles: Profile[] = rows.map((attributes, i) => ({ id: `M${i}`, attributes }));
        const index = createBitmapIndex({ schema, profiles });
        for (const ast of segments) {
          const predicate = toPredicate(ast, { schema, ...when });
          const expected = profiles.filter((p) => predicate.test(p)).map((p) => p.id);
          expect({ ast, ids: index.query(ast, when) }).toEqual({ ast, ids: expected });
          expect({ ast, count: index.count(ast, when) }).toEqual({ ast, count: expected.length });
          // Nested under OR the same conjunction goes through bitmaps (TRUE and UNKNOWN kept apart).
          const negated: SegmentAst = { type: 'not', arg: ast };
          const negatedExpected = profiles.filter((p) => toPredicate(negated, { schema, ...when }).test(p)).map((p) => p.id);
          expect({ negated, ids: index.query(negated, when) }).toEqual({ negated, ids: negatedExpected });
        }
      }),
      { numRuns: 300, seed: 1721 },
    );
  });

  it('takes the narrowing path on a large index (few candidates) and answers as the predicate does', () => {
    const profiles: Profile[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `M${i}`,
      attributes: {
        tags: i % 50 === 0 ? ['a'] : ['b'],
        n: i % 11 === 0 ? null : (i * 7919) % 1000,
        k: i % 13 === 0 ? null : ((i * 104_729) % 1000) / 8,
        d: Date.parse('2026-11-21T00:00:00+08:00') - (i % 120) * 86_400_000,
      },
    }));
    const index = createBitmapIndex({ schema, profiles });
    for (const text of [
      "tags CONTAINS 'a' AND n >= 100 AND n < 900 AND k > 12.5",
      "tags CONTAINS 'a' AND n BETWEEN 250 AND 250.5 AND k != 50",
      "tags CONTAINS 'a' AND n > 949.5",
      "tags CONTAINS 'a' AND d >= -60d AND n <= 500",
      "tags CONTAINS 'a' AND d = -30d",
      "tags CONTAINS 'a' AND d > -30d AND d <= -10d",
      "tags CONTAINS 'a' AND NOT (n < 10 AND k > 3)",
    ]) {
      const ast = parseSegment(text, { schema });
      const predicate = toPredicate(ast, { schema, ...when });
      const expected = profiles.filter((p) => predicate.test(p)).map((p) => p.id);
      expect(expected.length).toBeGreaterThan(0);
      expect({ text, ids: index.query(ast, when) }).toEqual({ text, ids: expected });
      expect({ text, count: index.count(ast, when) }).toEqual({ text, count: expected.length });
    }
  });
});

describe('day starts remembered per local day', () => {
  it('give what the zone arithmetic gives, across days, zones and DST changes (property)', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: Date.UTC(2011, 11, 28), max: Date.UTC(2027, 0, 1) }),
            zone: fc.constantFrom(...zones),
            offset: fc.integer({ min: -400, max: 3 }),
            unit: fc.constantFrom('d' as const, 'w' as const, 'm' as const, 'y' as const),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (calls) => {
          const days = new DayStarts();
          for (const { at, zone, offset, unit } of calls) {
            // Often the same local day again: a few hours on, as repeated queries would be.
            for (const t of [at, at + 3_600_000, at + 10 * 3_600_000]) {
              const expected = shiftedDayStart(startOfLocalDay(t, zone).getTime(), offset, unit, zone);
              expect({ t, zone, offset, unit, start: days.of(new Date(t), zone, offset, unit) }).toEqual({
                t,
                zone,
                offset,
                unit,
                start: expected,
              });
            }
          }
        },
      ),
      { numRuns: 200, seed: 1722 },
    );
  });

  it('move on at local midnight: the same index answers for the new day', () => {
    const profiles: Profile[] = [
      { id: 'A', attributes: { d: '2026-11-20T10:00:00+08:00' } },
      { id: 'B', attributes: { d: '2026-11-21T10:00:00+08:00' } },
    ];
    const index = createBitmapIndex({ schema, profiles });
    const today = parseSegment('d = today', { schema });
    expect(index.query(today, { at: '2026-11-21T23:59:59.999+08:00', zone: 'Asia/Shanghai' })).toEqual(['B']);
    expect(index.query(today, { at: '2026-11-22T00:00:00+08:00', zone: 'Asia/Shanghai' })).toEqual([]);
    expect(index.query(today, { at: '2026-11-20T12:00:00+08:00', zone: 'Asia/Shanghai' })).toEqual(['A']);
    // The same instant is still 20 November in Berlin.
    expect(index.query(today, { at: '2026-11-21T06:00:00+08:00', zone: 'Europe/Berlin' })).toEqual(['A']);
    expect(index.count(parseSegment('d >= -1d', { schema }), { at: '2026-11-21T12:00:00+08:00', zone: 'Asia/Shanghai' })).toBe(2);
    expect(index.count(parseSegment('d >= -1d', { schema }), { at: '2026-11-22T12:00:00+08:00', zone: 'Asia/Shanghai' })).toBe(1);
  });
});
