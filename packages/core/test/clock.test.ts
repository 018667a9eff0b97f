import { describe, expect, it } from 'vitest';
import { AisleError, CoreErrorCode, createManualClock, systemClock, toInstant } from '../src/index';

describe('toInstant', () => {
  it('accepts Dates, epoch milliseconds and ISO strings with an offset', () => {
    expect(toInstant('2026-11-21T08:00:00+08:00').toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(toInstant('2026-11-21T00:00Z').toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(toInstant(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    const date = new Date('2026-01-01T00:00:00Z');
    const copy = toInstant(date);
    expect(copy).toEqual(date);
    expect(copy).not.toBe(date);
  });

  it.each([
    ['a local time without offset', '2026-11-21T08:00:00'],
    ['a date only', '2026-11-21'],
    ['garbage', 'yesterday'],
    ['NaN', Number.NaN],
    ['an invalid Date', new Date('nope')],
    ['beyond the Date range', 8.64e15 + 1],
  ])('rejects %s with CORE_INVALID_INSTANT', (_label, value) => {
    expect(() => toInstant(value)).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_INSTANT }));
  });

  it('rejects non-instant types', () => {
    expect(() => toInstant({} as never)).toThrow(AisleError);
  });
});

describe('clocks', () => {
  it('the system clock tracks real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
  });

  it('a manual clock moves only when told', () => {
    const clock = createManualClock('2026-11-21T09:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-11-21T01:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-21T01:00:00.000Z');
    expect(clock.advance(90 * 60_000).toISOString()).toBe('2026-11-21T02:30:00.000Z');
    clock.set('2026-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('a manual clock hands out copies, so callers cannot move it', () => {
    const clock = createManualClock(0);
    clock.now().setTime(999);
    expect(clock.now().getTime()).toBe(0);
  });

  it('a manual clock rejects bad input without changing state', () => {
    const clock = createManualClock(1000);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => clock.set('tomorrow')).toThrow(AisleError);
    expect(() => clock.advance(8.64e15)).toThrow(AisleError);
    expect(clock.now().getTime()).toBe(1000);
  });
});
