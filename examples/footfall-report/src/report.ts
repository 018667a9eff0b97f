import {
  buildHourlyReport,
  type Crossing,
  createFootfallAggregator,
  createLineCounter,
  createZoneTracker,
  dedupCrossings,
  emptyAggregate,
  excludeStaff,
  type FootfallAggregate,
  mergeAggregates,
  mergeQuality,
  type QualityReport,
  recommendStaffing,
  renderHeatmap,
  renderHourlyChart,
  suppressSmallCounts,
} from '@aisle/footfall';
import { cameraFrames, DATE, generateVisitors, local, prng, type Walk, ZONE } from './simulate';

/**
 * The whole day: two overlapping cameras on the north door (one of them down 15:00–15:40), a
 * street camera with an outer line for passers-by, line counting per camera, cross-camera
 * dedup, staff exclusion by badge, one aggregator per camera merged into one, an hourly report
 * with a published (k = 10) version, the charts, and a staffing suggestion for the floor (one
 * associate per 40 entries an hour, at least two on the floor, four-hour shifts).
 */
export function runFootfallDay(seed = 20261121) {
  const random = prng(seed);
  const visitors = generateVisitors(random);
  const northWalks: Walk[] = [];
  const badgeReads: { line: string; at: number }[] = [];
  for (const v of visitors) {
    northWalks.push({ start: v.arrive, direction: 'in', lane: 150 + Math.floor(random() * 340) });
    northWalks.push({ start: v.leave, direction: 'out', lane: 150 + Math.floor(random() * 340) });
    if (v.staff) badgeReads.push({ line: 'north', at: v.arrive + 1500 }, { line: 'north', at: v.leave + 1500 });
  }
  // Camera B overlaps camera A and sees about 60 % of the same people, a few hundred ms apart.
  const bWalks = northWalks.filter(() => random() < 0.6).map((w) => ({ ...w, start: w.start + Math.floor(random() * 400) }));
  const streetWalks: Walk[] = [];
  for (let t = local(9, 30); t < local(22, 30); t += Math.floor(3_000 + random() * 12_000)) {
    streetWalks.push({ start: t, direction: random() < 0.5 ? 'left' : 'right', lane: 200 + Math.floor(random() * 200) });
  }
  const from = local(9, 30);
  const to = local(22, 30);
  const cameras = [
    { source: 'north-a', walks: northWalks, down: [local(15), local(15, 40)] as const },
    { source: 'north-b', walks: bWalks },
    { source: 'street', walks: streetWalks },
  ];

  const crossings: Crossing[] = [];
  let quality: QualityReport = {};
  const heat = createZoneTracker({
    zones: [
      {
        id: 'door',
        polygon: [
          { x: 100, y: 100 },
          { x: 540, y: 100 },
          { x: 540, y: 460 },
          { x: 100, y: 460 },
        ],
      },
    ],
    heatmap: { width: 640, height: 480, cols: 16, rows: 12 },
  });
  const heartbeats = new Map<string, number[]>();
  let frameCount = 0;
  let detectionCount = 0;
  for (const cam of cameras) {
    const frames = cameraFrames({ ...cam, from, to });
    const counter =
      cam.source === 'street'
        ? createLineCounter({ id: 'street', start: { x: 320, y: 0 }, end: { x: 320, y: 480 } })
        : // "In" is arriving on the side where cross(end − start, p − start) < 0: above the line, walking up.
          createLineCounter({ id: 'north', start: { x: 100, y: 300 }, end: { x: 540, y: 300 }, minFrames: 2 });
    const beats: number[] = [];
    for (const f of frames) {
      crossings.push(...counter.update(f));
      beats.push(f.at);
      if (cam.source === 'north-a') heat.update(f);
      frameCount++;
      detectionCount += f.detections.length;
    }
    heartbeats.set(cam.source, beats);
    quality = mergeQuality(quality, counter.quality());
  }

  const deduped = dedupCrossings(crossings, { windowMs: 800 });
  quality = mergeQuality(quality, deduped.quality);
  const sorted = [...deduped.crossings].sort((a, b) => a.at - b.at);
  const { customers, staff } = excludeStaff(sorted, { badges: badgeReads, badgeWindowMs: 3000 });

  // One aggregator per camera, as separate workers would run them, merged at the end.
  let merged: FootfallAggregate = emptyAggregate();
  for (const cam of cameras) {
    const agg = createFootfallAggregator({ allowedLatenessMs: 600_000 });
    // Feed events in event-time order, as a stream would deliver them.
    const mine = customers.filter((c) => c.source === cam.source);
    let i = 0;
    for (const at of heartbeats.get(cam.source) ?? []) {
      while (i < mine.length && (mine[i] as Crossing).at <= at) agg.add(mine[i++] as Crossing);
      agg.heartbeat(cam.source, at);
    }
    while (i < mine.length) agg.add(mine[i++] as Crossing);
    merged = mergeAggregates(merged, agg.snapshot());
  }

  const options = { zone: ZONE, date: DATE, openingHours: { open: '10:00', close: '22:00' }, passerbyLines: ['street'] };
  const report = buildHourlyReport(merged, options);
  const published = suppressSmallCounts(report, 10);
  // Staffing uses the unpublished report: it stays inside the store, and small counts matter here.
  const staffing = recommendStaffing(report, { visitorsPerStaff: 40, minStaff: 2, shiftHours: 4 });
  return {
    visitors: visitors.filter((v) => !v.staff).length,
    staffCrossings: staff.length,
    frames: frameCount,
    detections: detectionCount,
    crossings: crossings.length,
    quality,
    aggregate: merged,
    report,
    published,
    staffing,
    hourlySvg: renderHourlyChart(published, { title: `Jing'an flagship: entries and occupancy, ${DATE}` }),
    heatmapSvg: renderHeatmap(heat.heatmap(), { title: 'North door: where people walk (person-seconds)' }),
  };
}
