import { closeStore, openStore } from './chapters/opening';
import { createMallDay } from './context';

/**
 * Runs the whole day. Each package adds its chapter between opening and closing:
 * consent at sign-up, de-identification at intake, points at the till, segments for the evening
 * campaign, footfall per hour, and an incident drill.
 */
export function runMallDay(options: { quiet?: boolean } = {}) {
  const day = createMallDay(options);
  const opened = openStore(day);

  day.clock.advance(30 * 60_000);
  opened.record('staff.shift', 'Service desk staffed (staff id S-014)');
  day.clock.advance(11 * 60 * 60_000);

  const closed = closeStore(day, opened);
  return { lines: day.lines, businessDate: opened.businessDate, ...closed };
}
