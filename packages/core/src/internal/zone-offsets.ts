const DAY = 86_400_000;
/** Days of the flat table per zone (about 22 years, centred on the first day asked for). */
const WINDOW = 8192;
/** Most days kept outside the table per zone (cleared when full). */
const MAX_FAR = 100_000;

/**
 * `offset` (a zone's UTC offset in minutes at an epoch millisecond) memoised per UTC day: a
 * `Float64Array` of the days around the first one asked for (allocated on that first call; `NaN`
 * marks an empty slot, and fractional offsets of local mean time are kept exactly), a `Map` for
 * the days outside it. A day is cached only when the offset is the same at both of its ends, so the
 * day of a DST or zone change is always computed exactly, per instant. (This relies on no zone
 * changing its offset and back within 24 hours, which the tz database has no modern case of.)
 * For rules whose every lookup is costly, such as the runtime's `Intl`, which formats a date per
 * lookup.
 */
export function memoOffsetsByDay(offset: (ms: number) => number): (ms: number) => number {
  let first = 0;
  let table: Float64Array | undefined;
  const far = new Map<number, number>();
  return (ms: number): number => {
    const day = Math.floor(ms / DAY);
    if (table === undefined) {
      first = day - WINDOW / 2;
      table = new Float64Array(WINDOW).fill(Number.NaN);
    }
    const slot = day - first;
    const near = slot >= 0 && slot < WINDOW;
    const hit = near ? (table[slot] as number) : far.get(day);
    if (hit !== undefined && !Number.isNaN(hit)) return hit;
    const start = offset(day * DAY);
    const end = offset(day * DAY + DAY - 1);
    // Object.is: a day that starts at +0 and ends at -0 (or back) is answered per instant, exactly.
    if (!Object.is(start, end) || typeof start !== 'number' || !Number.isFinite(start)) return offset(ms);
    if (near) table[slot] = start;
    else {
      if (far.size >= MAX_FAR) far.clear();
      far.set(day, start);
    }
    return start;
  };
}
