// @aisle/deid in headless Chromium (Debian's chromium through playwright-core, set up as the
// consent element test is): the runtime app bundle, once with the browser's own crypto,
// TextEncoder and Intl, once with them removed and only wx.getRandomValues injected.
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions } from '../../../scripts/runtime/bare';
import { appPage, CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, serve } from '../../../scripts/runtime/chromium';
import { deterministic } from './runtime/app';

const suite = chromiumAvailable() ? describe : describe.skip;
let browser: Browser;
let server: Server;
let base = '';

suite('deid in headless Chromium', () => {
  beforeAll(async () => {
    const script = (await build(appBundleOptions(fileURLToPath(new URL('./runtime/app.ts', import.meta.url))))).outputFiles[0]?.text ?? '';
    const files = new Map<string, readonly [string, string]>([
      ['/', ['text/html; charset=utf-8', appPage({ bare: false })]],
      ['/bare', ['text/html; charset=utf-8', appPage({ bare: true })]],
      ['/app.js', ['text/javascript; charset=utf-8', script]],
    ]);
    ({ base, server } = await serve(files));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it.each([
    ['with the browser capabilities', '/', { crypto: 'object', TextEncoder: 'function', Intl: 'object' }],
    ['without crypto, TextEncoder, TextDecoder and Intl', '/bare', { crypto: 'undefined', TextEncoder: 'undefined', Intl: 'undefined' }],
  ])('scrubs, pseudonymises, tokenises, reads CSV and shreds %s', async (_, path, globals) => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${base}${path}`);
    expect(await page.evaluate(() => (window as unknown as { globalsSeen: unknown }).globalsSeen)).toEqual(globals);
    const result = (await page.evaluate(() => {
      const w = window as unknown as { app: { run(wx: unknown): Promise<unknown> }; wx: unknown };
      return w.app.run(w.wx);
    })) as Record<string, unknown>;
    const host = await deterministic();
    for (const key of Object.keys(host) as Array<keyof typeof host>) expect(result[key], key).toEqual(host[key]);
    expect(result.opened).toBe('上海市静安区南京西路1601号');
    expect(result.afterShred).toBe('DEID_SUBJECT_SHREDDED');
    expect(problems).toEqual([]);
    await page.close();
  });
});
