import { describe, expect, it } from 'vitest';
import {
  compileSql,
  computeTraits,
  explain,
  parseSegment,
  printSegment,
  segmentFromJson,
  spendWithin,
  toPredicate,
  visitsWithin,
} from '../src/index';
import { createBitmapIndex } from '../src/node/index';
import { AT, mapping, schema, ZONE } from './fixtures';

const when = { schema, at: AT, zone: ZONE };

describe('limit options (fuzzer finding: a NaN or huge maxDepth switched the limit off and overflowed the stack)', () => {
  const invalid = expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' });
  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e300, 0, -1, 2.5, 257])(
    'rejects maxDepth %s with SEGMENT_INVALID_OPTIONS',
    (maxDepth) => {
      expect(() => parseSegment('n > 1', { maxDepth })).toThrow(invalid);
      expect(() => segmentFromJson({ type: 'isNull', field: 'n', negated: false }, { maxDepth })).toThrow(invalid);
    },
  );

  it('rejects wrong-typed or out-of-range list and length limits, naming the option', () => {
    expect(() => parseSegment('n > 1', { maxListLength: '5' as never })).toThrow(
      /maxListLength: expected a whole number from 1 to 100000, received string/,
    );
    expect(() => parseSegment('n > 1', { maxLength: 1e8 })).toThrow(
      /maxLength: expected a whole number from 1 to 10000000, received 100000000/,
    );
  });

  it('at the highest allowed depth every engine still answers (no stack overflow)', () => {
    const text = `${'NOT ('.repeat(127)}n > 1${')'.repeat(127)}`;
    const ast = parseSegment(text, { maxDepth: 256, schema });
    expect(toPredicate(ast, when).test({ id: 'a', attributes: { n: 2 } })).toBe(false);
    expect(explain(ast, { id: 'a', attributes: { n: 2 } }, when).inSegment).toBe(false);
    expect(compileSql(ast, { dialect: 'postgres', mapping, ...when }).sql).toContain('NOT');
    expect(printSegment(ast)).toContain('n > 1');
    expect(() => parseSegment(`${'('.repeat(20_000)}n > 1${')'.repeat(20_000)}`, { maxDepth: 256 })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_TOO_DEEP' }),
    );
  });
});

describe('profiles of the wrong shape (fuzzer finding: a TypeError escaped)', () => {
  const isIn = toPredicate(parseSegment("n > 1 AND purchased(category = 'baby') >= 1"), when);
  it.each([
    ['no attributes', { id: 'p' }],
    ['null attributes', { id: 'p', attributes: null }],
    ['a numeric id', { id: 7, attributes: {} }],
    ['purchases that are not an array', { id: 'p', attributes: { n: 2 }, purchases: {} }],
    ['a purchase that is null', { id: 'p', attributes: { n: 2 }, purchases: [null] }],
    ['a purchase without a category', { id: 'p', attributes: { n: 2 }, purchases: [{ at: 0 }] }],
    ['null', null],
  ])('rejects a profile with %s with SEGMENT_INVALID_PROFILE', (_, profile) => {
    const invalid = expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' });
    expect(() => isIn.test(profile as never)).toThrow(invalid);
    expect(() => isIn.truth(profile as never)).toThrow(invalid);
    expect(() => explain(parseSegment("purchased(category = 'baby') >= 1"), profile as never, when)).toThrow(invalid);
  });
});

describe('bitmap index and bad profiles', () => {
  it('a bad new profile leaves no slot behind (it used to be registered before its values were checked)', () => {
    const index = createBitmapIndex({ schema });
    index.upsert({ id: 'A', attributes: { n: 1 } });
    for (const bad of [{ id: 'B', attributes: { n: 'x' } }, { id: 'C' }, { id: 'D', attributes: {}, purchases: [{ at: 0 }] }]) {
      expect(() => index.upsert(bad as never)).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }));
    }
    expect(index.size).toBe(1);
    expect(index.has('B')).toBe(false);
    expect(index.query(parseSegment('n IS NULL OR n >= 1'), { at: AT, zone: ZONE })).toEqual(['A']);
  });
});

describe('member events of the wrong shape (fuzzer finding: a TypeError escaped; bad amounts were summed)', () => {
  const traits = { visits: visitsWithin(30, 'd'), spend: spendWithin(30, 'd') };
  const at = { at: AT, zone: ZONE };
  const visit = { type: 'visit' as const, at: '2026-11-20T10:00:00+08:00' };
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an unknown type', { type: 'refund', at: visit.at }],
    ['a purchase without a category', { type: 'purchase', at: visit.at, amountFen: 1 }],
    ['a negative amount', { type: 'purchase', at: visit.at, category: 'baby', amountFen: -500 }],
    ['a fractional amount', { type: 'purchase', at: visit.at, category: 'baby', amountFen: 0.5 }],
    ['a NaN amount', { type: 'purchase', at: visit.at, category: 'baby', amountFen: Number.NaN }],
  ])('rejects %s with SEGMENT_INVALID_PROFILE naming its index', (_, bad) => {
    expect(() => computeTraits([visit, bad as never], traits, at)).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE', details: { index: 1 } }),
    );
  });

  it('rejects events that are not an array', () => {
    expect(() => computeTraits({} as never, traits, at)).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }));
  });

  it('still sums good purchases', () => {
    const purchase = { type: 'purchase' as const, at: visit.at, category: 'baby', amountFen: 12_900 };
    expect(computeTraits([visit, purchase, purchase], traits, at)).toEqual({ visits: 1, spend: 25_800 });
  });
});
