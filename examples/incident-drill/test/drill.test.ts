import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDrill } from '../src/drill';

describe('incident drill', () => {
  it('walks the leak to closure with every obligation met on time', async () => {
    const lines: string[] = [];
    const result = await runDrill((line) => lines.push(line));
    expect(result.incident.record.status).toBe('closed');
    expect(result.verified).toBe(true);
    expect(result.storeVerified).toBe(true);
    expect(lines).toContain(`Incident stream: ${result.incident.trail.length} entries, loaded back closed, store verified: yes`);
    expect(result.forgeryRejected).toBe(true);
    expect(result.overdue).toEqual([]);
    const byId = Object.fromEntries(result.final.map((o) => [o.id, o]));
    // 较大 from 00:50 Saturday (the revision), so the 4-hour CN clock ends 04:50 Shanghai.
    expect(byId['cn.initial']).toMatchObject({ status: 'met', dueAt: '2026-04-03T20:50:00.000Z' });
    expect(byId['gdpr.authority']).toMatchObject({ status: 'met', dueAt: '2026-04-06T15:30:00.000Z' });
    // Handling ended 20 April; day 30 is 20 May, a working day: the summary is due by its 24:00.
    expect(byId['cn.summary']).toMatchObject({ status: 'met', dueAt: '2026-05-20T16:00:00.000Z' });
    // Notification 5 April; a month later is 5 May, ending at 24:00 Berlin time.
    expect(byId['nis2.final']).toMatchObject({ status: 'met', dueAt: '2026-05-05T22:00:00.000Z' });
    expect(result.progress.publicNoticeNeeded).toBe(true);
    expect(result.publicNotice?.text).toContain('关于个人信息安全事件的公告');
    expect(result.cnReport.text).toContain('## （七）其他应当报告的情况');
    expect(result.stix.id).toMatch(/^incident--/);
    expect(lines).toContain('Campaign: 2/3 delivered, public notice needed: yes');
    expect(lines.some((l) => /^SMS \(\d+ characters, \d+ segments of 67\)/.test(l))).toBe(true);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('Audit trail:');
    expect(out).toMatch(/verified: yes; a record edited afterwards: rejected \(replay\)/);
  });
});
