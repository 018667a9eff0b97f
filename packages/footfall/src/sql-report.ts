import { FootfallError, FootfallErrorCode } from './errors';
import { dict, dictFrom, sortedKeys } from './internal/records';
import { show } from './internal/sql-writer';
import type { CoverageGap, HourlyReport, HourlyRow } from './report';
import type { CompiledHourlyReportSql } from './sql';

/** Most result rows {@link hourlyReportFromRows} reads (hours × (doors + sources) stays far below). @public */
export const SQL_MAX_RESULT_ROWS = 1_000_000;

const KINDS = new Set(['hour', 'door', 'gap', 'unverified', 'total']);
const STATUSES = new Set(['complete', 'partial', 'missing', 'unknown']);

const bad = (message: string, row: number): never => {
  throw new FootfallError(FootfallErrorCode.INVALID_SQL, `result row ${row}: ${message}`, { details: { row } });
};

/** An integer cell as drivers return it: number, bigint or decimal text (ClickHouse JSON quotes Int64). */
function int(v: unknown, row: number, what: string): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad(`${what}: expected an integer, received ${show(v)}`, row);
  return n;
}

function real(v: unknown, row: number, what: string): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'string' && v.length <= 40 ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return bad(`${what}: expected a number, received ${show(v)}`, row);
  return n;
}

function text(v: unknown, row: number, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 256) return bad(`${what}: expected a name`, row);
  return v;
}

