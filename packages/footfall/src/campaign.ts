import { addLocal, assertTimeZone, localDate, parse, startOfLocalDay, toInstant } from '@aisle/core';
import * as z from 'zod/mini';
import type { FootfallAggregate } from './aggregate';
import { FootfallError, FootfallErrorCode } from './errors';
import { buildHourlyReport, type HourlyRow } from './report';

/** Options of {@link campaignEffect}. @public */
export interface CampaignEffectOptions {
  /** The store's IANA zone: hours, weekdays and weeks are local. */
  readonly zone: string;
  /** The campaign window, `[from, to)`: epoch ms, a Date or ISO 8601 with an offset. At most 31 days. */
  readonly from: number | string | Date;
  readonly to: number | string | Date;
  /** How many weeks before the campaign give the baseline (same weekdays and hours; 2–12, default 4). */
  readonly baselineWeeks?: number;
  /** Two-sided confidence of the interval: 0.9 or 0.95 (default). */
  readonly confidence?: 0.9 | 0.95;
  /** As in {@link buildHourlyReport}: passer-by lines (for the entry rate), staff-only doors, expected sources, device up-time. */
  readonly passerbyLines?: readonly string[];
  readonly staffLines?: readonly string[];
  readonly sources?: readonly string[];
  readonly uptime?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** Sales to compare too: amounts in integer fen at their instants (at most 1 000 000). */
  readonly sales?: ReadonlyArray<{ readonly at: number; readonly amountFen: number }>;
}

/** One measure of a {@link CampaignEffect}. @public */
export interface MetricEffect {
  /** The measure over the usable campaign hours. */
  readonly campaign: number | null;
  /** Its mean over the baseline weeks (same hours). */
  readonly baseline: number | null;
  /** `campaign / baseline − 1`; `null` without a baseline (or a zero one). */
  readonly lift: number | null;
  /**
   * Interval for the lift at the stated confidence, from the week-to-week spread of the baseline
   * (a Student-t prediction interval for one more week); `high` is `null` when the interval's lower
   * baseline bound reaches zero. `null` with fewer than two baseline weeks.
   */
  readonly interval: { readonly low: number; readonly high: number | null } | null;
  /** The measure in each baseline week used, most recent first. */
  readonly weeks: readonly number[];
}

/** An hour left out of the comparison, and why. @public */
export interface CampaignGap {
  /** Start of the campaign hour concerned (UTC ISO). */
  readonly hour: string;
  /** `campaign` when the campaign hour itself lacks full coverage; otherwise the baseline week (1 = a week before) that lacks it. */
  readonly missingIn: 'campaign' | number;
  readonly status: HourlyRow['status'];
}

/** What {@link campaignEffect} found. @public */
export interface CampaignEffect {
  readonly confidence: 0.9 | 0.95;
  /** Hours in the window, and those complete in the campaign and in every baseline week used. */
  readonly hours: number;
  readonly usableHours: number;
  /** Baseline weeks used (weeks without any complete hour are dropped and listed in `droppedWeeks`). */
  readonly baselineWeeks: number;
  readonly droppedWeeks: readonly number[];
  readonly entries: MetricEffect;
  /** Entries / passers-by; `null` when the data has no passer-by counts. */
  readonly entryRate: MetricEffect | null;
  /** Sales in fen; `null` when no sales were given. */
  readonly sales: MetricEffect | null;
  /** Every hour the comparison could not use: these limit the claim. */
  readonly gaps: readonly CampaignGap[];
}

const Instant = z.union([z.number(), z.string().check(z.maxLength(64)), z.date()]);
const OptionsSchema = z.object({
  zone: z.string(),
  from: Instant,
  to: Instant,
  baselineWeeks: z._default(z.int().check(z.gte(2), z.lte(12)), 4),
  confidence: z._default(z.union([z.literal(0.9), z.literal(0.95)]), 0.95),
});

