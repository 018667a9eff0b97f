import { describe, expect, it } from 'vitest';
import { compileSql, parseSegment, type SqlDialect } from '../src/index';
import { AT, mapping, schema, ZONE } from './fixtures';

const SEGMENT =
  "e = 'vip' AND purchased(category = 'baby', within = 90d) >= 2 AND d < -60d AND tags CONTAINS ANY ('t1', 't2') AND NOT (n BETWEEN 1 AND 3 OR m IS NULL) AND s IN ('x', 'y') AND b != TRUE";
const compile = (dialect: SqlDialect, text = SEGMENT) =>
  compileSql(parseSegment(text), { dialect, mapping: { ...mapping, columns: { d: 'last_visit' } }, schema, at: AT, zone: ZONE });

describe('compileSql golden output', () => {
  it('clickhouse', () => {
    const q = compile('clickhouse');
    expect(q.sql).toBe(
      "SELECT m.`id` FROM `members` AS m WHERE ((m.`e` = {p1:String}) AND (m.`id` IN (SELECT p.`member_id` FROM `purchases` AS p WHERE p.`category` = {p2:String} AND p.`purchased_at` >= parseDateTime64BestEffort({p3:String}, 3, 'UTC') GROUP BY p.`member_id` HAVING count() >= {p4:Int64})) AND (m.`last_visit` < parseDateTime64BestEffort({p5:String}, 3, 'UTC')) AND (has(m.`tags`, {p6:String}) OR has(m.`tags`, {p7:String})) AND (NOT (((m.`n` >= {p8:Float64}) AND (m.`n` <= {p9:Float64})) OR (m.`m` IS NULL))) AND (m.`s` IN ({p10:String}, {p11:String})) AND (m.`b` <> {p12:Bool}))",
    );
    expect(q.params).toEqual([
      { name: 'p1', type: 'string', value: 'vip' },
      { name: 'p2', type: 'string', value: 'baby' },
      { name: 'p3', type: 'timestamp', value: '2026-08-22T16:00:00.000Z' },
      { name: 'p4', type: 'integer', value: 2 },
      { name: 'p5', type: 'timestamp', value: '2026-09-21T16:00:00.000Z' },
      { name: 'p6', type: 'string', value: 't1' },
      { name: 'p7', type: 'string', value: 't2' },
      { name: 'p8', type: 'number', value: 1 },
      { name: 'p9', type: 'number', value: 3 },
      { name: 'p10', type: 'string', value: 'x' },
      { name: 'p11', type: 'string', value: 'y' },
      { name: 'p12', type: 'boolean', value: true },
    ]);
  });

  it('clickhouse: purchase counts that zero satisfies select by exclusion', () => {
    expect(compile('clickhouse', "purchased(category = 'baby') < 2").where).toBe(
      '(m.`id` NOT IN (SELECT p.`member_id` FROM `purchases` AS p WHERE p.`category` = {p1:String} GROUP BY p.`member_id` HAVING NOT (count() < {p2:Int64})))',
    );
  });

  it('mysql: ? placeholders in order, JSON tags, UTC wall-clock instants', () => {
    const q = compile('mysql');
    expect(q.sql).toBe(
      'SELECT m.`id` FROM `members` AS m WHERE ((m.`e` = ?) AND ((SELECT count(*) FROM `purchases` AS p WHERE p.`member_id` = m.`id` AND p.`category` = ? AND p.`purchased_at` >= ?) >= ?) AND (m.`last_visit` < ?) AND (COALESCE(JSON_CONTAINS(m.`tags`, JSON_QUOTE(?)), FALSE) OR COALESCE(JSON_CONTAINS(m.`tags`, JSON_QUOTE(?)), FALSE)) AND (NOT (((m.`n` >= ?) AND (m.`n` <= ?)) OR (m.`m` IS NULL))) AND (m.`s` IN (?, ?)) AND (m.`b` <> ?))',
    );
    expect(q.params.map((p) => p.value)).toEqual([
      'vip',
      'baby',
      '2026-08-22 16:00:00.000',
      2,
      '2026-09-21 16:00:00.000',
      't1',
      't2',
      1,
      3,
      'x',
      'y',
      true,
    ]);
  });

  it('bigquery', () => {
    expect(compile('bigquery').sql).toBe(
      'SELECT m.`id` FROM `members` AS m WHERE ((m.`e` = @p1) AND ((SELECT count(*) FROM `purchases` AS p WHERE p.`member_id` = m.`id` AND p.`category` = @p2 AND p.`purchased_at` >= @p3) >= @p4) AND (m.`last_visit` < @p5) AND ((@p6 IN UNNEST(m.`tags`)) OR (@p7 IN UNNEST(m.`tags`))) AND (NOT (((m.`n` >= @p8) AND (m.`n` <= @p9)) OR (m.`m` IS NULL))) AND (m.`s` IN (@p10, @p11)) AND (m.`b` <> @p12))',
    );
  });

  it('postgres and duckdb', () => {
    expect(compile('postgres', "tags CONTAINS 't1' AND d = today").where).toBe(
      '(COALESCE($1::text = ANY(m."tags"), FALSE) AND ((m."last_visit" >= $2::timestamptz) AND (m."last_visit" < $3::timestamptz)))',
    );
    expect(compile('duckdb', "tags CONTAINS 't1' AND d = today").where).toBe(
      '(COALESCE(list_contains(m."tags", $1), FALSE) AND ((m."last_visit" >= $2::TIMESTAMPTZ) AND (m."last_visit" < $3::TIMESTAMPTZ)))',
    );
  });

  it('never interpolates values: injection attempts stay parameters', () => {
    const evil = "x'; DROP TABLE members; --";
    for (const dialect of ['postgres', 'duckdb', 'clickhouse', 'bigquery', 'mysql'] as const) {
      const q = compile(dialect, `s = '${evil.replaceAll("'", "''")}' OR tags CONTAINS '${evil.replaceAll("'", "''")}'`);
      expect(q.sql).not.toContain('DROP');
      expect(q.params.map((p) => p.value)).toEqual([evil, evil]);
    }
  });

  it('quotes identifiers from the mapping', () => {
    const q = compileSql(parseSegment("s = 'x'"), {
      dialect: 'postgres',
      mapping: { table: 'we"ird', id: 'id', columns: { s: 'a"b' } },
      schema,
      at: AT,
      zone: ZONE,
    });
    expect(q.sql).toBe('SELECT m."id" FROM "we""ird" AS m WHERE (m."a""b" = $1)');
    const ch = compileSql(parseSegment("s = 'x'"), {
      dialect: 'clickhouse',
      mapping: { table: 'a`b', id: 'id' },
      schema,
      at: AT,
      zone: ZONE,
    });
    expect(ch.sql).toBe('SELECT m.`id` FROM `a\\`b` AS m WHERE (m.`s` = {p1:String})');
    const my = compileSql(parseSegment("s = 'x'"), {
      dialect: 'mysql',
      mapping: { table: 'a`b\\c', id: 'id' },
      schema,
      at: AT,
      zone: ZONE,
    });
    expect(my.sql).toBe('SELECT m.`id` FROM `a``b\\c` AS m WHERE (m.`s` = ?)');
  });

  it('fails clearly without a purchases mapping, with a bad dialect or identifier', () => {
    const ast = parseSegment("purchased(category = 'x') > 0");
    expect(() => compileSql(ast, { dialect: 'postgres', mapping: { table: 't', id: 'id' }, schema, at: AT, zone: ZONE })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_UNMAPPED_FIELD' }),
    );
    expect(() => compileSql(ast, { dialect: 'oracle' as SqlDialect, mapping, schema, at: AT, zone: ZONE })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }),
    );
    expect(() =>
      compileSql(parseSegment("s = 'x'"), { dialect: 'duckdb', mapping: { table: '', id: 'id' }, schema, at: AT, zone: ZONE }),
    ).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }));
    expect(() => compileSql(parseSegment('zz = 1'), { dialect: 'duckdb', mapping, schema, at: AT, zone: ZONE })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_UNKNOWN_FIELD' }),
    );
  });

  it('anniversary, day fields and purchases by SKU and brand, in every dialect (BigQuery is not run: golden only)', () => {
    const text = "anniversary(d) = today AND anniversary(bd) = 2027-03-01 AND bd < -18y AND purchased(sku = '1', brand = 'b') >= 1";
    const q = (dialect: SqlDialect) => compileSql(parseSegment(text), { dialect, mapping, schema, at: AT, zone: ZONE });
    expect(q('bigquery').where).toBe(
      '(((EXTRACT(MONTH FROM m.`d` AT TIME ZONE @p1) * 100 + EXTRACT(DAY FROM m.`d` AT TIME ZONE @p2)) IN (@p3) AND m.`d` < @p4) AND ((EXTRACT(MONTH FROM m.`bd`) * 100 + EXTRACT(DAY FROM m.`bd`)) IN (@p5, @p6) AND m.`bd` < @p7) AND (m.`bd` < @p8) AND ((SELECT count(*) FROM `purchases` AS p WHERE p.`member_id` = m.`id` AND p.`sku` = @p9 AND p.`brand` = @p10) >= @p11))',
    );
    expect(q('mysql').where).toBe(
      "(((MONTH(CONVERT_TZ(m.`d`, '+00:00', ?)) * 100 + DAYOFMONTH(CONVERT_TZ(m.`d`, '+00:00', ?))) IN (?) AND m.`d` < ?) AND ((MONTH(m.`bd`) * 100 + DAYOFMONTH(m.`bd`)) IN (?, ?) AND m.`bd` < ?) AND (m.`bd` < ?) AND ((SELECT count(*) FROM `purchases` AS p WHERE p.`member_id` = m.`id` AND p.`sku` = ? AND p.`brand` = ?) >= ?))",
    );
    // 1 March 2027 (a common year) also holds 29 February; "today" in Shanghai is 21 November; the zone is a bound value.
    const expectedParams = [
      ['zone', 'Asia/Shanghai'],
      ['zone', 'Asia/Shanghai'],
      ['integer', 1121],
      ['timestamp', '2026-11-20T16:00:00.000Z'],
      ['integer', 301],
      ['integer', 229],
      ['date', '2027-03-01'],
      ['date', '2008-11-21'],
      ['string', '1'],
      ['string', 'b'],
      ['integer', 1],
    ];
    for (const dialect of ['postgres', 'duckdb', 'clickhouse', 'bigquery'] as const)
      expect({ dialect, params: q(dialect).params.map((p) => [p.type, p.value]) }).toEqual({ dialect, params: expectedParams });
    expect(q('duckdb').where).toContain('(month(timezone($1::VARCHAR, m."d")) * 100 + day(timezone($2::VARCHAR, m."d"))) IN ($3)');
    expect(q('clickhouse').where).toContain('m.`bd` < {p7:Date32}');
    expect(q('postgres').where).toContain('(EXTRACT(MONTH FROM (m."d" AT TIME ZONE $1::text)) * 100');
  });
});
