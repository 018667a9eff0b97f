import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: footfall chapter', () => {
  it('counts the north door and the south gate, merges them, and reports later hours as missing', async () => {
    const result = await runMallDay({ quiet: true });
    const footfall = result.chapters.footfall as {
      entries: number;
      exits: number;
      rows: { label: string; entries: number | null; exits: number | null }[];
      missing: number;
      quality: Record<string, number>;
      staffing: { from: string; to: string; staff: number; drivenBy: string[] }[];
    };
    // North door: one in every 53 s over 2 h (136), one out every 71 s from minute 20 (85); south gate: 31 + 40 in, 12 + 27 out.
    expect(footfall.entries).toBe(136 + 71);
    expect(footfall.exits).toBe(85 + 39);
    expect(footfall.rows.map((r) => r.label)).toEqual(['10:00', '11:00']);
    expect(footfall.missing).toBe(10);
    expect(footfall.quality.biometricFieldsDropped).toBe(2);
    expect(result.lines).toContain('10 hours have no device data: reported as missing, not as zero');
    expect(result.verified).toBe(true);
  });

  it('suggests staff for the pilot hours from the entries and a service ratio', async () => {
    const result = await runMallDay({ quiet: true });
    const footfall = result.chapters.footfall as { staffing: { from: string; to: string; staff: number; drivenBy: string[] }[] };
    // 99 and 108 entries at one associate per 30 entries an hour: 4 each hour, one two-hour shift of 4.
    expect(footfall.staffing).toEqual([{ from: '10:00', to: '11:00', staff: 4, drivenBy: ['10:00', '11:00'] }]);
    expect(result.lines).toContain('Staffing 11:00: 4 on the floor for 108 entries (demand)');
    expect(result.lines).toContain('Shift 10:00–11:00: 4 associates, set by 10:00, 11:00');
  });
});