// Two-sided Student-t quantiles for df = 1…11.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201];
const T90 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796];

function effect(campaign: number | null, weeks: number[], confidence: 0.9 | 0.95): MetricEffect {
  if (campaign === null || weeks.length === 0) return { campaign, baseline: null, lift: null, interval: null, weeks };
  const n = weeks.length;
  const mean = weeks.reduce((a, b) => a + b, 0) / n;
  const lift = mean > 0 ? campaign / mean - 1 : null;
  if (n < 2 || mean <= 0) return { campaign, baseline: mean, lift, interval: null, weeks };
  const sd = Math.sqrt(weeks.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = (confidence === 0.95 ? T95 : T90)[n - 2] as number;
  const half = t * sd * Math.sqrt(1 + 1 / n);
  const lo = mean - half;
  const hi = mean + half;
  return { campaign, baseline: mean, lift, interval: { low: campaign / hi - 1, high: lo > 0 ? campaign / lo - 1 : null }, weeks };
}

/**
 * The effect of a campaign (seeds 001 and 004): footfall (entries), entry rate (entries /
 * passers-by, when the data has passer-by counts) and, when given, sales during the campaign
 * window, against the same weekdays and local hours of the `baselineWeeks` weeks before it, with
 * an interval from the week-to-week spread, and the coverage gaps that limit the claim.
 *
 * Only hours that are `complete` (every expected source covered) in the campaign and in every
 * baseline week used are compared; a week with no complete hour at all (before the cameras were
 * installed) is dropped. Every hour left out is listed in `gaps` with where it was missing, so a
 * lift is never computed over a camera outage. Sales are summed over the same usable hours.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for options out of range.
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for a window over 31 days or more than 1 000 000 sales.
 * @throws `AisleError` (from `@aisle/core`) `CORE_INVALID_TIME_ZONE` for an unknown zone.
 *
 * @example
 * ```ts
 * import { campaignEffect, type FootfallAggregate } from '@aisle/footfall';
 *
 * declare const aggregate: FootfallAggregate;
 * const effect = campaignEffect(aggregate, { zone: 'Asia/Shanghai', from: '2026-11-21T10:00:00+08:00', to: '2026-11-21T22:00:00+08:00' });
 * effect.entries.lift; // e.g. 0.18 (18 % more entries than the same Saturday hours of the 4 weeks before)
 * effect.entries.interval; // e.g. { low: 0.07, high: 0.31 }
 * ```
 *
 * @public
 */
export function campaignEffect(aggregate: FootfallAggregate, options: CampaignEffectOptions): CampaignEffect {
  const o = parse(OptionsSchema, options, { label: 'campaign options' });
  const zone = assertTimeZone(o.zone);
  const from = toInstant(o.from).getTime();
  const to = toInstant(o.to).getTime();
  if (!(to > from)) throw new RangeError('campaignEffect: `to` must be after `from`');
  if (to - from > 31 * 86_400_000) {
    throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, 'campaignEffect: expected a window of at most 31 days', {
      details: { limit: 31 * 86_400_000, received: to - from },
    });
  }
  const sales = options.sales ?? [];
  if (sales.length > 1_000_000) {
    throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `campaignEffect: expected at most 1000000 sales, received ${sales.length}`, {
      details: { limit: 1_000_000, received: sales.length },
    });
  }
  const reportOptions = {
    zone,
    ...(options.passerbyLines === undefined ? {} : { passerbyLines: options.passerbyLines }),
    ...(options.staffLines === undefined ? {} : { staffLines: options.staffLines }),
    ...(options.sources === undefined ? {} : { sources: options.sources }),
    ...(options.uptime === undefined ? {} : { uptime: options.uptime }),
  };
  const byDate = new Map<string, Map<number, HourlyRow>>();
  const rowAt = (start: number): HourlyRow | undefined => {
    const date = localDate(start, zone);
    let rows = byDate.get(date);
    if (rows === undefined) {
      rows = new Map();
      for (const r of buildHourlyReport(aggregate, { ...reportOptions, date }).rows) rows.set(Date.parse(r.start), r);
      byDate.set(date, rows);
    }
    return rows.get(start);
  };
  // Campaign hours: report rows starting inside the window.
  const campaignHours: number[] = [];
  for (let day = startOfLocalDay(from, zone).getTime(); day < to; day = startOfLocalDay(day + 36 * 3_600_000, zone).getTime()) {
    rowAt(day);
    for (const start of (byDate.get(localDate(day, zone)) as Map<number, HourlyRow>).keys()) {
      if (start >= from && start < to) campaignHours.push(start);
    }
  }
  const hoursSorted = [...new Set(campaignHours)].sort((a, b) => a - b);
  const weeks = Array.from({ length: o.baselineWeeks }, (_, i) => i + 1);
  const baselineStart = (start: number, k: number) => addLocal(start, { days: -7 * k }, zone).getTime();
  const gaps: CampaignGap[] = [];
  const droppedWeeks = weeks.filter((k) => !hoursSorted.some((h) => rowAt(baselineStart(h, k))?.status === 'complete'));
  const used = weeks.filter((k) => !droppedWeeks.includes(k));
  const usable: number[] = [];
  for (const h of hoursSorted) {
    const row = rowAt(h);
    if (row?.status !== 'complete') {
      gaps.push({ hour: new Date(h).toISOString(), missingIn: 'campaign', status: row?.status ?? 'missing' });
      continue;
    }
    const bad = used.find((k) => rowAt(baselineStart(h, k))?.status !== 'complete');
    if (bad !== undefined) {
      gaps.push({ hour: new Date(h).toISOString(), missingIn: bad, status: rowAt(baselineStart(h, bad))?.status ?? 'missing' });
      continue;
    }
    usable.push(h);
  }
  const sum = (starts: number[], pick: (r: HourlyRow) => number | null) => {
    let total = 0;
    for (const s of starts) total += pick(rowAt(s) as HourlyRow) ?? 0;
    return total;
  };
  const entriesOf = (starts: number[]) => sum(starts, (r) => r.entries);
  const hasPassers = usable.some((h) => rowAt(h)?.passersBy !== null);
  const rateOf = (starts: number[]) => {
    const p = sum(starts, (r) => r.passersBy);
    return p > 0 ? entriesOf(starts) / p : null;
  };
  const sortedSales = [...sales]
    .filter((s) => Number.isFinite(s.at) && Number.isSafeInteger(s.amountFen))
    .map((s) => [s.at, s.amountFen] as const)
    .sort((a, b) => a[0] - b[0]);
  const salesIn = (a: number, b: number) => {
    let lo = 0;
    let hi = sortedSales.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedSales[mid] as readonly [number, number])[0] < a) lo = mid + 1;
      else hi = mid;
    }
    let total = 0;
    for (let i = lo; i < sortedSales.length && (sortedSales[i] as readonly [number, number])[0] < b; i++)
      total += (sortedSales[i] as readonly [number, number])[1];
    return total;
  };
  const salesOf = (starts: number[]) => starts.reduce((n, s) => n + salesIn(s, addLocal(s, { hours: 1 }, zone).getTime()), 0);
  const weekStarts = (k: number) => usable.map((h) => baselineStart(h, k));
  const metric = (f: (starts: number[]) => number | null) =>
    effect(
      usable.length === 0 ? null : f(usable),
      used.map((k) => f(weekStarts(k))).filter((v): v is number => v !== null),
      o.confidence,
    );
  return {
    confidence: o.confidence,
    hours: hoursSorted.length,
    usableHours: usable.length,
    baselineWeeks: used.length,
    droppedWeeks,
    entries: metric(entriesOf),
    entryRate: hasPassers ? metric(rateOf) : null,
    sales: options.sales === undefined ? null : metric(salesOf),
    gaps,
  };
}
