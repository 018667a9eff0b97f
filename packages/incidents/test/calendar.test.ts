import { describe, expect, it } from 'vitest';
import { addBusinessDays, endOfLocalDate, isWorkingDay, periodEnd } from '../src/index';
import { CN_2026, US_2026 } from './fixtures';

describe('holiday calendars as data', () => {
  it('knows CN adjusted working days (调休) and holidays', () => {
    expect(isWorkingDay('2026-10-10', CN_2026)).toBe(true); // Saturday made a working day
    expect(isWorkingDay('2026-09-20', CN_2026)).toBe(true); // Sunday made a working day
    expect(isWorkingDay('2026-10-08', CN_2026)).toBe(true);
    expect(isWorkingDay('2026-10-01', CN_2026)).toBe(false);
    expect(isWorkingDay('2026-10-11', CN_2026)).toBe(false); // an ordinary Sunday
  });

  it('counts business days through an adjusted working Saturday', () => {
    // Friday 9 Oct + 1 business day is Saturday 10 Oct (a working day), + 2 is Monday 12 Oct.
    expect(addBusinessDays('2026-10-09T12:00:00+08:00', 1, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toBe('2026-10-10');
    expect(addBusinessDays('2026-10-09T12:00:00+08:00', 2, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toBe('2026-10-12');
    // 30 September + 1 business day skips the whole National Day week.
    expect(addBusinessDays('2026-09-30T23:30:00+08:00', 1, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toBe('2026-10-08');
    expect(addBusinessDays('2026-09-30T23:30:00+08:00', 0, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toBe('2026-09-30');
  });

  it('uses the local date of the instant in the given zone', () => {
    // 23:30 Friday in New York is already Saturday in UTC; the count starts from Friday.
    expect(addBusinessDays('2026-09-04T23:30:00-04:00', 1, { calendar: US_2026, zone: 'America/New_York' })).toBe('2026-09-08');
    expect(addBusinessDays('2026-09-04T23:30:00-04:00', 4, { calendar: US_2026, zone: 'America/New_York' })).toBe('2026-09-11');
  });

  it('refuses to count past the years it covers, and bad counts', () => {
    expect(() => addBusinessDays('2026-12-30T10:00:00+08:00', 3, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_CALENDAR_GAP', details: { calendar: 'CN-2026', year: 2027 } }),
    );
    expect(() => addBusinessDays('2026-10-09T12:00:00+08:00', -1, { calendar: CN_2026, zone: 'Asia/Shanghai' })).toThrow(RangeError);
  });
});

describe('periodEnd', () => {
  it('ends at 24:00 of the last day; the first day is not counted', () => {
    expect(periodEnd('2026-09-01T00:00:01+08:00', { days: 30, zone: 'Asia/Shanghai' }).toISOString()).toBe('2026-10-01T16:00:00.000Z');
    expect(endOfLocalDate('2026-03-28', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // midnight into the DST day is still CET
    expect(endOfLocalDate('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('a month ends on the same date, or the last day of a shorter month', () => {
    expect(periodEnd('2026-01-31T10:00:00+01:00', { months: 1, zone: 'Europe/Berlin' }).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(periodEnd('2026-03-15T10:00:00+01:00', { months: 1, zone: 'Europe/Berlin' }).toISOString()).toBe('2026-04-15T22:00:00.000Z');
  });

  it('rolls a last day that is not a working day forward when given a calendar', () => {
    expect(periodEnd('2026-09-01T18:00:00+08:00', { days: 30, zone: 'Asia/Shanghai', calendar: CN_2026 }).toISOString()).toBe(
      '2026-10-08T16:00:00.000Z',
    );
    expect(() => periodEnd('2026-09-01T18:00:00+08:00', { days: -1, zone: 'Asia/Shanghai' })).toThrow(RangeError);
    expect(() => periodEnd('2026-09-01T18:00:00+08:00', { days: 1, zone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }),
    );
  });
});
