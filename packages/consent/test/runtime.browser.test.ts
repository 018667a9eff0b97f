// @aisle/consent's core work (notice, guardian sign-up, decisions, unsubscribe token) in headless
// Chromium, set up as element.browser.test.ts is: the runtime app bundle, once with the
// browser's own crypto, TextEncoder and Intl, once with them removed and only wx.getRandomValues
// injected.
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions } from '../../../scripts/runtime/bare';
import { appPage, CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, serve } from '../../../scripts/runtime/chromium';
import { createNotice } from '../src/index';
import { noticeInput } from './browser/notice';

const suite = chromiumAvailable() ? describe : describe.skip;
let browser: Browser;
let server: Server;
let base = '';

suite('consent in headless Chromium', () => {
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
  ])('builds the notice, signs a child up with a guardian, decides and verifies a token %s', async (_, path, globals) => {
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
    expect(result.noticeHash).toBe(createNotice(noticeInput).contentHash);
    expect(result.firstStep).toBe('guardian');
    expect(result.sms).toEqual({ allowed: true, state: 'given' });
    expect(result.analytics).toEqual({ allowed: false, state: 'refused' });
    expect(result.claims).toEqual({
      channel: 'sms',
      subjectId: 'psn_7f3c',
      purposeId: 'marketing.sms',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(problems).toEqual([]);
    await page.close();
  });
});
