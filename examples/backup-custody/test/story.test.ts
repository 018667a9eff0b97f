import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStory } from '../src/story';

describe('backup custody story', () => {
  it('catches the flipped byte two years on, refuses a bad copy at intake, re-backs up, migrates and retires', async () => {
    const lines: string[] = [];
    const result = await runStory((line) => lines.push(line));
    expect(result.overdue).toEqual([{ mediumId: 'HDD-0001', dueAt: '2028-11-19T16:00:00.000Z', dueDate: '2028-11-20', daysOverdue: 3 }]);
    expect(result.report).toMatchObject({ ok: false, rootChanged: true, missing: [], extra: [] });
    expect(result.report.changed.map((c) => c.path)).toEqual(['members.csv']);
    expect(result.check).toMatchObject({ normal: false, problems: ['integrity'], malware: { clean: true } });
    expect(result.flags).toEqual(['no-approval']);
    expect(lines).toContain('Refused: CUSTODY_CHECKER_IS_MAKER (the checker must not be the maker)');
    expect(lines).toContain('Refused at intake: CUSTODY_MIGRATION_MISMATCH (a copy of the damaged disk does not match the manifest)');
    expect(result.rebackup.to.migratedFrom).toEqual({ mediumId: 'HDD-0001', reason: 'abnormal-check', taskIds: ['rebackup-3'] });
    expect(result.media.map((m) => [m.id, m.status])).toEqual([
      ['HDD-0001', 'retired'],
      ['HDD-0002', 'retired'],
      ['TAPE-0003', 'active'],
    ]);
    expect(result.csv.split('\n')).toHaveLength(5);
    expect(result.zh).toContain('已退役（已销毁）');
    expect(result.history).toContain('re-backup task rebackup-3 closed (new medium HDD-0002)');
    expect(result.schedule).toContain('## Open re-backup tasks\n\nNone.');
    expect(result.verified).toBe(true);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('chains verified: yes');
  });
});
