// Headless Chromium for the runtime tests, set up as packages/consent/test/element.browser.test.ts
// does: Debian's /usr/bin/chromium driven by playwright-core (passed in by the package test, which
// has it as a dev dependency), pages served from a throwaway local HTTP server. In CI a missing
// browser is a failure, never a silent skip.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CHROMIUM = '/usr/bin/chromium';

/** The launch arguments the consent element test uses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** True when the browser is installed; throws in CI when it is not. */
export function chromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for the browser tests`);
  return available;
}

/** Serves `files` (path -> [content type, body]) on 127.0.0.1; resolves to the base URL and the server. */
export async function serve(files: ReadonlyMap<string, readonly [string, string]>): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '/');
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * A page that runs the app bundle (an IIFE assigning `app`) with a `wx.getRandomValues` shim on
 * the page's `crypto`. With `bare`, the page first removes `crypto`, `TextEncoder`, `TextDecoder`
 * and `Intl` (the shim keeps its own reference to getRandomValues), as a mini-program web-view or
 * an old engine might lack them.
 */
export function appPage(options: { bare: boolean }): string {
  const strip = options.bare
    ? `for (const name of ['TextEncoder', 'TextDecoder', 'Intl']) delete globalThis[name];
       Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Aisle runtime test</title><link rel="icon" href="data:,">
<script>
  const getRandomValues = crypto.getRandomValues.bind(crypto);
  window.wx = { getRandomValues: ({ length }) => Promise.resolve({ randomValues: getRandomValues(new Uint8Array(length)).buffer }) };
  ${strip}
  window.globalsSeen = { crypto: typeof globalThis.crypto, TextEncoder: typeof globalThis.TextEncoder, Intl: typeof globalThis.Intl };
</script>
<script src="/app.js"></script></head><body><main><h1>Aisle runtime test</h1></main></body></html>`;
}
