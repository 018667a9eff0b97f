import { DuckDBInstance, listValue } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { type CompiledSql, compileSql, type Profile, type SegmentAst } from '../src/index';
import { AT, mapping, schema, ZONE } from './fixtures';

const TABLES = `
  CREATE TABLE members (id TEXT PRIMARY KEY, s TEXT, e TEXT, n DOUBLE PRECISION, m BIGINT, b BOOLEAN, d TIMESTAMPTZ, tags TEXT[]);
  CREATE TABLE purchases (member_id TEXT, category TEXT, purchased_at TIMESTAMPTZ);`;

const iso = (v: unknown) => (v === undefined || v === null ? null : new Date(v as number).toISOString());

function row(p: Profile): unknown[] {
  const a = p.attributes;
  const get = (k: string) => (a[k] === undefined ? null : a[k]);
  return [p.id, get('s'), get('e'), get('n'), get('m'), get('b'), iso(a.d), get('tags')];
}

/** The SQL engines the conformance test runs compiled segments on. */
export interface SqlEngine {
  readonly name: 'duckdb' | 'postgres';
  load(population: readonly Profile[]): Promise<void>;
  members(ast: SegmentAst): Promise<string[]>;
  run(q: CompiledSql): Promise<string[]>;
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
        await conn.run(`INSERT INTO members VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, ${empty ? '[]::VARCHAR[]' : '$8'})`, [
          ...(r.slice(0, 7) as (string | number | boolean | null)[]),
          ...(empty ? [] : [tags === null ? null : listValue(tags)]),
        ]);
        for (const x of p.purchases ?? [])
          await conn.run('INSERT INTO purchases VALUES ($1, $2, $3::TIMESTAMPTZ)', [p.id, x.category, iso(x.at)]);
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
        await db.query('INSERT INTO members VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', row(p));
        for (const x of p.purchases ?? []) await db.query('INSERT INTO purchases VALUES ($1, $2, $3)', [p.id, x.category, iso(x.at)]);
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
    async close() {
      await db.close();
    },
  };
  return engine;
}
