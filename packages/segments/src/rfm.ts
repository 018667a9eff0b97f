import { toInstant } from '@aisle/core';
import { SegmentError, SegmentErrorCode } from './errors';
import { byCodePoint } from './internal/order';
import { quoteIdent, type SqlDialect } from './sql';

/**
 * One member's recency, frequency and monetary inputs.
 *
 * @example
 * ```ts
 * import type { RfmInput } from '@aisle/segments';
 *
 * const row: RfmInput = { id: 'M1', lastPurchase: '2026-11-02T12:00:00+08:00', frequency: 4, monetaryFen: 86_000 };
 * ```
 *
 * @public
 */
export interface RfmInput {
  readonly id: string;
  /** Last purchase (null = never: lowest recency). */
  readonly lastPurchase: Date | number | string | null;
  readonly frequency: number;
  readonly monetaryFen: number;
}

/**
 * RFM scores, each 1 (lowest) to `buckets` (highest), and the concatenated code (`'545'`).
 *
 * @example
 * ```ts
 * import type { RfmScore } from '@aisle/segments';
 *
 * const s: RfmScore = { id: 'M1', r: 5, f: 4, m: 5, code: '545' };
 * ```
 *
 * @public
 */
export interface RfmScore {
  readonly id: string;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: string;
}

function ntile<T>(rows: readonly T[], compare: (a: T, b: T) => number, buckets: number): Map<T, number> {
  const sorted = [...rows].sort(compare);
  const n = sorted.length;
  const q = Math.floor(n / buckets);
  const rem = n % buckets;
  const out = new Map<T, number>();
  let i = 0;
  for (let b = 1; b <= buckets; b++) {
    const size = q + (b <= rem ? 1 : 0);
    for (let k = 0; k < size; k++) out.set(sorted[i++] as T, b);
  }
  return out;
}

function checkBuckets(buckets: number): void {
  if (!Number.isSafeInteger(buckets) || buckets < 2 || buckets > 100) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'RFM buckets must be an integer from 2 to 100', { details: { buckets } });
  }
}

/**
 * RFM quintiles (or `buckets`-iles) with SQL `NTILE` semantics: rows sorted ascending by the
 * value, ties broken by member id in code-point order (SQL binary / `COLLATE "C"`), the first
 * `n mod buckets` buckets one row larger. {@link rfmSql} computes identical scores in a warehouse.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` (buckets), `SEGMENT_INVALID_PROFILE`
 * (a non-finite frequency or money that is not whole fen).
 *
 * @example
 * ```ts
 * import { rfm } from '@aisle/segments';
 *
 * const scores = rfm([
 *   { id: 'M1', lastPurchase: '2026-11-20T10:00:00+08:00', frequency: 9, monetaryFen: 120_000 },
 *   { id: 'M2', lastPurchase: null, frequency: 0, monetaryFen: 0 },
 * ]);
 * console.log(scores.map((s) => s.code));
 * ```
 *
 * @public
 */
export function rfm(rows: readonly RfmInput[], options: { readonly buckets?: number } = {}): RfmScore[] {
  const buckets = options.buckets ?? 5;
  checkBuckets(buckets);
  const prepared = rows.map((row) => {
    if (!Number.isFinite(row.frequency) || !Number.isSafeInteger(row.monetaryFen)) {
      throw new SegmentError(
        SegmentErrorCode.INVALID_PROFILE,
        `RFM row ${JSON.stringify(row.id)}: frequency must be finite and money whole fen`,
        {
          details: { id: row.id },
        },
      );
    }
    return { row, last: row.lastPurchase === null ? null : toInstant(row.lastPurchase).getTime() };
  });
  type P = (typeof prepared)[number];
  const tie = (a: P, b: P) => byCodePoint(a.row.id, b.row.id);
  const r = ntile(
    prepared,
    (a, b) => (a.last === b.last ? tie(a, b) : a.last === null ? -1 : b.last === null ? 1 : a.last - b.last),
    buckets,
  );
  const f = ntile(prepared, (a, b) => a.row.frequency - b.row.frequency || tie(a, b), buckets);
  const m = ntile(prepared, (a, b) => a.row.monetaryFen - b.row.monetaryFen || tie(a, b), buckets);
  return prepared.map((p) => {
    const s = { r: r.get(p) as number, f: f.get(p) as number, m: m.get(p) as number };
    return { id: p.row.id, ...s, code: buckets < 10 ? `${s.r}${s.f}${s.m}` : `${s.r}-${s.f}-${s.m}` };
  });
}

/**
 * Options of {@link rfmSql}: the table and its columns.
 *
 * @example
 * ```ts
 * import type { RfmSqlOptions } from '@aisle/segments';
 *
 * const o: RfmSqlOptions = { dialect: 'duckdb', table: 'members', id: 'id', lastPurchase: 'last_purchase', frequency: 'orders', monetary: 'spend_fen' };
 * ```
 *
 * @public
 */
export interface RfmSqlOptions {
  readonly dialect: SqlDialect;
  readonly table: string;
  readonly id: string;
  readonly lastPurchase: string;
  readonly frequency: string;
  readonly monetary: string;
  readonly buckets?: number;
}

/**
 * The SQL that computes the same scores as {@link rfm} (`id, r, f, m`) with `NTILE`.
 *
 * @example
 * ```ts
 * import { rfmSql } from '@aisle/segments';
 *
 * console.log(rfmSql({ dialect: 'postgres', table: 'members', id: 'id', lastPurchase: 'last_purchase', frequency: 'orders', monetary: 'spend_fen' }));
 * ```
 *
 * @public
 */
export function rfmSql(options: RfmSqlOptions): string {
  const buckets = options.buckets ?? 5;
  checkBuckets(buckets);
  const q = (name: string) => quoteIdent(options.dialect, name);
  // Columns are qualified: MySQL and ClickHouse resolve a bare name to a select alias first, so a
  // column called `m` would otherwise mean the NTILE aliased `m` (found running MariaDB).
  const c = (name: string) => `src.${q(name)}`;
  const id = c(options.id);
  const tie =
    options.dialect === 'postgres'
      ? `${id} COLLATE "C" ASC`
      : options.dialect === 'bigquery'
        ? `CAST(${id} AS BYTES) ASC`
        : options.dialect === 'mysql'
          ? `CAST(${id} AS BINARY) ASC`
          : `${id} ASC`;
  const nt = options.dialect === 'clickhouse' ? 'ntile' : 'NTILE';
  // MySQL has no NULLS FIRST, but already sorts NULL first in ascending order.
  const col = (name: string, nullsFirst: boolean) =>
    `${nt}(${buckets}) OVER (ORDER BY ${c(name)} ASC${nullsFirst && options.dialect !== 'mysql' ? ' NULLS FIRST' : ''}, ${tie})`;
  return `SELECT ${id} AS id, ${col(options.lastPurchase, true)} AS r, ${col(options.frequency, false)} AS f, ${col(options.monetary, false)} AS m FROM ${q(options.table)} AS src`;
}
