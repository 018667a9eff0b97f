// @aisle/consent in a bare JavaScript realm: no crypto, no TextEncoder/TextDecoder, no Intl time
// zones (none at all, or a small-icu style Intl that knows only UTC), no eval/new Function —
// given only wx.getRandomValues. See scripts/runtime/bare.ts.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions, createBareRealm } from '../../../scripts/runtime/bare';
import { createNotice } from '../src/index';
import { noticeInput } from './browser/notice';

const entry = fileURLToPath(new URL('./runtime/app.ts', import.meta.url));
let script = '';

beforeAll(async () => {
  script = (await build(appBundleOptions(entry))).outputFiles[0]?.text ?? '';
}, 60_000);

describe.each(['none', 'no-zones'] as const)('consent in a bare realm (Intl: %s)', (intl) => {
  it('offers none of the capabilities the app is not given', async () => {
    const realm = createBareRealm({ intl });
    for (const name of ['crypto', 'TextEncoder', 'TextDecoder', 'setTimeout', 'process', 'Buffer', 'window'])
      expect(realm.globals).not.toContain(name);
    expect(realm.globals).toContain('wx');
    const probe = await realm.run(
      '',
      `({ eval: (() => { try { eval('1'); return 'ran'; } catch (e) { return e.name; } })(),
          fn: (() => { try { new Function('return 1'); return 'ran'; } catch (e) { return e.name; } })(),
          zones: (() => { try { new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai' }); return 'yes'; } catch (e) { return e.name; } })() })`,
    );
    expect(probe).toEqual({ eval: 'EvalError', fn: 'EvalError', zones: intl === 'none' ? 'ReferenceError' : 'RangeError' });
  });

  it('builds the notice, runs a guardian sign-up, decides, and signs and verifies an unsubscribe token', async () => {
    const realm = createBareRealm({ intl });
    const result = (await realm.run(script, 'app.run(wx)')) as Record<string, unknown>;
    // The same notice hash as with Node's TextEncoder: the built-in UTF-8 encoder gives the same bytes.
    expect(result.noticeHash).toBe(createNotice(noticeInput).contentHash);
    // 2012-11-22 is under 14 on 2026-11-21 in Shanghai (bundled zone rules): the guardian step comes first.
    expect(result.firstStep).toBe('guardian');
    expect(result.eventIds).toEqual(expect.arrayContaining([expect.stringMatching(/^ce_[0-9A-HJKMNP-TV-Z]{26}$/)]));
    expect(new Set(result.eventIds as string[]).size).toBe((result.eventIds as string[]).length);
    expect(result.sms).toEqual({ allowed: true, state: 'given' });
    expect(result.analytics).toEqual({ allowed: false, state: 'refused' });
    expect(result.token).toMatch(/^u1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(result.claims).toEqual({
      channel: 'sms',
      subjectId: 'psn_7f3c',
      purposeId: 'marketing.sms',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(result.poolLeft).toBeLessThan(1024 - 32);
  });

  it('fails with CORE_NO_RANDOM_SOURCE, not a ReferenceError, when no randomness was injected', async () => {
    const realm = createBareRealm({ intl });
    // The app's code, but with a pool that was never filled, and with no `random` at all.
    const outcome = await realm.run(
      script,
      `(() => {
        const errors = [];
        try { app.idWithoutRandom(); } catch (e) { errors.push(e.code || e.name); }
        try { app.idFromEmptyPool(); } catch (e) { errors.push(e.code || e.name); }
        return errors;
      })()`,
    );
    expect(outcome).toEqual(['CORE_NO_RANDOM_SOURCE', 'CORE_NO_RANDOM_SOURCE']);
  });

  it('fails with CORE_INVALID_TIME_ZONE naming @aisle/core/zones when no zone rules were injected', async () => {
    const realm = createBareRealm({ intl });
    const outcome = (await realm.run(
      script,
      `(() => { try { return { step: app.zoneWithoutRules() }; } catch (e) { return { code: e.code, message: e.message }; } })()`,
    )) as { code?: string; message?: string };
    expect(outcome.code).toBe('CORE_INVALID_TIME_ZONE');
    expect(outcome.message).toMatch(/"Asia\/Shanghai" is not available: this runtime has no Intl time-zone data/);
    expect(outcome.message).toMatch(/setTimeZoneProvider\(bundledTimeZones\) with bundledTimeZones from @aisle\/core\/zones/);
  });
});
