import { offsetMinutes } from '@aisle/core';

const BUCKET = 86_400_000;
const MAX_ENTRIES = 100_000;
const caches = new Map<string, Map<number, number>>();
// The zone of the previous call and its cache (receipts of one store tend to come together).
let lastZone: string | undefined;
let lastCache: Map<number, number> | undefined;

/**
 * The zone's UTC offset in minutes at `ms`, from core's `offsetMinutes`, memoised per zone and
 * UTC day. A day is cached only when the offset is the same at both of its ends, so the day of a
 * DST or zone change is always computed exactly, per instant. (This relies on no zone changing
 * its offset twice within 24 hours and back, which the tz database has no modern case of.)
 */
export function cachedOffset(ms: number, zone: string): number {
  let cache = zone === lastZone ? lastCache : caches.get(zone);
  if (cache === undefined) {
    cache = new Map();
    caches.set(zone, cache);
  }
  lastZone = zone;
  lastCache = cache;
  const bucket = Math.floor(ms / BUCKET);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const start = offsetMinutes(bucket * BUCKET, zone);
  const end = offsetMinutes(bucket * BUCKET + BUCKET - 1, zone);
  if (start !== end) return offsetMinutes(ms, zone);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(bucket, start);
  return start;
}
