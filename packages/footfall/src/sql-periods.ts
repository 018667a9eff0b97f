import { addLocal, fromLocal, localParts } from '@aisle/core';
import { BUCKET_MS } from './aggregate';
import { FootfallError, FootfallErrorCode } from './errors';
import { planHours } from './internal/hours';
import { capped, type FootfallSqlDialect, type FootfallSqlParam, invalid, show } from './internal/sql-writer';
import { commonSql, type FootfallTables, nameList } from './sql';

/** Most periods one statement compares. @public */
export const SQL_MAX_PERIODS = 8;
/** Most business days in one period (a year and a little). @public */
export const SQL_MAX_PERIOD_DAYS = 400;

/**
 * Options of {@link compilePeriodTotalsSql}: periods of whole business days (`from` and `to`
 * inclusive, `YYYY-MM-DD`), with the opening hours, lines and tables of the daily report.
 *
 * @example
 * ```ts
 * import type { PeriodTotalsSqlOptions } from '@aisle/footfall';
 *
 * const options: PeriodTotalsSqlOptions = {
 *   dialect: 'duckdb', zone: 'Asia/Shanghai',
 *   periods: [{ from: '2026-11-16', to: '2026-11-22' }, { from: '2026-11-09', to: '2026-11-15' }],
 * };
 * ```
 *
 * @public
 */
export interface PeriodTotalsSqlOptions {
  /** `postgres`, `duckdb` or `clickhouse`. */
  readonly dialect: FootfallSqlDialect;
  /** The store's IANA zone. */
  readonly zone: string;
  /** The periods, first the current one (at most {@link SQL_MAX_PERIODS}). */
  readonly periods: readonly { readonly from: string; readonly to: string }[];
  /** Local opening hours of every day (default the whole day). */
  readonly openingHours?: { readonly open: string; readonly close: string };
  /** Lines that count passers-by. */
  readonly passerbyLines?: readonly string[];
  /** Staff-only doors. */
  readonly staffLines?: readonly string[];
  /** Table names (default `footfall_buckets` and `footfall_coverage`). */
  readonly tables?: FootfallTables;
  /** Read only rows whose `store` column equals this. */
  readonly store?: string;
}

/**
 * Totals of one period: the sums of the daily reports' `totals` over its days (`passersBy` is
 * `null` when no passer-by was counted in the whole period).
 *
 * @example
 * ```ts
 * import type { PeriodTotals } from '@aisle/footfall';
 *
 * const t: PeriodTotals = { entries: 1100, exits: 1080, passersBy: null, staff: 12 };
 * ```
 *
 * @public
 */
export interface PeriodTotals {
  readonly entries: number;
  readonly exits: number;
  readonly passersBy: number | null;
  readonly staff: number;
}

/**
 * Compiled period totals: one statement, its parameters, and how many periods it returns.
 *
 * @example
 * ```ts
 * import { compilePeriodTotalsSql } from '@aisle/footfall';
 *
 * const q = compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [{ from: '2026-11-21', to: '2026-11-21' }] });
 * q.periods; // 1
 * ```
 *
 * @public
 */
export interface CompiledPeriodTotalsSql {
  /** The dialect the statement is written in. */
  readonly dialect: FootfallSqlDialect;
  /** One `WITH … SELECT` statement returning `period, entries, exits, passers_by, staff`. */
  readonly sql: string;
  /** Parameters in placeholder order (by `name` in ClickHouse). */
  readonly params: readonly FootfallSqlParam[];
  /** How many periods (rows) the statement returns. */
  readonly periods: number;
}

function days(from: string, to: string, zone: string, what: string): string[] {
  const parse = (d: string) => {
    const m = typeof d === 'string' ? /^(\d{4})-(\d\d)-(\d\d)$/.exec(d) : null;
    if (m === null) throw new FootfallError(FootfallErrorCode.INVALID_OPENING_HOURS, `${what}: dates must be YYYY-MM-DD, got ${show(d)}`);
    return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  };
  const out: string[] = [];
  const last = fromLocal(parse(to), zone).getTime();
  let t = fromLocal(parse(from), zone).getTime();
  if (t > last) invalid(`${what}: from (${from}) is after to (${to})`, { what });
  while (t <= last) {
    const p = localParts(t, zone);
    out.push(`${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`);
    capped(out.length, SQL_MAX_PERIOD_DAYS, `${what} days`);
    t = addLocal(t, { days: 1 }, zone).getTime();
  }
  return out;
}

