import { assertTimeZone, toInstant } from '@aisle/core';
import type { DurationUnit } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { dayStart } from './internal/plan';
import type { FieldSpec } from './profile-schema';

/**
 * A behavioural event traits are computed from.
 *
 * @example
 * ```ts
 * import type { MemberEvent } from '@aisle/segments';
 *
 * const e: MemberEvent = { type: 'purchase', at: '2026-11-20T15:00:00+08:00', category: 'baby', amountFen: 12_900 };
 * ```
 *
 * @public
 */
export type MemberEvent =
  | { readonly type: 'visit'; readonly at: Date | number | string }
  | { readonly type: 'purchase'; readonly at: Date | number | string; readonly category: string; readonly amountFen: number };

/**
 * A computed trait: its field spec (to put in the profile schema) and how to aggregate events
 * into a value at `at` in `zone`. Windows cover whole local days: "30 days" means from the start
 * of the local day 30 days before `at`, up to `at`.
 *
 * @example
 * ```ts
 * import { visitsWithin, type TraitAggregator } from '@aisle/segments';
 *
 * const visits30d: TraitAggregator = visitsWithin(30, 'd');
 * ```
 *
 * @public
 */
export interface TraitAggregator {
  readonly spec: FieldSpec;
  aggregate(events: readonly MemberEvent[], context: { readonly at: Date; readonly zone: string }): unknown;
}

function windowed(events: readonly MemberEvent[], ctx: { at: Date; zone: string }, amount: number | null, unit: DurationUnit) {
  const from = amount === null ? Number.NEGATIVE_INFINITY : dayStart(ctx, -amount, unit);
  const to = ctx.at.getTime();
  if (!Array.isArray(events)) throw badEvent('events must be an array', -1);
  return events.filter((e, i) => {
    checkEvent(e, i);
    const t = toInstant(e.at).getTime();
    return t >= from && t <= to;
  });
}

/**
 * Events come from purchase and visit feeds: a malformed one is an error, never skipped or
 * summed (a fractional, negative or NaN amount would change a spend trait silently).
 */
function checkEvent(e: MemberEvent, index: number): void {
  if (typeof e !== 'object' || e === null) throw badEvent('is not an object', index);
  if (e.type === 'visit') return;
  if (e.type !== 'purchase') throw badEvent('has a type other than visit or purchase', index);
  if (typeof e.category !== 'string') throw badEvent('is a purchase without a category', index);
  if (!Number.isSafeInteger(e.amountFen) || e.amountFen < 0) throw badEvent('is a purchase whose amountFen is not whole fen >= 0', index);
}

function badEvent(what: string, index: number): SegmentError {
  return new SegmentError(SegmentErrorCode.INVALID_PROFILE, index < 0 ? `Member ${what}` : `Member event ${index} ${what}`, {
    details: { index },
  });
}

function checkWindow(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'A trait window must be a non-negative whole number', { details: { amount } });
  }
}

/**
 * Visits in the last `amount` local days/weeks/months/years (a `number` trait).
 *
 * @example
 * ```ts
 * import { visitsWithin } from '@aisle/segments';
 *
 * const visits30d = visitsWithin(30, 'd');
 * ```
 *
 * @public
 */
export function visitsWithin(amount: number, unit: DurationUnit): TraitAggregator {
  checkWindow(amount);
  return {
    spec: { type: 'number' },
    aggregate: (events, ctx) => windowed(events, ctx, amount, unit).filter((e) => e.type === 'visit').length,
  };
}

/**
 * Spend in fen over the window (a `money` trait; exact integer sums).
 *
 * @example
 * ```ts
 * import { spendWithin } from '@aisle/segments';
 *
 * const spend90d = spendWithin(90, 'd');
 * ```
 *
 * @public
 */
export function spendWithin(amount: number, unit: DurationUnit): TraitAggregator {
  checkWindow(amount);
  return {
    spec: { type: 'money' },
    aggregate: (events, ctx) => {
      let sum = 0;
      for (const e of windowed(events, ctx, amount, unit)) if (e.type === 'purchase') sum += e.amountFen;
      if (!Number.isSafeInteger(sum)) throw new SegmentError(SegmentErrorCode.INVALID_PROFILE, 'Spend is not a whole number of fen');
      return sum;
    },
  };
}

/**
 * The last visit up to `at` (a `date` trait; null when there is none).
 *
 * @example
 * ```ts
 * import { lastVisit } from '@aisle/segments';
 *
 * const last = lastVisit();
 * ```
 *
 * @public
 */
export function lastVisit(): TraitAggregator {
  return {
    spec: { type: 'date' },
    aggregate: (events, ctx) => {
      let last: number | null = null;
      for (const e of windowed(events, ctx, null, 'd'))
        if (e.type === 'visit') last = Math.max(last ?? Number.NEGATIVE_INFINITY, toInstant(e.at).getTime());
      return last === null ? null : new Date(last);
    },
  };
}

/**
 * Purchases of one category over the window (a `number` trait; `purchased(…)` in a segment
 * computes the same from the profile's purchase lines).
 *
 * @example
 * ```ts
 * import { categoryPurchases } from '@aisle/segments';
 *
 * const baby90d = categoryPurchases('baby', 90, 'd');
 * ```
 *
 * @public
 */
export function categoryPurchases(category: string, amount: number, unit: DurationUnit): TraitAggregator {
  checkWindow(amount);
  return {
    spec: { type: 'number' },
    aggregate: (events, ctx) => windowed(events, ctx, amount, unit).filter((e) => e.type === 'purchase' && e.category === category).length,
  };
}

/**
 * Runs aggregators over one member's events: the trait values to merge into the profile's
 * attributes.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_PROFILE` (with `details.index`) for an event that
 * is not `{ type: 'visit', at }` or `{ type: 'purchase', at, category, amountFen }` with whole,
 * non-negative fen; `CORE_INVALID_INSTANT` for an event time without an offset.
 *
 * @example
 * ```ts
 * import { computeTraits, lastVisit, spendWithin, visitsWithin } from '@aisle/segments';
 *
 * const traits = computeTraits(
 *   [{ type: 'visit', at: '2026-11-20T10:00:00+08:00' }, { type: 'purchase', at: '2026-11-20T10:05:00+08:00', category: 'baby', amountFen: 12_900 }],
 *   { visits30d: visitsWithin(30, 'd'), spend90d: spendWithin(90, 'd'), lastVisit: lastVisit() },
 *   { at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai' },
 * );
 * console.log(traits); // { visits30d: 1, spend90d: 12900, lastVisit: 2026-11-20T02:00:00.000Z }
 * ```
 *
 * @public
 */
export function computeTraits(
  events: readonly MemberEvent[],
  aggregators: Readonly<Record<string, TraitAggregator>>,
  options: { readonly at: Date | number | string; readonly zone: string },
): Record<string, unknown> {
  const ctx = { at: toInstant(options.at), zone: assertTimeZone(options.zone) };
  // Trait names are data: own keys from entries, never `out[name] =` (a trait named `__proto__`
  // would replace the result's prototype and vanish).
  return Object.fromEntries(Object.entries(aggregators).map(([name, agg]) => [name, agg.aggregate(events, ctx)]));
}
