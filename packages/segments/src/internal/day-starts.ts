import { addLocal, startOfLocalDay } from '@aisle/core';
import type { DurationUnit } from '../ast';

const UNIT: Record<DurationUnit, 'days' | 'weeks' | 'months' | 'years'> = { d: 'days', w: 'weeks', m: 'months', y: 'years' };
/** Distinct relative dates remembered per day; beyond it they are computed each time. */
const MAX_REMEMBERED = 256;

/** Start of the local day `offset` units from the local day that starts at `today`. */
export function shiftedDayStart(today: number, offset: number, unit: DurationUnit, zone: string): number {
  return startOfLocalDay(addLocal(today, { [UNIT[unit]]: offset }, zone), zone).getTime();
}

/** Start of the local day after the one containing `dayStart` (23, 24 or 25 hours on, or a skipped date later). */
export function nextDayStart(dayStart: number, zone: string): number {
  return startOfLocalDay(addLocal(dayStart + 12 * 3_600_000, { hours: 24 }, zone), zone).getTime();
}

/**
 * The start instants of relative dates (`-60d`, `today`) for one engine instance, remembered for
 * the local day of the last `at` in its zone: they depend only on that day, and working them out
 * costs a dozen zone-offset lookups, more than counting a segment over a bitmap index. Repeated
 * queries within a day reuse them; an `at` on another day or in another zone starts afresh.
 * Zone rules are fixed once set at start-up (`setTimeZoneProvider`'s contract), so a remembered
 * instant stays right for its day.
 */
export class DayStarts {
  private zone = '';
  /** [from, to): the instants whose local day in `zone` the remembered values belong to. */
  private from = Number.NaN;
  private to = Number.NaN;
  private readonly known = new Map<string, number>();

  /** Start of the local day `offset` units from `at`'s local day in `zone`. */
  of(at: Date, zone: string, offset: number, unit: DurationUnit): number {
    const ms = at.getTime();
    if (zone !== this.zone || !(ms >= this.from && ms < this.to)) {
      const today = startOfLocalDay(at, zone).getTime();
      this.to = nextDayStart(today, zone);
      this.from = today;
      this.zone = zone;
      this.known.clear();
    }
    const key = `${offset}${unit}`;
    let start = this.known.get(key);
    if (start === undefined) {
      start = shiftedDayStart(this.from, offset, unit, zone);
      if (this.known.size < MAX_REMEMBERED) this.known.set(key, start);
    }
    return start;
  }
}
