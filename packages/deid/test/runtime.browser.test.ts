// @aisle/deid in headless Chromium (Debian's chromium through playwright-core, set up as the
// consent element test is): the runtime app bundle, once with the browser's own crypto,
// TextEncoder and Intl, once with them removed and only wx.getRandomValues injected.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions } from '../../../scripts/runtime/bare';
import { type AppBrowser, chromiumAvailable, RUNTIME_PAGES, startAppBrowser } from '../../../scripts/runtime/chromium';
import { deterministic } from './runtime/app';

const suite = chromiumAvailable() ? describe : describe.skip;
let app: AppBrowser | undefined;

suite('deid in headless Chromium', () => {
  beforeAll(async () => {
    const script = (await build(appBundleOptions(fileURLToPath(new URL('./runtime/app.ts', import.meta.url))))).outputFiles[0]?.text ?? '';
    app = await startAppBrowser({ script, launch: (options) => chromium.launch(options) });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it.each(RUNTIME_PAGES)('scrubs, pseudonymises, tokenises, reads CSV and shreds %s', async (_, path, globals) => {
    if (app === undefined) throw new Error('the browser did not start');
    const { seen, result, problems } = await app.run(path);
    expect(seen).toEqual(globals);
    const host = await deterministic();
    for (const key of Object.keys(host) as Array<keyof typeof host>) expect(result[key], key).toEqual(host[key]);
    expect(result.opened).toBe('上海市静安区南京西路1601号');
    expect(result.afterShred).toBe('DEID_SUBJECT_SHREDDED');
    expect(problems).toEqual([]);
  });
});
