import type { StreamStore } from '@aisle/core';
import { chapters } from './chapters/index';
import { closeStore, openStore } from './chapters/opening';
import { createMallDay } from './context';

/**
 * Runs the whole day: opening (core), then every package's chapter in order, then closing, where
 * the day's hash-chained evidence log is anchored and verified. The stateful chapters keep their
 * streams in `store` (default: a fresh in-memory store); `run` numbers runs over one store.
 */
export async function runMallDay(options: { quiet?: boolean; store?: StreamStore; run?: number } = {}) {
  const day = createMallDay(options);
  const opened = openStore(day);

  day.clock.advance(30 * 60_000);
  opened.record('staff.shift', 'Service desk staffed (staff id S-014)');

  const results: Record<string, Record<string, unknown>> = {};
  for (const chapter of chapters) results[chapter.name] = await chapter.run(day, opened);

  day.clock.set('2026-11-21T22:00:00+08:00');
  const closed = closeStore(day, opened);
  const entries = opened.log.entries.map((e) => ({ seq: e.seq, hash: e.hash, ...e.payload }));
  return {
    lines: day.lines,
    businessDate: opened.businessDate,
    storeId: day.storeId,
    zone: day.zone,
    chapters: results,
    entries,
    ...closed,
  };
}
