import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLocal, fromLocal, localParts, offsetMinutes, offsetMinutesIn, setTimeZoneProvider } from '../src/index';
import { memoOffsetsByDay } from '../src/internal/zone-offsets';

const DAY = 86_400_000;
const MAX = 8.64e15;

/** Offsets that change at the given instants (sorted), like a zone's rules; counts its lookups. */
function rules(initial: number, changes: readonly (readonly [number, number])[]) {
  let calls = 0;
  const raw = (ms: number): number => {
    calls += 1;
    let offset = initial;
    for (const [at, to] of changes) if (at <= ms) offset = to;
    return offset;
  };
  return { raw, calls: () => calls };
}

describe('memoOffsetsByDay', () => {
  it('answers exactly what the rules answer (changes a day or more apart), in any order, on the day of a change and far from the first day', () => {
    const instant = fc.integer({ min: -MAX, max: MAX });
    fc.assert(
      fc.property(
        fc.double({ min: -900, max: 900, noNaN: true }),
        fc.array(fc.tuple(instant, fc.double({ min: -900, max: 900, noNaN: true })), { maxLength: 6 }),
        fc.array(fc.oneof(instant, fc.integer({ min: -3 * DAY, max: 3 * DAY })), { minLength: 1, maxLength: 60 }),
        (initial, changes, queries) => {
          const sorted = [...changes].sort((a, b) => a[0] - b[0]);
          // The memo's documented assumption: no zone changes its offset twice within a day.
          fc.pre(sorted.every(([at], i) => i === 0 || at - (sorted[i - 1] as readonly [number, number])[0] > DAY));
          const { raw } = rules(initial, sorted);
          const memo = memoOffsetsByDay(raw);
          // Ask around each change as well as the random instants, twice (the second pass reads the memo).
          const near = sorted.flatMap(([at]) => [at - 1, at, at + 1, at - DAY, at + DAY]).filter((t) => Math.abs(t) <= MAX);
          for (const pass of [1, 2]) {
            for (const ms of [...queries, ...near]) expect(memo(ms), `pass ${pass} at ${ms}`).toBe(raw(ms));
          }
        },
      ),
    );
  });

  it('answers -0 and +0 exactly when a day changes from one to the other (found by the property above)', () => {
    const { raw } = rules(0, [[5 * DAY + 3_600_000, -0]]);
    const memo = memoOffsetsByDay(raw);
    for (const ms of [5 * DAY, 5 * DAY + 3_600_000, 5 * DAY + 7_200_000, 6 * DAY]) expect(memo(ms), `at ${ms}`).toBe(raw(ms));
  });

  it('looks a day up once: later instants of the same day do not reach the rules', () => {
    const { raw, calls } = rules(480, []);
    const memo = memoOffsetsByDay(raw);
    const t = Date.UTC(2026, 10, 18, 2);
    expect(memo(t)).toBe(480);
    const after = calls();
    for (let i = 1; i < 100; i++) expect(memo(t + i * 60_000)).toBe(480);
    expect(calls()).toBe(after);
  });

  it('passes a non-finite offset through per instant (for the caller to reject), never caching it', () => {
    const { raw, calls } = rules(Number.NaN, []);
    const memo = memoOffsetsByDay(raw);
    expect(memo(0)).toBeNaN();
    const after = calls();
    expect(memo(1)).toBeNaN();
    expect(calls()).toBeGreaterThan(after);
  });
});

describe('zone arithmetic through the runtime Intl (memoised per day)', () => {
  const intlOffset = (ms: number, zone: string): number => {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value as string;
    const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
    if (m === null) throw new Error(name);
    return m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  };

  it('offsetMinutes agrees with Intl at instants around DST changes, asked repeatedly', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, ms) => {
        for (const t of [ms, ms, ms + 3_600_000, ms - DAY]) expect(offsetMinutes(t, zone)).toBe(intlOffset(t, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('addLocal and fromLocal keep resolving DST gaps and overlaps', () => {
    // 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 occurs twice.
    expect(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin', 'later').toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
    expect(() => fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin', 'reject')).toThrow(/does not exist/);
    expect(() => fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin', 'reject')).toThrow(/occurs twice/);
    expect(addLocal('2026-03-01T09:00:00+01:00', { months: 1 }, 'Europe/Berlin').toISOString()).toBe('2026-04-01T07:00:00.000Z');
    expect(localParts(addLocal('2026-11-18T10:00:00+08:00', { months: 24 }, 'Asia/Shanghai'), 'Asia/Shanghai')).toMatchObject({
      year: 2028,
      month: 11,
      day: 18,
      hour: 10,
    });
    expect(() => addLocal(0, { months: 1.5 }, 'Asia/Shanghai')).toThrow(/Duration months must be an integer/);
  });
});

describe('offsetMinutesIn', () => {
  it('gives what offsetMinutes gives, for any instant the library accepts', () => {
    const zones = ['Europe/Berlin', 'Asia/Shanghai', 'America/St_Johns', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: -MAX, max: MAX }), (zone, ms) => {
        expect(offsetMinutesIn(zone)(ms)).toBe(offsetMinutes(ms, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('checks the zone once, up front, and each instant when called', () => {
    expect(() => offsetMinutesIn('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }));
    expect(() => offsetMinutesIn(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }));
    const shanghai = offsetMinutesIn('Asia/Shanghai');
    expect(shanghai(Date.UTC(2026, 10, 18))).toBe(480);
    expect(() => shanghai(Number.NaN)).toThrow(RangeError);
    expect(() => shanghai('0' as unknown as number)).toThrow(RangeError);
  });

  it('rejects an offset the rules get wrong, as offsetMinutes does', () => {
    setTimeZoneProvider((zone) => (zone === 'Test/Broken' ? { offsetMinutes: () => 5000 } : undefined));
    try {
      const broken = offsetMinutesIn('Test/Broken');
      expect(() => broken(0)).toThrow(expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }));
    } finally {
      setTimeZoneProvider(undefined);
    }
  });
});
