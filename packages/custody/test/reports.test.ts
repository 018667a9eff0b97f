import { describe, expect, it } from 'vitest';
import { historyMarkdown, registerCsv, registerMarkdown, scheduleMarkdown, verifyManifest } from '../src/index';
import { cleanScanner, manifestFor, registration, setup, sha, ZONE } from './fixtures';

async function populated() {
  const { custody, clock } = setup();
  await custody.register(registration('HDD-0001', { notes: '=HYPERLINK("http://evil.example","click") | **bold**' }));
  await custody.register(
    registration('HDD-0002', {
      medium: { kind: 'tape', brand: '+Sony', model: 'LTO-9', serial: '@SN-1', capacityBytes: 18e12, purchasedOn: '2026-01-05' },
    }),
  );
  clock.set('2028-12-01T10:00:00+08:00');
  await custody.recordCheck('HDD-0001', {
    by: 'S-033',
    readable: true,
    integrity: verifyManifest(manifestFor('HDD-0001'), manifestFor('HDD-0001', [{ path: 'members.csv', size: 3, sha256: sha('b') }])),
    scanner: cleanScanner,
  });
  await custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'restore | audit' });
  return custody;
}

describe('reports', () => {
  it('CSV: one row per medium, formula cells guarded, quoting per RFC 4180', async () => {
    const custody = await populated();
    const csv = registerCsv(await custody.media());
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]?.startsWith('medium_id,status,kind,brand,model,serial,capacity_bytes')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") | **bold**"`);
    expect(csv).toContain(",'+Sony,LTO-9,'@SN-1,");
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
    expect(lines[1]).toContain('HDD-0001,active,hdd,Seagate');
    expect(lines[1]).toContain(',false,2030-11-30T16:00:00.000Z,1,1,1,');
  });

  it('Markdown in zh-CN and en: the register, a custody history and the schedule, with record text escaped', async () => {
    const custody = await populated();
    const media = await custody.media();
    const zh = registerMarkdown(media, { locale: 'zh-CN', zone: ZONE });
    expect(zh).toContain('# 离线备份介质登记表');
    expect(zh).toContain('| HDD-0001 |');
    expect(zh).toContain('2028-12-01 10:00 异常');
    const en = registerMarkdown(media, { locale: 'en', zone: ZONE });
    expect(en).toContain('# Offline backup media register');
    expect(en).toContain('2028-12-01 10:00 abnormal');
    expect(en.split('\n').filter((l) => l.startsWith('| HDD-'))).toHaveLength(2);

    const history = await custody.history('HDD-0001');
    const hEn = historyMarkdown('HDD-0001', history, { locale: 'en', zone: ZONE });
    expect(hEn).toContain('periodic check (readability, integrity, malware): abnormal: integrity');
    expect(hEn).toContain('re-backup task rebackup-1 opened');
    expect(hEn).toContain('read: restore \\| audit; approved by nobody; ⚠ no-approval |');
    const hZh = historyMarkdown('HDD-0001', history, { locale: 'zh-CN', zone: ZONE });
    expect(hZh).toContain('# 介质保管记录: HDD-0001');
    expect(hZh).toContain('2026-11-21 09:00');
    // Every table row keeps its five cells whatever the record text held.
    for (const row of hEn.split('\n').filter((l) => /^\| \d/.test(l))) expect(row.split(/(?<!\\)\|/).length).toBe(7);

    const schedule = scheduleMarkdown(
      { overdue: await custody.overdue('2028-12-05T09:00:00+08:00'), tasks: await custody.openTasks() },
      { locale: 'zh-CN', zone: ZONE },
    );
    expect(schedule).toContain('- HDD-0002：应于 2028-11-20 检查，已逾期 15 天');
    expect(schedule).toContain('- HDD-0001：任务 rebackup-1，创建于 2028-12-01 10:00');
    expect(scheduleMarkdown({ overdue: [], tasks: [] }, { locale: 'en', zone: ZONE })).toContain('None.');
  });
});
