import { describe, expect, it } from 'vitest';
import { escapeHtml, renderDayReport } from '../src/report';
import { runMallDay } from '../src/run';

describe('mall-day: the HTML day report', () => {
  it('is one self-contained page: no scripts, no external URLs, inline SVG charts, every section', async () => {
    const html = renderDayReport(await runMallDay({ quiet: true }));
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|<img|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(?:src|href)="(?!data:|#)/);
    expect(html.match(/<svg /g)).toHaveLength(2);
    for (const id of ['footfall', 'points', 'consent', 'incident', 'identity', 'custody', 'log'])
      expect(html).toContain(`<section id="${id}"`);
    // The two charts' hatch patterns got distinct ids.
    expect(html).toContain('id="hourly-gap"');
    expect(html).toContain('id="heat-gap"');
    expect(html).not.toContain('id="gap"');
    // Published counts only: the kids' corner's small Wi-Fi counts are suppressed in the report.
    expect(html).toContain('<td>suppressed</td>');
  });

  it('escapes every value taken from the day’s data', async () => {
    const day = await runMallDay({ quiet: true });
    const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';
    const tampered = {
      ...day,
      storeId: hostile,
      entries: day.entries.map((e, i) => (i === 0 ? { ...e, kind: hostile, detail: hostile } : e)),
      chapters: {
        ...day.chapters,
        footfall: {
          ...day.chapters.footfall,
          published: { date: hostile, rows: [{ label: hostile, status: 'complete', entries: '<b>', occupancy: 3 }] },
          heatmap: { cols: 1, rows: 1, seconds: [], durationMs: 1 },
        },
      },
    };
    const html = renderDayReport(tampered);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain(escapeHtml(hostile));
    // The renderers refused the bad heatmap (no seconds for its one cell) and drew the report's label escaped.
    expect(html).toMatch(/<p>No chart \(.+\)\.<\/p>/);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(escapeHtml(hostile)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;');
  });
});
