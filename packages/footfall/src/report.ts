import { BUCKET_MS, type FootfallAggregate } from './aggregate';
import { type DurationSummary, summarizeHistogram } from './histogram';
import { planHours } from './internal/hours';
import { coalesce, uncovered } from './internal/intervals';
import { dict, dictFrom, own, sortedKeys } from './internal/records';

/** Options of {@link buildHourlyReport}. @public */
export interface HourlyReportOptions {
  /** The store's IANA zone: hours and the business day are local. */
  readonly zone: string;
  /** The business date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Local opening hours, `HH:MM`; `close` may be `24:00` (default the whole day). */
  readonly openingHours?: { readonly open: string; readonly close: string };
  /** Lines that count passers-by (an outer line across the pavement); both directions count. */
  readonly passerbyLines?: readonly string[];
  /** Staff-only doors: reported separately, never as entries. */
  readonly staffLines?: readonly string[];
  /** Sources that must be up for an hour to be complete (default: every source in the aggregate and in `uptime`). */
  readonly sources?: readonly string[];
  /**
   * Device up-time known from elsewhere (a VMS, a health check), per source, as `[from, to]`
   * epoch-ms intervals: added to the aggregate's coverage and makes the source's coverage
   * declared, so its silent hours read as quiet (zero) or offline (missing), never `unknown`.
   */
  readonly uptime?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** How many peak hours to list (default 3). */
  readonly peaks?: number;
}

/** A gap in one source's coverage. @public */
export interface CoverageGap {
  readonly source: string;
  readonly from: string;
  readonly to: string;
}

/**
 * One local hour. Counts are `null` when every expected source was down for the whole hour
 * (`status: 'missing'`), never 0; `partial` hours carry what was counted plus their gaps. An hour
 * in which a source whose coverage is only inferred from its own crossings (no heartbeat, no
 * `cover`, no `uptime`) was silent throughout, and no source was known to be up, is `unknown`:
 * quiet and offline cannot be told apart, so its counts are `null` too and the source is listed in
 * `unverified`.
 *
 * @public
 */
export interface HourlyRow {
  readonly start: string;
  readonly label: string;
  readonly status: 'complete' | 'partial' | 'missing' | 'unknown';
  /** Sources with inferred coverage that were silent for the whole hour. */
  readonly unverified?: readonly string[];
  readonly entries: number | null;
  readonly exits: number | null;
  readonly passersBy: number | null;
  /** 进店率: entries / passers-by (`null` without passers-by). */
  readonly entryRate: number | null;
  /** People inside at the end of the hour (clamped at zero). */
  readonly occupancy: number | null;
  readonly staff: number | null;
  /** Entries and exits per door (entrance lines only; `null` when missing). */
  readonly doors: Readonly<Record<string, { readonly entries: number; readonly exits: number }>> | null;
  readonly gaps: readonly CoverageGap[];
  /** Fields hidden by {@link suppressSmallCounts}. */
  readonly suppressed?: readonly string[];
}

/** Totals of a report. @public */
export interface ReportTotals {
  readonly entries: number | null;
  readonly exits: number | null;
  readonly passersBy: number | null;
  readonly entryRate: number | null;
  readonly staff: number | null;
  readonly peakOccupancy: number | null;
  /** Occupancy just before the closing reset (people the counts say are still inside). */
  readonly occupancyAtClose: number | null;
  readonly suppressed?: readonly string[];
}

/** A day's hourly report. @public */
export interface HourlyReport {
  readonly date: string;
  readonly zone: string;
  readonly rows: readonly HourlyRow[];
  readonly totals: ReportTotals;
  /** Hour labels with the most entries, busiest first. */
  readonly peakHours: readonly string[];
  readonly dwell: Readonly<Record<string, DurationSummary>>;
  readonly late: number;
  readonly suppressionK?: number;
}

/** What a received option is, for messages: never the value itself beyond a short string. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}

/** The report options' shapes (TypeError: they are typed configuration); values are checked where used, with coded errors. */
/**
 * Throws unless `options[name]` is absent or an array of strings. A module-level function, not a
 * closure per report: a report is built once per run, cold, and every closure costs.
 */
