import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSql, type Profile, parseSegment, type SegmentAst, type SqlDialect, toPredicate } from '../src/index';
import { quoteIdent } from '../src/sql';
import { mysqlUrl, openChdb, openDuckDb, openMariaDb, openPglite, type SqlEngine } from './engines';
import { AT, schema, ZONE } from './fixtures';

// Deterministic checks on the real engines, beside the random conformance test: the findings the
// ClickHouse and MariaDB runs produced stay pinned, and hostile identifiers and values stay data.

let engines: SqlEngine[] = [];
beforeAll(async () => {
  engines = [await openDuckDb(), await openPglite(), await openChdb()];
  if (mysqlUrl !== undefined) engines.push(await openMariaDb(mysqlUrl));
}, 60_000);
afterAll(async () => {
  for (const e of engines) await e.close();
});

const DAY = 86_400_000;
const SH_MIDNIGHT = Date.UTC(2026, 10, 21) - 8 * 3_600_000; // 2026-11-21 00:00 in Asia/Shanghai

const expected = (population: readonly Profile[], ast: SegmentAst) =>
  population
    .filter((p) => toPredicate(ast, { schema, at: AT, zone: ZONE }).test(p))
    .map((p) => p.id)
    .sort();

describe('findings of the real-engine runs, pinned', () => {
  const population: Profile[] = [
    { id: 'A', attributes: { tags: ['t1'], d: SH_MIDNIGHT }, purchases: [{ category: 'baby', at: SH_MIDNIGHT - DAY }] },
    { id: 'B', attributes: { tags: [], d: SH_MIDNIGHT - 1 }, purchases: [] },
    { id: 'C', attributes: { tags: null, d: null }, purchases: [] },
  ];

  it('counts zero purchases as 0, not NULL (ClickHouse decorrelates count(*) into NULL)', async () => {
    for (const text of ["purchased(category = 'baby') = 0", "purchased(category = 'baby') < 1", "purchased(category = 'toys') >= 0"]) {
      const ast = parseSegment(text);
      expect(expected(population, ast).length).toBeGreaterThan(0);
      for (const e of engines) {
        await e.load(population);
        expect({ engine: e.name, text, ids: await e.members(ast) }).toEqual({ engine: e.name, text, ids: expected(population, ast) });
      }
    }
  });

  it('binds instants across local-day boundaries (ISO `Z` in ClickHouse, UTC wall clock in MySQL)', async () => {
    for (const text of ['d = today', 'd < today', 'd >= -1d', "purchased(category = 'baby', within = 1d) = 1"]) {
      const ast = parseSegment(text);
      for (const e of engines) {
        await e.load(population);
        expect({ engine: e.name, text, ids: await e.members(ast) }).toEqual({ engine: e.name, text, ids: expected(population, ast) });
      }
    }
  });

  it('treats a NULL tag set as empty: NOT CONTAINS selects it (MySQL JSON_CONTAINS(NULL, …) is NULL)', async () => {
    const ast = parseSegment("NOT tags CONTAINS 't1'");
    expect(expected(population, ast)).toEqual(['B', 'C']);
    for (const e of engines) {
      await e.load(population);
      expect({ engine: e.name, ids: await e.members(ast) }).toEqual({ engine: e.name, ids: ['B', 'C'] });
    }
  });

  it('runs on MariaDB whenever the server is there (CI requires it)', () => {
    expect(engines.map((e) => e.name)).toEqual(
      mysqlUrl === undefined ? ['duckdb', 'postgres', 'clickhouse'] : ['duckdb', 'postgres', 'clickhouse', 'mysql'],
    );
  });
});

