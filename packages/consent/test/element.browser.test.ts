// <aisle-consent> in a real browser: Debian's chromium driven by playwright-core, axe-core for
// WCAG 2 A/AA, screenshots in packages/consent/artifacts/ (git-ignored; CI keeps them).
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import axeCore from 'axe-core';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, serve } from '../../../scripts/runtime/chromium';
import type { ConsentFlowResult } from '../src/consent-flow/index';
import { type ConsentEvent, createConsentState, createNotice, decide } from '../src/index';
import { noticeInput } from './browser/notice';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const artifacts = here('../artifacts/');
// In CI a missing browser is a failure, never a silent skip (chromiumAvailable throws there).
const suite = chromiumAvailable() ? describe : describe.skip;
const notice = createNotice(noticeInput);
const adult = { birthDate: '1990-04-02' };
const child = { birthDate: '2014-05-01' };
const AT = '2026-11-21T10:00:00+08:00';

let server: Server;
let browser: Browser;
let base: string;

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [here('./browser/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@aisle/source'],
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

suite('<aisle-consent> in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const script = await bundle();
    const axe = axeCore.source;
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aisle-consent test page</title>' +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>' +
      '<body><main><h1>Membership sign-up</h1><div id="host"></div></main><script type="module" src="/page.js"></script></body></html>';
    const files = new Map<string, readonly [string, string]>([
      ['/', ['text/html; charset=utf-8', html]],
      ['/page.js', ['text/javascript; charset=utf-8', script]],
      ['/axe.js', ['text/javascript; charset=utf-8', axe]],
    ]);
    ({ base, server } = await serve(files));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A fresh page with console errors collected and axe injected. */
  async function open(viewport = { width: 800, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(base);
    await page.waitForFunction(() => typeof window.startFlow === 'function');
    await page.addScriptTag({ url: '/axe.js' });
    return { page, problems };
  }

  async function axe(page: Page): Promise<string[]> {
    const violations = await page.evaluate(async () => {
      const r = await (
        window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    return violations;
  }

  const heading = (page: Page) => page.locator('aisle-consent h2').textContent();
  const stepId = (page: Page) => page.locator('aisle-consent section').getAttribute('data-step');

  let givingSteps = 0;

  it('renders in English and in Chinese, with zero axe WCAG 2 A/AA violations on every step', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { page, problems } = await open();
      const total = await page.evaluate((o) => window.startFlow(o), {
        kind: 'sign-up',
        locale,
        subjectId: 'psn_7f3c',
        facts: adult,
        prior: [],
        at: AT,
      } as const);
      expect(total).toBe(5);
      givingSteps = total;
      expect(await heading(page)).toBe(locale === 'en' ? 'How we handle personal information' : '个人信息处理规则');
      for (let i = 0; i < total; i++) {
        expect(await axe(page), `axe on step ${i} (${locale})`).toEqual([]);
        await page.screenshot({
          path: `${artifacts}sign-up-${locale}-${i + 1}-${await stepId(page)}.png`.replace(':', '-'),
          fullPage: true,
        });
        if (i === total - 1) break;
        const sensitive = (await stepId(page))?.startsWith('sensitive:');
        await page.locator(sensitive ? '#a-decline' : '#a-primary').click();
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('signs up by keyboard: one extended purpose declined, one sensitive accepted, the right events', async () => {
    const { page, problems } = await open();
    await page.evaluate((o) => window.startFlow(o), {
      kind: 'sign-up',
      locale: 'en',
      subjectId: 'psn_7f3c',
      facts: adult,
      prior: [],
      at: AT,
    } as const);
    await page.locator('#a-primary').focus();
    await page.keyboard.press('Enter'); // notice read
    expect(await stepId(page)).toBe('basic');
    // Focus moved to the new step's heading, so a screen reader reads it.
    expect(await page.evaluate(() => document.querySelector('aisle-consent')?.shadowRoot?.activeElement?.id)).toBe('aisle-title');
    await page.keyboard.press('Tab'); // back
    await page.keyboard.press('Tab'); // agree and continue
    await page.keyboard.press('Enter');
    expect(await stepId(page)).toBe('extended');
    await page.keyboard.press('Tab'); // marketing.sms box
    await page.keyboard.press('Space');
    expect(await page.locator('aisle-consent #c-0').isChecked()).toBe(true);
    expect(await page.locator('aisle-consent #c-1').isChecked()).toBe(false);
    await page.locator('aisle-consent #a-primary').click();
    expect(await stepId(page)).toBe('sensitive:face.check-in');
    await page.locator('aisle-consent #a-accept').click();
    expect(await stepId(page)).toBe('review');
    await page.screenshot({ path: `${artifacts}sign-up-keyboard-review.png`, fullPage: true });
    await page.locator('aisle-consent #a-primary').click();
    const [result] = (await page.evaluate(() => window.finished)) as ConsentFlowResult[];
    expect(result?.events.map((e) => [e.type, e.purposes, e.consentType])).toEqual([
      ['given', ['marketing.sms'], 'general'],
      ['refused', ['analytics'], 'general'],
      ['given', ['face.check-in'], 'separate'],
    ]);
    expect(await page.locator('aisle-consent [part~="done"]').count()).toBe(1);
    const state = createConsentState({ catalogue: notice.catalogue });
    for (const e of result?.events ?? []) state.apply(e);
    const d = (purposeId: string) =>
      decide({ catalogue: notice.catalogue, purposeId, at: AT, consent: state.subject('psn_7f3c'), facts: adult }).allowed;
    expect([d('marketing.sms'), d('analytics'), d('face.check-in')]).toEqual([true, false, true]);
    expect(problems).toEqual([]);
    await page.close();
    signedUp = result?.events ?? [];
  }, 60_000);

  let signedUp: readonly ConsentEvent[] = [];

  it('withdraws in no more steps than giving took', async () => {
    const { page, problems } = await open();
    const steps = await page.evaluate((o) => window.startFlow(o), {
      kind: 'withdraw',
      locale: 'zh-CN',
      subjectId: 'psn_7f3c',
      facts: adult,
      prior: signedUp as ConsentEvent[],
      at: '2026-11-22T10:00:00+08:00',
    } as const);
    expect(steps).toBe(1);
    expect(await heading(page)).toBe('撤回同意');
    expect(await axe(page)).toEqual([]);
    await page.locator('aisle-consent label', { hasText: '刷脸签到' }).click();
    await page.screenshot({ path: `${artifacts}withdraw-zh-CN.png`, fullPage: true });
    await page.locator('aisle-consent #a-primary').click();
    const [result] = (await page.evaluate(() => window.finished)) as ConsentFlowResult[];
    expect(result?.events.map((e) => [e.type, e.purposes])).toEqual([['withdrawn', ['face.check-in']]]);
    // Giving took 5 screens and 6 actions (next, agree, tick, next, accept, submit); withdrawing 1 screen, 2 actions.
    expect({ screens: steps, actions: 2 }).toEqual({ screens: 1, actions: 2 });
    expect(steps).toBeLessThanOrEqual(givingSteps);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('runs a staff-assisted kiosk sign-up for a child, with the guardian step first and large targets', async () => {
    const { page, problems } = await open({ width: 1080, height: 1920 });
    await page.evaluate((o) => window.startFlow(o), {
      kind: 'sign-up',
      locale: 'zh-CN',
      subjectId: 'psn_91ab',
      facts: child,
      prior: [],
      at: AT,
      kiosk: 'S-014',
    } as const);
    expect(await stepId(page)).toBe('guardian');
    expect(await page.locator('aisle-consent #a-primary').isDisabled()).toBe(true);
    expect(await page.locator('aisle-consent [part~="staff"]').textContent()).toBe('工作人员协助，工号 S-014');
    const box = await page.locator('aisle-consent #a-primary').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
    expect(await axe(page)).toEqual([]);
    await page.locator('aisle-consent label', { hasText: '母亲' }).click();
    await page.locator('aisle-consent #g-confirm').check();
    await page.screenshot({ path: `${artifacts}kiosk-guardian-zh-CN.png`, fullPage: true });
    await page.locator('aisle-consent #a-primary').click();
    while ((await stepId(page)) !== 'review') {
      const id = await stepId(page);
      if (id === 'sensitive:kids-club') await page.locator('aisle-consent #a-accept').click();
      else if (id?.startsWith('sensitive:')) await page.locator('aisle-consent #a-decline').click();
      else await page.locator('aisle-consent #a-primary').click();
    }
    await page.locator('aisle-consent #a-primary').click();
    const [result] = (await page.evaluate(() => window.finished)) as ConsentFlowResult[];
    expect(result?.events.every((e) => e.actor.kind === 'guardian' && e.channel === 'kiosk')).toBe(true);
    expect(result?.events[0]?.actor).toEqual({ kind: 'guardian', relationship: 'mother', staffId: 'S-014' });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('takes its colours from CSS custom properties set outside the shadow root', async () => {
    const { page } = await open();
    await page.evaluate((o) => window.startFlow(o), {
      kind: 'sign-up',
      locale: 'en',
      subjectId: 'psn_7f3c',
      facts: adult,
      prior: [],
      at: AT,
    } as const);
    await page.addStyleTag({
      content: 'aisle-consent { --aisle-consent-accent: rgb(120, 0, 60); } aisle-consent::part(title) { letter-spacing: 3px; }',
    });
    const colour = await page.locator('aisle-consent #a-primary').evaluate((b) => getComputedStyle(b).backgroundColor);
    const spacing = await page.locator('aisle-consent h2').evaluate((h) => getComputedStyle(h).letterSpacing);
    expect([colour, spacing]).toEqual(['rgb(120, 0, 60)', '3px']);
    await page.close();
  }, 60_000);
});
