import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addLocal,
  assertTimeZone,
  CoreErrorCode,
  fromLocal,
  isTimeZone,
  localDate,
  localParts,
  offsetMinutes,
  startOfLocalDay,
  startOfLocalHour,
  startOfLocalMonth,
  startOfLocalWeek,
} from '../src/index';

const HOUR = 3_600_000;
const DAY = 86_400_000;

// Zones chosen for their awkwardness: half- and quarter-hour offsets, DST at midnight, 30-minute
// DST (Lord Howe), southern-hemisphere DST, negative DST (Dublin), no DST.
const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'America/Sao_Paulo',
  'Asia/Gaza',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Casablanca',
] as const;

const zone = fc.constantFrom(...ZONES);
// 1970..2100: offsets here are whole minutes and no zone above skips a calendar day.
const instant = fc.integer({ min: 0, max: 4_102_444_800_000 });

/** An independent oracle: what Intl says the wall clock shows. */
function oracle(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1,
  };
}

const hourKey = (ms: number, z: string) => {
  const p = localParts(ms, z);
  return `${localDate(ms, z)}T${p.hour}@${p.offsetMinutes}`;
};

describe('time zones', () => {
  it('validates IANA names', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+08:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(8)).toBe(false);
    expect(assertTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(() => assertTimeZone('Asia/Shangai')).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_TIME_ZONE }));
    expect(() => localParts(0, 'nope')).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_TIME_ZONE }));
  });

  it('known answers', () => {
    expect(localParts('2026-11-20T16:30:00Z', 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 21,
      hour: 0,
      minute: 30,
      second: 0,
      millisecond: 0,
      weekday: 6,
      offsetMinutes: 480,
    });
    expect(localDate('2026-11-20T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-11-20');
    expect(offsetMinutes('2026-07-01T00:00:00Z', 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes('2026-01-01T00:00:00Z', 'Asia/Kathmandu')).toBe(345);
    expect(startOfLocalDay('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(startOfLocalHour('2026-11-21T10:47:00Z', 'Asia/Kolkata').toISOString()).toBe('2026-11-21T10:30:00.000Z');
    expect(startOfLocalWeek('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(startOfLocalWeek('2026-11-21T03:00:00Z', 'Asia/Shanghai', { weekStartsOn: 7 }).toISOString()).toBe('2026-11-14T16:00:00.000Z');
    expect(startOfLocalMonth('2026-11-21T03:00:00Z', 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('resolves DST gaps and overlaps like Temporal (Berlin 2026)', () => {
    const gap = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
    expect(fromLocal(gap, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocal(gap, 'Europe/Berlin', 'later').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocal(gap, 'Europe/Berlin', 'earlier').toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(() => fromLocal(gap, 'Europe/Berlin', 'reject')).toThrow(
      expect.objectContaining({ code: CoreErrorCode.NONEXISTENT_LOCAL_TIME }),
    );
    const overlap = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
    expect(fromLocal(overlap, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocal(overlap, 'Europe/Berlin', 'later').toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(() => fromLocal(overlap, 'Europe/Berlin', 'reject')).toThrow(
      expect.objectContaining({ code: CoreErrorCode.NONEXISTENT_LOCAL_TIME }),
    );
  });

  it('keeps the offset of the instant for the start of an hour that occurs twice', () => {
    // 02:40 CET, the second 02:xx of 2026-10-25 in Berlin.
    expect(startOfLocalHour('2026-10-25T01:40:00Z', 'Europe/Berlin').toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(startOfLocalHour('2026-10-25T00:40:00Z', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('starts the hour at the transition for Lord Howe 30-minute DST', () => {
    // 2026-10-04 02:00 +10:30 becomes 02:30 +11:00, at 2026-10-03T15:30Z.
    expect(startOfLocalHour('2026-10-03T15:40:00Z', 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:30:00.000Z');
  });

  it('starts a day at its first instant when midnight is skipped (Santiago)', () => {
    const start = startOfLocalDay('2026-09-06T15:00:00Z', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(start.getTime() - 1, 'America/Santiago')).toBe('2026-09-05');
    expect(localParts(start, 'America/Santiago').hour).toBe(1);
  });

  it('adds calendar units on the wall clock and exact units in elapsed time', () => {
    const saturdayNoon = '2026-03-28T11:00:00Z'; // 12:00 CET, the day before DST starts
    expect(addLocal(saturdayNoon, { days: 1 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(addLocal(saturdayNoon, { hours: 24 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(addLocal('2026-01-31T04:00:00Z', { months: 1 }, 'Asia/Shanghai').toISOString()).toBe('2026-02-28T04:00:00.000Z');
    expect(addLocal('2028-02-29T04:00:00Z', { years: 1 }, 'Asia/Shanghai').toISOString()).toBe('2029-02-28T04:00:00.000Z');
    expect(addLocal('2026-03-01T08:00:00Z', { months: -3, weeks: 1 }, 'Asia/Shanghai').toISOString()).toBe('2025-12-08T08:00:00.000Z');
    expect(() => addLocal(0, { days: 1.5 }, 'UTC')).toThrow(RangeError);
  });

  it('rejects out-of-range local fields', () => {
    expect(() => fromLocal({ year: 2026, month: 2, day: 29 }, 'UTC')).toThrow(RangeError);
    expect(() => fromLocal({ year: 2026, month: 13, day: 1 }, 'UTC')).toThrow(RangeError);
    expect(() => fromLocal({ year: 2026, month: 1, day: 1, hour: 24 }, 'UTC')).toThrow(RangeError);
  });

  it('years 0–99 and negative years are those years, not 1900–1999 (Date.UTC maps 0–99 to 1900+)', () => {
    expect(fromLocal({ year: 50, month: 3, day: 1 }, 'UTC').toISOString()).toBe('0050-03-01T00:00:00.000Z');
    expect(fromLocal({ year: 0, month: 2, day: 29 }, 'UTC').toISOString()).toBe('0000-02-29T00:00:00.000Z');
    expect(() => fromLocal({ year: 99, month: 2, day: 29 }, 'UTC')).toThrow(RangeError);
    expect(fromLocal({ year: 100, month: 12, day: 31 }, 'UTC').toISOString()).toBe('0100-12-31T00:00:00.000Z');
    expect(fromLocal({ year: -4, month: 2, day: 29 }, 'UTC').toISOString()).toBe('-000004-02-29T00:00:00.000Z');
    expect(fromLocal({ year: 2028, month: 2, day: 29 }, 'UTC').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('local parts agree with Intl in every zone (differential)', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const { millisecond: _ms, offsetMinutes: _off, ...parts } = localParts(ms, z);
        expect(parts).toEqual(oracle(ms, z));
      }),
      { numRuns: 2000 },
    );
  });

  it('start of day is the first instant of the same local date', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const start = startOfLocalDay(ms, z).getTime();
        expect(start).toBeLessThanOrEqual(ms);
        expect(localDate(start, z)).toBe(localDate(ms, z));
        expect(localDate(start - 1, z)).not.toBe(localDate(ms, z));
      }),
      { numRuns: 1000 },
    );
  });

  it('start of hour is the first instant of the same local hour and offset', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const start = startOfLocalHour(ms, z).getTime();
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(HOUR);
        expect(hourKey(start, z)).toBe(hourKey(ms, z));
        expect(hourKey(start - 1, z)).not.toBe(hourKey(ms, z));
      }),
      { numRuns: 1000 },
    );
  });

  it('start of week and month land on a day start with the right weekday or day', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: 1, max: 7 }), (ms, z, weekStartsOn) => {
        const week = startOfLocalWeek(ms, z, { weekStartsOn }).getTime();
        expect(week).toBeLessThanOrEqual(ms);
        expect(ms - week).toBeLessThan(8 * DAY);
        expect(localParts(week, z).weekday).toBe(weekStartsOn);
        expect(startOfLocalDay(week, z).getTime()).toBe(week);
        const month = startOfLocalMonth(ms, z).getTime();
        const p = localParts(ms, z);
        const q = localParts(month, z);
        expect([q.year, q.month, q.day]).toEqual([p.year, p.month, 1]);
        expect(startOfLocalDay(month, z).getTime()).toBe(month);
      }),
      { numRuns: 500 },
    );
  });

  it('fromLocal inverts localParts: the instant is the earlier or the later reading', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const { weekday: _w, offsetMinutes: _o, ...wall } = localParts(ms, z);
        const earlier = fromLocal(wall, z, 'earlier').getTime();
        const later = fromLocal(wall, z, 'later').getTime();
        expect(earlier).toBeLessThanOrEqual(later);
        expect([earlier, later]).toContain(ms);
        expect(fromLocal(wall, z).getTime()).toBe(earlier);
      }),
      { numRuns: 1000 },
    );
  });

  it('adding days moves the local date by exactly that many days', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -800, max: 800 }), (ms, z, days) => {
        const p = localParts(ms, z);
        const expected = new Date(Date.UTC(p.year, p.month - 1, p.day) + days * DAY).toISOString().slice(0, 10);
        expect(localDate(addLocal(ms, { days }, z), z)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
