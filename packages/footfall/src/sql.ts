import { BUCKET_MS } from './aggregate';
import { planHours } from './internal/hours';
import {
  capped,
  DIALECTS,
  type FootfallSqlDialect,
  type FootfallSqlParam,
  invalid,
  SENTINEL,
  SqlWriter,
  show,
} from './internal/sql-writer';
import type { HourlyReportOptions } from './report';

export type { FootfallSqlDialect, FootfallSqlParam } from './internal/sql-writer';

/** Most sources, passer-by or staff lines, or uptime intervals one compilation takes. @public */
export const SQL_MAX_LIST = 10_000;
/** Largest gap threshold the compilers take (7 days). @public */
export const SQL_MAX_GAP_MS = 7 * 86_400_000;

/**
 * Where the bucket and coverage tables are (names are quoted identifiers; an array is
 * `schema.table`).
 *
 * @example
 * ```ts
 * import type { FootfallTables } from '@aisle/footfall';
 *
 * const tables: FootfallTables = { buckets: ['analytics', 'footfall_buckets'], coverage: 'footfall_coverage' };
 * ```
 *
 * @public
 */
export interface FootfallTables {
  /** Default `footfall_buckets`. */
  readonly buckets?: string | readonly string[];
  /** Default `footfall_coverage`. */
  readonly coverage?: string | readonly string[];
}

/**
 * Options of {@link compileHourlyReportSql}: those of {@link buildHourlyReport} plus where and how
 * to read. `sources` defaults to the sources with a coverage row within `gapMs` of the opening
 * hours (plus those in `uptime`), not to every source the table ever saw.
 *
 * @example
 * ```ts
 * import type { HourlyReportSqlOptions } from '@aisle/footfall';
 *
 * const options: HourlyReportSqlOptions = {
 *   dialect: 'postgres', zone: 'Asia/Shanghai', date: '2026-11-21', store: 'sh-001',
 *   tables: { buckets: ['analytics', 'footfall_buckets'], coverage: ['analytics', 'footfall_coverage'] },
 * };
 * ```
 *
 * @public
 */
export interface HourlyReportSqlOptions extends HourlyReportOptions {
  /** `postgres`, `duckdb` or `clickhouse`. */
  readonly dialect: FootfallSqlDialect;
  /** Table names (default `footfall_buckets` and `footfall_coverage`). */
  readonly tables?: FootfallTables;
  /** Read only rows whose `store` column equals this (the tables then need a `store` column). */
  readonly store?: string;
  /** The aggregator's gap threshold: silence longer than this is a gap (default 5 minutes). */
  readonly gapMs?: number;
  /**
   * ClickHouse only: compute each CTE once (`AS MATERIALIZED`, `enable_materialized_cte = 1`)
   * instead of once per reference — 1.4–3× faster on the 1,000-camera bench, for ClickHouse versions that
   * have materialized CTEs (the one in chdb 3.4 does); older servers reject the statement.
   */
  readonly materializeCtes?: boolean;
}

/**
 * What {@link hourlyReportFromRows} needs besides the rows: the hours and the source order.
 *
 * @example
 * ```ts
 * import { compileHourlyReportSql } from '@aisle/footfall';
 *
 * const { plan } = compileHourlyReportSql({ dialect: 'clickhouse', zone: 'Europe/Berlin', date: '2026-10-25' });
 * plan.hours.length; // 25: the clocks go back that night
 * ```
 *
 * @public
 */
export interface HourlyReportSqlPlan {
  /** The zone, canonicalised. */
  readonly zone: string;
  /** The business date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The report's hours: `[start, end)` in epoch ms and the local label (`HH:MM`). */
  readonly hours: readonly { readonly start: number; readonly end: number; readonly label: string }[];
  /** The `sources` option as given (gaps are listed in its order), or `null` for the default (sorted). */
  readonly sources: readonly string[] | null;
  /** How many peak hours to list. */
  readonly peaks: number;
}

/**
 * Compiled SQL of an hourly report: one statement, its parameters in placeholder order, and the
 * plan {@link hourlyReportFromRows} turns the result rows into an {@link HourlyReport} with.
 *
 * @example
 * ```ts
 * import { compileHourlyReportSql } from '@aisle/footfall';
 *
 * const q = compileHourlyReportSql({ dialect: 'clickhouse', zone: 'Asia/Shanghai', date: '2026-11-21' });
 * const bind = Object.fromEntries(q.params.map((p) => [p.name, p.value])); // for {p1:Int64}…
 * ```
 *
 * @public
 */
