import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileSql,
  defineProfileSchema,
  explain,
  type Profile,
  parseSegment,
  printSegment,
  type SegmentError,
  segmentFromJson,
  toPredicate,
} from '../src/index';
import { civil, dayNumber, formatDay, parseDay } from '../src/internal/calendar';
import { createBitmapIndex } from '../src/node/index';
import { mapping, schema } from './fixtures';

// Issue 15, segments: anniversary(…), day (date-only) fields, purchased(sku|brand = …), and
// line:column for segments parsed without a schema. Random agreement of all six engines on these
// forms is in conformance.test.ts; these are the cases worked by hand.

const ZONE = 'Asia/Shanghai';
const birthdays = defineProfileSchema({ birthday: { type: 'day' }, joinedAt: { type: 'date' }, visits: { type: 'number' } });
const member = (id: string, attributes: Record<string, unknown>, purchases: Profile['purchases'] = []): Profile => ({
  id,
  attributes,
  purchases,
});

/** Members in the segment, by the predicate and by the bitmap engine (which must agree). */
function members(text: string, population: readonly Profile[], at: string, zone = ZONE, s = birthdays): string[] {
  const ast = parseSegment(text, { schema: s });
  const byPredicate = population.filter((p) => toPredicate(ast, { schema: s, at, zone }).test(p)).map((p) => p.id);
  const byBitmap = createBitmapIndex({ schema: s, profiles: population }).query(ast, { at, zone });
  expect({ text, at, ids: [...byBitmap].sort() }).toEqual({ text, at, ids: [...byPredicate].sort() });
  return byPredicate;
}

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as SegmentError).code, message: (e as Error).message, details: (e as SegmentError).details };
  }
  return undefined;
};

describe('anniversary(field) = day', () => {
  const people = [
    member('leap', { birthday: '2000-02-29' }),
    member('feb28', { birthday: '1999-02-28' }),
    member('mar1', { birthday: '2001-03-01' }),
    member('today', { birthday: '1990-11-21' }),
    member('bornToday', { birthday: '2026-11-21' }),
    member('unknown', {}),
  ];

  it('selects the birthdays of the local day of `at`, in earlier years only', () => {
    // 21 Nov 2026 00:30 in Shanghai is still 20 Nov in UTC.
    expect(members('anniversary(birthday) = today', people, '2026-11-20T16:30:00Z')).toEqual(['today']);
    expect(members('anniversary(birthday) = today', people, '2026-11-20T16:30:00Z', 'UTC')).toEqual([]);
    expect(members('anniversary(birthday) = +1d', people, '2026-11-20T16:30:00Z', 'UTC')).toEqual(['today']);
  });

  it('puts a 29 February birthday on 1 March in common years and on 29 February in leap years', () => {
    expect(members('anniversary(birthday) = today', people, '2027-02-28T12:00:00+08:00')).toEqual(['feb28']);
    expect(members('anniversary(birthday) = today', people, '2027-03-01T12:00:00+08:00')).toEqual(['leap', 'mar1']);
    expect(members('anniversary(birthday) = today', people, '2028-02-29T12:00:00+08:00')).toEqual(['leap']);
    expect(members('anniversary(birthday) = today', people, '2028-03-01T12:00:00+08:00')).toEqual(['mar1']);
    expect(members('anniversary(birthday) = 2100-03-01', people, '2026-11-21T12:00:00+08:00')).toEqual(['leap', 'mar1']); // 2100 is not a leap year
  });

  it('is UNKNOWN for a NULL field, so NOT anniversary(…) does not select it either', () => {
    const at = '2026-11-21T12:00:00+08:00';
    const ast = parseSegment('anniversary(birthday) = today');
    expect(toPredicate(ast, { schema: birthdays, at, zone: ZONE }).truth(people[5] as Profile)).toBeNull();
    expect(members('NOT anniversary(birthday) = today', people, at)).toEqual(['leap', 'feb28', 'mar1', 'bornToday']);
  });

  it('turns join anniversaries of instants on the local day in the zone', () => {
    const joined = [
      member('a', { joinedAt: '2024-11-21T00:10:00+08:00' }), // 20 Nov in UTC
      member('b', { joinedAt: '2024-11-21T23:50:00+08:00' }),
      member('c', { joinedAt: '2024-11-20T23:59:59.999+08:00' }),
      member('leap', { joinedAt: '2024-02-29T08:00:00+08:00' }),
      member('new', { joinedAt: '2026-11-21T08:00:00+08:00' }), // joined today: no anniversary yet
    ];
    expect(members('anniversary(joinedAt) = today', joined, '2026-11-21T20:00:00+08:00')).toEqual(['a', 'b']);
    expect(members('anniversary(joinedAt) = today', joined, '2026-11-21T20:00:00Z', 'UTC')).toEqual(['b']); // a is 20 Nov in UTC
    expect(members('anniversary(joinedAt) = 2025-03-01', joined, '2026-11-21T20:00:00+08:00')).toEqual(['leap']);
  });

  it('handles instants centuries apart without walking every year (scan fallback)', () => {
    const far = [member('old', { joinedAt: -8.6e15 }), member('recent', { joinedAt: '2020-11-21T12:00:00+08:00' })];
    expect(members('anniversary(joinedAt) = today', far, '2026-11-21T20:00:00+08:00')).toEqual(['recent']);
  });

  it('is a parse error with anything but = and a day, and a type error on other fields', () => {
    expect(codeOf(() => parseSegment('anniversary(birthday) >= today'))).toMatchObject({
      code: 'SEGMENT_SYNTAX',
      details: { line: 1, column: 23, hint: 'an anniversary is a day: compare it with = (use OR for several days)' },
    });
    expect(codeOf(() => parseSegment("anniversary(birthday) = 'x'"))?.code).toBe('SEGMENT_SYNTAX');
    expect(codeOf(() => parseSegment('anniversary(visits) = today', { schema: birthdays }))).toMatchObject({
      code: 'SEGMENT_TYPE_MISMATCH',
      details: { line: 1, column: 1, field: 'visits' },
    });
    expect(codeOf(() => parseSegment('anniversary(birthdy) = today', { schema: birthdays }))).toMatchObject({
      code: 'SEGMENT_UNKNOWN_FIELD',
      details: { suggestion: 'birthday' },
    });
  });
});

