// @aisle/deid in a bare JavaScript realm: no crypto, no TextEncoder/TextDecoder, no Intl time
// zones, no eval/new Function — given only wx.getRandomValues. See scripts/runtime/bare.ts.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { appBundleOptions, createBareRealm } from '../../../scripts/runtime/bare';
import { deterministic } from './runtime/app';

const entry = fileURLToPath(new URL('./runtime/app.ts', import.meta.url));
let script = '';

beforeAll(async () => {
  script = (await build(appBundleOptions(entry))).outputFiles[0]?.text ?? '';
}, 60_000);

describe.each(['none', 'no-zones'] as const)('deid in a bare realm (Intl: %s)', (intl) => {
  it('loads, scrubs, pseudonymises, tokenises, reads CSV bytes and shreds with injected randomness only', async () => {
    const realm = createBareRealm({ intl });
    for (const name of ['crypto', 'TextEncoder', 'TextDecoder', 'setTimeout']) expect(realm.globals).not.toContain(name);
    const result = (await realm.run(script, 'app.run(wx)')) as Record<string, unknown>;
    // Byte for byte what Node (native TextEncoder/TextDecoder, Intl, crypto) computes.
    const host = await deterministic();
    for (const key of Object.keys(host) as Array<keyof typeof host>) expect(result[key], key).toEqual(host[key]);
    expect(result.scrubbed).not.toMatch(/138|张江路|zhang\.wei/);
    expect(result.kinds).toEqual(expect.arrayContaining(['mobile', 'email', 'address']));
    expect(result.detokenized).toBe('张伟');
    expect(result.rows).toEqual([{ 手机: expect.stringMatching(/^p1_/), 年龄: '30-39', 备注: '无' }]);
    expect(result.opened).toBe('上海市静安区南京西路1601号');
    expect(result.afterShred).toBe('DEID_SUBJECT_SHREDDED');
    expect(result.poolLeft).toBe(512 - 32 - 24 - 24);
  });
});
