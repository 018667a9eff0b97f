// The built site in a real browser: starts `vitepress preview` on a free port, drives Debian's
// chromium through playwright-core and checks, in both language trees:
//   - every key page loads with no console error, page error, failed request or HTTP error;
//   - <html lang> is zh-CN at / and en under /en/;
//   - axe-core finds zero WCAG 2 A/AA violations;
//   - the local search finds a known term in each language (a Chinese word in mid-sentence);
//   - a crawl of every internal link (and #anchor) from both home pages finds none broken;
// and saves a full-page screenshot of every key page in docs-site/artifacts/ (git-ignored; CI keeps it).
// In CI (`CI` set) a missing chromium is a failure; elsewhere the check says so and stops.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axeCore from 'axe-core';
import MiniSearch from 'minisearch';
import { chromium } from 'playwright-core';
import { tokenizeForIndex, tokenizeForSearch } from '../.vitepress/cjk-search.mjs';

const CHROMIUM = '/usr/bin/chromium';
const site = fileURLToPath(new URL('..', import.meta.url));
const dist = join(site, '.vitepress', 'dist');
const artifacts = join(site, 'artifacts');
const started = Date.now();
const log = (message) => console.log(`[site-check] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s ${message}`);
const problems = [];
const problem = (message) => {
  problems.push(message);
  console.error(`[site-check] ✖ ${message}`);
};

/** Key pages: [path, expected <html lang>, search query or null, page the search must list]. */
const KEY_PAGES = [
  { path: '/', lang: 'zh-CN', name: 'zh-home' },
  { path: '/en/', lang: 'en', name: 'en-home' },
  { path: '/packages/consent.html', lang: 'zh-CN', name: 'zh-package-consent' },
  { path: '/en/packages/consent.html', lang: 'en', name: 'en-package-consent' },
  { path: '/guides/embedding-consent.html', lang: 'zh-CN', name: 'zh-guide-embedding-consent' },
  { path: '/en/guides/embedding-consent.html', lang: 'en', name: 'en-guide-embedding-consent' },
  { path: '/api/', lang: 'zh-CN', name: 'zh-api' },
  { path: '/en/api/', lang: 'en', name: 'en-api' },
  { path: '/api/@aisle/core.html', lang: 'zh-CN', name: 'zh-api-core' },
  { path: '/en/api/@aisle/core.html', lang: 'en', name: 'en-api-core' },
  { path: '/architecture.html', lang: 'zh-CN', name: 'zh-architecture' },
  { path: '/en/architecture.html', lang: 'en', name: 'en-architecture' },
];
if (existsSync(join(dist, 'errors', 'index.html'))) {
  KEY_PAGES.push({ path: '/errors/', lang: 'zh-CN', name: 'zh-errors' }, { path: '/en/errors/', lang: 'en', name: 'en-errors' });
}

/** Searches typed into the search box: the results must list a page whose path starts with `expect`. */
const SEARCHES = [
  // mid-sentence on the zh-CN home page: "…在门店自助机上完成授权同意之后…"
  { from: '/', query: '授权同意', expect: '/#' },
  // inside the heading "…嵌入同意界面（面向集成商）" of the consent embedding guide
  { from: '/', query: '同意界面', expect: '/guides/embedding-consent' },
  // mid-sentence in the Chinese consent README: "…只追加、哈希链接的同意账本，…"
  { from: '/', query: '同意账本', expect: '/packages/consent' },
  { from: '/en/', query: 'pseudonymise', expect: '/en/packages/deid' },
];

// ── the tokenizer, without a browser: the default one misses a Chinese word in mid-sentence ────
{
  const docs = [{ id: 1, text: '顾客在门店自助机上完成授权同意之后才会收到营销短信。' }];
  const plain = new MiniSearch({ fields: ['text'] });
  plain.addAll(docs);
  const cjk = new MiniSearch({ fields: ['text'], tokenize: tokenizeForIndex, searchOptions: { tokenize: tokenizeForSearch } });
  cjk.addAll(docs);
  if (plain.search('授权同意').length !== 0) problem('expected MiniSearch’s default tokenizer to miss 授权同意 in mid-sentence');
  if (cjk.search('授权同意').length !== 1) problem('the CJK tokenizer does not find 授权同意 in mid-sentence');
  if (cjk.search('授权同意')[0]?.terms.length !== 3) problem('the CJK tokenizer does not match all three bigrams of 授权同意');
  const mixed = tokenizeForIndex('@aisle/consent 的 decide() 返回理由');
  for (const t of ['aisle', 'consent', '的', 'decide', '返回', '回理', '理由'])
    if (!mixed.includes(t)) problem(`tokenizeForIndex misses ${t}`);
  log('tokenizer: the default misses 授权同意 in mid-sentence, the CJK tokenizer finds it');
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error('[site-check] docs-site/.vitepress/dist is missing: run `pnpm run docs` first');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  if (process.env.CI) {
    console.error(`[site-check] ${CHROMIUM} is missing: .ci/run installs Debian's chromium for this check`);
    process.exit(1);
  }
  console.log(`[site-check] ${CHROMIUM} is missing: the browser checks did not run (they fail in CI)`);
  process.exit(problems.length === 0 ? 0 : 1);
}