/**
 * Compiles the totals of several periods (this week, last week, the same week a year ago) to one
 * SQL statement, for 环比 / 同比 with {@link comparePeriods}: per period, the sums over its days of
 * what {@link buildHourlyReport}'s `totals` would say for each day (entries, exits, passers-by,
 * staff), with each day cut to its local opening hours in the store's zone (DST-safe: the day
 * windows are computed here and bound). Read the rows with {@link periodTotalsFromRows}.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_OPENING_HOURS` for malformed dates or hours;
 * `FOOTFALL_INVALID_SQL` for a bad dialect, table name or an inverted period;
 * `FOOTFALL_INPUT_TOO_LARGE` beyond {@link SQL_MAX_PERIODS} periods or
 * {@link SQL_MAX_PERIOD_DAYS} days in one.
 *
 * @example
 * ```ts
 * import { comparePeriods, compilePeriodTotalsSql, periodTotalsFromRows } from '@aisle/footfall';
 *
 * const q = compilePeriodTotalsSql({
 *   dialect: 'clickhouse', zone: 'Asia/Shanghai', openingHours: { open: '10:00', close: '22:00' },
 *   periods: [{ from: '2026-11-16', to: '2026-11-22' }, { from: '2026-11-09', to: '2026-11-15' }, { from: '2025-11-17', to: '2025-11-23' }],
 * });
 * const rows = [[1, 1100, 1080, null, 9], [2, 1000, 990, null, 8], [3, 1250, 1240, null, 7]]; // as the engine returns them
 * const [now, before, yearAgo] = periodTotalsFromRows(q, rows);
 * comparePeriods({ current: now?.entries ?? null, previous: before?.entries ?? null, yearAgo: yearAgo?.entries ?? null }); // 环比 0.1, 同比 −0.12
 * ```
 *
 * @public
 */
