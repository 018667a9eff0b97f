import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEntropyPool } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { wxRandomSource } from '../src/page';
import { runSession, seededWx } from '../src/session';
import { renderWxml, TEMPLATE } from '../src/view';

describe('consent-mini-program', () => {
  it('binds the controller to WXML-like screens and submits the right events', async () => {
    const { screens, events, data } = await runSession();
    expect(screens.map((s) => /data-step="([^"]+)"/.exec(s)?.[1])).toEqual([
      'notice',
      'basic',
      'extended',
      'sensitive:nearby-offers',
      'review',
    ]);
    expect(screens[2]).toContain('<checkbox value="marketing.wechat" checked="false"/>');
    expect(events.map((e) => [e.type, e.purposes, e.consentType, e.channel])).toEqual([
      ['refused', ['marketing.wechat'], 'general', 'mini-program'],
      ['given', ['nearby-offers'], 'separate', 'mini-program'],
    ]);
    // setData only carries plain JSON.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('uses the injected randomness for event ids', async () => {
    const a = (await runSession({ seed: 1 })).events.map((e) => e.id);
    const b = (await runSession({ seed: 1 })).events.map((e) => e.id);
    const c = (await runSession({ seed: 2 })).events.map((e) => e.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // The page's pool serves wx.getRandomValues' bytes once each, then refuses (never Math.random).
    const pool = createEntropyPool({ source: wxRandomSource(seededWx(1)), size: 64, refillBelow: 0 });
    await pool.refill();
    pool.random(new Uint8Array(60));
    expect(() => pool.random(new Uint8Array(8))).toThrow(expect.objectContaining({ code: 'CORE_NO_RANDOM_SOURCE' }));
  });

  it("reads age in the store's zone: at 23:30 in Shanghai the day before the 14th birthday, a guardian chooses", async () => {
    const { screens, events } = await runSession({ birthDate: '2012-11-22' });
    expect(/data-step="([^"]+)"/.exec(screens[0] ?? '')?.[1]).toBe('guardian');
    expect(events.every((e) => e.actor.kind === 'guardian' && e.actor.relationship === 'father')).toBe(true);
  });

  it('binds only fields the page data has (the WXML template and the data agree)', async () => {
    const { data } = await runSession();
    const roots = new Set([...TEMPLATE.matchAll(/\{\{!?([\w]+)/g)].map((m) => m[1]).filter((name) => name !== 'item'));
    for (const name of roots) expect(Object.keys(data), `{{${name}}}`).toContain(name);
  });

  it('escapes texts so that they cannot become bindings or markup', () => {
    const wxml = renderWxml({
      lang: 'en',
      progress: '1 / 1',
      stepId: 'notice',
      kind: 'notice',
      title: '{{secret}} <b>bold</b> "q"',
      paragraphs: [],
      explained: [],
      choices: [],
      guardian: null,
      actions: { back: null, primary: null, accept: null, decline: null },
      canNext: true,
      finished: false,
    });
    expect(wxml).toContain('&#123;&#123;secret}} &lt;b&gt;bold&lt;/b&gt; &quot;q&quot;');
  });

  it('runs as a program', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('given nearby-offers (separate, mini-program');
  });
});
