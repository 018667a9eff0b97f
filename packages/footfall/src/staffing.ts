import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { CHART_MAX_ROWS } from './charts';
import { FootfallError, FootfallErrorCode } from './errors';
import type { HourlyReport } from './report';

/** Options of {@link recommendStaffing}. @public */
export interface StaffingOptions {
  /**
   * The service ratio: visitors one staff member serves in an hour (`basis: 'entries'`), or
   * people present one staff member looks after (`basis: 'occupancy'`).
   */
  readonly visitorsPerStaff: number;
  /** What drives demand: entries in the hour (default) or occupancy at its end. */
  readonly basis?: 'entries' | 'occupancy';
  /** Staff on the floor in every open hour, whatever the footfall (default 1). */
  readonly minStaff?: number;
  /** A ceiling (the roster's size); hours needing more are listed in `shortfalls`. */
  readonly maxStaff?: number;
  /** Shift length in hours: shifts start at opening and every `shiftHours` after (default 4). */
  readonly shiftHours?: number;
}

/** Staff for one hour of a {@link StaffingPlan}. @public */
export interface StaffingHour {
  readonly label: string;
  readonly start: string;
  /** Entries (or occupancy) that drive the hour; `null` when the report has no count for it. */
  readonly demand: number | null;
  /** `ceil(demand / visitorsPerStaff)`, at least `minStaff` (and at most `maxStaff`); `minStaff` without data. */
  readonly staff: number;
  /** Why: `demand`, `minimum` (the floor applied), `no-data` (missing or unknown hour: the floor, flagged), `capped`. */
  readonly reason: 'demand' | 'minimum' | 'no-data' | 'capped';
}

/** One shift of a {@link StaffingPlan}: staffed for its busiest hour. @public */
export interface StaffingShift {
  /** Label of the shift's first hour. */
  readonly from: string;
  /** Label of the shift's last hour. */
  readonly to: string;
  readonly start: string;
  readonly hours: number;
  readonly staff: number;
  /** The hours that set the shift's staffing (its busiest, above the minimum); empty when the minimum did. */
  readonly drivenBy: readonly string[];
}

/** A staffing recommendation. @public */
export interface StaffingPlan {
  readonly hours: readonly StaffingHour[];
  readonly shifts: readonly StaffingShift[];
  /** Hours that drive the plan, busiest first: every shift's driving hours. */
  readonly peaks: readonly { readonly label: string; readonly demand: number; readonly staff: number }[];
  /** Staff-hours the shifts add up to. */
  readonly staffHours: number;
  /** Hours that would need more than `maxStaff`. */
  readonly shortfalls: readonly { readonly label: string; readonly needed: number }[];
  /** Hours without data (missing or unknown): staffed at the minimum, check them. */
  readonly noData: readonly string[];
}

const OptionsSchema = z.object({
  visitorsPerStaff: z.number().check(z.positive(), z.lte(1_000_000)),
  basis: z._default(z.enum(['entries', 'occupancy']), 'entries'),
  minStaff: z._default(z.int().check(z.gte(0), z.lte(10_000)), 1),
  maxStaff: z.optional(z.int().check(z.gte(1), z.lte(10_000))),
  shiftHours: z._default(z.int().check(z.gte(1), z.lte(24)), 4),
});

/**
 * Recommends staff per hour and per shift from an hourly report and a stated service ratio
 * (seed 004): per hour `max(minStaff, ceil(demand / visitorsPerStaff))` (capped at `maxStaff`,
 * with the shortfall listed); shifts of `shiftHours` from opening, each staffed for its busiest
 * hour, naming the hours that drive it. Hours without data (a camera gap) get the minimum and are
 * listed in `noData`, never read as quiet.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for options out of range (a ratio ≤ 0, a shift of 0 or more than 24 hours).
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for a report of more than 2 000 rows.
 *
 * @example
 * ```ts
 * import { recommendStaffing, type HourlyReport } from '@aisle/footfall';
 *
 * declare const report: HourlyReport;
 * const plan = recommendStaffing(report, { visitorsPerStaff: 40, minStaff: 2, shiftHours: 4 });
 * plan.shifts[0]; // { from: '10:00', to: '13:00', staff: 3, drivenBy: ['12:00'], … }
 * ```
 *
 * @public
 */
export function recommendStaffing(report: HourlyReport, options: StaffingOptions): StaffingPlan {
  const o = parse(OptionsSchema, options, { label: 'staffing options' });
  if (typeof report !== 'object' || report === null || !Array.isArray(report.rows))
    throw new TypeError('recommendStaffing needs an HourlyReport (from buildHourlyReport)');
  if (report.rows.length > CHART_MAX_ROWS) {
    throw new FootfallError(
      FootfallErrorCode.INPUT_TOO_LARGE,
      `Staffing: expected at most ${CHART_MAX_ROWS} hours, received ${report.rows.length}`,
      {
        details: { limit: CHART_MAX_ROWS, received: report.rows.length },
      },
    );
  }
  const hours: StaffingHour[] = [];
  const shortfalls: { label: string; needed: number }[] = [];
  const noData: string[] = [];
  for (const r of report.rows) {
    const raw = o.basis === 'entries' ? r.entries : r.occupancy;
    const demand = typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : null;
    let staff: number;
    let reason: StaffingHour['reason'];
    if (demand === null) {
      staff = o.minStaff;
      reason = 'no-data';
      noData.push(r.label);
    } else {
      const needed = Math.ceil(demand / o.visitorsPerStaff);
      staff = Math.max(o.minStaff, needed);
      reason = needed > o.minStaff ? 'demand' : 'minimum';
      if (o.maxStaff !== undefined && staff > o.maxStaff) {
        shortfalls.push({ label: r.label, needed: staff });
        staff = o.maxStaff;
        reason = 'capped';
      }
    }
    hours.push({ label: r.label, start: r.start, demand, staff, reason });
  }
  const shifts: StaffingShift[] = [];
  const peaks: { label: string; demand: number; staff: number }[] = [];
  for (let i = 0; i < hours.length; i += o.shiftHours) {
    const block = hours.slice(i, i + o.shiftHours);
    const staff = Math.max(...block.map((h) => h.staff));
    const driving = block.filter((h) => h.staff === staff && (h.reason === 'demand' || h.reason === 'capped'));
    for (const h of driving) peaks.push({ label: h.label, demand: h.demand as number, staff: h.staff });
    const first = block[0] as StaffingHour;
    shifts.push({
      from: first.label,
      to: (block[block.length - 1] as StaffingHour).label,
      start: first.start,
      hours: block.length,
      staff,
      drivenBy: driving.map((h) => h.label),
    });
  }
  peaks.sort((a, b) => b.demand - a.demand || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    hours,
    shifts,
    peaks,
    staffHours: shifts.reduce((n, s) => n + s.staff * s.hours, 0),
    shortfalls,
    noData,
  };
}
