import { assertTimeZone, localDate, toInstant } from '@aisle/core';
import { SegmentError, SegmentErrorCode } from './errors';

/**
 * Lifecycle stages, from recency and frequency.
 *
 * @example
 * ```ts
 * import type { LifecycleStage } from '@aisle/segments';
 *
 * const stage: LifecycleStage = 'dormant';
 * ```
 *
 * @public
 */
export type LifecycleStage = 'new' | 'active' | 'dormant' | 'churned';

/**
 * Thresholds of {@link lifecycleStage}, in local days of the zone (defaults in brackets).
 *
 * @example
 * ```ts
 * import type { LifecycleThresholds } from '@aisle/segments';
 *
 * const strict: LifecycleThresholds = { newDays: 14, activeDays: 30, minFrequency: 2, churnDays: 120 };
 * ```
 *
 * @public
 */
export interface LifecycleThresholds {
  /** A member first seen at most this many days ago is `new` [30]. */
  readonly newDays?: number;
  /** Last visit at most this many days ago, with at least `minFrequency` visits, is `active` [30]. */
  readonly activeDays?: number;
  /** Visits (in the caller's frequency window) needed to be `active` [1]. */
  readonly minFrequency?: number;
  /** Last visit more than this many days ago is `churned`; in between is `dormant` [180]. */
  readonly churnDays?: number;
}

/**
 * Input of {@link lifecycleStage}.
 *
 * @example
 * ```ts
 * import type { LifecycleInput } from '@aisle/segments';
 *
 * const m: LifecycleInput = { firstSeen: '2025-03-01T10:00:00+08:00', lastVisit: '2026-11-01T10:00:00+08:00', frequency: 3 };
 * ```
 *
 * @public
 */
export interface LifecycleInput {
  readonly firstSeen: Date | number | string;
  readonly lastVisit: Date | number | string | null;
  /** Visits in the window the caller uses for frequency (for example the visits30d trait). */
  readonly frequency: number;
}

function daysBetween(from: Date, to: Date, zone: string): number {
  const a = Date.parse(`${localDate(from, zone)}T00:00:00Z`);
  const b = Date.parse(`${localDate(to, zone)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/**
 * A member's lifecycle stage at `at`, counting whole local days in `zone`: `new` if first seen
 * within `newDays`; else `active` if the last visit is within `activeDays` and frequency reaches
 * `minFrequency`; else `dormant` if the last visit is within `churnDays`; else `churned`.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` for thresholds that are not
 * non-negative integers with `activeDays <= churnDays`.
 *
 * @example
 * ```ts
 * import { lifecycleStage } from '@aisle/segments';
 *
 * const stage = lifecycleStage(
 *   { firstSeen: '2025-01-05T10:00:00+08:00', lastVisit: '2026-08-01T10:00:00+08:00', frequency: 0 },
 *   { at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai' },
 * );
 * console.log(stage); // 'dormant'
 * ```
 *
 * @public
 */
export function lifecycleStage(
  member: LifecycleInput,
  options: { readonly at: Date | number | string; readonly zone: string; readonly thresholds?: LifecycleThresholds },
): LifecycleStage {
  const { newDays = 30, activeDays = 30, minFrequency = 1, churnDays = 180 } = options.thresholds ?? {};
  for (const [name, v] of Object.entries({ newDays, activeDays, minFrequency, churnDays })) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, `Lifecycle threshold ${name} must be a non-negative integer`, {
        details: { name },
      });
    }
  }
  if (activeDays > churnDays) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'Lifecycle threshold activeDays must not exceed churnDays', {
      details: { activeDays, churnDays },
    });
  }
  const zone = assertTimeZone(options.zone);
  const at = toInstant(options.at);
  if (daysBetween(toInstant(member.firstSeen), at, zone) <= newDays) return 'new';
  if (member.lastVisit === null) return 'churned';
  const recency = daysBetween(toInstant(member.lastVisit), at, zone);
  if (recency <= activeDays && member.frequency >= minFrequency) return 'active';
  return recency <= churnDays ? 'dormant' : 'churned';
}
