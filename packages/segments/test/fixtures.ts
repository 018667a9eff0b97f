import fc from 'fast-check';
import { type CompareOp, defineProfileSchema, type Literal, type Profile, type SegmentAst } from '../src/index';

export const AT = '2026-11-21T20:30:00+08:00';
export const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

export const schema = defineProfileSchema({
  s: { type: 'string' },
  e: { type: 'enum', values: ['gold', 'silver', 'vip'] },
  n: { type: 'number' },
  m: { type: 'money' },
  b: { type: 'boolean' },
  d: { type: 'date' },
  bd: { type: 'day' },
  tags: { type: 'tags' },
});

export const mapping = {
  table: 'members',
  id: 'id',
  purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at', sku: 'sku', brand: 'brand' },
} as const;

const STRINGS = ['x', 'y', 'Z', "o'q", '', '北京'];
const TAGS = ['t1', 't2', 't3', 'T1'];
const CATS = ['baby', 'food'];
const SKUS = ['6901234567892', '6901234567908', "s'1"];
const BRANDS = ['Anta', 'anta', '李宁'];

// Dates land on or near local day boundaries (Shanghai midnight is 16:00 UTC) to catch off-by-one days.
const instant = fc.tuple(fc.integer({ min: -130, max: 2 }), fc.constantFrom(0, 1, -1, 3_600_000, 43_200_000, DAY - 1)).map(([days, ms]) => {
  const midnight = Date.UTC(2026, 10, 21) - 8 * 3_600_000;
  return midnight + days * DAY + ms;
});

// Instants on the local days anniversaries turn on (AT is 21 November 2026, a common year; 1 March
// 2026 is where a 29 February anniversary falls), at and around local midnight.
const localMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * 3_600_000;
const anniversaryInstant = fc
  .tuple(
    fc.constantFrom<[number, number, number]>(
      [2024, 2, 29],
      [2025, 11, 21],
      [2025, 11, 20],
      [2025, 11, 22],
      [1990, 11, 21],
      [2023, 3, 1],
      [2025, 2, 28],
      [2026, 11, 21],
      [2026, 11, 22],
    ),
    fc.constantFrom(0, 1, -1, 3_600_000, DAY - 1),
  )
  .map(([[y, m, d], ms]) => localMidnight(y, m, d) + ms);

// Calendar days (no zone) around the same anniversaries, in leap and common years, and in the future.
const DAYS = [
  '1990-11-21',
  '2024-02-29',
  '2000-02-29',
  '1999-02-28',
  '2001-03-01',
  '2025-11-20',
  '2025-11-22',
  '2026-11-21',
  '2027-11-21',
  '1970-01-01',
  '1969-12-31',
  '0001-01-01',
  '9999-12-31',
];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

export const profileArb = (id: string): fc.Arbitrary<Profile> =>
  fc
    .record({
      s: maybe(fc.constantFrom(...STRINGS)),
      e: maybe(fc.constantFrom('gold', 'silver', 'vip')),
      n: maybe(fc.constantFrom(-2, -1, 0, 0.5, 1, 2, 3, 1e6)),
      m: maybe(fc.integer({ min: 0, max: 5 })),
      b: maybe(fc.boolean()),
      d: maybe(fc.oneof(instant, anniversaryInstant)),
      bd: maybe(fc.constantFrom(...DAYS)),
      tags: fc.option(fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 }), { nil: null, freq: 5 }),
      purchases: fc.array(
        fc.record(
          {
            category: fc.constantFrom(...CATS),
            sku: fc.option(fc.constantFrom(...SKUS), { nil: null }),
            brand: fc.option(fc.constantFrom(...BRANDS), { nil: null }),
            at: instant,
          },
          { requiredKeys: ['category', 'at'] },
        ),
        { maxLength: 4 },
      ),
    })
    .map(({ purchases, ...attrs }) => {
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(attrs)) if (v !== null || k === 'n') attributes[k] = v;
      return { id, attributes, purchases };
    });

export const populationArb = (size: number) =>
  fc.tuple(...Array.from({ length: size }, (_, i) => profileArb(`M${String(i).padStart(3, '0')}`)));

