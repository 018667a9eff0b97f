import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AisleError } from '@aisle/core';
import { runFootfallDay } from './report';

try {
  const day = runFootfallDay();
  const outDir = process.argv[2] ?? join(import.meta.dirname, '..', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'hourly.svg'), day.hourlySvg);
  writeFileSync(join(outDir, 'heatmap.svg'), day.heatmapSvg);
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(day.published, null, 2)}\n`);
  console.log(`Generated ${day.visitors} visitors: ${day.frames} frames, ${day.detections} detections, ${day.crossings} raw crossings`);
  console.log(`Quality: ${JSON.stringify(day.quality)}; staff crossings excluded: ${day.staffCrossings}`);
  console.log('hour   status    entries  exits  passers-by  进店率  occupancy');
  for (const r of day.report.rows) {
    const v = (x: number | null) => (x === null ? '—' : String(x)).padStart(7);
    const rate = r.entryRate === null ? '—' : `${(r.entryRate * 100).toFixed(1)}%`;
    console.log(`${r.label}  ${r.status.padEnd(8)} ${v(r.entries)} ${v(r.exits)} ${v(r.passersBy)}  ${rate.padStart(6)} ${v(r.occupancy)}`);
  }
  const t = day.report.totals;
  console.log(`Day: ${t.entries} entries, ${t.exits} exits, ${t.passersBy} passers-by, peak hours ${day.report.peakHours.join(', ')}`);
  for (const shift of day.staffing.shifts) {
    const why = shift.drivenBy.length > 0 ? `driven by ${shift.drivenBy.join(', ')}` : 'the minimum';
    console.log(`Staff ${shift.from}–${shift.to}: ${shift.staff} on the floor (${why})`);
  }
  console.log(`Charts and report written to ${outDir}`);
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
