import { offsetMinutes } from '@aisle/core';

const BUCKET = 86_400_000;
const MAX_ENTRIES = 100_000;
/** Days of the flat table per zone (about 22 years, centred on the first day a zone is asked for). */
const WINDOW = 8192;
/** An empty slot of the flat table (no UTC offset is this many minutes). */
const UNKNOWN = -0x8000_0000;

/** One zone's memo: offsets by UTC day in a flat table from `first`, and the days outside it in a map. */
interface ZoneMemo {
  readonly first: number;
  readonly table: Int32Array;
  readonly far: Map<number, number>;
}

const caches = new Map<string, ZoneMemo>();
// The zone of the previous call and its memo (receipts of one store tend to come together).
let lastZone: string | undefined;
let lastMemo: ZoneMemo | undefined;

/**
 * The zone's UTC offset in minutes at `ms`, from core's `offsetMinutes`, memoised per zone and
 * UTC day (a typed table of the days around the first one asked for, a map for the others). A day
 * is cached only when the offset is the same at both of its ends, so the day of a DST or zone
 * change is always computed exactly, per instant. (This relies on no zone changing its offset
 * twice within 24 hours and back, which the tz database has no modern case of.)
 */
export function cachedOffset(ms: number, zone: string): number {
  const bucket = Math.floor(ms / BUCKET);
  let memo = zone === lastZone ? lastMemo : caches.get(zone);
  if (memo === undefined) {
    memo = { first: bucket - WINDOW / 2, table: new Int32Array(WINDOW).fill(UNKNOWN), far: new Map() };
    caches.set(zone, memo);
  }
  lastZone = zone;
  lastMemo = memo;
  const slot = bucket - memo.first;
  const near = slot >= 0 && slot < WINDOW;
  if (near) {
    const hit = memo.table[slot] as number;
    if (hit !== UNKNOWN) return hit;
  } else {
    const hit = memo.far.get(bucket);
    if (hit !== undefined) return hit;
  }
  const start = offsetMinutes(bucket * BUCKET, zone);
  const end = offsetMinutes(bucket * BUCKET + BUCKET - 1, zone);
  if (start !== end) return offsetMinutes(ms, zone);
  if (near) memo.table[slot] = start;
  else {
    if (memo.far.size >= MAX_ENTRIES) memo.far.clear();
    memo.far.set(bucket, start);
  }
  return start;
}
