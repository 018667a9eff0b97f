import type { SegmentAst } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { type EvaluationOptions, type Plan, planOf } from './internal/plan';
import { compare } from './internal/three-valued';
import type { ProfileSchema } from './profile-schema';

/**
 * SQL dialects {@link compileSql} writes.
 *
 * @example
 * ```ts
 * import type { SqlDialect } from '@aisle/segments';
 *
 * const dialect: SqlDialect = 'duckdb';
 * ```
 *
 * @public
 */
export type SqlDialect = 'postgres' | 'duckdb' | 'clickhouse' | 'bigquery' | 'mysql';

/**
 * Where the profile fields live: one row per member in `table` (tag sets as array columns, dates
 * as timestamps), purchases in their own table.
 *
 * @example
 * ```ts
 * import type { SqlMapping } from '@aisle/segments';
 *
 * const mapping: SqlMapping = {
 *   table: 'members', id: 'member_id', columns: { lastVisit: 'last_visit' },
 *   purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at' },
 * };
 * ```
 *
 * @public
 */
export interface SqlMapping {
  readonly table: string;
  readonly id: string;
  /** Column per field; a field not listed uses its own name. */
  readonly columns?: Readonly<Record<string, string>>;
  readonly purchases?: { readonly table: string; readonly member: string; readonly category: string; readonly at: string };
}

/**
 * A bound parameter: `name` is the placeholder's name (`p1`…), `type` its logical type;
 * timestamps are ISO strings in UTC (`2026-11-21T16:00:00.000Z`), except in the `mysql` dialect,
 * where they are UTC wall-clock strings (`2026-11-21 16:00:00.000`) that every MySQL-family
 * engine parses as a `DATETIME(3)` without consulting a time-zone table.
 *
 * @example
 * ```ts
 * import type { SqlParam } from '@aisle/segments';
 *
 * const p: SqlParam = { name: 'p1', type: 'string', value: 'vip' };
 * ```
 *
 * @public
 */
export interface SqlParam {
  readonly name: string;
  readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'timestamp';
  readonly value: string | number | boolean;
}

/**
 * Output of {@link compileSql}: the full `SELECT` of member ids, the bare `WHERE` condition, and
 * the parameters in placeholder order. Values never appear in the text.
 *
 * @example
 * ```ts
 * import type { CompiledSql } from '@aisle/segments';
 *
 * declare const q: CompiledSql;
 * console.log(q.sql, q.params.map((p) => p.value));
 * ```
 *
 * @public
 */
export interface CompiledSql {
  readonly sql: string;
  readonly where: string;
  readonly params: readonly SqlParam[];
}

/**
 * Options of {@link compileSql}.
 *
 * @example
 * ```ts
 * import { defineProfileSchema, type CompileSqlOptions } from '@aisle/segments';
 *
 * const options: CompileSqlOptions = {
 *   dialect: 'postgres', mapping: { table: 'members', id: 'id' },
 *   schema: defineProfileSchema({ visits30d: { type: 'number' } }), at: Date.now(), zone: 'Asia/Shanghai',
 * };
 * ```
 *
 * @public
 */
export interface CompileSqlOptions extends EvaluationOptions {
  readonly dialect: SqlDialect;
  readonly mapping: SqlMapping;
  readonly schema: ProfileSchema;
}

const DIALECTS = new Set<string>(['postgres', 'duckdb', 'clickhouse', 'bigquery', 'mysql']);
const CH_TYPE = { string: 'String', number: 'Float64', integer: 'Int64', boolean: 'Bool', timestamp: "DateTime64(3, 'UTC')" } as const;

/** Quotes one identifier: backticks in ClickHouse and BigQuery (backslash-escaped), backticks doubled in MySQL, double quotes doubled elsewhere. */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (dialect === 'clickhouse' || dialect === 'bigquery') return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
  if (dialect === 'mysql') return `\`${name.replaceAll('`', '``')}\``;
  return `"${name.replaceAll('"', '""')}"`;
}

/** A UTC instant as a bound timestamp value: ISO with `Z`, or UTC wall clock for MySQL. */
function timestampValue(dialect: SqlDialect, ms: number): string {
  const iso = new Date(ms).toISOString();
  return dialect === 'mysql' ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso;
}

export class Writer {
  readonly params: SqlParam[] = [];
  constructor(
    private readonly dialect: SqlDialect,
    private readonly mapping: SqlMapping,
  ) {}

