// The documented warehouse layout on three real engines (PGlite, DuckDB, ClickHouse through chdb),
// and the same rows as an in-memory aggregate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { Session } from 'chdb';
import { emptyAggregate, type FootfallAggregate, type FootfallSqlParam, mergeAggregates } from '../../src/index';
import { coalesce } from '../../src/internal/intervals';

export interface BucketRow {
  readonly store: string;
  readonly source: string;
  readonly line: string;
  readonly bucketStart: number;
  readonly in: number;
  readonly out: number;
  readonly passed: number;
}

export interface CoverageRow {
  readonly store: string;
  readonly source: string;
  readonly from: number;
  readonly to: number;
  readonly kind: 'declared' | 'inferred';
}

export interface Engine {
  readonly name: 'postgres' | 'duckdb' | 'clickhouse';
  /** Replaces the contents of both tables. */
  load(buckets: readonly BucketRow[], coverage: readonly CoverageRow[]): Promise<void>;
  rows(sql: string, params: readonly FootfallSqlParam[]): Promise<unknown[][]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** The documented DDL (PostgreSQL; DuckDB takes the same text). */
export const PG_DDL = `
CREATE TABLE footfall_buckets (
  store TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, line TEXT NOT NULL,
  bucket_start BIGINT NOT NULL CHECK (bucket_start % 300000 = 0),
  count_in BIGINT NOT NULL, count_out BIGINT NOT NULL, count_passed BIGINT NOT NULL,
  PRIMARY KEY (store, source, line, bucket_start));
CREATE TABLE footfall_coverage (
  store TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, from_ms BIGINT NOT NULL, to_ms BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('declared', 'inferred')), CHECK (from_ms <= to_ms));`;

/** The documented ClickHouse DDL. */
export const CH_DDL = [
  `CREATE TABLE footfall_buckets (store LowCardinality(String), source LowCardinality(String), line LowCardinality(String),
    bucket_start Int64, count_in UInt32, count_out UInt32, count_passed UInt32)
    ENGINE = MergeTree ORDER BY (store, bucket_start, source, line)`,
  `CREATE TABLE footfall_coverage (store LowCardinality(String), source LowCardinality(String), from_ms Int64, to_ms Int64,
    kind Enum8('declared' = 1, 'inferred' = 2)) ENGINE = MergeTree ORDER BY (store, source, from_ms)`,
];

const bucketValues = (b: BucketRow) => [b.store, b.source, b.line, b.bucketStart, b.in, b.out, b.passed];
const coverageValues = (c: CoverageRow) => [c.store, c.source, c.from, c.to, c.kind];

function placeholders(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(', ')})`);
  return out.join(', ');
}

async function chunked<T>(rows: readonly T[], size: number, fn: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

export async function openPglite(): Promise<Engine> {
  const db = new PGlite();
  await db.exec(PG_DDL);
  return {
    name: 'postgres',
    async load(buckets, coverage) {
      await db.exec('DELETE FROM footfall_buckets; DELETE FROM footfall_coverage;');
      await chunked(buckets, 500, async (c) => {
        await db.query(`INSERT INTO footfall_buckets VALUES ${placeholders(c.length, 7)}`, c.flatMap(bucketValues));
      });
      await chunked(coverage, 500, async (c) => {
        await db.query(`INSERT INTO footfall_coverage VALUES ${placeholders(c.length, 5)}`, c.flatMap(coverageValues));
      });
    },
    async rows(sql, params) {
      const res = await db.query<unknown[]>(
        sql,
        params.map((p) => p.value),
        { rowMode: 'array' },
      );
      return res.rows.map((r) => [...r]);
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}

export async function openDuckDb(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(PG_DDL);
  return {
    name: 'duckdb',
    async load(buckets, coverage) {
      await conn.run('DELETE FROM footfall_buckets; DELETE FROM footfall_coverage;');
      await chunked(buckets, 500, async (c) => {
        await conn.run(`INSERT INTO footfall_buckets VALUES ${placeholders(c.length, 7)}`, c.flatMap(bucketValues));
      });
      await chunked(coverage, 500, async (c) => {
        await conn.run(`INSERT INTO footfall_coverage VALUES ${placeholders(c.length, 5)}`, c.flatMap(coverageValues));
      });
    },
    async rows(sql, params) {
      const reader = await conn.runAndReadAll(
        sql,
        params.map((p) => p.value),
      );
      return reader.getRows().map((r) => [...r]);
    },
    async exec(sql) {
      await conn.run(sql);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export async function openChdb(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-footfall-chdb-'));
  const session = new Session(dir);
  // A plain Atomic database: chdb's default one would also read unknown table names as file paths.
  session.query('CREATE DATABASE IF NOT EXISTS aisle ENGINE = Atomic');
  session.query('USE aisle');
  for (const ddl of CH_DDL) session.query(ddl);
  return {
    name: 'clickhouse',
    async load(buckets, coverage) {
      session.query('TRUNCATE TABLE footfall_buckets');
      session.query('TRUNCATE TABLE footfall_coverage');
      if (buckets.length > 0) {
        await session.insert({
          table: 'footfall_buckets',
          values: buckets.map((b) => ({
            store: b.store,
            source: b.source,
            line: b.line,
            bucket_start: b.bucketStart,
            count_in: b.in,
            count_out: b.out,
            count_passed: b.passed,
          })),
        });
      }
      if (coverage.length > 0) {
        await session.insert({
          table: 'footfall_coverage',
          values: coverage.map((c) => ({ store: c.store, source: c.source, from_ms: c.from, to_ms: c.to, kind: c.kind })),
        });
      }
    },
    async rows(sql, params) {
      const out = session.queryBind(sql, Object.fromEntries(params.map((p) => [p.name, p.value])), 'JSONCompactEachRow');
      return out
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as unknown[]);
    },
    async exec(sql) {
      session.query(sql);
    },
    async close() {
      session.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The rows of one store as the aggregate `createFootfallAggregator` would hold (sources summed per line). */
export function aggregateOf(
  buckets: readonly BucketRow[],
  coverage: readonly CoverageRow[],
  store: string,
  gapMs: number,
): FootfallAggregate {
  const lines = new Map<number, Map<string, { in: number; out: number; passed: number }>>();
  for (const b of buckets) {
    if (b.store !== store) continue;
    const m = lines.get(b.bucketStart) ?? new Map<string, { in: number; out: number; passed: number }>();
    lines.set(b.bucketStart, m);
    const c = m.get(b.line) ?? { in: 0, out: 0, passed: 0 };
    m.set(b.line, { in: c.in + b.in, out: c.out + b.out, passed: c.passed + b.passed });
  }
  const cov = new Map<string, { list: [number, number][]; declared: boolean }>();
  for (const c of coverage) {
    if (c.store !== store) continue;
    const e = cov.get(c.source) ?? { list: [], declared: false };
    e.list.push([c.from, c.to]);
    e.declared ||= c.kind === 'declared';
    cov.set(c.source, e);
  }
  const agg: FootfallAggregate = {
    ...emptyAggregate(gapMs),
    buckets: Object.fromEntries([...lines].map(([t, m]) => [String(t), Object.fromEntries(m)])),
    coverage: Object.fromEntries([...cov].map(([s, e]) => [s, coalesce(e.list, gapMs)])),
    coverageKinds: Object.fromEntries([...cov].map(([s, e]) => [s, e.declared ? 'declared' : 'inferred'])),
  };
  // Through the merge, so dictionaries are prototype-free as the aggregator's are.
  return mergeAggregates(emptyAggregate(gapMs), agg);
}
