import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: custody chapter', () => {
  it('registers the nightly backup, schedules its check two years on, and finds it intact then', async () => {
    const result = await runMallDay({ quiet: true });
    expect(result.chapters.custody).toEqual({
      mediumId: 'HDD-SH-0001',
      files: 2,
      dueDate: '2028-11-21',
      overdue: 1,
      normal: true,
      nextDue: '2030-11-22',
      verified: true,
    });
    expect(result.lines).toContain('## Nightly backup (@aisle/custody)');
    expect(result.lines.some((l) => l.startsWith('HDD-SH-0001 registered: 2 files'))).toBe(true);
    expect(result.verified).toBe(true);
  });
});
