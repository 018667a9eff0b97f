import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil } from '../src/index';

describe('daysFromCivil and civilFromDays', () => {
  it('known answers, leap days and century rules included', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2026, 11, 30)).toBe(20_787);
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1); // 1900 is not a leap year
    expect(daysFromCivil(1, 1, 1)).toBe(-719_162);
    expect(civilFromDays(0)).toEqual([1970, 1, 1]);
    expect(civilFromDays(11_016)).toEqual([2000, 2, 29]);
    expect(civilFromDays(-719_162)).toEqual([1, 1, 1]);
    expect(civilFromDays(2_932_896)).toEqual([9999, 12, 31]);
  });

  it('agree with Date.UTC and invert each other over years 1–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (n) => {
        const [y, m, d] = civilFromDays(n);
        const date = new Date(n * 86_400_000);
        expect([y, m, d]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(daysFromCivil(y, m, d)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});