export function compilePeriodTotalsSql(options: PeriodTotalsSqlOptions): CompiledPeriodTotalsSql {
  const { w, buckets, store } = commonSql(options);
  const passerby = nameList(options.passerbyLines, 'passerbyLines');
  const staff = nameList(options.staffLines, 'staffLines');
  if (!Array.isArray(options.periods) || options.periods.length === 0)
    invalid('periods: expected at least one period', { what: 'periods' });
  capped(options.periods.length, SQL_MAX_PERIODS, 'periods');
  const windows: [number, number, number][] = [];
  options.periods.forEach((p, k) => {
    if (typeof p !== 'object' || p === null) throw new TypeError(`periods[${k}]: expected { from, to }`);
    for (const d of days(p.from, p.to, options.zone, `periods[${k}]`)) {
      const plan = planHours(options.zone, d, options.openingHours);
      windows.push([k + 1, plan.open, plan.close]);
    }
  });
  const z = (e = '0') => w.bigNotNull(e);
  const wins = windows.map(([k, lo, hi]) => `SELECT ${z(String(k))} AS per, ${w.int(lo)} AS lo, ${w.int(hi)} AS hi`).join(' UNION ALL ');
  const ranges = options.periods
    .map((_, k) => {
      const mine = windows.filter((x) => x[0] === k + 1);
      return `(b.bucket_start >= ${w.int(Math.min(...mine.map((x) => x[1])))} AND b.bucket_start < ${w.int(Math.max(...mine.map((x) => x[2])))})`;
    })
    .join(' OR ');
  const cls = `CASE WHEN ${w.inList('l.ln', passerby, 'passerbyLines')} THEN 1 WHEN ${w.inList('l.ln', staff, 'staffLines')} THEN 2 ELSE 0 END`;
  const sql = `WITH
wins AS (${wins}),
lines AS (SELECT b.bucket_start AS bs, b.line AS ln, ${z('SUM(b.count_in)')} AS ci, ${z('SUM(b.count_out)')} AS co, ${z('SUM(b.count_passed)')} AS cp
  FROM ${buckets} AS b WHERE (${ranges}) AND b.bucket_start % ${BUCKET_MS} = 0${store('b')} GROUP BY b.bucket_start, b.line),
classed AS (SELECT v.per AS per, ${cls} AS cls, l.ci AS ci, l.co AS co, l.cp AS cp FROM lines AS l CROSS JOIN wins AS v WHERE l.bs >= v.lo AND l.bs < v.hi),
facts AS (
  SELECT v.per AS per, ${z()} AS ie, ${z()} AS oe, ${z()} AS pb, ${z()} AS sf, ${z()} AS haspb FROM wins AS v
  UNION ALL SELECT k.per, ${z('CASE WHEN k.cls = 0 THEN k.ci ELSE 0 END')}, ${z('CASE WHEN k.cls = 0 THEN k.co ELSE 0 END')},
    ${z('CASE WHEN k.cls = 1 THEN k.ci + k.co WHEN k.cls = 0 THEN k.cp ELSE 0 END')}, ${z('CASE WHEN k.cls = 2 THEN k.ci + k.co ELSE 0 END')},
    ${z('CASE WHEN k.cls = 1 OR (k.cls = 0 AND k.cp > 0) THEN 1 ELSE 0 END')} FROM classed AS k)
SELECT ${z('f.per')} AS period, ${z('SUM(f.ie)')} AS entries, ${z('SUM(f.oe)')} AS exits,
  ${w.big('CASE WHEN MAX(f.haspb) = 1 THEN SUM(f.pb) ELSE NULL END')} AS passers_by, ${z('SUM(f.sf)')} AS staff
FROM facts AS f GROUP BY f.per`;
  return { dialect: w.dialect, sql, params: w.params, periods: options.periods.length };
}

const cell = (v: unknown, row: number, what: string, nullable: boolean): number | null => {
  if (v === null && nullable) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new FootfallError(FootfallErrorCode.INVALID_SQL, `result row ${row}: ${what}: expected an integer, received ${show(v)}`, {
      details: { row },
    });
  }
  return n;
};

/**
 * Reads the rows of {@link compilePeriodTotalsSql}'s statement (arrays in column order; integers as
 * numbers, bigints or decimal text) into one {@link PeriodTotals} per period, in the order given.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_SQL` when a row is malformed or a period is
 * missing or repeated.
 *
 * @example
 * ```ts
 * import { compilePeriodTotalsSql, periodTotalsFromRows } from '@aisle/footfall';
 *
 * const q = compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [{ from: '2026-11-21', to: '2026-11-21' }] });
 * periodTotalsFromRows(q, [[1, 3, 1, null, 0]]); // [{ entries: 3, exits: 1, passersBy: null, staff: 0 }]
 * ```
 *
 * @public
 */
export function periodTotalsFromRows(compiled: CompiledPeriodTotalsSql, rows: readonly (readonly unknown[])[]): PeriodTotals[] {
  if (!Array.isArray(rows)) throw new TypeError('rows: expected an array of result rows');
  const out: (PeriodTotals | undefined)[] = new Array(compiled.periods).fill(undefined);
  if (rows.length !== compiled.periods) {
    invalid(`expected ${compiled.periods} rows (one per period), received ${rows.length}`, { what: 'rows' });
  }
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 5) invalid(`result row ${i}: expected an array of 5 cells`, { row: i });
    const k = cell(r[0], i, 'period', false) as number;
    if (k < 1 || k > compiled.periods || out[k - 1] !== undefined)
      invalid(`result row ${i}: period ${k} is out of range or repeated`, { row: i });
    out[k - 1] = {
      entries: cell(r[1], i, 'entries', false) as number,
      exits: cell(r[2], i, 'exits', false) as number,
      passersBy: cell(r[3], i, 'passers_by', true),
      staff: cell(r[4], i, 'staff', false) as number,
    };
  });
  return out as PeriodTotals[];
}
