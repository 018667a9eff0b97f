import { FootfallError, FootfallErrorCode } from '../errors';

/**
 * The SQL dialects the footfall compilers write.
 *
 * @example
 * ```ts
 * import type { FootfallSqlDialect } from '@aisle/footfall';
 *
 * const dialect: FootfallSqlDialect = 'clickhouse';
 * ```
 *
 * @public
 */
export type FootfallSqlDialect = 'postgres' | 'duckdb' | 'clickhouse';

/**
 * A bound parameter of compiled footfall SQL (`$1` in PostgreSQL and DuckDB, `{p1:Int64}` in
 * ClickHouse).
 *
 * @example
 * ```ts
 * import type { FootfallSqlParam } from '@aisle/footfall';
 *
 * const p: FootfallSqlParam = { name: 'p1', type: 'integer', value: 1795230000000 };
 * ```
 *
 * @public
 */
export interface FootfallSqlParam {
  /** The placeholder's name (`p1`…; ClickHouse binds by it). */
  readonly name: string;
  /** `integer` (epoch ms, thresholds) or `string` (source, line and store names). */
  readonly type: 'string' | 'integer';
  /** The value to bind: a safe integer, or a string. */
  readonly value: string | number;
}

export const DIALECTS: ReadonlySet<string> = new Set(['postgres', 'duckdb', 'clickhouse']);

/** Largest instant (epoch ms) a sentinel must exceed: `Date`'s range. */
export const SENTINEL = '9000000000000000';

const fail = (message: string, details: Record<string, unknown>): never => {
  throw new FootfallError(FootfallErrorCode.INVALID_SQL, message, { details });
};

/**
 * Writes dialect-specific fragments and collects parameters. One writer per compilation; its
 * parameter list is private to that compilation.
 */
export class SqlWriter {
  readonly params: FootfallSqlParam[] = [];
  constructor(readonly dialect: FootfallSqlDialect) {}

  /** A quoted (optionally schema-qualified) table name. */
  table(name: string | readonly string[], what: string): string {
    const parts = typeof name === 'string' ? [name] : name;
    if (!Array.isArray(parts) || parts.length === 0 || parts.length > 3) fail(`${what}: expected a name or 1–3 name parts`, { what });
    return parts
      .map((p: unknown) => {
        if (typeof p !== 'string' || p.length === 0 || p.length > 256 || p.includes('\0')) {
          fail(`${what}: expected identifiers of 1–256 characters without NUL, received ${show(p)}`, {
            what,
          });
        }
        const s = p as string;
        return this.dialect === 'clickhouse' ? `\`${s.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\`` : `"${s.replaceAll('"', '""')}"`;
      })
      .join('.');
  }

  /** A bound integer (a safe integer; instants are epoch ms). */
  int(value: number): string {
    const name = `p${this.params.length + 1}`;
    this.params.push({ name, type: 'integer', value });
    if (this.dialect === 'clickhouse') return `{${name}:Int64}`;
    return `CAST($${this.params.length} AS BIGINT)`;
  }

  /** A bound string (a source or line name). PostgreSQL text cannot hold NUL, so it is refused there. */
  str(value: string, what: string): string {
    if (this.dialect === 'postgres' && value.includes('\0')) {
      fail(`${what}: PostgreSQL text cannot hold NUL (U+0000), received a name containing it`, { what });
    }
    const name = `p${this.params.length + 1}`;
    this.params.push({ name, type: 'string', value });
    if (this.dialect === 'clickhouse') return `{${name}:String}`;
    return `CAST($${this.params.length} AS VARCHAR)`;
  }

  /** `expr IN (…)` over bound strings (`FALSE` for an empty list). */
  inList(expr: string, values: readonly string[], what: string): string {
    if (values.length === 0) return 'FALSE';
    return `${expr} IN (${values.map((v) => this.str(v, what)).join(', ')})`;
  }

  /** A cast to a nullable 64-bit integer. */
  big(expr: string): string {
    return this.dialect === 'clickhouse' ? `CAST(${expr} AS Nullable(Int64))` : `CAST(${expr} AS BIGINT)`;
  }

  /** A cast to a non-null 64-bit integer (sums and counts, whose types differ per engine). */
  bigNotNull(expr: string): string {
    return this.dialect === 'clickhouse' ? `CAST(${expr} AS Int64)` : `CAST(${expr} AS BIGINT)`;
  }

  /** A cast to nullable text. */
  text(expr: string): string {
    return this.dialect === 'clickhouse' ? `CAST(${expr} AS Nullable(String))` : `CAST(${expr} AS VARCHAR)`;
  }

  /** A cast to a nullable double. */
  dbl(expr: string): string {
    return this.dialect === 'clickhouse' ? `CAST(${expr} AS Nullable(Float64))` : `CAST(${expr} AS FLOAT8)`;
  }

  /** A relation of one column `name` from bound strings (`WHERE FALSE` when empty). */
  stringRows(name: string, values: readonly string[], what: string): string {
    if (values.length === 0) return `SELECT ${this.text("''")} AS ${name} WHERE FALSE`;
    return values.map((v) => `SELECT ${this.str(v, what)} AS ${name}`).join(' UNION ALL ');
  }
}

/** A received value for an error message: never throws (a null-prototype object has no `toString`). */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return Array.isArray(v) ? 'an array' : `a value of type ${typeof v}`;
}

/** Throws `FOOTFALL_INVALID_SQL` (compile options) with details. */
export const invalid = fail;

/** Throws `FOOTFALL_INPUT_TOO_LARGE` when a list is over its cap. */
export function capped(length: number, limit: number, what: string): void {
  if (length > limit) {
    throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `${what}: expected at most ${limit}, received ${length}`, {
      details: { limit, received: length },
    });
  }
}