describe('day fields (date-only values, YYYY-MM-DD)', () => {
  it('compares calendar days as they are: the zone only decides what today is', () => {
    const people = [member('a', { birthday: '2008-11-21' }), member('b', { birthday: '2008-11-22' }), member('c', {})];
    const at = '2026-11-20T16:30:00Z'; // 21 Nov in Shanghai, 20 Nov in UTC
    expect(members('birthday <= -18y', people, at)).toEqual(['a']);
    expect(members('birthday <= -18y', people, at, 'UTC')).toEqual([]);
    expect(members('birthday BETWEEN 2008-11-21 AND 2008-11-30', people, at)).toEqual(['a', 'b']);
    expect(members('birthday IS NULL', people, at)).toEqual(['c']);
  });

  it('accepts only a real YYYY-MM-DD: not a Date, epoch ms or an instant', () => {
    const ast = parseSegment('birthday < 2000-01-01');
    const test = (v: unknown) =>
      codeOf(() => toPredicate(ast, { schema: birthdays, at: 0, zone: ZONE }).test(member('x', { birthday: v })));
    expect(test('1999-12-31')).toBeUndefined();
    for (const bad of ['2026-02-29', '2026-2-1', '2026-11-21T00:00:00Z', new Date(0), 0, '0000-01-01', ' 2026-01-01'])
      expect({ bad, code: test(bad)?.code }).toEqual({ bad, code: 'SEGMENT_INVALID_PROFILE' });
  });

  it('calendar arithmetic round-trips every day of years 1–9999 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1, 1, 1), max: dayNumber(9999, 12, 31) }), (n) => {
        expect(parseDay(formatDay(n))).toBe(n);
        const [y, m, d] = civil(n);
        expect(formatDay(n)).toBe(
          new Date(Date.UTC(2000, m - 1, d) + 0).toISOString().slice(4, 10).replace(/^/, String(y).padStart(4, '0')),
        );
      }),
    );
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(formatDay(dayNumber(2024, 2, 29) + 1)).toBe('2024-03-01');
  });

  it('is explained as its day', () => {
    const e = explain(parseSegment('birthday < 2000-01-01'), member('x', { birthday: '1999-12-31' }), {
      schema: birthdays,
      at: 0,
      zone: ZONE,
    });
    expect(e.root.values).toEqual({ birthday: '1999-12-31' });
  });
});