describe('hostile identifiers and values stay data on every real engine', () => {
  const HOSTILE = [
    "x'; DROP TABLE canary; --",
    "\\'; DROP TABLE canary; -- ",
    '\\',
    '`',
    '"',
    '$1',
    '?',
    '{p1:String}',
    '@p1',
    'x',
    'x ',
    'X',
    '\uff58', // FULLWIDTH LATIN SMALL LETTER X
    '\u0445', // CYRILLIC SMALL LETTER HA, looks like x
    'a\u0000b',
  ];
  const TABLE = 'm`e"m\\b$1?{p1:String}';
  const COLUMN = '\u0455'; // CYRILLIC SMALL LETTER DZE, looks like s
  const TAGS = 'ta`g"s\\';

  const dialectOf = (e: SqlEngine): SqlDialect => e.name;
  const isValue = (e: SqlEngine, v: string) => !(e.name === 'postgres' && v.includes('\u0000')); // PostgreSQL text cannot hold NUL

  it('selects exactly the member holding each value, through quoted hostile names, and the canary survives', async () => {
    for (const e of engines) {
      const population: Profile[] = HOSTILE.filter((v) => isValue(e, v)).map((v, i) => ({
        id: `H${String(i).padStart(2, '0')}`,
        attributes: { s: v, tags: [v] },
        purchases: [],
      }));
      await e.load(population);
      const q = (name: string) => quoteIdent(dialectOf(e), name);
      const engineClause = e.name === 'clickhouse' ? ' ENGINE = Memory' : '';
      await e.exec(`DROP TABLE IF EXISTS canary`);
      await e.exec(`DROP TABLE IF EXISTS ${q(TABLE)}`);
      await e.exec(`CREATE TABLE canary (v INTEGER)${engineClause}`);
      await e.exec('INSERT INTO canary VALUES (42)');
      await e.exec(
        // Qualified: in ClickHouse an alias (`'decoy' AS s`) would shadow the column `s` in the whole SELECT.
        `CREATE TABLE ${q(TABLE)}${engineClause} AS SELECT o.id, o.s AS ${q(COLUMN)}, o.tags AS ${q(TAGS)}, 'decoy' AS s FROM members AS o`,
      );
      const hostileMapping = { table: TABLE, id: 'id', columns: { s: COLUMN, tags: TAGS } };
      for (const v of HOSTILE) {
        const ast: SegmentAst = {
          type: 'and',
          args: [
            { type: 'compare', field: 's', op: '=', value: { type: 'string', value: v } },
            { type: 'contains', field: 'tags', mode: 'one', values: [v] },
          ],
        };
        const query = compileSql(ast, { dialect: dialectOf(e), mapping: hostileMapping, schema, at: AT, zone: ZONE });
        const label = { engine: e.name, value: JSON.stringify(v) };
        if (!isValue(e, v)) {
          // PostgreSQL refuses NUL in a text parameter: an error, never a wrong answer.
          await expect(e.run(query)).rejects.toThrow();
          continue;
        }
        const id = population.find((p) => p.attributes.s === v)?.id;
        expect({ ...label, ids: await e.run(query) }).toEqual({ ...label, ids: [id] });
      }
      expect(await e.run({ sql: 'SELECT v FROM canary', where: '', params: [] })).toEqual(['42']);
      expect((await e.run({ sql: `SELECT id FROM ${q(TABLE)}`, where: '', params: [] })).length).toBe(
        HOSTILE.filter((v) => isValue(e, v)).length,
      );
      // The decoy column named like the field is never read in place of the mapped one.
      const decoy = compileSql(parseSegment("s = 'decoy'"), { dialect: dialectOf(e), mapping: hostileMapping, schema, at: AT, zone: ZONE });
      expect(await e.run(decoy)).toEqual([]);
    }
  }, 60_000);

  it('keeps hostile SKUs, brands and purchase column names as data, and anniversaries read hostile-named day and instant columns', async () => {
    const PURCHASES = 'pur`cha"ses\\$1';
    const SKU = 's`k"u\\?';
    const BRAND = '{p1:String}brand';
    const BIRTHDAY = 'b`d"\\';
    const JOINED = '@p1 joined';
    for (const e of engines) {
      const values = HOSTILE.filter((v) => isValue(e, v));
      const population: Profile[] = values.map((v, i) => ({
        id: `H${String(i).padStart(2, '0')}`,
        attributes: { bd: `19${String(70 + i)}-11-21`, d: Date.UTC(2000 + i, 10, 20, 16) }, // 21 Nov, local midnight in Shanghai
        purchases: [{ category: 'c', sku: v, brand: v, at: SH_MIDNIGHT - DAY }],
      }));
      population.push({ id: 'Z', attributes: { bd: '1999-11-20', d: Date.UTC(2000, 10, 20, 15) }, purchases: [] });
      await e.load(population);
      const q = (name: string) => quoteIdent(dialectOf(e), name);
      const engineClause = e.name === 'clickhouse' ? ' ENGINE = Memory' : '';
      for (const t of ['canary', PURCHASES, TABLE]) await e.exec(`DROP TABLE IF EXISTS ${q(t)}`);
      await e.exec(`CREATE TABLE canary (v INTEGER)${engineClause}`);
      await e.exec('INSERT INTO canary VALUES (42)');
      await e.exec(
        `CREATE TABLE ${q(PURCHASES)}${engineClause} AS SELECT o.member_id AS ${q(COLUMN)}, o.category, o.purchased_at, o.sku AS ${q(SKU)}, o.brand AS ${q(BRAND)} FROM purchases AS o`,
      );
      await e.exec(`CREATE TABLE ${q(TABLE)}${engineClause} AS SELECT o.id, o.bd AS ${q(BIRTHDAY)}, o.d AS ${q(JOINED)} FROM members AS o`);
      const hostileMapping = {
        table: TABLE,
        id: 'id',
        columns: { bd: BIRTHDAY, d: JOINED },
        purchases: { table: PURCHASES, member: COLUMN, category: 'category', at: 'purchased_at', sku: SKU, brand: BRAND },
      };
      for (const v of values) {
        const ast: SegmentAst = { type: 'purchased', sku: v, brand: v, within: { amount: 7, unit: 'd' }, op: '=', count: 1 };
        const query = compileSql(ast, { dialect: dialectOf(e), mapping: hostileMapping, schema, at: AT, zone: ZONE });
        const label = { engine: e.name, value: JSON.stringify(v) };
        expect({ ...label, ids: await e.run(query) }).toEqual({ ...label, ids: expected(population, ast) });
        expect(expected(population, ast)).toHaveLength(1);
      }
      for (const text of ['anniversary(bd) = today', 'anniversary(d) = today']) {
        const ast = parseSegment(text);
        const query = compileSql(ast, { dialect: dialectOf(e), mapping: hostileMapping, schema, at: AT, zone: ZONE });
        expect({ engine: e.name, text, ids: await e.run(query) }).toEqual({ engine: e.name, text, ids: expected(population, ast) });
        expect(expected(population, ast)).toHaveLength(values.length);
      }
      expect(await e.run({ sql: 'SELECT v FROM canary', where: '', params: [] })).toEqual(['42']);
    }
  }, 60_000);
});

describe('a plain TIMESTAMP column (issue 15: what happens without TIMESTAMPTZ)', () => {
  it('PostgreSQL reads it in the session zone: right only when it holds UTC and the session runs in UTC', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    try {
      await db.exec("CREATE TABLE t (id TEXT, d TIMESTAMP); INSERT INTO t VALUES ('A', '2026-11-20 16:00:00')"); // 21 Nov 00:00 in Shanghai, as UTC wall clock
      const q = compileSql(parseSegment('d = today'), {
        dialect: 'postgres',
        mapping: { table: 't', id: 'id' },
        schema,
        at: AT,
        zone: ZONE,
      });
      const run = async () =>
        (
          await db.query<{ id: string }>(
            q.sql,
            q.params.map((p) => p.value),
          )
        ).rows.map((r) => r.id);
      await db.exec("SET TIME ZONE 'UTC'");
      expect(await run()).toEqual(['A']);
      await db.exec("SET TIME ZONE 'Asia/Shanghai'");
      expect(await run()).toEqual([]); // the same row, now read as 08:00 UTC: outside the local day
    } finally {
      await db.close();
    }
  }, 30_000);
});
