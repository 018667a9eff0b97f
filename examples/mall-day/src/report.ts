import { type Heatmap, type HourlyReport, renderHeatmap, renderHourlyChart } from '@aisle/footfall';
import type { runMallDay } from './run';

/** What {@link renderDayReport} reads: the result of {@link runMallDay}. */
export type MallDayResult = Awaited<ReturnType<typeof runMallDay>>;

/** HTML text escaping for element content and double- or single-quoted attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The local wall-clock time of a UTC instant in the store's zone, as `YYYY-MM-DD HH:mm`. */
function local(at: unknown, zone: string): string {
  if (typeof at !== 'string' && typeof at !== 'number') return '—';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The footfall charts, drawn by @aisle/footfall's renderers (which validate what they draw and
 * escape every label). Two charts on one page would share the id of their hatch pattern, so each
 * gets its own prefix.
 */
function chart(draw: () => string, prefix: string): string {
  let svg: string;
  try {
    svg = draw();
  } catch (error) {
    return `<p>No chart (${escapeHtml(error instanceof Error ? error.message : String(error))}).</p>`;
  }
  return svg.replace(/id="gap"/g, `id="${prefix}-gap"`).replace(/url\(#gap\)/g, `url(#${prefix}-gap)`);
}

type Row = readonly unknown[];
const table = (caption: string, head: readonly string[], rows: readonly Row[]) =>
  `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c ?? '—')}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const section = (id: string, title: string, body: string) =>
  `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${body}</section>`;

const CSS = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#555;--line:#d0d0d7;--accent:#1f6fb2}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#fafafa}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2rem}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
.figures{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0}
figcaption{color:var(--muted);font-size:.85rem}
svg{max-width:100%;height:auto}
.ok{color:#1b6e2a;font-weight:600}
.bad{color:#a4161a;font-weight:600}
ol.timeline{list-style:none;padding:0}
ol.timeline li{border-left:3px solid var(--accent);padding:.2rem .8rem;margin:.3rem 0}
time{font-variant-numeric:tabular-nums;color:var(--muted)}
code{font-size:.85rem;word-break:break-all}
footer{color:var(--muted);font-size:.85rem;padding-bottom:2rem}
`;

/**
 * Renders the day as one self-contained HTML page: inline CSS and SVG, no scripts, no external
 * requests. Every value taken from the day's data is escaped; the charts come from
 * @aisle/footfall's renderers (which escape and validate what they draw).
 */
export function renderDayReport(day: MallDayResult): string {
  const zone = day.zone;
  const c = day.chapters;
  const footfall = (c.footfall ?? {}) as {
    entries?: number;
    exits?: number;
    missing?: number;
    rows?: { label: string; entries: number | null; exits: number | null }[];
    published?: HourlyReport;
    heatmap?: Heatmap;
  };
  const points = (c.points ?? {}) as {
    receipt?: { id: string; points: number; businessDate: string; zh: string[]; en: string[] };
    parking?: { points?: number; ok?: boolean; explanation?: { zh: string; en: string } };
    cappedReceipt?: { points: number };
  };
  const consent = (c.consent ?? {}) as { subjectId?: string; timeline?: { at: string; what: string }[]; verified?: boolean };
  const incident = (c.incidents ?? {}) as {
    id?: string;
    title?: string;
    gradeName?: { zh: string; en: string };
    discoveredAt?: string;
    awareAt?: string;
    verified?: boolean;
    clocks?: {
      id: string;
      regime: string;
      recipient: string;
      action: string;
      rule: string;
      dueAt?: string;
      status: string;
      basis: string;
    }[];
  };
  const custody = (c.custody ?? {}) as { mediumId?: string; files?: number; dueDate?: string; normal?: boolean; nextDue?: string };
  const presence = (c.presence ?? {}) as {
    hours?: { hour: string; zones: { zone: string; presence: number | null }[]; total: number | null }[];
    ratio?: number;
  };
  const zones = [...new Set((presence.hours ?? []).flatMap((h) => h.zones.map((z) => z.zone)))];
  const yes = (ok: unknown) => (ok === true ? '<span class="ok">verified</span>' : '<span class="bad">NOT verified</span>');

  const body = [
    section(
      'footfall',
      'Footfall',
      `<p>${escapeHtml(footfall.entries)} entries and ${escapeHtml(footfall.exits)} exits over the morning pilot (north door camera and south gate counter, merged). ${escapeHtml(footfall.missing)} later hours had no device data: they are reported as missing, not as zero.</p>` +
        `<div class="figures"><figure>${chart(() => renderHourlyChart(footfall.published as HourlyReport, { title: `Entries and occupancy per hour, ${footfall.published?.date}` }), 'hourly')}<figcaption>Published hourly report (counts under 5 suppressed; hatched: no data).</figcaption></figure>` +
        `<figure>${chart(() => renderHeatmap(footfall.heatmap as Heatmap, { width: 480, height: 400, title: 'North door camera: where people stood (person-seconds)' }), 'heat')}<figcaption>Heatmap of the north door camera's picture, 10:00–12:00.</figcaption></figure></div>` +
        table(
          'Published hours',
          ['Hour', 'Entries', 'Exits'],
          (footfall.rows ?? []).map((r) => [r.label, r.entries ?? 'suppressed', r.exits ?? 'suppressed']),
        ),
    ),
    section(
      'points',
      'Points: the receipt explained',
      `<p>Receipt <code>${escapeHtml(points.receipt?.id)}</code> earned <strong>${escapeHtml(points.receipt?.points)} points</strong> on business date ${escapeHtml(points.receipt?.businessDate)}. What the clerk reads out:</p>` +
        `<ol lang="zh-CN">${(points.receipt?.zh ?? []).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol>` +
        `<details><summary>In English</summary><ol>${(points.receipt?.en ?? []).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol></details>` +
        `<p>Parking at the exit gate: <span lang="zh-CN">${escapeHtml(points.parking?.explanation?.zh ?? '—')}</span></p>`,
    ),
    section(
      'consent',
      'Consent timeline',
      `<p>Subject <code>${escapeHtml(consent.subjectId)}</code>; the consent log ${yes(consent.verified)}.</p>` +
        `<ol class="timeline">${(consent.timeline ?? [])
          .map((e) => `<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(local(e.at, zone))}</time> ${escapeHtml(e.what)}</li>`)
          .join('')}</ol>`,
    ),
    section(
      'incident',
      'Incident drill: the clocks',
      `<p><strong>${escapeHtml(incident.title)}</strong> (<code>${escapeHtml(incident.id)}</code>), graded <span lang="zh-CN">${escapeHtml(incident.gradeName?.zh)}</span> (${escapeHtml(incident.gradeName?.en)}). Discovered ${escapeHtml(local(incident.discoveredAt, zone))}, aware ${escapeHtml(local(incident.awareAt, zone))}; audit trail ${yes(incident.verified)}.</p>` +
        table(
          'Every obligation and its deadline (local time, Asia/Shanghai)',
          ['Obligation', 'To', 'Rule', 'Due', 'Status', 'Basis'],
          (incident.clocks ?? []).map((o) => [
            `${o.id}: ${o.action}`,
            o.recipient,
            o.rule,
            o.dueAt === undefined ? 'no fixed deadline' : local(o.dueAt, zone),
            o.status,
            o.basis,
          ]),
        ),
    ),
    section(
      'identity',
      'Wi-Fi presence (identity)',
      `${table(
        'Devices per zone and hour as published (counted under a key that lives only for today; small zones suppressed)',
        ['Hour', ...zones, 'Total'],
        (presence.hours ?? []).map((h) => [
          h.hour,
          ...zones.map((zone) => h.zones.find((z) => z.zone === zone)?.presence ?? 'suppressed'),
          h.total ?? 'suppressed',
        ]),
      )}<p>Wi-Fi devices per camera entry at the entrance: ${escapeHtml(presence.ratio?.toFixed(2) ?? '—')}.</p>`,
    ),
    section(
      'custody',
      'Nightly backup (custody)',
      `<p>Medium <code>${escapeHtml(custody.mediumId)}</code>: ${escapeHtml(custody.files)} files registered; first check due ${escapeHtml(custody.dueDate)}; that check found the copy ${custody.normal === true ? '<span class="ok">normal</span>' : '<span class="bad">abnormal</span>'}; next due ${escapeHtml(custody.nextDue)}.</p>`,
    ),
    section(
      'log',
      'The day log',
      `<p>${escapeHtml(day.anchor.length)} hash-chained entries, head <code>${escapeHtml(day.anchor.head)}</code>: ${yes(day.verified)}; a copy edited afterwards was ${day.tamperDetected ? 'rejected' : '<span class="bad">ACCEPTED</span>'}.</p>` +
        table(
          'Entries',
          ['#', 'Local time', 'Kind', 'Detail'],
          day.entries.map((e) => [e.seq, local(e.at, zone), e.kind, e.detail]),
        ),
    ),
  ].join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Aisle day report: ${escapeHtml(day.storeId)}, ${escapeHtml(day.businessDate)}</title>`,
    // No favicon request: the page makes none at all.
    '<link rel="icon" href="data:,">',
    `<style>${CSS}</style></head>`,
    '<body>',
    `<header><p>Aisle demo · ${escapeHtml(day.storeId)} · ${escapeHtml(zone)}</p><h1>One day at the mall: ${escapeHtml(day.businessDate)}</h1></header>`,
    `<main>${body}</main>`,
    `<footer><p>Generated by <code>pnpm demo</code> (examples/mall-day) from the day's data; self-contained: no scripts, no external requests.</p></footer>`,
    '</body></html>',
    '',
  ].join('\n');
}
