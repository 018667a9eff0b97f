import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from './errors';
import type { HourlyReport } from './report';
import type { Heatmap } from './zone-tracker';

/**
 * Options of the chart renderers. `width` and `height` are integers in
 * [{@link CHART_MIN_SIZE}, {@link CHART_MAX_SIZE}] pixels; `title` is at most 200 characters
 * (escaped).
 *
 * @public
 */
export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

/** Smallest chart side, in pixels. @public */
export const CHART_MIN_SIZE = 64;
/** Largest chart side, in pixels. @public */
export const CHART_MAX_SIZE = 8192;
/** Most rows an hourly chart draws (a report of up to ~80 days of hours). @public */
export const CHART_MAX_ROWS = 2000;
/** Most cells a heatmap draws (for example 500 × 500). @public */
export const HEATMAP_MAX_CELLS = 250_000;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const OptionsSchema = z.object({
  width: z.optional(z.int().check(z.gte(CHART_MIN_SIZE), z.lte(CHART_MAX_SIZE))),
  height: z.optional(z.int().check(z.gte(CHART_MIN_SIZE), z.lte(CHART_MAX_SIZE))),
  title: z.optional(z.string().check(z.maxLength(200))),
});

/** A count to draw: a finite number ≥ 0, or `null` (nothing drawn) for anything else. */
/** Text from report data for a label: strings and numbers only (anything else is empty), so no object's `toString` runs. */
const label = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 40) : typeof v === 'number' ? String(v) : '');

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

function tooLarge(what: string, limit: number, received: number): FootfallError {
  return new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `${what}: expected at most ${limit}, received ${received}`, {
    details: { limit, received },
  });
}
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
 * gives byte-identical SVG. Every interpolated value is escaped or validated: options by schema,
 * labels escaped, counts drawn only when they are finite numbers (a report read back from JSON
 * cannot inject markup).
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for options out of range (a `width` that is not an integer in [64, 8192], a title over 200 characters).
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more than {@link CHART_MAX_ROWS} rows.
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
  const o = parse(OptionsSchema, options, { label: 'chart options' });
  if (typeof report !== 'object' || report === null || !Array.isArray(report.rows))
    throw new TypeError('renderHourlyChart needs an HourlyReport (from buildHourlyReport)');
  if (report.rows.length > CHART_MAX_ROWS) throw tooLarge('Hourly chart rows', CHART_MAX_ROWS, report.rows.length);
  const width = o.width ?? 720;
  const height = o.height ?? 360;
  const title = o.title ?? `Entries and occupancy per hour, ${label(report.date)}`;
  const left = 48;
  const right = 48;
  const top = 36;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const rows = report.rows.map((r) => ({
    label: label(r?.label),
    complete: r?.status === 'complete',
    entries: count(r?.entries),
    occupancy: count(r?.occupancy),
    suppressed: Array.isArray(r?.suppressed) && r.suppressed.includes('entries'),
  }));
  let maxEntries = 1;
  let maxOcc = 1;
  for (const r of rows) {
    if (r.entries !== null && r.entries > maxEntries) maxEntries = r.entries;
    if (r.occupancy !== null && r.occupancy > maxOcc) maxOcc = r.occupancy;
  }
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
    if (!r.complete) {
      body.push(`<rect class="gap" x="${n(x)}" y="${top}" width="${n(slot)}" height="${plotH}" fill="url(#gap)" opacity="0.6"/>`);
    }
    if (r.entries !== null) {
      const h = (r.entries / maxEntries) * plotH;
      body.push(
        `<rect class="bar" x="${n(x + slot * 0.15)}" y="${n(top + plotH - h)}" width="${n(slot * 0.7)}" height="${n(h)}" fill="#1f6fb2"><title>${esc(r.label)}: ${r.entries} entries</title></rect>`,
      );
    } else if (r.suppressed) {
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
 * cell's tooltip gives the mean number of people present (seconds / observed duration). Grids
 * over {@link HEATMAP_MAX_CELLS} cells are refused before anything is drawn.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more than {@link HEATMAP_MAX_CELLS} cells.
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for options out of range.
 * @throws `TypeError` when the heatmap's `seconds` do not match its grid.
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
  const o = parse(OptionsSchema, options, { label: 'chart options' });
  if (typeof heatmap !== 'object' || heatmap === null) throw new TypeError('renderHeatmap needs a Heatmap');
  const { cols, rows } = heatmap;
  if (!Number.isSafeInteger(cols) || !Number.isSafeInteger(rows) || cols < 0 || rows < 0)
    throw new TypeError(
      `Heatmap cols and rows must be non-negative integers, received ${typeof cols === 'number' ? cols : typeof cols} × ${typeof rows === 'number' ? rows : typeof rows}`,
    );
  if (cols * rows > HEATMAP_MAX_CELLS) throw tooLarge('Heatmap cells', HEATMAP_MAX_CELLS, cols * rows);
  if (!Array.isArray(heatmap.seconds) || heatmap.seconds.length !== cols * rows)
    throw new TypeError(`Heatmap seconds must have cols × rows = ${cols * rows} entries`);
  const width = o.width ?? 480;
  const height = o.height ?? 320;
  const title = o.title ?? 'Heatmap (person-seconds per cell)';
  const top = 30;
  const cw = width / Math.max(1, heatmap.cols);
  const ch = (height - top) / Math.max(1, heatmap.rows);
  let max = 0;
  for (const v of heatmap.seconds) if (count(v) !== null && v > max) max = v;
  const duration = count(heatmap.durationMs) === null ? 0 : heatmap.durationMs / 1000;
  const body: string[] = [];
  for (let r = 0; r < heatmap.rows; r++) {
    for (let c = 0; c < heatmap.cols; c++) {
      const s = count(heatmap.seconds[r * heatmap.cols + c]) ?? 0;
      const mean = duration > 0 ? s / duration : 0;
      body.push(
        `<rect class="cell" x="${n(c * cw)}" y="${n(top + r * ch)}" width="${n(cw)}" height="${n(ch)}" fill="${colour(max > 0 ? s / max : 0)}"><title>${n(s)} s, ${mean.toFixed(2)} people</title></rect>`,
      );
    }
  }
  return frame(width, height, title, body);
}