const relArb: fc.Arbitrary<Literal> = fc.oneof(
  fc.record({ type: fc.constant('relative' as const), offset: fc.integer({ min: -130, max: 2 }), unit: fc.constant('d' as const) }),
  fc.record({
    type: fc.constant('relative' as const),
    offset: fc.integer({ min: -4, max: 0 }),
    unit: fc.constantFrom('w' as const, 'm' as const),
  }),
  fc
    .integer({ min: -130, max: 2 })
    .map((days) => ({ type: 'date' as const, value: new Date(Date.UTC(2026, 10, 21) + days * DAY).toISOString().slice(0, 10) })),
);
const dayLitArb: fc.Arbitrary<Literal> = fc.oneof(
  relArb,
  fc.constantFrom(...DAYS, '2000-02-28', '2000-03-01').map((value) => ({ type: 'date' as const, value })),
  fc.constantFrom(-1, -12, -26, -36).map((offset) => ({ type: 'relative' as const, offset, unit: 'y' as const })),
);
// The day an anniversary is asked about: today and its neighbours, 1 March of a common year
// (2026: -265d), 28 February, and leap-year days.
const anniversaryDayArb: fc.Arbitrary<Literal> = fc.oneof(
  fc.constantFrom(0, 1, -1, -265, -266).map((offset) => ({ type: 'relative' as const, offset, unit: 'd' as const })),
  fc
    .constantFrom('2026-03-01', '2026-02-28', '2028-02-29', '2028-03-01', '2027-03-01', '2025-11-21')
    .map((value) => ({ type: 'date' as const, value })),
);
const ops = fc.constantFrom<CompareOp>('=', '!=', '<', '<=', '>', '>=');
const eqOps = fc.constantFrom<CompareOp>('=', '!=');
const str = (xs: readonly string[]) => fc.constantFrom(...xs).map((value) => ({ type: 'string' as const, value }));
const num = fc.constantFrom(-1, 0, 0.5, 1, 2, 3).map((value) => ({ type: 'number' as const, value }));
const money = fc.integer({ min: 0, max: 5 }).map((value) => ({ type: 'number' as const, value }));

const leafArb: fc.Arbitrary<SegmentAst> = fc.oneof(
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('s'), op: eqOps, value: str(STRINGS) }),
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('e'), op: eqOps, value: str(['gold', 'silver', 'vip']) }),
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('n'), op: ops, value: num }),
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('m'), op: ops, value: money }),
  fc.record({
    type: fc.constant('compare' as const),
    field: fc.constant('b'),
    op: eqOps,
    value: fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
  }),
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('d'), op: ops, value: relArb }),
  fc.record({
    type: fc.constant('in' as const),
    field: fc.constantFrom('s'),
    values: fc.array(str(STRINGS), { minLength: 1, maxLength: 3 }),
    negated: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('in' as const),
    field: fc.constantFrom('n'),
    values: fc.array(num, { minLength: 1, maxLength: 3 }),
    negated: fc.boolean(),
  }),
  fc.record({ type: fc.constant('between' as const), field: fc.constant('m'), low: money, high: money, negated: fc.boolean() }),
  fc.record({ type: fc.constant('between' as const), field: fc.constant('d'), low: relArb, high: relArb, negated: fc.boolean() }),
  fc.record({
    type: fc.constant('contains' as const),
    field: fc.constant('tags'),
    mode: fc.constant('one' as const),
    values: fc.tuple(fc.constantFrom(...TAGS)),
  }),
  fc.record({
    type: fc.constant('contains' as const),
    field: fc.constant('tags'),
    mode: fc.constantFrom('any' as const, 'all' as const),
    values: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ type: fc.constant('isNull' as const), field: fc.constantFrom('s', 'e', 'n', 'm', 'b', 'd'), negated: fc.boolean() }),
  fc.record({ type: fc.constant('compare' as const), field: fc.constant('bd'), op: ops, value: dayLitArb }),
  fc.record({ type: fc.constant('between' as const), field: fc.constant('bd'), low: dayLitArb, high: dayLitArb, negated: fc.boolean() }),
  fc.record({ type: fc.constant('anniversary' as const), field: fc.constantFrom('d', 'bd'), value: anniversaryDayArb }),
  fc
    .record(
      {
        type: fc.constant('purchased' as const),
        category: fc.constantFrom(...CATS, 'toys'),
        sku: fc.constantFrom(...SKUS, 'none'),
        brand: fc.constantFrom(...BRANDS),
        within: fc.option(fc.record({ amount: fc.integer({ min: 0, max: 120 }), unit: fc.constant('d' as const) }), { nil: null }),
        op: ops,
        count: fc.integer({ min: 0, max: 2 }),
      },
      { requiredKeys: ['type', 'within', 'op', 'count'] },
    )
    .filter((p) => p.category !== undefined || p.sku !== undefined || p.brand !== undefined),
  fc.record({
    type: fc.constant('purchased' as const),
    category: fc.constantFrom(...CATS, 'toys'),
    within: fc.option(
      fc.record({ amount: fc.integer({ min: 0, max: 120 }), unit: fc.constantFrom('d' as const, 'w' as const, 'm' as const) }),
      { nil: null },
    ),
    op: ops,
    count: fc.integer({ min: 0, max: 3 }),
  }),
);

export const segmentArb: fc.Arbitrary<SegmentAst> = fc.letrec<{ node: SegmentAst }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ type: fc.constantFrom('and' as const, 'or' as const), args: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ type: fc.constant('not' as const), arg: tie('node') }),
  ),
})).node;
