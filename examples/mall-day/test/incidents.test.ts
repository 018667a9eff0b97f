import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: incidents chapter', () => {
  it('grades exactly 1,000,000 people as 较大, files the CN report within 4 hours and keeps a verified trail', async () => {
    const result = await runMallDay({ quiet: true });
    const chapter = result.chapters.incidents;
    expect(chapter).toMatchObject({ grade: 'relatively-major', cnStatus: 'met', verified: true });
    // A retailer (other operator) has 4 hours from awareness, whatever time the drill started.
    expect(Date.parse(String(chapter?.cnDueAt)) - Date.parse(String(chapter?.awareAt))).toBe(4 * 3_600_000);
    expect(result.lines).toContain('## Incident drill (@aisle/incidents)');
    expect(result.lines.some((l) => l.startsWith('Grade: 较大 (Relatively major)'))).toBe(true);
    // The customer SMS carries cause and harm too (PIPL Art. 57): more than one 70-character segment.
    expect(chapter?.smsSegments).toBeGreaterThan(1);
    expect(result.lines.some((l) => /^Customer SMS ready \(\d+ characters, \d+ SMS segments\)$/.test(l))).toBe(true);
    expect(result.verified).toBe(true);
  });
});
