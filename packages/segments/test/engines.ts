import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { Session } from 'chdb';
import mysql from 'mysql2/promise';
import { type CompiledSql, compileSql, type Profile, type SegmentAst } from '../src/index';
import { AT, mapping, schema, ZONE } from './fixtures';

const TABLES = `
  CREATE TABLE members (id TEXT PRIMARY KEY, s TEXT, e TEXT, n DOUBLE PRECISION, m BIGINT, b BOOLEAN, d TIMESTAMPTZ, tags TEXT[], bd DATE);
  CREATE TABLE purchases (member_id TEXT, category TEXT, purchased_at TIMESTAMPTZ, sku TEXT, brand TEXT);`;

const iso = (v: unknown) => (v === undefined || v === null ? null : new Date(v as number).toISOString());

function row(p: Profile): unknown[] {
  const a = p.attributes;
  const get = (k: string) => (a[k] === undefined ? null : a[k]);
  return [p.id, get('s'), get('e'), get('n'), get('m'), get('b'), iso(a.d), get('tags'), get('bd')];
}

/** The SQL engines the conformance test runs compiled segments on. */
export interface SqlEngine {
  readonly name: 'duckdb' | 'postgres' | 'clickhouse' | 'mysql';
  load(population: readonly Profile[]): Promise<void>;
  members(ast: SegmentAst): Promise<string[]>;
  run(q: CompiledSql): Promise<string[]>;
  /** Every column of every row, in order (`null` for NULL). */
  rows(q: { readonly sql: string; readonly params: readonly { readonly name: string; readonly value: unknown }[] }): Promise<unknown[][]>;
  /** Runs one statement without parameters (DDL in tests). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDuckDb(): Promise<SqlEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const engine: SqlEngine = {
    name: 'duckdb',
    async load(population) {
      await conn.run('DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS purchases;');
      await conn.run(TABLES.replaceAll('DOUBLE PRECISION', 'DOUBLE'));
      for (const p of population) {
        const r = row(p);
        const tags = r[7] as string[] | null;
        const empty = tags !== null && tags.length === 0;
        await conn.run(
          `INSERT INTO members VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, ${empty ? '[]::VARCHAR[]' : '$9'}, $8::DATE)`,
          [
            ...(r.slice(0, 7) as (string | number | boolean | null)[]),
            r[8] as string | null,
            ...(empty ? [] : [tags === null ? null : listValue(tags)]),
          ],
        );
        for (const x of p.purchases ?? [])
          await conn.run('INSERT INTO purchases VALUES ($1, $2, $3::TIMESTAMPTZ, $4, $5)', [
            p.id,
            x.category,
            iso(x.at),
            x.sku ?? null,
            x.brand ?? null,
          ]);
      }
    },
    members(ast) {
      return engine.run(compileSql(ast, { dialect: 'duckdb', mapping, schema, at: AT, zone: ZONE }));
    },
    async run(q) {
      const reader = await conn.runAndReadAll(
        q.sql,
        q.params.map((p) => p.value),
      );
      return reader
        .getRows()
        .map((r) => String(r[0]))
        .sort();
    },
    async rows(q) {
      const reader = await conn.runAndReadAll(
        q.sql,
        q.params.map((p) => p.value as string | number | boolean),
      );
      return reader.getRows().map((r) => [...r]);
    },
    async exec(sql: string) {
      await conn.run(sql);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
  return engine;
}

export async function openPglite(): Promise<SqlEngine> {
  const db = new PGlite();
  await db.exec("SET TIME ZONE 'UTC'");
  const engine: SqlEngine = {
    name: 'postgres',
    async load(population) {
      await db.exec('DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS purchases;');
      await db.exec(TABLES);
      for (const p of population) {
        await db.query('INSERT INTO members VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', row(p));
        for (const x of p.purchases ?? [])
          await db.query('INSERT INTO purchases VALUES ($1, $2, $3, $4, $5)', [
            p.id,
            x.category,
            iso(x.at),
            x.sku ?? null,
            x.brand ?? null,
          ]);
      }
    },
    members(ast) {
      return engine.run(compileSql(ast, { dialect: 'postgres', mapping, schema, at: AT, zone: ZONE }));
    },
    async run(q) {
      const res = await db.query<Record<string, unknown>>(
        q.sql,
        q.params.map((p) => p.value),
      );
      return res.rows.map((r) => String(Object.values(r)[0])).sort();
    },
    async rows(q) {
      const res = await db.query<unknown[]>(
        q.sql,
        q.params.map((p) => p.value),
        { rowMode: 'array' },
      );
      return res.rows.map((r) => [...r]);
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
  return engine;
}

/** A UTC instant as ClickHouse/MySQL wall-clock text (`2026-11-21 16:00:00.000`). */
const wall = (v: unknown) => {
  const s = iso(v);
  return s === null ? null : `${s.slice(0, 10)} ${s.slice(11, 23)}`;
};

/** ClickHouse through chdb (the engine inside the npm package), in a temporary directory. */
export async function openChdb(): Promise<SqlEngine & { session: Session }> {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-chdb-'));
  const session = new Session(dir);
  // chdb's default database also resolves unknown table names as file paths (so a hostile name
  // turns into a file lookup); a plain Atomic database behaves like a ClickHouse server.
  session.query('CREATE DATABASE IF NOT EXISTS aisle ENGINE = Atomic');
  session.query('USE aisle');
  const engine = {
    name: 'clickhouse' as const,
    session,
    async load(population: readonly Profile[]) {
      session.query('DROP TABLE IF EXISTS members');
      session.query('DROP TABLE IF EXISTS purchases');
      session.query(
        "CREATE TABLE members (id String, s Nullable(String), e Nullable(String), n Nullable(Float64), m Nullable(Int64), b Nullable(Bool), d Nullable(DateTime64(3, 'UTC')), tags Array(String), bd Nullable(Date32)) ENGINE = Memory",
      );
      session.query(
        "CREATE TABLE purchases (member_id String, category String, purchased_at DateTime64(3, 'UTC'), sku Nullable(String), brand Nullable(String)) ENGINE = Memory",
      );
      const members = population.map((p) => {
        const [id, s, e, n, m, b, , tags, bd] = row(p);
        return { id, s, e, n, m, b, d: wall(p.attributes.d), tags: tags ?? [], bd };
      });
      const purchases = population.flatMap((p) =>
        (p.purchases ?? []).map((x) => ({
          member_id: p.id,
          category: x.category,
          purchased_at: wall(x.at),
          sku: x.sku ?? null,
          brand: x.brand ?? null,
        })),
      );
      if (members.length > 0) await session.insert({ table: 'members', values: members });
      if (purchases.length > 0) await session.insert({ table: 'purchases', values: purchases });
    },
    members(ast: SegmentAst) {
      return engine.run(compileSql(ast, { dialect: 'clickhouse', mapping, schema, at: AT, zone: ZONE }));
    },
    async run(q: CompiledSql) {
      const out = session.queryBind(q.sql, Object.fromEntries(q.params.map((p) => [p.name, p.value])), 'JSONCompactEachRow');
      return out
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => String((JSON.parse(l) as unknown[])[0]))
        .sort();
    },
    async rows(q: { readonly sql: string; readonly params: readonly { readonly name: string; readonly value: unknown }[] }) {
      const out = session.queryBind(q.sql, Object.fromEntries(q.params.map((p) => [p.name, p.value])), 'JSONCompactEachRow');
      return out
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as unknown[]);
    },
    async exec(sql: string) {
      session.query(sql);
    },
    async close() {
      session.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}

/** The MariaDB server `scripts/with-mariadb.sh` starts (AISLE_MYSQL_URL); in CI it must be there. */
export const mysqlUrl = process.env.AISLE_MYSQL_URL;
if (mysqlUrl === undefined && process.env.CI) {
  throw new Error('CI is set but AISLE_MYSQL_URL is not: the MariaDB suites must run in CI (start them through scripts/with-mariadb.sh)');
}

/** The documented `mysql` layout: binary no-pad collation, UTC `DATETIME(3)`, tags as a JSON array. */
const MYSQL_TABLES = [
  'CREATE TABLE members (id VARCHAR(64) COLLATE utf8mb4_nopad_bin PRIMARY KEY, s TEXT COLLATE utf8mb4_nopad_bin, e VARCHAR(32) COLLATE utf8mb4_nopad_bin, n DOUBLE, m BIGINT, b BOOLEAN, d DATETIME(3), tags JSON, bd DATE)',
  'CREATE TABLE purchases (member_id VARCHAR(64) COLLATE utf8mb4_nopad_bin, category TEXT COLLATE utf8mb4_nopad_bin, purchased_at DATETIME(3), sku VARCHAR(64) COLLATE utf8mb4_nopad_bin, brand VARCHAR(64) COLLATE utf8mb4_nopad_bin, KEY (member_id))',
];

/**
 * Loads one zone into the server's time-zone tables when it is missing (as the README tells
 * users: only `anniversary(…)` of a `date` column needs them, through `CONVERT_TZ`), from the
 * system zoneinfo with MariaDB's own `mariadb-tzinfo-to-sql`. Two test files may race: the loser's
 * duplicate key is harmless.
 */
async function loadZone(url: string, zone: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true });
  try {
    const probe = async () => {
      const [rows] = await conn.query("SELECT CONVERT_TZ('2026-01-01 00:00:00', '+00:00', ?) AS t", [zone]);
      return (rows as { t: unknown }[])[0]?.t !== null;
    };
    if (await probe()) return;
    const tool = ['mariadb-tzinfo-to-sql', 'mysql_tzinfo_to_sql'].find((t) => {
      try {
        execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    if (tool === undefined) throw new Error('mariadb-tzinfo-to-sql is not installed: cannot load the time-zone tables');
    const sql = execFileSync(tool, [`/usr/share/zoneinfo/${zone}`, zone], { encoding: 'utf8', maxBuffer: 1 << 26 });
    await conn.query('USE mysql');
    try {
      await conn.query(sql);
    } catch (error) {
      if (!(await probe())) throw error;
    }
    if (!(await probe())) throw new Error(`time zone ${zone} is still unknown to the server after loading it`);
  } finally {
    await conn.end();
  }
}

/** MariaDB (the `mysql` dialect) in a database of its own, dropped on close. */
export async function openMariaDb(url: string): Promise<SqlEngine & { conn: mysql.Connection; database: string }> {
  const database = `aisle_${process.pid}_${Date.now().toString(36)}`;
  const conn = await mysql.createConnection({
    uri: url,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    dateStrings: true,
    multipleStatements: false,
  });
  await loadZone(url, ZONE);
  await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin`);
  await conn.query(`USE \`${database}\``);
  await conn.query("SET time_zone = '+00:00'");
  const engine = {
    name: 'mysql' as const,
    conn,
    database,
    async load(population: readonly Profile[]) {
      await conn.query('DROP TABLE IF EXISTS members, purchases');
      for (const t of MYSQL_TABLES) await conn.query(t);
      const members = population.map((p) => {
        const [id, s, e, n, m, b, , tags, bd] = row(p);
        return [id, s, e, n, m, b, wall(p.attributes.d), tags === null ? null : JSON.stringify(tags), bd];
      });
      const purchases = population.flatMap((p) =>
        (p.purchases ?? []).map((x) => [p.id, x.category, wall(x.at), x.sku ?? null, x.brand ?? null]),
      );
      if (members.length > 0) await conn.query('INSERT INTO members VALUES ?', [members]);
      if (purchases.length > 0) await conn.query('INSERT INTO purchases VALUES ?', [purchases]);
    },
    members(ast: SegmentAst) {
      return engine.run(compileSql(ast, { dialect: 'mysql', mapping, schema, at: AT, zone: ZONE }));
    },
    async run(q: CompiledSql) {
      const [rows] = await conn.execute(
        q.sql,
        q.params.map((p) => p.value),
      );
      return (rows as Record<string, unknown>[]).map((r) => String(Object.values(r)[0])).sort();
    },
    async rows(q: { readonly sql: string; readonly params: readonly { readonly name: string; readonly value: unknown }[] }) {
      const [rows] = await conn.execute(
        q.sql,
        q.params.map((p) => p.value as string | number | boolean),
      );
      return (rows as Record<string, unknown>[]).map((r) => Object.values(r));
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async close() {
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    },
  };
  return engine;
}