function checkStrings(options: HourlyReportOptions, name: 'passerbyLines' | 'staffLines' | 'sources'): void {
  const list = options[name];
  if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
    throw new TypeError(`${name} must be an array of strings, received ${shown(list)}`);
  }
}

function checkReportOptions(options: HourlyReportOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`buildHourlyReport options must be an object, received ${shown(options)}`);
  checkStrings(options, 'passerbyLines');
  checkStrings(options, 'staffLines');
  checkStrings(options, 'sources');
  if (typeof options.date !== 'string') throw new TypeError(`date must be a YYYY-MM-DD string, received ${shown(options.date)}`);
  const hours = options.openingHours;
  if (
    hours !== undefined &&
    (typeof hours !== 'object' || hours === null || typeof hours.open !== 'string' || typeof hours.close !== 'string')
  ) {
    throw new TypeError('openingHours must be { open: "HH:MM", close: "HH:MM" }');
  }
  if (options.peaks !== undefined && !(Number.isSafeInteger(options.peaks) && options.peaks >= 0)) {
    throw new RangeError(`peaks must be a non-negative integer, received ${shown(options.peaks)}`);
  }
  const uptime = options.uptime;
  if (uptime !== undefined) {
    if (typeof uptime !== 'object' || uptime === null || Array.isArray(uptime))
      throw new TypeError(`uptime must be an object of intervals per source, received ${shown(uptime)}`);
    for (const source of Object.keys(uptime)) {
      const spans = own(uptime, source);
      const ok =
        Array.isArray(spans) &&
        spans.every(
          (span) => Array.isArray(span) && span.length === 2 && Number.isFinite(span[0]) && Number.isFinite(span[1]) && span[0] <= span[1],
        );
      if (!ok) throw new TypeError(`uptime[${JSON.stringify(source.slice(0, 40))}] must be an array of [from, to] epoch-millisecond pairs`);
    }
  }
}

/** The covered intervals of source `s`: the aggregate's, with the caller's `uptime` merged in. */
function coverageOf(
  agg: FootfallAggregate,
  uptime: NonNullable<HourlyReportOptions['uptime']>,
  s: string,
): readonly (readonly [number, number])[] {
  const recorded = own(agg.coverage, s) ?? [];
  const extra = own(uptime, s);
  return extra === undefined ? recorded : coalesce([...recorded, ...extra], agg.gapMs);
}

/**
 * Builds a day's hourly report from an aggregate, in the store's zone (DST days have 23 or 25
 * hours): entries and exits per hour, passers-by and entry rate (进店率), occupancy (running
 * in − out from opening, clamped at zero per 5-minute step, reset at closing), staff, peak hours,
 * dwell summaries, and coverage gaps (an hour with every source down is `missing`, never zero; an
 * hour whose silence cannot be classified because a source's coverage is only inferred is
 * `unknown`: give `uptime`, or heartbeats to the aggregator, to tell quiet from offline).
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_OPENING_HOURS` for malformed or inverted hours.
 *
 * @example
 * ```ts
 * import { buildHourlyReport, createFootfallAggregator } from '@aisle/footfall';
 *
 * const agg = createFootfallAggregator();
 * const at = Date.parse('2026-11-21T10:15:00+08:00');
 * agg.heartbeat('cam1', at);
 * agg.add({ type: 'count', source: 'cam1', line: 'north', from: at, at, in: 3, out: 1, passed: 0, key: 'k' });
 * const report = buildHourlyReport(agg.snapshot(), { zone: 'Asia/Shanghai', date: '2026-11-21', openingHours: { open: '10:00', close: '22:00' } });
 * report.rows[0]; // { label: '10:00', entries: 3, exits: 1, occupancy: 2, … }
 * ```
 *
 * @public
 */
