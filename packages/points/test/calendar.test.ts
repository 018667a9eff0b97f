import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDate, dayNumber, fromDayNumber } from '../src/internal/calendar';

describe('calendar arithmetic', () => {
  it('converts day numbers to civil dates and back like Date does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        const d = fromDayNumber(n);
        const ref = new Date(n * 86_400_000);
        expect([d.year, d.month, d.day, d.weekday]).toEqual([
          ref.getUTCFullYear(),
          ref.getUTCMonth() + 1,
          ref.getUTCDate(),
          ref.getUTCDay() || 7,
        ]);
        expect(dayNumber(d.year, d.month, d.day)).toBe(n);
        if (d.year >= 0 && d.year <= 9999) expect(d.iso).toBe(ref.toISOString().slice(0, 10));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the business date in the zone, exactly around a DST change', () => {
    // New York left DST at 02:00 local on 1 November 2026 (06:00 UTC).
    expect(businessDate(Date.parse('2026-11-01T03:59:59Z'), 'America/New_York', 0).iso).toBe('2026-10-31');
    expect(businessDate(Date.parse('2026-11-01T04:00:00Z'), 'America/New_York', 0).iso).toBe('2026-11-01');
    expect(businessDate(Date.parse('2026-11-02T04:59:59Z'), 'America/New_York', 0).iso).toBe('2026-11-01');
    expect(businessDate(Date.parse('2026-11-02T05:00:00Z'), 'America/New_York', 0).iso).toBe('2026-11-02');
    expect(businessDate(Date.parse('2026-11-18T19:30:00Z'), 'Asia/Shanghai', 4).iso).toBe('2026-11-18');
  });
});
