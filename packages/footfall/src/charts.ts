import type { HourlyReport } from './report';
import type { Heatmap } from './zone-tracker';

/** Options of the chart renderers. @public */
export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
};

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    '<defs><pattern id="gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b0b0b0" stroke-width="2"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${n(width / 2)}" y="20" text-anchor="middle" font-family="sans-serif" font-size="14" fill="#222">${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/**
 * Renders a report's hourly entries (bars) and occupancy (line) as a standalone SVG string.
 * Hours with a coverage gap are hatched (missing hours have no bar: a gap is not a zero);
 * suppressed counts are drawn as hatched placeholders. Output is deterministic: the same report
 * gives byte-identical SVG.
 *
 * @example
 * ```ts
 * import { renderHourlyChart, type HourlyReport } from '@aisle/footfall';
 *
 * declare const report: HourlyReport;
 * const svg = renderHourlyChart(report, { title: 'Entries per hour, 21 Nov' });
 * ```
 *
 * @public
 */
export function renderHourlyChart(report: HourlyReport, options: ChartOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const title = options.title ?? `Entries and occupancy per hour, ${report.date}`;
  const left = 48;
  const right = 48;
  const top = 36;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const rows = report.rows;
  const maxEntries = Math.max(1, ...rows.map((r) => r.entries ?? 0));
  const maxOcc = Math.max(1, ...rows.map((r) => r.occupancy ?? 0));
  const slot = plotW / Math.max(1, rows.length);
  const body: string[] = [
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#444"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#444"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-family="sans-serif" font-size="10" fill="#1f6fb2">${maxEntries}</text>`,
    `<text x="${left + plotW + 6}" y="${top + 4}" font-family="sans-serif" font-size="10" fill="#d9480f">${maxOcc}</text>`,
  ];
  const points: string[] = [];
  rows.forEach((r, i) => {
    const x = left + i * slot;
    if (r.status !== 'complete') {
      body.push(`<rect class="gap" x="${n(x)}" y="${top}" width="${n(slot)}" height="${plotH}" fill="url(#gap)" opacity="0.6"/>`);
    }
    if (r.entries !== null) {
      const h = (r.entries / maxEntries) * plotH;
      body.push(
        `<rect class="bar" x="${n(x + slot * 0.15)}" y="${n(top + plotH - h)}" width="${n(slot * 0.7)}" height="${n(h)}" fill="#1f6fb2"><title>${esc(r.label)}: ${r.entries} entries</title></rect>`,
      );
    } else if (r.suppressed?.includes('entries')) {
      body.push(
        `<rect class="suppressed" x="${n(x + slot * 0.15)}" y="${n(top + plotH - 8)}" width="${n(slot * 0.7)}" height="8" fill="url(#gap)"/>`,
      );
    }
    if (r.occupancy !== null) points.push(`${n(x + slot / 2)},${n(top + plotH - (r.occupancy / maxOcc) * plotH)}`);
    if (i % Math.max(1, Math.ceil(rows.length / 12)) === 0) {
      body.push(
        `<text x="${n(x + slot / 2)}" y="${top + plotH + 14}" text-anchor="middle" font-family="sans-serif" font-size="10" fill="#444">${esc(r.label)}</text>`,
      );
    }
  });
  if (points.length > 0)
    body.push(`<polyline class="occupancy" points="${points.join(' ')}" fill="none" stroke="#d9480f" stroke-width="2"/>`);
  body.push(
    `<text x="${left}" y="${height - 8}" font-family="sans-serif" font-size="10" fill="#1f6fb2">■ entries</text>`,
    `<text x="${left + 80}" y="${height - 8}" font-family="sans-serif" font-size="10" fill="#d9480f">— occupancy</text>`,
    `<text x="${left + 180}" y="${height - 8}" font-family="sans-serif" font-size="10" fill="#666">hatched: camera gap</text>`,
  );
  return frame(width, height, title, body);
}

function colour(t: number): string {
  // White → amber → deep red, on a perceptually even enough ramp.
  const c = Math.max(0, Math.min(1, t));
  const r = Math.round(255 - 55 * c);
  const g = Math.round(255 - 215 * c);
  const b = Math.round(240 - 220 * c);
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Renders a heatmap (person-seconds per cell) as a standalone, deterministic SVG grid; each
 * cell's tooltip gives the mean number of people present (seconds / observed duration).
 *
 * @example
 * ```ts
 * import { renderHeatmap } from '@aisle/footfall';
 *
 * const svg = renderHeatmap({ cols: 2, rows: 1, seconds: [30, 90], durationMs: 60_000 }, { title: 'Ground floor' });
 * ```
 *
 * @public
 */
export function renderHeatmap(heatmap: Heatmap, options: ChartOptions = {}): string {
  const width = options.width ?? 480;
  const height = options.height ?? 320;
  const title = options.title ?? 'Heatmap (person-seconds per cell)';
  const top = 30;
  const cw = width / Math.max(1, heatmap.cols);
  const ch = (height - top) / Math.max(1, heatmap.rows);
  const max = Math.max(0, ...heatmap.seconds);
  const duration = heatmap.durationMs / 1000;
  const body: string[] = [];
  for (let r = 0; r < heatmap.rows; r++) {
    for (let c = 0; c < heatmap.cols; c++) {
      const s = heatmap.seconds[r * heatmap.cols + c] ?? 0;
      const mean = duration > 0 ? s / duration : 0;
      body.push(
        `<rect class="cell" x="${n(c * cw)}" y="${n(top + r * ch)}" width="${n(cw)}" height="${n(ch)}" fill="${colour(max > 0 ? s / max : 0)}"><title>${n(s)} s, ${mean.toFixed(2)} people</title></rect>`,
      );
    }
  }
  return frame(width, height, title, body);
}
