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
  tags: { type: 'tags' },
});

export const mapping = {
  table: 'members',
  id: 'id',
  purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at' },
} as const;

const STRINGS = ['x', 'y', 'Z', "o'q", '', '北京'];
const TAGS = ['t1', 't2', 't3', 'T1'];
const CATS = ['baby', 'food'];

// Dates land on or near local day boundaries (Shanghai midnight is 16:00 UTC) to catch off-by-one days.
const instant = fc.tuple(fc.integer({ min: -130, max: 2 }), fc.constantFrom(0, 1, -1, 3_600_000, 43_200_000, DAY - 1)).map(([days, ms]) => {
  const midnight = Date.UTC(2026, 10, 21) - 8 * 3_600_000;
  return midnight + days * DAY + ms;
});

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

export const profileArb = (id: string): fc.Arbitrary<Profile> =>
  fc
    .record({
      s: maybe(fc.constantFrom(...STRINGS)),
      e: maybe(fc.constantFrom('gold', 'silver', 'vip')),
      n: maybe(fc.constantFrom(-2, -1, 0, 0.5, 1, 2, 3, 1e6)),
      m: maybe(fc.integer({ min: 0, max: 5 })),
      b: maybe(fc.boolean()),
      d: maybe(instant),
      tags: fc.option(fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 }), { nil: null, freq: 5 }),
      purchases: fc.array(fc.record({ category: fc.constantFrom(...CATS), at: instant }), { maxLength: 4 }),
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
