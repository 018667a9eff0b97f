// The HTML day report in a real browser: Debian's chromium driven by playwright-core (as
// packages/consent/test/element.browser.test.ts does), axe-core for WCAG 2 A/AA, a full-page
// screenshot in examples/mall-day/artifacts/ (git-ignored; CI keeps them).
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import axeCore from 'axe-core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, serve } from '../../../scripts/runtime/chromium';
import { renderDayReport } from '../src/report';
import { runMallDay } from '../src/run';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
// In CI a missing browser is a failure, never a silent skip.
const suite = chromiumAvailable() ? describe : describe.skip;

let server: Server;
let browser: Browser;
let base: string;

suite('the HTML day report in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const html = renderDayReport(await runMallDay({ quiet: true }));
    // The server answers the page and nothing else: any other request fails the test below.
    const served = await serve(new Map([['/', ['text/html; charset=utf-8', html] as const]]));
    server = served.server;
    base = `${served.base}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('renders with no console errors, page errors or requests beyond the page, every section present, and zero axe WCAG 2 A/AA violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => requests.push(r.url()));
    const response = await page.goto(base, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Aisle day report: sh-jingan-001, 2026-11-21');
    expect(await page.locator('section h2').allTextContents()).toEqual([
      'Footfall',
      'Points: the receipt explained',
      'Consent timeline',
      'Incident drill: the clocks',
      'Wi-Fi presence (identity)',
      'Nightly backup (custody)',
      'The day log',
    ]);
    // The two charts drew: bars for the published hours, heatmap cells with people in them.
    expect(await page.locator('#footfall svg').count()).toBe(2);
    expect(await page.locator('#footfall svg rect.bar').count()).toBe(2);
    expect(await page.locator('#footfall svg rect.cell').count()).toBe(16 * 12);
    const box = await page.locator('#footfall svg').first().boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    // The receipt explained in Chinese, the consent withdrawal, the CN regulator's clock, the day log.
    expect(await page.locator('#points ol[lang="zh-CN"] li').count()).toBeGreaterThan(2);
    await expect(page.locator('#consent').textContent()).resolves.toContain('SMS reply "退订": marketing.sms withdrawn');
    await expect(page.locator('#incident tbody').textContent()).resolves.toContain('cn.initial');
    await expect(page.locator('#log').textContent()).resolves.toContain('verified');
    expect(await page.locator('#log tbody tr').count()).toBe(17);

    await page.addScriptTag({ content: axeCore.source });
    const violations = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
        }
      ).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length}: ${JSON.stringify(v.nodes[0]?.target)})`);
    });
    expect(violations).toEqual([]);
    await page.screenshot({ path: `${artifacts}day-report.png`, fullPage: true });

    expect(problems).toEqual([]);
    // Self-contained: the page itself is the only request (no fonts, images, scripts or styles fetched).
    expect(requests).toEqual([base]);
    await page.close();
  }, 120_000);
});
