// @aisle/consent's core work (notice, guardian sign-up, decisions, unsubscribe token) in headless
// Chromium, set up as element.browser.test.ts is: the runtime app bundle, once with the
// browser's own crypto, TextEncoder and Intl, once with them removed and only wx.getRandomValues
// injected.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions } from '../../../scripts/runtime/bare';
import { type AppBrowser, chromiumAvailable, RUNTIME_PAGES, startAppBrowser } from '../../../scripts/runtime/chromium';
import { createNotice } from '../src/index';
import { noticeInput } from './browser/notice';

const suite = chromiumAvailable() ? describe : describe.skip;
let app: AppBrowser | undefined;

suite('consent in headless Chromium', () => {
  beforeAll(async () => {
    const script = (await build(appBundleOptions(fileURLToPath(new URL('./runtime/app.ts', import.meta.url))))).outputFiles[0]?.text ?? '';
    app = await startAppBrowser({ script, launch: (options) => chromium.launch(options) });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it.each(RUNTIME_PAGES)(
    'builds the notice, signs a child up with a guardian, decides and verifies a token %s',
    async (_, path, globals) => {
      if (app === undefined) throw new Error('the browser did not start');
      const { seen, result, problems } = await app.run(path);
      expect(seen).toEqual(globals);
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
    },
  );
});