export function buildHourlyReport(agg: FootfallAggregate, options: HourlyReportOptions): HourlyReport {
  checkReportOptions(options);
  if (
    typeof agg !== 'object' ||
    agg === null ||
    typeof agg.buckets !== 'object' ||
    typeof agg.coverage !== 'object' ||
    agg.buckets === null ||
    agg.coverage === null
  ) {
    throw new TypeError('buildHourlyReport needs a FootfallAggregate (from an aggregator snapshot or parseAggregate)');
  }
  const plan = planHours(options.zone, options.date, options.openingHours);
  const zone = plan.zone;
  const passerby = new Set(options.passerbyLines ?? []);
  const staffLines = new Set(options.staffLines ?? []);
  const uptime = options.uptime ?? {};
  const sources = options.sources ?? [...new Set([...Object.keys(agg.coverage), ...Object.keys(uptime)])].sort();
  const rows: HourlyRow[] = [];
  let occupancy = 0;
  let peakOcc = 0;
  const totals = { entries: 0, exits: 0, passersBy: 0, staff: 0 };
  let anyPasserby = false;
  for (const { start: hourStart, end: hourEnd, label } of plan.hours) {
    let entries = 0;
    let exits = 0;
    let passersBy = 0;
    let staff = 0;
    const doors = dict<{ entries: number; exits: number }>();
    for (let b = Math.floor(hourStart / BUCKET_MS) * BUCKET_MS; b < hourEnd; b += BUCKET_MS) {
      if (b < hourStart) continue;
      const lines = own(agg.buckets, String(b)) ?? {};
      let dIn = 0;
      let dOut = 0;
      for (const [line, c] of Object.entries(lines)) {
        if (passerby.has(line)) {
          passersBy += c.in + c.out;
          anyPasserby = true;
        } else if (staffLines.has(line)) staff += c.in + c.out;
        else {
          dIn += c.in;
          const d = own(doors, line) ?? { entries: 0, exits: 0 };
          d.entries += c.in;
          d.exits += c.out;
          doors[line] = d;
          dOut += c.out;
          passersBy += c.passed;
          if (c.passed > 0) anyPasserby = true;
        }
      }
      entries += dIn;
      exits += dOut;
      occupancy = Math.max(0, occupancy + dIn - dOut);
      if (occupancy > peakOcc) peakOcc = occupancy;
    }
    const gaps: CoverageGap[] = [];
    const unverified: string[] = [];
    let down = 0;
    for (const s of sources) {
      const holes = uncovered(coverageOf(agg, uptime, s), hourStart, hourEnd).filter(
        ([a, b]) => b - a > agg.gapMs || (a === hourStart && b === hourEnd),
      );
      const whole = holes.length === 1 && holes[0]?.[0] === hourStart && holes[0]?.[1] === hourEnd;
      if (!(own(uptime, s) !== undefined || (own(agg.coverageKinds, s) ?? 'declared') === 'declared')) {
        // Silence of a source known only from its crossings: quiet or offline, nobody can say.
        if (whole) {
          unverified.push(s);
          down++;
        }
        continue;
      }
      for (const [a, b] of holes) gaps.push({ source: s, from: new Date(a).toISOString(), to: new Date(b).toISOString() });
      if (whole) down++;
    }
    const allDown = sources.length === 0 || down === sources.length;
    const status: HourlyRow['status'] = allDown
      ? unverified.length > 0
        ? 'unknown'
        : 'missing'
      : gaps.length > 0
        ? 'partial'
        : 'complete';
    const missing = status === 'missing' || status === 'unknown';
    totals.entries += entries;
    totals.exits += exits;
    totals.passersBy += passersBy;
    totals.staff += staff;
    rows.push({
      start: new Date(hourStart).toISOString(),
      label,
      status,
      entries: missing ? null : entries,
      exits: missing ? null : exits,
      passersBy: missing || !anyPasserby ? null : passersBy,
      entryRate: missing || !anyPasserby || passersBy === 0 ? null : entries / passersBy,
      occupancy: missing ? null : occupancy,
      staff: missing ? null : staff,
      doors: missing ? null : dictFrom(sortedKeys(doors).map((k) => [k, doors[k] as { entries: number; exits: number }])),
      gaps,
      ...(unverified.length > 0 ? { unverified } : {}),
    });
  }
  const peaks = rows
    .filter((r) => r.entries !== null && r.entries > 0)
    .sort((a, b) => (b.entries as number) - (a.entries as number) || a.start.localeCompare(b.start))
    .slice(0, options.peaks ?? 3)
    .map((r) => r.label);
  const dwell = dict<DurationSummary>();
  for (const zoneId of sortedKeys(agg.dwell)) dwell[zoneId] = summarizeHistogram(agg.dwell[zoneId] as FootfallAggregate['dwell'][string]);
  return {
    date: options.date,
    zone,
    rows,
    totals: {
      entries: totals.entries,
      exits: totals.exits,
      passersBy: anyPasserby ? totals.passersBy : null,
      entryRate: anyPasserby && totals.passersBy > 0 ? totals.entries / totals.passersBy : null,
      staff: totals.staff,
      peakOccupancy: peakOcc,
      occupancyAtClose: occupancy,
    },
    peakHours: peaks,
    dwell,
    late: agg.late,
  };
}