interface HourCells {
  status: HourlyRow['status'];
  entries: number | null;
  exits: number | null;
  passersBy: number | null;
  staff: number | null;
  occupancy: number | null;
  entryRate: number | null;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Turns the rows of {@link compileHourlyReportSql}'s statement (arrays in column order, as
 * `rowMode: 'array'`, DuckDB's `getRows()` or ClickHouse's `JSONCompactEachRow` give them;
 * integers as numbers, bigints or decimal text) into the {@link HourlyReport} that
 * {@link buildHourlyReport} gives on the same data (its `dwell` is empty and `late` 0).
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_SQL` when the rows are not what the statement
 * returns (a wrong kind, hour or cell; the message names the row); `FOOTFALL_INPUT_TOO_LARGE`
 * over {@link SQL_MAX_RESULT_ROWS} rows.
 *
 * @example
 * ```ts
 * import { compileHourlyReportSql, hourlyReportFromRows } from '@aisle/footfall';
 *
 * const q = compileHourlyReportSql({ dialect: 'duckdb', zone: 'Asia/Shanghai', date: '2026-11-21' });
 * const rows: unknown[][] = []; // what the engine returned for q.sql with q.params
 * try {
 *   hourlyReportFromRows(q, rows);
 * } catch (error) {
 *   // FOOTFALL_INVALID_SQL: no 'hour' row for hour 1 (an empty result is not a report)
 * }
 * ```
 *
 * @public
 */
export function hourlyReportFromRows(compiled: CompiledHourlyReportSql, rows: readonly (readonly unknown[])[]): HourlyReport {
  const plan = compiled.plan;
  if (!Array.isArray(rows)) throw new TypeError('rows: expected an array of result rows');
  if (rows.length > SQL_MAX_RESULT_ROWS) {
    throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `rows: expected at most ${SQL_MAX_RESULT_ROWS}, received ${rows.length}`, {
      details: { limit: SQL_MAX_RESULT_ROWS, received: rows.length },
    });
  }
  const n = plan.hours.length;
  const hours: (HourCells | undefined)[] = new Array(n);
  const doors = plan.hours.map(() => dict<{ entries: number; exits: number }>());
  const gaps = plan.hours.map((): { source: string; from: number; to: number }[] => []);
  const unverified = plan.hours.map((): string[] => []);
  let total: Omit<HourCells, 'status'> & { peak: number | null } = {
    entries: null,
    exits: null,
    passersBy: null,
    staff: null,
    occupancy: null,
    entryRate: null,
    peak: null,
  };
  let sawTotal = false;
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 13) bad('expected an array of 13 cells', i);
    const kind = r[0];
    if (typeof kind !== 'string' || !KINDS.has(kind)) bad(`kind: expected hour, door, gap, unverified or total`, i);
    const hour = int(r[1], i, 'hour');
    if (kind === 'total') {
      sawTotal = true;
      total = {
        entries: int(r[4], i, 'entries'),
        exits: int(r[5], i, 'exits'),
        passersBy: int(r[6], i, 'passers_by'),
        staff: int(r[7], i, 'staff'),
        occupancy: int(r[8], i, 'occupancy'),
        peak: int(r[9], i, 'peak'),
        entryRate: real(r[10], i, 'entry_rate'),
      };
      return;
    }
    if (hour === null || hour < 1 || hour > n) {
      bad(`hour: expected 1..${n}`, i);
      return;
    }
    const h = hour - 1;
    if (kind === 'hour') {
      const status = r[3];
      if (typeof status !== 'string' || !STATUSES.has(status)) bad('status: expected complete, partial, missing or unknown', i);
      hours[h] = {
        status: status as HourlyRow['status'],
        entries: int(r[4], i, 'entries'),
        exits: int(r[5], i, 'exits'),
        passersBy: int(r[6], i, 'passers_by'),
        staff: int(r[7], i, 'staff'),
        occupancy: int(r[8], i, 'occupancy'),
        entryRate: real(r[10], i, 'entry_rate'),
      };
    } else if (kind === 'door') {
      (doors[h] as Record<string, { entries: number; exits: number }>)[text(r[2], i, 'name')] = {
        entries: int(r[4], i, 'entries') ?? 0,
        exits: int(r[5], i, 'exits') ?? 0,
      };
    } else if (kind === 'gap') {
      const from = int(r[11], i, 'from_ms');
      const to = int(r[12], i, 'to_ms');
      if (from === null || to === null || Math.abs(from) > 8.64e15 || Math.abs(to) > 8.64e15) bad('from_ms, to_ms: expected instants', i);
      (gaps[h] as { source: string; from: number; to: number }[]).push({
        source: text(r[2], i, 'name'),
        from: from as number,
        to: to as number,
      });
    } else (unverified[h] as string[]).push(text(r[2], i, 'name'));
  });
  if (!sawTotal) bad("no 'total' row", rows.length);
  const order = new Map<string, number>((plan.sources ?? []).map((s, k) => [s, k]));
  const bySource = (a: string, b: string) =>
    plan.sources === null ? byCodeUnits(a, b) : (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER);
  const out: HourlyRow[] = plan.hours.map((p, h) => {
    const c = hours[h];
    if (c === undefined) return bad(`no 'hour' row for hour ${h + 1}`, rows.length);
    const missing = c.status === 'missing' || c.status === 'unknown';
    const d = doors[h] as Record<string, { entries: number; exits: number }>;
    const g = (gaps[h] as { source: string; from: number; to: number }[]).sort((x, y) => bySource(x.source, y.source) || x.from - y.from);
    const u = (unverified[h] as string[]).sort(bySource);
    return {
      start: new Date(p.start).toISOString(),
      label: p.label,
      status: c.status,
      entries: c.entries,
      exits: c.exits,
      passersBy: c.passersBy,
      entryRate: c.entryRate,
      occupancy: c.occupancy,
      staff: c.staff,
      doors: missing ? null : dictFrom(sortedKeys(d).map((k) => [k, d[k] as { entries: number; exits: number }])),
      gaps: g.map((x): CoverageGap => ({ source: x.source, from: new Date(x.from).toISOString(), to: new Date(x.to).toISOString() })),
      ...(u.length > 0 ? { unverified: u } : {}),
    };
  });
  const peakHours = out
    .filter((r) => r.entries !== null && r.entries > 0)
    .sort((a, b) => (b.entries as number) - (a.entries as number) || a.start.localeCompare(b.start))
    .slice(0, plan.peaks)
    .map((r) => r.label);
  return {
    date: plan.date,
    zone: plan.zone,
    rows: out,
    totals: {
      entries: total.entries,
      exits: total.exits,
      passersBy: total.passersBy,
      entryRate: total.entryRate,
      staff: total.staff,
      peakOccupancy: total.peak,
      occupancyAtClose: total.occupancy,
    },
    peakHours,
    dwell: dict(),
    late: 0,
  };
}
