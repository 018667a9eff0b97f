import { fromLocal, localDate, startOfLocalHour } from '@aisle/core';
import {
  buildHourlyReport,
  createFootfallAggregator,
  createLineCounter,
  createZoneTracker,
  type Detection,
  type FrameEvent,
  fromHikvision,
  mergeAggregates,
  mergeQuality,
  recommendStaffing,
  suppressSmallCounts,
} from '@aisle/footfall';
import type { MallDay } from '../context';
import type { Chapter } from './index';
import type { DayLog } from './opening';

const HOUR = 3_600_000;

/** Door-camera frames for two hours: a person walks up through the north door every 53 s, one walks out every 71 s. */
function northDoorFrames(from: number): FrameEvent[] {
  const walks: { start: number; up: boolean; id: number }[] = [];
  for (let t = from + 5_000, id = 0; t < from + 2 * HOUR; t += 53_000) walks.push({ start: t, up: true, id: id++ });
  for (let t = from + 20 * 60_000, id = 10_000; t < from + 2 * HOUR; t += 71_000) walks.push({ start: t, up: false, id: id++ });
  const frames: FrameEvent[] = [];
  let n = 0;
  for (let t = from; t < from + 2 * HOUR; t += 500) {
    const detections: Detection[] = [];
    for (const w of walks) {
      const p = (t - w.start) / 3_000;
      if (p < 0 || p > 1) continue;
      const y = w.up ? 420 - 260 * p : 160 + 260 * p;
      // People spread across the doorway (the feet of everyone cross the counting line between x 100 and 540).
      detections.push({ trackId: w.id, box: { x: 140 + ((w.id * 89) % 340), y: y - 120, w: 40, h: 120 } });
    }
    // Frames while someone is in view, and a heartbeat frame every 10 s otherwise.
    if (detections.length > 0 || (t - from) % 10_000 === 0)
      frames.push({ type: 'frame', source: 'north-door', frame: ++n, at: t, detections });
  }
  return frames;
}

/**
 * Chapter 5 (footfall): two hours of the north door camera's tracks through a line counter, the
 * south gate's Hikvision counter through its adapter, one aggregator per device merged into one,
 * and the published hourly report with small counts suppressed. Hours no device covered are
 * reported as missing, never as zero. Then a staffing suggestion for the pilot hours: one
 * associate per 30 entries an hour, at least two on the floor, in two-hour shifts.
 */
export const footfall: Chapter = {
  name: 'footfall',
  run(day: MallDay, log: DayLog) {
    // The door cameras' morning pilot: 10:00-12:00, reported whenever this chapter runs.
    const from = startOfLocalHour(fromLocal({ year: 2026, month: 11, day: 21, hour: 10 }, day.zone), day.zone).getTime();
    day.say('## Footfall');

    const door = createLineCounter({ id: 'north', start: { x: 100, y: 300 }, end: { x: 540, y: 300 }, minFrames: 2 });
    const north = createFootfallAggregator();
    // Where people stood in the door camera's picture (640 × 480, a 16 × 12 grid), for the day report's heatmap.
    const floor = createZoneTracker({
      zones: [
        {
          id: 'doorway',
          polygon: [
            { x: 0, y: 0 },
            { x: 640, y: 0 },
            { x: 640, y: 480 },
            { x: 0, y: 480 },
          ],
        },
      ],
      heatmap: { width: 640, height: 480, cols: 16, rows: 12 },
    });
    for (const frame of northDoorFrames(from)) {
      north.heartbeat(frame.source, frame.at);
      for (const crossing of door.update(frame)) north.add(crossing);
      floor.update(frame);
    }

    // The south gate counts by itself; its alert carries a picture URL that is dropped at ingestion.
    const iso = (ms: number) => new Date(ms).toISOString();
    const gate = fromHikvision(
      [0, 1].map((h) => ({
        ipAddress: '10.0.8.21',
        channelID: 1,
        channelName: 'south',
        dateTime: iso(from + (h + 1) * HOUR),
        eventType: 'PeopleCounting',
        picUrl: 'http://10.0.8.21/picture/ch1.jpg',
        peopleCounting: {
          statisticalMethods: 'timeRange',
          TimeRange: { startTime: iso(from + h * HOUR), endTime: iso(from + (h + 1) * HOUR) },
          enter: 31 + 9 * h,
          exit: 12 + 15 * h,
          pass: 240,
        },
      })),
      { zone: day.zone },
    );
    const south = createFootfallAggregator();
    for (const event of gate.events) south.add(event);

    const merged = mergeAggregates(north.snapshot(), south.snapshot());
    const report = buildHourlyReport(merged, {
      zone: day.zone,
      date: localDate(from, day.zone),
      openingHours: { open: '10:00', close: '22:00' },
    });
    const published = suppressSmallCounts(report, 5);
    for (const row of published.rows.filter((r) => r.status !== 'missing')) {
      day.say(
        `${row.label}: ${row.entries ?? 'suppressed'} in, ${row.exits ?? 'suppressed'} out, occupancy ${row.occupancy ?? '—'} (${row.status})`,
      );
    }
    const missing = published.rows.filter((r) => r.status === 'missing').length;
    // Staffing is internal (the unsuppressed report), over the hours the pilot covered.
    const pilot = buildHourlyReport(merged, {
      zone: day.zone,
      date: localDate(from, day.zone),
      openingHours: { open: '10:00', close: '12:00' },
    });
    const staffing = recommendStaffing(pilot, { visitorsPerStaff: 30, minStaff: 2, shiftHours: 2 });
    const quality = mergeQuality(door.quality(), gate.quality);
    day.say(`${missing} hours have no device data: reported as missing, not as zero`);
    day.say(`Quality: ${JSON.stringify(quality)}`);
    for (const h of staffing.hours) day.say(`Staffing ${h.label}: ${h.staff} on the floor for ${h.demand ?? '—'} entries (${h.reason})`);
    for (const shift of staffing.shifts) {
      day.say(`Shift ${shift.from}–${shift.to}: ${shift.staff} associates, set by ${shift.drivenBy.join(', ') || 'the minimum'}`);
    }
    day.clock.set(from + 2 * HOUR); // no-op when the day is already later: the clock only moves forward
    log.record(
      'footfall.report',
      `Hourly footfall ${report.rows[0]?.label}–: ${report.totals.entries} entries, ${report.totals.exits} exits; ${missing} hours missing`,
    );
    return {
      entries: report.totals.entries,
      exits: report.totals.exits,
      rows: published.rows.filter((r) => r.status !== 'missing').map((r) => ({ label: r.label, entries: r.entries, exits: r.exits })),
      missing,
      quality,
      staffing: staffing.shifts.map((s) => ({ from: s.from, to: s.to, staff: s.staff, drivenBy: s.drivenBy })),
      // For the HTML day report: the published (suppressed) hours and the door camera's heatmap.
      published,
      heatmap: floor.heatmap(),
    };
  },
};
