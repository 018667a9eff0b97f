import { offsetMinutesIn } from '@aisle/core';

/** Most zones whose offset functions are kept (cleared when full). */
const MAX_ZONES = 1024;

const byZone = new Map<string, (epochMs: number) => number>();
// The zone of the previous call and its function (receipts of one store tend to come together).
let lastZone: string | undefined;
let lastOffset: ((epochMs: number) => number) | undefined;

/**
 * The zone's UTC offset in minutes at `ms`: core's `offsetMinutesIn(zone)` (which memoises the
 * runtime's `Intl` offsets per UTC day), its function kept per zone so a lookup is a map hit and
 * a call. `zone` has been validated by the caller.
 */
export function cachedOffset(ms: number, zone: string): number {
  if (zone !== lastZone || lastOffset === undefined) {
    lastOffset = offsetFunction(zone);
    lastZone = zone;
  }
  return lastOffset(ms);
}

/** The zone's memoised offset function (minutes at an instant), kept per zone; `zone` has been validated by the caller. */
export function offsetFunction(zone: string): (epochMs: number) => number {
  let offset = byZone.get(zone);
  if (offset === undefined) {
    offset = offsetMinutesIn(zone);
    if (byZone.size >= MAX_ZONES) byZone.clear();
    byZone.set(zone, offset);
  }
  return offset;
}