export interface CompiledHourlyReportSql {
  /** The dialect the statement is written in. */
  readonly dialect: FootfallSqlDialect;
  /** One `WITH … SELECT` statement; values never appear in it. */
  readonly sql: string;
  /** Parameters in placeholder order (`$1`… in PostgreSQL and DuckDB; by `name` in ClickHouse). */
  readonly params: readonly FootfallSqlParam[];
  /** What {@link hourlyReportFromRows} needs besides the rows. */
  readonly plan: HourlyReportSqlPlan;
}

/** The validated name lists and tables shared by both compilers. */
export interface CommonSql {
  readonly w: SqlWriter;
  readonly buckets: string;
  readonly coverage: string;
  readonly store: (alias?: string) => string;
}

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/** Validates a list of names (sources, lines): capped, strings of 1–256 characters. */
export function nameList(value: unknown, what: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return invalid(`${what}: expected an array of names`, { what });
  capped(value.length, SQL_MAX_LIST, what);
  for (const v of value) if (!isName(v)) invalid(`${what}: expected names of 1–256 characters, received ${show(v)}`, { what });
  return value as string[];
}

/** Dialect, tables and store filter: validated once for every compiler. */
export function commonSql(options: { dialect: unknown; tables?: FootfallTables; store?: unknown }): CommonSql {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  if (typeof options.dialect !== 'string' || !DIALECTS.has(options.dialect)) {
    invalid(`dialect: expected 'postgres' | 'duckdb' | 'clickhouse', received ${show(options.dialect)}`, { what: 'dialect' });
  }
  const w = new SqlWriter(options.dialect as FootfallSqlDialect);
  const t = options.tables ?? {};
  const buckets = w.table(t.buckets ?? 'footfall_buckets', 'tables.buckets');
  const coverage = w.table(t.coverage ?? 'footfall_coverage', 'tables.coverage');
  if (options.store !== undefined && !isName(options.store)) {
    invalid(`store: expected a name of 1–256 characters, received ${show(options.store)}`, { what: 'store' });
  }
  const store = (alias?: string) =>
    options.store === undefined ? '' : ` AND ${alias === undefined ? '' : `${alias}.`}store = ${w.str(options.store as string, 'store')}`;
  return { w, buckets, coverage, store };
}

/**
 * Compiles the hourly report of one business day to one SQL statement over the documented
 * bucket and coverage tables (see the README): the same rows, statuses, gaps, occupancy and
 * totals as {@link buildHourlyReport} on the same data, computed in PostgreSQL, DuckDB or
 * ClickHouse. Hour boundaries are computed here in the store's zone (DST days have 23 or 25
 * hours) and bound as parameters, so the engine needs no time-zone tables. Every value (names,
 * instants) is a bound parameter; table names are quoted identifiers.
 *
 * Each result row has 13 columns: `kind` (`hour`, `door`, `gap`, `unverified` or `total`),
 * `hour` (1-based; 0 for the total), `name` (line or source), `status`, `entries`, `exits`,
 * `passers_by`, `staff`, `occupancy`, `peak`, `entry_rate`, `from_ms`, `to_ms` (a gap);
 * {@link hourlyReportFromRows} turns them into the report. The report's `dwell` is empty
 * and `late` is 0: neither is in the bucket tables.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_OPENING_HOURS` as `buildHourlyReport`;
 * `FOOTFALL_INVALID_SQL` for an unknown dialect, a bad table name, a name PostgreSQL cannot carry
 * (NUL) or duplicate sources; `FOOTFALL_INPUT_TOO_LARGE` for more than {@link SQL_MAX_LIST} names or
 * uptime intervals. `CORE_INVALID_TIME_ZONE` for a zone that is not an IANA zone.
 *
 * @example
 * ```ts
 * import { compileHourlyReportSql } from '@aisle/footfall';
 *
 * const q = compileHourlyReportSql({
 *   dialect: 'postgres', zone: 'Asia/Shanghai', date: '2026-11-21',
 *   openingHours: { open: '10:00', close: '22:00' }, passerbyLines: ['pavement'],
 * });
 * // const { rows } = await pg.query({ text: q.sql, values: q.params.map((p) => p.value), rowMode: 'array' });
 * // const report = hourlyReportFromRows(q, rows);
 * q.plan.hours.length; // 12
 * ```
 *
 * @public
 */