describe('purchased(sku = …) and purchased(brand = …)', () => {
  const buyers = [
    member('sku', {}, [{ category: 'baby', sku: '6901234567892', brand: 'Goodbaby', at: '2026-11-01T10:00:00+08:00' }]),
    member('brand', {}, [
      { category: 'shoes', sku: '111', brand: 'Anta', at: '2026-11-01T10:00:00+08:00' },
      { category: 'shoes', sku: '222', brand: 'Anta', at: '2026-06-01T10:00:00+08:00' },
    ]),
    member('other', {}, [{ category: 'baby', brand: null, at: '2026-11-01T10:00:00+08:00' }]),
  ];
  const at = '2026-11-21T20:00:00+08:00';

  it('counts lines by SKU, by brand, and by every filter given together', () => {
    expect(members("purchased(sku = '6901234567892') >= 1", buyers, at)).toEqual(['sku']);
    expect(members("purchased(brand = 'Anta') = 2", buyers, at)).toEqual(['brand']);
    expect(members("purchased(brand = 'Anta', within = 30d) = 1", buyers, at)).toEqual(['brand']);
    expect(members("purchased(category = 'baby', brand = 'Goodbaby') >= 1", buyers, at)).toEqual(['sku']);
    expect(members("purchased(brand = 'anta') = 0", buyers, at)).toEqual(['sku', 'brand', 'other']); // case-sensitive
    expect(members("purchased(sku = '111', brand = 'Anta', category = 'shoes') >= 1", buyers, at)).toEqual(['brand']);
  });

  it('prints canonically and round-trips through text and JSON', () => {
    const ast = parseSegment("purchased(brand = 'A''s', within = 30d, sku = '1') > 0");
    expect(printSegment(ast)).toBe("purchased(sku = '1', brand = 'A''s', within = 30d) > 0");
    expect(parseSegment(printSegment(ast))).toEqual(ast);
    expect(segmentFromJson(JSON.parse(JSON.stringify(ast)))).toEqual(ast);
    const anniversary = parseSegment('anniversary(birthday) = -1d');
    expect(printSegment(anniversary)).toBe('anniversary(birthday) = -1d');
    expect(segmentFromJson(JSON.parse(JSON.stringify(anniversary)))).toEqual(anniversary);
  });

  it('rejects a call without a filter, a repeated filter and a bad JSON node', () => {
    expect(codeOf(() => parseSegment('purchased(within = 30d) > 0'))?.code).toBe('SEGMENT_SYNTAX');
    expect(codeOf(() => parseSegment("purchased(sku = 'a', sku = 'b') > 0"))?.code).toBe('SEGMENT_SYNTAX');
    expect(codeOf(() => parseSegment("purchased(brnad = 'a') > 0"))?.details).toMatchObject({ hint: 'did you mean brand?' });
    expect(codeOf(() => segmentFromJson({ type: 'purchased', within: null, op: '>', count: 0 }))?.code).toBe('SEGMENT_INVALID_AST');
    expect(codeOf(() => segmentFromJson({ type: 'anniversary', field: 'birthday', value: { type: 'string', value: 'x' } }))?.code).toBe(
      'SEGMENT_INVALID_AST',
    );
  });

  it('rejects a purchase line whose sku or brand is not a string', () => {
    const ast = parseSegment("purchased(sku = '1') > 0");
    const p = member('x', {}, [{ category: 'c', sku: 1 as unknown as string, at: 0 }]);
    expect(codeOf(() => toPredicate(ast, { schema: birthdays, at, zone: ZONE }).test(p))?.code).toBe('SEGMENT_INVALID_PROFILE');
    expect(codeOf(() => createBitmapIndex({ schema: birthdays, profiles: [p] }))?.code).toBe('SEGMENT_INVALID_PROFILE');
  });

  it('needs the SKU or brand column in the SQL mapping', () => {
    const noSku = { ...mapping, purchases: { table: 'p', member: 'm', category: 'c', at: 'a' } };
    expect(
      codeOf(() => compileSql(parseSegment("purchased(sku = '1') > 0"), { dialect: 'postgres', mapping: noSku, schema, at, zone: ZONE })),
    ).toMatchObject({ code: 'SEGMENT_UNMAPPED_FIELD', details: { field: 'purchases.sku' } });
  });
});

describe('a segment parsed without a schema still reports where a field is wrong', () => {
  const text = 'visits > 2\n  AND birthdy = 2000-01-01\n  OR anniversary(joined) = today';
  const ast = parseSegment(text); // no schema: nothing to check yet
  const at = '2026-11-21T20:00:00+08:00';

  it('toPredicate, compileSql and the bitmap engine report line:column of the parsed text', () => {
    const expected = { code: 'SEGMENT_UNKNOWN_FIELD', details: { line: 2, column: 7, field: 'birthdy', suggestion: 'birthday' } };
    expect(codeOf(() => toPredicate(ast, { schema: birthdays, at, zone: ZONE }))).toMatchObject(expected);
    expect(codeOf(() => compileSql(ast, { dialect: 'duckdb', mapping, schema: birthdays, at, zone: ZONE }))).toMatchObject(expected);
    expect(codeOf(() => createBitmapIndex({ schema: birthdays }).count(ast, { at, zone: ZONE }))).toMatchObject(expected);
    expect(codeOf(() => toPredicate(ast, { schema: birthdays, at, zone: ZONE }))?.message).toMatch(/^2:7: unknown field "birthdy"/);
    const second = parseSegment('visits > 2\n  OR anniversary(joined) = today');
    expect(codeOf(() => toPredicate(second, { schema: birthdays, at, zone: ZONE }))).toMatchObject({
      details: { line: 2, column: 6, field: 'joined' },
    });
  });

  it('an AST built by hand or from JSON has no position to report', () => {
    const json = segmentFromJson(JSON.parse(JSON.stringify(ast)));
    const e = codeOf(() => toPredicate(json, { schema: birthdays, at, zone: ZONE }));
    expect(e?.code).toBe('SEGMENT_UNKNOWN_FIELD');
    expect(e?.details).not.toHaveProperty('line');
  });
});
