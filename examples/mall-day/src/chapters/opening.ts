import { createHashChain, defineId, type Json, localDate, localParts, startOfLocalDay, startOfLocalHour, verifyChain } from '@aisle/core';
import type { MallDay } from '../context';

const EventId = defineId('evt');

/** A day's evidence log entry: who did what, when (UTC instant plus the store's local date). */
export interface DayLogEntry {
  readonly [key: string]: Json;
  readonly id: string;
  readonly at: string;
  readonly businessDate: string;
  readonly kind: string;
  readonly detail: string;
}

/**
 * Chapter 0 (core): open the store. Business date and hourly windows in the store's zone, and a
 * hash-chained day log that later chapters append to and the closing chapter verifies.
 */
export function openStore(day: MallDay) {
  const now = day.clock.now();
  const p = localParts(now, day.zone);
  const businessDate = localDate(now, day.zone);
  day.say(`## Opening — ${day.storeId}`);
  day.say(
    `Local time ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} (UTC${p.offsetMinutes >= 0 ? '+' : ''}${p.offsetMinutes / 60}), business date ${businessDate}, ISO weekday ${p.weekday}`,
  );
  day.say(
    `Business day starts ${startOfLocalDay(now, day.zone).toISOString()}; this hour's window starts ${startOfLocalHour(now, day.zone).toISOString()}`,
  );

  const log = createHashChain<DayLogEntry>();
  const record = (kind: string, detail: string) => {
    const at = day.clock.now();
    return log.append({
      id: EventId.generate({ clock: day.clock }),
      at: at.toISOString(),
      businessDate: localDate(at, day.zone),
      kind,
      detail,
    });
  };
  const first = record('store.opened', `Doors open at ${day.storeId}`);
  day.say(`Day log started: entry ${first.seq}, hash ${first.hash.slice(0, 16)}…`);
  return { log, record, businessDate };
}

/** The day log handed to every chapter: `record(kind, detail)` appends a hash-chained entry. */
export type DayLog = ReturnType<typeof openStore>;

/** The closing chapter: anchor the day log, verify it, and show that tampering is caught. */
export function closeStore(day: MallDay, opened: DayLog) {
  opened.record('store.closed', `Doors closed at ${day.storeId}`);
  const anchor = opened.log.anchor();
  const verified = opened.log.verify(anchor);
  day.say('## Closing');
  day.say(`Day log: ${anchor.length} entries, head ${anchor.head.slice(0, 16)}…, verified: ${verified.ok ? 'yes' : 'NO'}`);

  // What an auditor would see if someone edited an entry afterwards.
  const tampered = opened.log.entries.map((entry, index) =>
    index === 1 ? { ...entry, payload: { ...entry.payload, detail: 'edited later' } } : entry,
  );
  const check = verifyChain(tampered, anchor);
  day.say(check.ok ? 'Tampered copy verified (this must never happen)' : `Tampered copy rejected at entry ${check.index}: ${check.reason}`);
  return { anchor, verified: verified.ok, tamperDetected: !check.ok };
}
