import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFootfallDay } from '../src/report';

describe('footfall-report', () => {
  const day = runFootfallDay();

  it('counts every generated visitor once, despite two overlapping door cameras and staff badges', () => {
    const rows = day.report.rows;
    expect(rows).toHaveLength(12);
    // Arrivals per hour as generated; 15:00 is partial because camera A was down for 40 minutes.
    expect(rows.map((r) => r.entries)).toEqual([40, 70, 110, 120, 90, 58, 85, 100, 130, 140, 100, 50]);
    expect(rows.map((r) => r.status)).toEqual([
      'complete',
      'complete',
      'complete',
      'complete',
      'complete',
      'partial',
      ...Array(6).fill('complete'),
    ]);
    expect(rows[5]?.gaps).toEqual([{ source: 'north-a', from: '2026-11-21T07:00:00.000Z', to: '2026-11-21T07:40:00.000Z' }]);
    expect(day.staffCrossings).toBe(12);
    expect(day.quality.crossCameraDuplicates).toBeGreaterThan(1000);
    expect(day.report.peakHours[0]).toBe('19:00');
    expect(day.report.totals.occupancyAtClose).toBe(0);
  });

  it('suggests staff per shift from the hourly entries, naming the hours that drive it', () => {
    // 40 entries per associate an hour, at least 2: 19:00 (140 entries) needs 4.
    expect(day.staffing.hours.find((h) => h.label === '19:00')).toMatchObject({ demand: 140, staff: 4, reason: 'demand' });
    expect(day.staffing.shifts.map((s) => [s.from, s.to, s.staff, s.drivenBy])).toEqual([
      ['10:00', '13:00', 3, ['12:00', '13:00']],
      ['14:00', '17:00', 3, ['14:00', '16:00', '17:00']],
      ['18:00', '21:00', 4, ['18:00', '19:00']],
    ]);
    expect(day.staffing.peaks[0]).toEqual({ label: '19:00', demand: 140, staff: 4 });
  });

  it('publishes with small counts suppressed and renders both charts', () => {
    expect(day.published.suppressionK).toBe(10);
    expect(day.hourlySvg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(day.hourlySvg.match(/class="bar"/g)).toHaveLength(12);
    expect(day.heatmapSvg.match(/class="cell"/g)).toHaveLength(16 * 12);
  });

  it('runs as a program and writes the charts', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'footfall-report-'));
    const stdout = execFileSync('pnpm', ['run', '--silent', 'start', out], { cwd, encoding: 'utf8' });
    expect(stdout).toMatch(/19:00 +complete +140 +142/);
    expect(stdout).toContain('Staff 18:00–21:00: 4 on the floor (driven by 18:00, 19:00)');
    expect(readFileSync(join(out, 'hourly.svg'), 'utf8')).toBe(day.hourlySvg);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).date).toBe('2026-11-21');
  });
});
