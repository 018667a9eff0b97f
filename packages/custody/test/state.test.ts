import { describe, expect, it } from 'vitest';
import { applyCustodyEvent, type CustodyEvent, foldMedium, historyMarkdown, registerMarkdown, verifyManifest } from '../src/index';
import { cleanScanner, manifestFor, registration, setup, sha, ZONE } from './fixtures';

describe('the fold', () => {
  it('refuses malformed streams with CUSTODY_STREAM_MALFORMED', async () => {
    const { custody, store } = setup();
    await custody.register(registration('HDD-0001'));
    const [registered] = (await store.read('custody:HDD-0001')).entries;
    const event = { type: registered?.type, data: registered?.data } as CustodyEvent;
    expect(() => foldMedium([event, event])).toThrow(expect.objectContaining({ code: 'CUSTODY_STREAM_MALFORMED' }));
    expect(() => foldMedium([{ type: 'access.recorded', data: { at: '2026-11-21T01:00:00.000Z' } }])).toThrow(/before the registration/);
    expect(() => foldMedium([event, { type: 'medium.painted', data: { at: '2026-11-21T01:00:00.000Z' } }])).toThrow(
      /unknown type "medium.painted"/,
    );
    const state = applyCustodyEvent(undefined, event);
    const access: CustodyEvent = {
      type: 'access.recorded',
      data: { at: '2026-11-21T02:00:00.000Z', by: 'S-050', purpose: 'p', flags: [] },
    };
    expect(applyCustodyEvent(state, access).accessCount).toBe(1);
    expect(state.accessCount).toBe(0); // the input is not modified
    expect(foldMedium([])).toBeUndefined();
  });
});

describe('reports of every event kind', () => {
  it('renders a whole custody life in both languages', async () => {
    const { custody, clock } = setup();
    await custody.register(registration('HDD-0001'));
    await custody.setPermissions('HDD-0001', { by: 'S-033', responsible: [{ personId: 'S-033', role: 'custodian' }], permissions: [] });
    await custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'audit', approvedBy: 'S-033' });
    clock.set('2028-11-21T10:00:00+08:00');
    await custody.recordCheck('HDD-0001', {
      by: 'S-033',
      readable: true,
      integrity: verifyManifest(manifestFor('HDD-0001'), manifestFor('HDD-0001', [{ path: 'members.csv', size: 3, sha256: sha('c') }])),
      scanner: cleanScanner,
    });
    await custody.recordCheck('HDD-0001', {
      by: 'S-033',
      readable: true,
      integrity: verifyManifest(manifestFor('HDD-0001'), manifestFor('HDD-0001')),
      scanner: cleanScanner,
    });
    await custody.migrate({
      from: 'HDD-0001',
      to: registration('HDD-0002', { madeAt: '2028-11-21T09:00:00+08:00', manifest: manifestFor('HDD-0002') }),
      oldManifest: manifestFor('HDD-0001'),
      reason: 'abnormal-check',
      by: 'S-021',
    });
    await custody.retire('HDD-0001', { by: 'S-033', method: 'wiped' });
    await custody.retire('HDD-0002', { by: 'S-033', method: 'destroyed', witness: 'S-021' });
    const media = await custody.media();
    const en = registerMarkdown(media, { locale: 'en', zone: ZONE });
    expect(en).toContain('retired (wiped)');
    expect(en).toContain('retired (destroyed)');
    const zh = registerMarkdown(media, { locale: 'zh-CN', zone: ZONE });
    expect(zh).toContain('已退役（已擦除）');
    expect(zh).toContain('已退役（已销毁）');
    for (const locale of ['en', 'zh-CN'] as const) {
      const one = historyMarkdown('HDD-0001', await custody.history('HDD-0001'), { locale, zone: ZONE });
      const two = historyMarkdown('HDD-0002', await custody.history('HDD-0002'), { locale, zone: ZONE });
      expect(one.split('\n').filter((l) => /^\| \d/.test(l))).toHaveLength(9);
      expect(two).toContain(locale === 'en' ? 'migrated from HDD-0001' : '迁移自 HDD-0001');
      expect(one).toContain(locale === 'en' ? 'migrated to HDD-0002 (abnormal-check)' : '已迁移至 HDD-0002（abnormal-check）');
      expect(one).toContain(locale === 'en' ? 'responsible people and permissions set (0 permissions)' : '责任人与权限变更（0 项权限）');
      expect(one).toContain(locale === 'en' ? 'abnormal: integrity' : '异常：integrity');
      expect(one).toContain(locale === 'en' ? ': normal' : '：正常');
      expect(two).toContain(locale === 'en' ? 'retired: destroyed, witness S-021' : '退役：销毁，见证人 S-021');
    }
    expect(() => registerMarkdown(media, { locale: 'en', zone: 'Nowhere/City' })).toThrow(
      expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }),
    );
  });
});
