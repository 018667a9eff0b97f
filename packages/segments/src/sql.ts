import type { SegmentAst } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { formatDay } from './internal/calendar';
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
 *   purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at', sku: 'sku', brand: 'brand' },
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
  readonly purchases?: {
    readonly table: string;
    readonly member: string;
    readonly category: string;
    readonly at: string;
    /** The SKU column, needed by `purchased(sku = …)`. */
    readonly sku?: string;
    /** The brand column, needed by `purchased(brand = …)`. */
    readonly brand?: string;
  };
}

/**
 * A bound parameter: `name` is the placeholder's name (`p1`…), `type` its logical type;
 * timestamps are ISO strings in UTC (`2026-11-21T16:00:00.000Z`), except in the `mysql` dialect,
 * where they are UTC wall-clock strings (`2026-11-21 16:00:00.000`) that every MySQL-family
 * engine parses as a `DATETIME(3)` without consulting a time-zone table; dates (for `day`
 * fields) are `YYYY-MM-DD` strings; `zone` is an IANA zone name (only `anniversary(…)` of a
 * `date` field binds one).
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
  readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'date' | 'zone';
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
const CH_TYPE = {
  string: 'String',
  number: 'Float64',
  integer: 'Int64',
  boolean: 'Bool',
  timestamp: "DateTime64(3, 'UTC')",
  date: 'Date32',
  zone: 'String',
} as const;

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
        return type === 'timestamp'
          ? `$${this.params.length}::timestamptz`
          : type === 'date'
            ? `$${this.params.length}::date`
            : type === 'zone'
              ? `$${this.params.length}::text`
              : `$${this.params.length}`;
      case 'duckdb':
        return type === 'timestamp'
          ? `$${this.params.length}::TIMESTAMPTZ`
          : type === 'date'
            ? `$${this.params.length}::DATE`
            : type === 'zone'
              ? `$${this.params.length}::VARCHAR`
              : `$${this.params.length}`;
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
    if (t === 'day') return this.param('date', formatDay(v as number));
    if (typeof v === 'boolean') return this.param('boolean', v);
    if (typeof v === 'number') return this.param(t === 'money' ? 'integer' : 'number', v);
    return this.param('string', v);
  }

  /** The column's local month and day as one number, month × 100 + day (a `date` column converted to `zone` in the engine). */
  private monthDay(plan: Plan & { k: 'anniv' }): string {
    const col = this.col(plan.f);
    const local = (): string => {
      if (plan.t === 'day') return col;
      const zone = this.param('zone', plan.zone);
      switch (this.dialect) {
        case 'postgres':
          return `(${col} AT TIME ZONE ${zone})`;
        case 'bigquery':
          // Part of BigQuery's EXTRACT syntax (EXTRACT(part FROM ts AT TIME ZONE tz)), not an expression.
          return `${col} AT TIME ZONE ${zone}`;
        case 'duckdb':
          return `timezone(${zone}, ${col})`;
        case 'clickhouse':
          return `toTimezone(${col}, ${zone})`;
        case 'mysql':
          // Needs the server's time-zone tables (mysql_tzinfo_to_sql); see the README.
          return `CONVERT_TZ(${col}, '+00:00', ${zone})`;
      }
    };
    switch (this.dialect) {
      case 'clickhouse':
        return `(toMonth(${local()}) * 100 + toDayOfMonth(${local()}))`;
      case 'mysql':
        return `(MONTH(${local()}) * 100 + DAYOFMONTH(${local()}))`;
      case 'duckdb':
        return `(month(${local()}) * 100 + day(${local()}))`;
      default:
        return `(EXTRACT(MONTH FROM ${local()}) * 100 + EXTRACT(DAY FROM ${local()}))`;
    }
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
      case 'anniv': {
        // Parameters in text order (MySQL's `?` are positional).
        const monthDay = this.monthDay(plan);
        const keys = plan.keys.map((k) => this.param('integer', k)).join(', ');
        const before = plan.t === 'day' ? this.value('day', plan.before) : this.value('date', plan.before);
        return `(${monthDay} IN (${keys}) AND ${this.col(plan.f)} < ${before})`;
      }
      case 'bought': {
        const pm = this.mapping.purchases;
        if (!pm) {
          throw new SegmentError(SegmentErrorCode.UNMAPPED_FIELD, 'purchased(…) needs mapping.purchases (table, member, category, at)', {
            details: { field: 'purchases' },
          });
        }
        for (const [key] of plan.by) {
          if (pm[key] === undefined) {
            throw new SegmentError(SegmentErrorCode.UNMAPPED_FIELD, `purchased(${key} = …) needs mapping.purchases.${key} (its column)`, {
              details: { field: `purchases.${key}` },
            });
          }
        }
        const op = plan.op === '!=' ? '<>' : plan.op;
        const filters = () => plan.by.map(([key, v]) => `p.${this.ident(pm[key] as string)} = ${this.param('string', v)}`).join(' AND ');
        if (this.dialect === 'clickhouse') {
          // ClickHouse decorrelates a scalar count subquery into a join that yields NULL, not 0, for
          // members without purchases (found by the conformance test), so members are selected with
          // IN over a grouped subquery, inverted when zero purchases already satisfy the comparison.
          const zeroMatches = compare(0, plan.op, plan.n);
          const match = filters();
          const since =
            plan.since === null
              ? ''
              : ` AND p.${this.ident(pm.at)} >= ${this.param('timestamp', timestampValue(this.dialect, plan.since))}`;
          const having = zeroMatches
            ? `NOT (count() ${op} ${this.param('integer', plan.n)})`
            : `count() ${op} ${this.param('integer', plan.n)}`;
          const sub = `SELECT p.${this.ident(pm.member)} FROM ${this.ident(pm.table)} AS p WHERE ${match}${since} GROUP BY p.${this.ident(pm.member)} HAVING ${having}`;
          return `(m.${this.ident(this.mapping.id)} ${zeroMatches ? 'NOT IN' : 'IN'} (${sub}))`;
        }
        const match = filters();
        const since =
          plan.since === null ? '' : ` AND p.${this.ident(pm.at)} >= ${this.param('timestamp', timestampValue(this.dialect, plan.since))}`;
        const count = `(SELECT count(*) FROM ${this.ident(pm.table)} AS p WHERE p.${this.ident(pm.member)} = m.${this.ident(this.mapping.id)} AND ${match}${since})`;
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