/**
 * Hides small counts before a report is published: every count `n` with `0 < n < k` becomes
 * `null` and its field is listed in `suppressed`; an entry rate built on a hidden count is hidden
 * too. Zero and counts ≥ k stay.
 *
 * @example
 * ```ts
 * import { suppressSmallCounts, type HourlyReport } from '@aisle/footfall';
 *
 * declare const report: HourlyReport;
 * const published = suppressSmallCounts(report, 5);
 * ```
 *
 * @public
 */
export function suppressSmallCounts(report: HourlyReport, k: number): HourlyReport {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const hide = <T extends object>(row: T, fields: readonly (keyof T & string)[], rate?: keyof T & string): T => {
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    const suppressed: string[] = [];
    for (const f of fields) {
      const v = out[f];
      if (typeof v === 'number' && v > 0 && v < k) {
        out[f] = null;
        suppressed.push(f);
      }
    }
    if (rate !== undefined && (suppressed.includes('entries') || suppressed.includes('passersBy')) && out[rate] !== null) {
      out[rate] = null;
      suppressed.push(rate);
    }
    return (suppressed.length > 0 ? { ...out, suppressed } : out) as T;
  };
  return {
    ...report,
    rows: report.rows.map((r) => hide(r, ['entries', 'exits', 'passersBy', 'occupancy', 'staff'], 'entryRate')),
    totals: hide(report.totals, ['entries', 'exits', 'passersBy', 'staff', 'peakOccupancy', 'occupancyAtClose'], 'entryRate'),
    suppressionK: k,
  };
}

/** A change against an earlier period: ratio `(current − earlier) / earlier`, `null` when unknown. @public */
export interface PeriodComparison {
  readonly current: number | null;
  /** 环比: against the previous period (yesterday, last week…). */
  readonly periodOverPeriod: number | null;
  /** 同比: against the same period a year earlier. */
  readonly yearOverYear: number | null;
}

/**
 * 环比 and 同比 of a total: compares `current` with the previous period and the same period a
 * year earlier. Unknown or zero baselines give `null` (never Infinity).
 *
 * @example
 * ```ts
 * import { comparePeriods } from '@aisle/footfall';
 *
 * comparePeriods({ current: 1100, previous: 1000, yearAgo: 1250 }); // { periodOverPeriod: 0.1, yearOverYear: -0.12, … }
 * ```
 *
 * @public
 */
export function comparePeriods(values: { current: number | null; previous?: number | null; yearAgo?: number | null }): PeriodComparison {
  const change = (earlier: number | null | undefined) =>
    values.current === null || earlier === null || earlier === undefined || earlier === 0 ? null : (values.current - earlier) / earlier;
  return { current: values.current, periodOverPeriod: change(values.previous), yearOverYear: change(values.yearAgo) };
}