  ident(name: string): string {
    if (name.length === 0 || name.includes('\0')) {
      throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'SQL identifiers must be non-empty and without NUL');
    }
    return quoteIdent(this.dialect, name);
  }

  col(field: string): string {
    const columns = this.mapping.columns ?? {};
    return `m.${this.ident(Object.hasOwn(columns, field) ? (columns[field] as string) : field)}`;
  }

  param(type: SqlParam['type'], value: string | number | boolean): string {
    const name = `p${this.params.length + 1}`;
    this.params.push({ name, type, value });
    switch (this.dialect) {
      case 'postgres':
        return type === 'timestamp' ? `$${this.params.length}::timestamptz` : `$${this.params.length}`;
      case 'duckdb':
        return type === 'timestamp' ? `$${this.params.length}::TIMESTAMPTZ` : `$${this.params.length}`;
      case 'clickhouse':
        // ClickHouse's typed DateTime64 parameters reject the `Z` of an ISO instant.
        return type === 'timestamp' ? `parseDateTime64BestEffort({${name}:String}, 3, 'UTC')` : `{${name}:${CH_TYPE[type]}}`;
      case 'bigquery':
        return `@${name}`;
      case 'mysql':
        return '?';
    }
  }

  value(t: string, v: string | number | boolean): string {
    if (t === 'date') return this.param('timestamp', timestampValue(this.dialect, v as number));
    if (typeof v === 'boolean') return this.param('boolean', v);
    if (typeof v === 'number') return this.param(t === 'money' ? 'integer' : 'number', v);
    return this.param('string', v);
  }

  write(plan: Plan): string {
    switch (plan.k) {
      case 'and':
      case 'or':
        return `(${plan.xs.map((x) => this.write(x)).join(plan.k === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.write(plan.x)})`;
      case 'cmp':
        return `(${this.col(plan.f)} ${plan.op === '!=' ? '<>' : plan.op} ${this.value(plan.t, plan.v)})`;
      case 'in':
        return `(${this.col(plan.f)} IN (${plan.vs.map((v) => this.value(plan.t, v)).join(', ')}))`;
      case 'null':
        return `(${this.col(plan.f)} IS NULL)`;
      case 'tag': {
        const col = this.col(plan.f);
        const p = this.param('string', plan.tag);
        if (this.dialect === 'postgres') return `COALESCE(${p}::text = ANY(${col}), FALSE)`;
        if (this.dialect === 'duckdb') return `COALESCE(list_contains(${col}, ${p}), FALSE)`;
        if (this.dialect === 'clickhouse') return `has(${col}, ${p})`;
        if (this.dialect === 'mysql') return `COALESCE(JSON_CONTAINS(${col}, JSON_QUOTE(${p})), FALSE)`;
        return `(${p} IN UNNEST(${col}))`;
      }
      case 'bought': {
        const pm = this.mapping.purchases;
        if (!pm) {
          throw new SegmentError(SegmentErrorCode.UNMAPPED_FIELD, 'purchased(…) needs mapping.purchases (table, member, category, at)', {
            details: { field: 'purchases' },
          });
        }
        const op = plan.op === '!=' ? '<>' : plan.op;
        if (this.dialect === 'clickhouse') {
          // ClickHouse decorrelates a scalar count subquery into a join that yields NULL, not 0, for
          // members without purchases (found by the conformance test), so members are selected with
          // IN over a grouped subquery, inverted when zero purchases already satisfy the comparison.
          const zeroMatches = compare(0, plan.op, plan.n);
          const cat = this.param('string', plan.cat);
          const since =
            plan.since === null
              ? ''
              : ` AND p.${this.ident(pm.at)} >= ${this.param('timestamp', timestampValue(this.dialect, plan.since))}`;
          const having = zeroMatches
            ? `NOT (count() ${op} ${this.param('integer', plan.n)})`
            : `count() ${op} ${this.param('integer', plan.n)}`;
          const sub = `SELECT p.${this.ident(pm.member)} FROM ${this.ident(pm.table)} AS p WHERE p.${this.ident(pm.category)} = ${cat}${since} GROUP BY p.${this.ident(pm.member)} HAVING ${having}`;
          return `(m.${this.ident(this.mapping.id)} ${zeroMatches ? 'NOT IN' : 'IN'} (${sub}))`;
        }
        const cat = this.param('string', plan.cat);
        const since =
          plan.since === null ? '' : ` AND p.${this.ident(pm.at)} >= ${this.param('timestamp', timestampValue(this.dialect, plan.since))}`;
        const count = `(SELECT count(*) FROM ${this.ident(pm.table)} AS p WHERE p.${this.ident(pm.member)} = m.${this.ident(this.mapping.id)} AND p.${this.ident(pm.category)} = ${cat}${since})`;
        return `(${count} ${op} ${this.param('integer', plan.n)})`;
      }
    }
  }
}

/**
 * Compiles a segment into parameterised SQL for PostgreSQL, DuckDB, ClickHouse or BigQuery.
 * String, number and date values are always bound parameters (`$1`, `{p1:String}`, `@p1`),
 * never spliced into the text; identifiers from the mapping are quoted. SQL's own three-valued
 * logic gives the same members as {@link toPredicate}: the conformance tests check it on DuckDB
 * and PostgreSQL.
 *
 * @throws {@link SegmentError} `SEGMENT_UNMAPPED_FIELD`, `SEGMENT_INVALID_OPTIONS`, and the
 * type-check codes.
 *
 * @example
 * ```ts
 * import { compileSql, defineProfileSchema, parseSegment } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' }, visits30d: { type: 'number' } });
 * const q = compileSql(parseSegment("tags CONTAINS 'vip' AND visits30d >= 2"), {
 *   dialect: 'postgres', mapping: { table: 'members', id: 'member_id' }, schema, at: Date.now(), zone: 'Asia/Shanghai',
 * });
 * console.log(q.sql); // SELECT m."member_id" FROM "members" AS m WHERE (COALESCE($1::text = ANY(m."tags"), FALSE) AND (m."visits30d" >= $2))
 * ```
 *
 * @public
 */
export function compileSql(ast: SegmentAst, options: CompileSqlOptions): CompiledSql {
  if (!DIALECTS.has(options.dialect)) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, `Unknown SQL dialect "${String(options.dialect)}"`, {
      details: { dialect: String(options.dialect) },
    });
  }
  const plan = planOf(ast, options.schema, options);
  const w = new Writer(options.dialect, options.mapping);
  const where = w.write(plan);
  const sql = `SELECT m.${w.ident(options.mapping.id)} FROM ${w.ident(options.mapping.table)} AS m WHERE ${where}`;
  return { sql, where, params: w.params };
}