const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const preview = spawn(
  process.execPath,
  [join(site, 'node_modules', 'vitepress', 'bin', 'vitepress.js'), 'preview', '--port', String(port)],
  {
    cwd: site,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  },
);
let previewOutput = '';
preview.stdout.on('data', (d) => {
  previewOutput += d;
});
preview.stderr.on('data', (d) => {
  previewOutput += d;
});
const stopPreview = () => {
  if (preview.exitCode === null) preview.kill('SIGTERM');
};
process.on('exit', stopPreview);

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    if (preview.exitCode !== null) throw new Error(`vitepress preview exited (${preview.exitCode}):\n${previewOutput}`);
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vitepress preview did not answer on ${base} within 30 s:\n${previewOutput}`);
}

let browser;
try {
  await waitForServer();
  log(`vitepress preview on ${base}`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  /** A page with every console error, page error, failed request and HTTP error collected. */
  async function open(path) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    if (response === null || !response.ok()) errors.push(`HTTP ${response?.status()} for the page itself`);
    return { page, errors };
  }

  for (const key of KEY_PAGES) {
    const { page, errors } = await open(key.path);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== key.lang) problem(`${key.path}: <html lang="${lang}">, expected "${key.lang}"`);
    await page.addScriptTag({ content: axeCore.source });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')}`,
      );
    });
    for (const v of violations) problem(`${key.path}: axe ${v}`);
    await page.screenshot({ path: join(artifacts, `${key.name}.png`), fullPage: true });
    for (const e of errors) problem(`${key.path}: ${e}`);
    log(`${key.path}: lang=${lang}, ${violations.length} axe violations, ${errors.length} errors`);
    await page.close();
  }

  for (const s of SEARCHES) {
    const { page, errors } = await open(s.from);
    await page.locator('.VPNavBarSearch button').click();
    const input = page.locator('.VPLocalSearchBox input');
    await input.fill(s.query);
    const results = page.locator('.VPLocalSearchBox .results a.result');
    // The index (a few MB with the API reference) loads when the box opens: poll until the
    // expected page is listed or a minute has passed.
    let hrefs = [];
    for (let waited = 0; waited < 60_000; waited += 500) {
      hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      if (hrefs.some((h) => h.startsWith(s.expect))) break;
      await page.waitForTimeout(500);
    }
    const found = hrefs.some((h) => h.startsWith(s.expect));
    if (!found) problem(`search "${s.query}" from ${s.from}: no result at ${s.expect} (got ${hrefs.slice(0, 5).join(', ') || 'nothing'})`);
    await page.screenshot({ path: join(artifacts, `search-${SEARCHES.indexOf(s) + 1}-${s.from === '/' ? 'zh' : 'en'}.png`) });
    for (const e of errors) problem(`search on ${s.from}: ${e}`);
    log(`search "${s.query}": ${hrefs.length} results${found ? `, including ${s.expect}` : ''}`);
    await page.close();
  }

  // ── crawl: every internal link from both home pages, and every #anchor, must resolve ──────────
  const pages = new Map(); // path → Promise<{ status, ids }>
  const fetchPage = (path) => {
    let p = pages.get(path);
    if (p === undefined) {
      p = fetch(`${base}${path}`).then(async (r) => {
        const type = r.headers.get('content-type') ?? '';
        const html = type.includes('text/html') ? await r.text() : '';
        if (!type.includes('text/html')) await r.arrayBuffer();
        return { status: r.status, html };
      });
      pages.set(path, p);
    }
    return p;
  };
  const queue = ['/', '/en/'];
  const seen = new Set(queue);
  const links = []; // [from, path, hash]
  while (queue.length > 0) {
    const batch = queue.splice(0, 16);
    await Promise.all(
      batch.map(async (path) => {
        const { status, html } = await fetchPage(path);
        if (status !== 200) return;
        for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
          const href = m[1].replace(/&amp;/g, '&');
          if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
          const url = new URL(href, `${base}${path}`);
          const target = decodeURI(url.pathname);
          links.push([path, url.pathname, decodeURIComponent(url.hash.slice(1))]);
          if (!seen.has(url.pathname)) {
            seen.add(url.pathname);
            if (target.endsWith('.html') || target.endsWith('/')) queue.push(url.pathname);
          }
        }
      }),
    );
  }
  let broken = 0;
  for (const [from, path, hash] of links) {
    const { status, html } = await fetchPage(path);
    if (status !== 200) {
      broken++;
      problem(`broken link on ${from}: ${path} (HTTP ${status})`);
    } else if (hash !== '' && !html.includes(`id="${hash}"`)) {
      broken++;
      problem(`broken anchor on ${from}: ${path}#${hash}`);
    }
  }
  log(`crawl: ${pages.size} pages and files, ${links.length} internal links, ${broken} broken`);
} catch (error) {
  problem(`the check itself failed: ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser?.close();
  stopPreview();
}

log(`screenshots in ${artifacts}`);
if (problems.length > 0) {
  console.error(`[site-check] ${problems.length} problem(s)`);
  process.exit(1);
}
log('all checks passed');
