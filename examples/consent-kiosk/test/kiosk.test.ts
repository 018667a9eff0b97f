import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConsentFlow } from '@aisle/consent/flow';
import { createManualClock } from '@aisle/core';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runKiosk, WITHDRAW_PATH, walk } from '../src/kiosk';
import { notice } from '../src/notice';
import { startKioskServer } from '../src/serve';

const CHROMIUM = '/usr/bin/chromium';

describe('consent-kiosk', () => {
  it('signs up an adult and a 12-year-old with his mother through the flow controller', async () => {
    const result = await runKiosk({ quiet: true });
    expect(result.draftViolations).toBe(3);
    expect(result.child).toEqual({ withMother: true });
    expect(result.lines).toContain('Live form violations: 0');
    expect(result.lines).toContain('Adult screens: notice > basic > extended > sensitive:face.check-in > review');
    expect(result.lines).toContain(
      'Adult events: given marketing.sms (general); refused marketing.email (general); given face.check-in (separate)',
    );
    expect(result.lines).toContain('Adult face.check-in: allowed (given)');
    expect(result.lines).toContain('Adult membership: allowed (not-required)');
    expect(result.lines).toContain(
      'Child screens: guardian > notice > basic > extended > sensitive:face.check-in > sensitive:kids-club > review',
    );
    expect(result.lines).toContain('Child kids-club: allowed (given)');
    expect(result.lines).toContain('Ask about kids-club: yes, separately: true, guardian: true');
    expect(result.lines).toContain('Email token presented by SMS: CONSENT_TOKEN_WRONG_CHANNEL');
    expect(result.lines).toContain('Adult replied "TD": marketing.sms denied (withdrawn)');
    expect(result.lines).toContain('Withdrawal: 1 screen (sign-up took 5); face.check-in withdrawn');
    expect(result.lines).toContain('Erasure: psn_7f3c marketing.sms -> delete preferences (kept: contact)');
    expect(result.lines.find((l) => l.startsWith('Shutdown campaign:'))).toMatch(/2 subjects, .* verified: yes$/);
    expect(result.lines.at(-1)).toBe('Consent log: 8 events in 2 subject streams, verified: yes');
  });

  it('the back end appends what the screen posts, after checking its evidence', async () => {
    const kiosk = await startKioskServer();
    try {
      expect((await fetch(`${kiosk.url}/screen.js`)).status).toBe(200);
      const flow = createConsentFlow({
        notice,
        subjectId: 'psn_post',
        consent: undefined,
        facts: { ageBand: 'adult' },
        zone: 'Asia/Shanghai',
        channel: 'kiosk',
        locale: 'en',
        actor: { kind: 'staff-assisted', staffId: 'S-014' },
        clock: createManualClock('2026-11-21T10:00:00+08:00'),
        withdrawal: { path: WITHDRAW_PATH },
      });
      const result = walk(flow, { 'marketing.email': true });
      const post = (body: unknown) => fetch(`${kiosk.url}/events`, { method: 'POST', body: JSON.stringify(body) });
      const forged = { ...result, evidence: { ...result.evidence, locale: 'zh-CN' } };
      expect((await post(forged)).status).toBe(422);
      expect(await (await post(result)).json()).toEqual({ appended: result.events.length });
      expect((await kiosk.store.subject('psn_post'))?.purposes.get('marketing.email')?.status).toBe('given');
    } finally {
      await kiosk.close();
    }
  });

  it.runIf(existsSync(CHROMIUM) || process.env.CI)(
    'the screen in Chromium: a staff-assisted kiosk sign-up reaches the store',
    async () => {
      const kiosk = await startKioskServer();
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1080, height: 1600 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`${kiosk.url}/?lang=zh-CN&subject=psn_screen`);
        await page.locator('aisle-consent h2').waitFor();
        expect(await page.locator('aisle-consent [part~="staff"]').textContent()).toBe('工作人员协助，工号 S-014');
        await page.locator('aisle-consent #a-primary').click(); // notice
        await page.locator('aisle-consent #a-primary').click(); // basic
        await page.locator('aisle-consent label', { hasText: '短信优惠' }).click();
        await page.locator('aisle-consent #a-primary').click(); // extended
        await page.locator('aisle-consent #a-decline').click(); // face check-in
        await page.locator('aisle-consent #a-primary').click(); // submit
        await expect.poll(async () => (await kiosk.store.subject('psn_screen'))?.eventCount ?? 0).toBe(3);
        const sms = (await kiosk.store.subject('psn_screen'))?.purposes.get('marketing.sms');
        expect([sms?.status, sms?.event.actor]).toEqual(['given', { kind: 'staff-assisted', staffId: 'S-014' }]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
        await kiosk.close();
      }
    },
    60_000,
  );

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('## Kiosk sign-up');
    expect(out).toContain('verified: yes');
  });
});