export function compileHourlyReportSql(options: HourlyReportSqlOptions): CompiledHourlyReportSql {
  const { w, buckets, coverage, store } = commonSql(options);
  const plan = planHours(options.zone, options.date, options.openingHours);
  const gapMs = options.gapMs ?? BUCKET_MS;
  if (typeof gapMs !== 'number' || !Number.isSafeInteger(gapMs) || gapMs < 1 || gapMs > SQL_MAX_GAP_MS) {
    throw new RangeError(`gapMs: expected an integer in [1, ${SQL_MAX_GAP_MS}], received ${show(gapMs)}`);
  }
  const peaks = options.peaks ?? 3;
  if (!Number.isInteger(peaks) || peaks < 0) throw new RangeError(`peaks: expected a non-negative integer, received ${show(peaks)}`);
  const passerby = nameList(options.passerbyLines, 'passerbyLines');
  const staff = nameList(options.staffLines, 'staffLines');
  const sources = options.sources === undefined ? null : nameList(options.sources, 'sources');
  if (sources !== null && new Set(sources).size !== sources.length) invalid('sources: expected distinct names', { what: 'sources' });
  const uptime: [string, number, number][] = [];
  const uptimeSources: string[] = [];
  if (options.uptime !== undefined) {
    if (typeof options.uptime !== 'object' || options.uptime === null) throw new TypeError('uptime: expected an object');
    for (const s of Object.keys(options.uptime)) {
      if (s.length === 0 || s.length > 256)
        invalid(`uptime: expected source names of 1–256 characters, received one of ${s.length}`, { what: 'uptime' });
      uptimeSources.push(s);
      const list = (options.uptime as Record<string, unknown>)[s];
      if (!Array.isArray(list)) throw new TypeError(`uptime.${s}: expected [from, to] intervals`);
      for (const iv of list as unknown[]) {
        if (!Array.isArray(iv) || iv.length !== 2 || !Number.isSafeInteger(iv[0]) || !Number.isSafeInteger(iv[1]) || iv[0] > iv[1]) {
          throw new TypeError(`uptime.${s}: expected [from, to] integer epoch-ms intervals with from <= to`);
        }
        uptime.push([s, iv[0] as number, iv[1] as number]);
        capped(uptime.length, SQL_MAX_LIST, 'uptime intervals');
      }
    }
    capped(uptimeSources.length, SQL_MAX_LIST, 'uptime sources');
  }

  const materialize = options.materializeCtes === true && w.dialect === 'clickhouse';
  // ClickHouse inlines a CTE at every reference; MATERIALIZED computes each once.
  const M = materialize ? 'MATERIALIZED ' : '';
  const z = (expr = '0') => w.bigNotNull(expr);
  const bounds = plan.hours.map((h, i) => `SELECT ${z(String(i + 1))} AS hr, ${w.int(h.start)} AS hs, ${w.int(h.end)} AS he`);
  const lo = w.int(plan.open - gapMs);
  const hi = w.int(plan.close + gapMs);
  const gap = w.int(gapMs);
  const win = `c.to_ms >= ${lo} AND c.from_ms <= ${hi}`;
  const upRows =
    uptime.length === 0
      ? `SELECT ${w.text("''")} AS src, ${z()} AS f, ${z()} AS t WHERE FALSE`
      : uptime.map(([s, f, t]) => `SELECT ${w.str(s, 'uptime')} AS src, ${w.int(f)} AS f, ${w.int(t)} AS t`).join(' UNION ALL ');
  const upSources = w.stringRows('src', uptimeSources, 'uptime');
  const srcs =
    sources !== null
      ? w.stringRows('src', sources, 'sources')
      : `SELECT DISTINCT u.src AS src FROM (SELECT ${w.text('c.source')} AS src FROM ${coverage} AS c WHERE ${win}${store('c')} UNION ALL SELECT ${w.text('x.src')} AS src FROM (${upSources}) AS x) AS u`;
  const frame = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  // Line class: 1 passer-by, 2 staff, 0 door (passer-by wins, as in buildHourlyReport).
  const cls = (col: string) =>
    `CASE WHEN ${w.inList(col, passerby, 'passerbyLines')} THEN 1 WHEN ${w.inList(col, staff, 'staffLines')} THEN 2 ELSE 0 END`;
  const inDay = `b.bucket_start >= ${w.int(plan.open)} AND b.bucket_start < ${w.int(plan.close)} AND b.bucket_start % ${BUCKET_MS} = 0${store('b')}`;
  // The hour of a bucket already inside the day: a CASE over the bound hour ends (no join per row).
  const hourOf = (col: string) =>
    plan.hours.length === 1
      ? z('1')
      : `CASE ${plan.hours
          .slice(0, -1)
          .map((h, i) => `WHEN ${col} < ${w.int(h.end)} THEN ${z(String(i + 1))}`)
          .join(' ')} ELSE ${z(String(plan.hours.length))} END`;
  const rate = (e: string, p: string) => w.dbl(`CAST(${e} AS ${w.dialect === 'clickhouse' ? 'Float64' : 'FLOAT8'}) / ${p}`);
  const NULL_BIG = w.big('NULL');
  const NULL_TEXT = w.text('NULL');
  const NULL_DBL = w.dbl('NULL');

  const sql = `WITH
hours AS ${M}(${bounds.join(' UNION ALL ')}),
bc AS ${M}(SELECT x.bs AS bs, x.cls AS cls, ${z('SUM(x.ci)')} AS ci, ${z('SUM(x.co)')} AS co, ${z('SUM(x.cp)')} AS cp FROM (
    SELECT b.bucket_start AS bs, ${cls('b.line')} AS cls, b.count_in AS ci, b.count_out AS co, b.count_passed AS cp FROM ${buckets} AS b WHERE ${inDay}
  ) AS x GROUP BY x.bs, x.cls),
classed AS ${M}(SELECT h.hr AS hr, c.bs AS bs, c.cls AS cls, c.ci AS ci, c.co AS co, c.cp AS cp FROM bc AS c CROSS JOIN hours AS h WHERE c.bs >= h.hs AND c.bs < h.he),
doors AS ${M}(SELECT y.hr AS hr, y.ln AS ln, ${z('SUM(y.ci)')} AS ci, ${z('SUM(y.co)')} AS co FROM (
    SELECT ${hourOf('b.bucket_start')} AS hr, b.line AS ln, b.count_in AS ci, b.count_out AS co FROM ${buckets} AS b
    WHERE ${inDay} AND ${cls('b.line')} = 0
  ) AS y GROUP BY y.hr, y.ln),
steps AS ${M}(SELECT k.hr AS hr, k.bs AS bs, ${z('SUM(CASE WHEN k.cls = 0 THEN k.ci - k.co ELSE 0 END)')} AS d FROM classed AS k GROUP BY k.hr, k.bs),
prefix AS ${M}(SELECT st.hr AS hr, st.bs AS bs, ${z(`SUM(st.d) OVER (ORDER BY st.bs ${frame})`)} AS s FROM steps AS st),
occ AS ${M}(SELECT p.hr AS hr, p.s AS s, ${z(`p.s - least(0, MIN(p.s) OVER (ORDER BY p.bs ${frame}))`)} AS o FROM prefix AS p),
facts AS ${M}(
  SELECT h.hr AS hr, ${z()} AS ie, ${z()} AS oe, ${z()} AS pb, ${z()} AS sf, ${z()} AS haspb, ${z()} AS d, ${z(SENTINEL)} AS mins, ${z()} AS pk FROM hours AS h
  UNION ALL SELECT k.hr, ${z('CASE WHEN k.cls = 0 THEN k.ci ELSE 0 END')}, ${z('CASE WHEN k.cls = 0 THEN k.co ELSE 0 END')},
    ${z('CASE WHEN k.cls = 1 THEN k.ci + k.co WHEN k.cls = 0 THEN k.cp ELSE 0 END')}, ${z('CASE WHEN k.cls = 2 THEN k.ci + k.co ELSE 0 END')},
    ${z('CASE WHEN k.cls = 1 OR (k.cls = 0 AND k.cp > 0) THEN 1 ELSE 0 END')}, ${z('CASE WHEN k.cls = 0 THEN k.ci - k.co ELSE 0 END')}, ${z(SENTINEL)}, ${z()}
    FROM classed AS k
  UNION ALL SELECT q.hr, ${z()}, ${z()}, ${z()}, ${z()}, ${z()}, ${z()}, q.s, q.o FROM occ AS q),
sums AS ${M}(SELECT f.hr AS hr, ${z('SUM(f.ie)')} AS sie, ${z('SUM(f.oe)')} AS soe, ${z('SUM(f.pb)')} AS spb, ${z('SUM(f.sf)')} AS ssf,
  ${z('MAX(f.haspb)')} AS shaspb, ${z('SUM(f.d)')} AS sd, ${z('MIN(f.mins)')} AS smins, ${z('MAX(f.pk)')} AS spk FROM facts AS f GROUP BY f.hr),
acc AS ${M}(SELECT u.hr AS hr, u.sie AS sie, u.soe AS soe, u.spb AS spb, u.ssf AS ssf, u.sd AS sd, u.smins AS smins, u.spk AS spk,
  ${z(`SUM(u.sd) OVER (ORDER BY u.hr ${frame}) - least(0, MIN(u.smins) OVER (ORDER BY u.hr ${frame}))`)} AS occupancy,
  ${z(`MAX(u.shaspb) OVER (ORDER BY u.hr ${frame})`)} AS anypb FROM sums AS u),
srcs AS ${M}(${srcs}),
up AS ${M}(${upRows}),
kinds AS ${M}(SELECT k.src AS src, ${z('MAX(k.dec)')} AS isdec, ${z('MAX(k.hasrow)')} AS hasrow FROM (
    SELECT ${w.text('s.src')} AS src, ${z()} AS dec, ${z()} AS hasrow FROM srcs AS s
    UNION ALL SELECT ${w.text('c.source')}, ${z("CASE WHEN c.kind = 'inferred' THEN 0 ELSE 1 END")}, ${z('1')} FROM ${coverage} AS c WHERE ${win}${store('c')}
    UNION ALL SELECT ${w.text('x.src')}, ${z('1')}, ${z('1')} FROM (${upSources}) AS x
  ) AS k WHERE k.src IN (SELECT s2.src FROM srcs AS s2) GROUP BY k.src),
cov AS ${M}(
  SELECT ${w.text('c.source')} AS src, ${z('c.from_ms')} AS f, ${z('c.to_ms')} AS t FROM ${coverage} AS c
    WHERE ${win}${store('c')} AND c.source IN (SELECT s1.src FROM srcs AS s1)
  UNION ALL SELECT ${w.text('y.src')}, y.f, y.t FROM up AS y WHERE y.src IN (SELECT s3.src FROM srcs AS s3)
  UNION ALL SELECT ${w.text('s.src')}, ${z(`-${SENTINEL}`)}, ${z(`-${SENTINEL}`)} FROM srcs AS s
  UNION ALL SELECT ${w.text('s.src')}, ${z(SENTINEL)}, ${z(SENTINEL)} FROM srcs AS s),
marked AS ${M}(SELECT v.src AS src, v.f AS f, ${z('MAX(v.t) OVER (PARTITION BY v.src ORDER BY v.f, v.t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)')} AS pe FROM cov AS v),
gaps AS ${M}(SELECT m.src AS src, m.pe AS gf, m.f AS gt FROM marked AS m WHERE m.f - m.pe > ${gap}),
holes AS ${M}(SELECT h.hr AS hr, g.src AS src, greatest(g.gf, h.hs) AS ha, least(g.gt, h.he) AS hz, h.hs AS hs, h.he AS he FROM gaps AS g CROSS JOIN hours AS h
  WHERE g.gf < h.he AND g.gt > h.hs),
kept AS ${M}(SELECT o.hr AS hr, o.src AS src, o.ha AS ha, o.hz AS hz, ${z('CASE WHEN o.ha = o.hs AND o.hz = o.he THEN 1 ELSE 0 END')} AS whole FROM holes AS o
  WHERE o.hz - o.ha > ${gap} OR (o.ha = o.hs AND o.hz = o.he)),
srchours AS ${M}(SELECT e.hr AS hr, e.src AS src, ${z('MAX(e.whole)')} AS whole, ${z('COUNT(*)')} AS n,
  ${z('MAX(CASE WHEN kd.isdec = 1 OR kd.hasrow = 0 THEN 1 ELSE 0 END)')} AS declared FROM kept AS e INNER JOIN kinds AS kd ON e.src = kd.src GROUP BY e.hr, e.src),
hstat AS ${M}(SELECT r.hr AS hr, ${z('SUM(r.down)')} AS down, ${z('SUM(r.gapn)')} AS gapn, ${z('SUM(r.unv)')} AS unv FROM (
    SELECT h.hr AS hr, ${z()} AS down, ${z()} AS gapn, ${z()} AS unv FROM hours AS h
    UNION ALL SELECT sh.hr, sh.whole, ${z('CASE WHEN sh.declared = 1 THEN sh.n ELSE 0 END')}, ${z('CASE WHEN sh.declared = 0 AND sh.whole = 1 THEN 1 ELSE 0 END')} FROM srchours AS sh
  ) AS r GROUP BY r.hr),
nsrc AS ${M}(SELECT ${z('COUNT(*)')} AS n FROM srcs),
report AS ${M}(SELECT a.hr AS hr, a.sie AS sie, a.soe AS soe, a.spb AS spb, a.ssf AS ssf, a.occupancy AS occupancy, a.spk AS spk, a.anypb AS anypb,
  ${z('CASE WHEN ns.n = 0 OR st.down = ns.n THEN 1 ELSE 0 END')} AS miss,
  CASE WHEN ns.n = 0 OR st.down = ns.n THEN (CASE WHEN st.unv > 0 THEN 'unknown' ELSE 'missing' END) WHEN st.gapn > 0 THEN 'partial' ELSE 'complete' END AS status
  FROM acc AS a INNER JOIN hstat AS st ON a.hr = st.hr CROSS JOIN nsrc AS ns)
SELECT ${w.text("'hour'")} AS kind, ${z('r.hr')} AS hour, ${NULL_TEXT} AS name, ${w.text('r.status')} AS status,
  ${w.big('CASE WHEN r.miss = 1 THEN NULL ELSE r.sie END')} AS entries, ${w.big('CASE WHEN r.miss = 1 THEN NULL ELSE r.soe END')} AS exits,
  ${w.big('CASE WHEN r.miss = 1 OR r.anypb = 0 THEN NULL ELSE r.spb END')} AS passers_by, ${w.big('CASE WHEN r.miss = 1 THEN NULL ELSE r.ssf END')} AS staff,
  ${w.big('CASE WHEN r.miss = 1 THEN NULL ELSE r.occupancy END')} AS occupancy, ${w.big('CASE WHEN r.miss = 1 THEN NULL ELSE r.spk END')} AS peak,
  ${w.dbl(`CASE WHEN r.miss = 1 OR r.anypb = 0 OR r.spb = 0 THEN NULL ELSE ${rate('r.sie', 'r.spb')} END`)} AS entry_rate,
  ${NULL_BIG} AS from_ms, ${NULL_BIG} AS to_ms FROM report AS r
UNION ALL SELECT ${w.text("'door'")}, ${z('k.hr')}, ${w.text('k.ln')}, ${NULL_TEXT}, ${w.big('k.ci')}, ${w.big('k.co')},
  ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_DBL}, ${NULL_BIG}, ${NULL_BIG} FROM doors AS k
UNION ALL SELECT ${w.text("'gap'")}, ${z('e.hr')}, ${w.text('e.src')}, ${NULL_TEXT}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG},
  ${NULL_DBL}, ${w.big('e.ha')}, ${w.big('e.hz')} FROM kept AS e INNER JOIN srchours AS sh ON e.hr = sh.hr AND e.src = sh.src WHERE sh.declared = 1
UNION ALL SELECT ${w.text("'unverified'")}, ${z('sh.hr')}, ${w.text('sh.src')}, ${NULL_TEXT}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG}, ${NULL_BIG},
  ${NULL_BIG}, ${NULL_DBL}, ${NULL_BIG}, ${NULL_BIG} FROM srchours AS sh WHERE sh.declared = 0 AND sh.whole = 1
UNION ALL SELECT ${w.text("'total'")}, ${z()}, ${NULL_TEXT}, ${NULL_TEXT}, ${w.big('SUM(a.sie)')}, ${w.big('SUM(a.soe)')},
  ${w.big('CASE WHEN MAX(a.anypb) = 1 THEN SUM(a.spb) ELSE NULL END')}, ${w.big('SUM(a.ssf)')}, ${w.big('SUM(a.sd) - least(0, MIN(a.smins))')}, ${w.big('MAX(a.spk)')},
  ${w.dbl(`CASE WHEN MAX(a.anypb) = 1 AND SUM(a.spb) > 0 THEN ${rate('SUM(a.sie)', 'SUM(a.spb)')} ELSE NULL END`)}, ${NULL_BIG}, ${NULL_BIG} FROM acc AS a${materialize ? ' SETTINGS enable_materialized_cte = 1' : ''}`;
  return {
    dialect: w.dialect,
    sql,
    params: w.params,
    plan: { zone: plan.zone, date: options.date, hours: plan.hours, sources, peaks },
  };
}
