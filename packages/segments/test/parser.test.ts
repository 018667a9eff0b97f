import { AisleError } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSegment, printSegment, type SegmentAst, type SegmentError, segmentFromJson } from '../src/index';
import { schema, segmentArb } from './fixtures';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return { code: (e as SegmentError).code, message: (e as Error).message, details: (e as SegmentError).details };
  }
  throw new Error('did not throw');
};

describe('parseSegment', () => {
  it('parses the issue example into the documented AST', () => {
    const ast = parseSegment("tier = 'vip' AND purchased(category = 'baby', within = 90d) >= 2 AND lastVisit < -60d");
    expect(ast).toEqual({
      type: 'and',
      args: [
        { type: 'compare', field: 'tier', op: '=', value: { type: 'string', value: 'vip' } },
        { type: 'purchased', category: 'baby', within: { amount: 90, unit: 'd' }, op: '>=', count: 2 },
        { type: 'compare', field: 'lastVisit', op: '<', value: { type: 'relative', offset: -60, unit: 'd' } },
      ],
    });
  });

  it('is case-insensitive for keywords, binds NOT tighter than AND tighter than OR, keeps groups', () => {
    const ast = parseSegment(
      "not a = 1 and b in (1, 2) or (c is not null or d not between -3m and today) and tags contains all ('x', 'y')",
    );
    expect(printSegment(ast)).toBe(
      "NOT a = 1 AND b IN (1, 2) OR (c IS NOT NULL OR d NOT BETWEEN -3m AND today) AND tags CONTAINS ALL ('x', 'y')",
    );
    expect(ast.type).toBe('or');
    expect(parseSegment('x <> 1')).toEqual({ type: 'compare', field: 'x', op: '!=', value: { type: 'number', value: 1 } });
    expect(parseSegment("s = 'it''s'")).toEqual({ type: 'compare', field: 's', op: '=', value: { type: 'string', value: "it's" } });
    expect(parseSegment('d >= 2026-02-28 AND n = -0.5e3 AND b = TRUE AND d > +7d')).toMatchObject({
      args: [
        { value: { type: 'date', value: '2026-02-28' } },
        { value: { type: 'number', value: -500 } },
        { value: { type: 'boolean', value: true } },
        { value: { type: 'relative', offset: 7, unit: 'd' } },
      ],
    });
    expect(parseSegment("purchased(within = 1y, category = 'x') = 0")).toMatchObject({ within: { amount: 1, unit: 'y' } });
    expect(parseSegment("purchased(category = 'x') > 0")).toMatchObject({ within: null });
  });

  it('round-trips: parseSegment(printSegment(ast)) equals ast', () => {
    fc.assert(
      fc.property(segmentArb, (ast) => {
        expect(parseSegment(printSegment(ast))).toEqual(ast);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips arbitrary strings and finite numbers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), (s, n) => {
        const ast: SegmentAst = {
          type: 'and',
          args: [
            { type: 'compare', field: 's', op: '=', value: { type: 'string', value: s } },
            { type: 'compare', field: 'n', op: '<', value: { type: 'number', value: n } },
          ],
        };
        expect(parseSegment(printSegment(ast))).toEqual(ast);
      }),
      { numRuns: 300 },
    );
  });

  it('hints at the likely mistake: an unquoted enum value, a misspelt keyword', () => {
    const hint = (text: string) => {
      try {
        parseSegment(text);
      } catch (e) {
        return { message: (e as Error).message, hint: (e as { details?: { hint?: string } }).details?.hint };
      }
      return null;
    };
    expect(hint('tier = vip')).toEqual({
      message:
        '1:8: expected a literal (string, number, TRUE/FALSE, date, -30d or today), found "vip" (strings and enum values are quoted: did you mean \'vip\'?)',
      hint: "strings and enum values are quoted: did you mean 'vip'?",
    });
    expect(hint('s IN (x, y)')?.hint).toBe("strings and enum values are quoted: did you mean 'x'?");
    expect(hint("tags CONTAIN 'x'")?.hint).toBe('did you mean CONTAINS?');
    expect(hint("tags contians 'x'")?.hint).toBe('did you mean CONTAINS?');
    expect(hint("s = 'x' ADN n > 1")?.hint).toBe('did you mean AND?');
    expect(hint("s = 'x' zzzzzz n > 1")?.hint).toBeUndefined();
  });

  it('reports syntax errors with line:column and what was expected', () => {
    expect(codeOf(() => parseSegment("tier = 'vip'\n  AND (visits30d >"))).toMatchObject({
      code: 'SEGMENT_SYNTAX',
      message: '2:19: expected a literal (string, number, TRUE/FALSE, date, -30d or today), found end of input',
      details: { line: 2, column: 19 },
    });
    expect(codeOf(() => parseSegment("s = 'open"))).toMatchObject({ code: 'SEGMENT_SYNTAX', details: { line: 1, column: 5 } });
    expect(codeOf(() => parseSegment('a = 1 b = 2')).message).toBe('1:7: expected AND, OR or end of input, found "b"');
    expect(codeOf(() => parseSegment('a ; 1')).message).toBe('1:3: unexpected character ";"');
    expect(codeOf(() => parseSegment('a = 2026-02-30')).message).toBe('1:5: invalid date "2026-02-30"');
    expect(codeOf(() => parseSegment('a = 12abc')).code).toBe('SEGMENT_SYNTAX');
    expect(codeOf(() => parseSegment('a = 1e999')).message).toMatch(/number out of range/);
    expect(codeOf(() => parseSegment('a = 1.5d')).message).toMatch(/whole number/);
    expect(codeOf(() => parseSegment('a = NULL')).message).toMatch(/IS NULL/);
    expect(codeOf(() => parseSegment('a NOT CONTAINS x')).message).toMatch(/expected IN or BETWEEN/);
    expect(codeOf(() => parseSegment('a LIKE 1')).message).toMatch(/expected a comparison, IN, BETWEEN, CONTAINS or IS/);
    expect(codeOf(() => parseSegment('and = 1')).message).toMatch(/expected a field name/);
    expect(codeOf(() => parseSegment("tags CONTAINS ANY 'x'")).message).toMatch(/expected "\("/);
    expect(codeOf(() => parseSegment('tags CONTAINS 1')).message).toMatch(/a string literal/);
    expect(codeOf(() => parseSegment('a IS NOT 1')).message).toMatch(/expected NULL/);
    expect(codeOf(() => parseSegment("purchased(category = 'x', within = -3d) > 1")).message).toMatch(/a duration such as 90d/);
    expect(codeOf(() => parseSegment("purchased(category = 'x', category = 'y') > 1")).code).toBe('SEGMENT_SYNTAX');
    expect(codeOf(() => parseSegment('purchased(within = 3d) > 1')).message).toMatch(/category/);
    expect(codeOf(() => parseSegment("purchased(category = 'x' within = 3d) > 1")).message).toMatch(/"," or "\)"/);
    expect(codeOf(() => parseSegment("purchased(category = 'x') 1")).message).toMatch(/a comparison after purchased/);
    expect(codeOf(() => parseSegment("purchased(category = 'x') > 1.5")).message).toMatch(/a whole count/);
    expect(codeOf(() => parseSegment(42 as unknown as string)).code).toBe('SEGMENT_SYNTAX');
  });

  it('rejects unknown functions, deep nesting, huge lists and huge inputs with their codes', () => {
    expect(codeOf(() => parseSegment('bought(x = 1) > 2'))).toMatchObject({
      code: 'SEGMENT_UNKNOWN_FUNCTION',
      details: { line: 1, column: 1 },
    });
    const deep = `${'('.repeat(100_000)}a = 1${')'.repeat(100_000)}`;
    expect(codeOf(() => parseSegment(deep, { maxLength: 1_000_000 })).code).toBe('SEGMENT_TOO_DEEP');
    expect(codeOf(() => parseSegment(`${'NOT '.repeat(65)}a = 1`)).code).toBe('SEGMENT_TOO_DEEP');
    expect(parseSegment(`${'NOT '.repeat(64)}a = 1`).type).toBe('not');
    const list = Array.from({ length: 1001 }, (_, i) => `'v${i}'`).join(', ');
    expect(codeOf(() => parseSegment(`s IN (${list})`)).code).toBe('SEGMENT_LIST_TOO_LARGE');
    expect(parseSegment(`s IN (${list})`, { maxListLength: 2000 })).toMatchObject({ type: 'in' });
    expect(codeOf(() => parseSegment('a = 1 '.repeat(20_000))).code).toBe('SEGMENT_INPUT_TOO_LONG');
  });

  it('type-checks with a schema: unknown fields get suggestions and line:column', () => {
    expect(codeOf(() => parseSegment("s = 'x' AND\n   nn > 1", { schema }))).toMatchObject({
      code: 'SEGMENT_UNKNOWN_FIELD',
      message: '2:4: unknown field "nn"; did you mean "n"?',
      details: { field: 'nn', suggestion: 'n', line: 2, column: 4 },
    });
    expect(codeOf(() => parseSegment('zzzzzzzz > 1', { schema })).message).toBe('1:1: unknown field "zzzzzzzz"');
    expect(codeOf(() => parseSegment("e = 'vipp'", { schema }))).toMatchObject({
      code: 'SEGMENT_TYPE_MISMATCH',
      details: { suggestion: 'vip' },
    });
    for (const text of [
      "e > 'vip'",
      "n = 'x'",
      'm = 1.5',
      'b = 1',
      "d > 'x'",
      "tags = 'x'",
      'tags IS NULL',
      "s CONTAINS 'x'",
      'b IN (TRUE)',
      "s BETWEEN 'a' AND 'b'",
    ]) {
      expect(codeOf(() => parseSegment(text, { schema })).code, text).toBe('SEGMENT_TYPE_MISMATCH');
    }
  });

  it('never throws anything but AisleError on arbitrary input (fuzz)', () => {
    const pieces = fc.constantFrom(
      '(',
      ')',
      'AND',
      'OR',
      'NOT',
      'IN',
      'BETWEEN',
      'CONTAINS',
      'ANY',
      'IS',
      'NULL',
      "'x'",
      "'",
      '1',
      '-30d',
      '2026-01-01',
      'today',
      'purchased',
      'category',
      '=',
      '>=',
      ',',
      'a',
      's',
      'e',
      'tags',
      '\n',
      ' ',
      '9e999',
      '-',
      '+',
    );
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(pieces, { maxLength: 40 }).map((xs) => xs.join(' ')),
      fc.array(pieces, { maxLength: 40 }).map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(input, fc.boolean(), (text, typed) => {
        try {
          const ast = parseSegment(text, typed ? { schema } : {});
          expect(parseSegment(printSegment(ast))).toEqual(ast);
        } catch (e) {
          expect(AisleError.isInstance(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // 2,000 parses and reprints: about 1 s alone, but CI shares two cores with the other suites.
  }, 60_000);
});

describe('segmentFromJson', () => {
  it('accepts a valid AST and checks it against the schema', () => {
    const ast = parseSegment("tags CONTAINS 'vip' AND m >= 100");
    expect(segmentFromJson(JSON.parse(JSON.stringify(ast)), { schema })).toEqual(ast);
    expect(codeOf(() => segmentFromJson({ type: 'isNull', field: 'zz', negated: false }, { schema })).code).toBe('SEGMENT_UNKNOWN_FIELD');
  });

  it('rejects malformed, deep and oversized documents with their codes', () => {
    expect(codeOf(() => segmentFromJson({ type: 'and', args: [] })).code).toBe('SEGMENT_INVALID_AST');
    expect(codeOf(() => segmentFromJson({ type: 'compare', field: 'a', op: '=', value: { type: 'number', value: Number.NaN } })).code).toBe(
      'SEGMENT_INVALID_AST',
    );
    expect(codeOf(() => segmentFromJson({ type: 'contains', field: 'tags', mode: 'one', values: ['a', 'b'] })).code).toBe(
      'SEGMENT_INVALID_AST',
    );
    let deep: unknown = { type: 'isNull', field: 'a', negated: false };
    for (let i = 0; i < 100_000; i++) deep = { type: 'not', arg: deep };
    expect(codeOf(() => segmentFromJson(deep)).code).toBe('SEGMENT_TOO_DEEP');
    let notDeep: unknown = { type: 'isNull', field: 'a', negated: false };
    for (let i = 0; i < 65; i++) notDeep = { type: 'not', arg: notDeep };
    expect(codeOf(() => segmentFromJson(notDeep, { maxDepth: 64 })).code).toBe('SEGMENT_TOO_DEEP');
    const values = Array.from({ length: 1001 }, () => ({ type: 'number', value: 1 }));
    expect(codeOf(() => segmentFromJson({ type: 'in', field: 'n', values, negated: false })).code).toBe('SEGMENT_LIST_TOO_LARGE');
  });
});
