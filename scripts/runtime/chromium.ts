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

/** The two pages every runtime test opens, with the globals each must see. */
export const RUNTIME_PAGES = [
  ['with the browser capabilities', '/', { crypto: 'object', TextEncoder: 'function', Intl: 'object' }],
  ['without crypto, TextEncoder, TextDecoder and Intl', '/bare', { crypto: 'undefined', TextEncoder: 'undefined', Intl: 'undefined' }],
] as const;

/** The part of a playwright-core page the runtime tests use. */
interface RuntimePage {
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  goto(url: string): Promise<unknown>;
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The part of a playwright-core browser the runtime tests use. */
interface RuntimeBrowser {
  newPage(): Promise<RuntimePage>;
  close(): Promise<void>;
}

/** One page's run: the globals the page saw, what `app.run(wx)` returned, console errors and page errors. */
export interface AppRun {
  seen: unknown;
  result: Record<string, unknown>;
  problems: string[];
}

/** A served runtime app and the browser that opens it. */
export interface AppBrowser {
  /** Opens `path` (one of {@link RUNTIME_PAGES}), runs `app.run(wx)` there and closes the page. */
  run(path: string): Promise<AppRun>;
  close(): Promise<void>;
}

/**
 * Serves the runtime app bundle (`script`, an IIFE assigning `app`) on the two runtime pages and
 * launches Chromium with `launch` (the package test passes playwright-core's `chromium.launch`).
 */
export async function startAppBrowser(options: {
  script: string;
  launch: (launchOptions: { executablePath: string; args: string[] }) => Promise<RuntimeBrowser>;
}): Promise<AppBrowser> {
  const files = new Map<string, readonly [string, string]>([
    ['/', ['text/html; charset=utf-8', appPage({ bare: false })]],
    ['/bare', ['text/html; charset=utf-8', appPage({ bare: true })]],
    ['/app.js', ['text/javascript; charset=utf-8', options.script]],
  ]);
  const { base, server } = await serve(files);
  let browser: RuntimeBrowser;
  try {
    browser = await options.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  return {
    async run(path) {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      try {
        await page.goto(`${base}${path}`);
        const seen = await page.evaluate(() => (window as unknown as { globalsSeen: unknown }).globalsSeen);
        const result = await page.evaluate(() => {
          const w = window as unknown as { app: { run(wx: unknown): Promise<unknown> }; wx: unknown };
          return w.app.run(w.wx) as Promise<Record<string, unknown>>;
        });
        return { seen, result, problems };
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
