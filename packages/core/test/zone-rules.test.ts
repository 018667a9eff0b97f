import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanZone } from '../../../scripts/zones/scan.mjs';
import * as withIntl from '../src/index';
import { BUNDLED_TIME_ZONES, CoreErrorCode, createTimeZoneRules, setTimeZoneProvider } from '../src/index';
import { ZONE_DATA } from '../src/internal/zone-data';
import { bundledTimeZones } from '../src/zones';

const bundledRules = bundledTimeZones;

const MAX = 8.64e15;

/** Offset in seconds from this Node's Intl (full ICU), the reference for the bundled rules. */
function intlOffsetSeconds(zone: string, ms: number): number {
  const text = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).format(new Date(ms)).split('GMT')[1] ?? '';
  const m = /^([+-])(\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (m === null) return 0;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -s : s;
}

/**
 * A fresh copy of core that saw `Intl` as the given value (undefined: no Intl at all) when it
 * first looked (it looks once); the real Intl is back afterwards, for the reference answers.
 */
async function coreWithIntl(value: unknown): Promise<typeof withIntl> {
  withIntl.isTimeZone('Europe/Berlin'); // the reference copy looks first, at the real Intl
  vi.stubGlobal('Intl', value);
  vi.resetModules();
  const bare = await import('../src/index');
  expect(bare.isTimeZone('Asia/Tokyo')).toBe(false);
  vi.unstubAllGlobals();
  return bare;
}

afterEach(() => {
  setTimeZoneProvider(undefined);
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('bundled zone rules', () => {
  it('cover the four zones Chinese retail needs', () => {
    expect(BUNDLED_TIME_ZONES).toEqual(['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei']);
    expect(ZONE_DATA.map(([name]) => name)).toEqual(BUNDLED_TIME_ZONES);
  });

  it.each(ZONE_DATA.map(([zone]) => zone))('%s agrees with Intl around every transition and at the ends of the Date range', (zone) => {
    const rules = bundledRules(zone);
    if (rules === undefined) throw new Error(zone);
    const { transitions } = scanZone(zone);
    expect(transitions.length).toBeGreaterThan(20);
    for (const [at] of transitions) {
      for (const ms of [at * 1000 - 1, at * 1000, at * 1000 + 1]) expect(rules.offsetMinutes(ms) * 60).toBe(intlOffsetSeconds(zone, ms));
    }
    for (const ms of [-MAX, -1e15, 0, Date.parse('2026-11-21T00:00:00Z'), 1e15, MAX])
      expect(rules.offsetMinutes(ms) * 60).toBe(intlOffsetSeconds(zone, ms));
  });

  it('agrees with Intl at any instant the library accepts (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUNDLED_TIME_ZONES),
        fc.oneof(fc.integer({ min: -MAX, max: MAX }), fc.integer({ min: -2.4e12, max: 7e11 })),
        (zone, ms) => {
          expect(bundledRules(zone)?.offsetMinutes(ms)).toBe(intlOffsetSeconds(zone, ms) / 60);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('zones without Intl time-zone data', () => {
  // A small-icu style Intl: DateTimeFormat exists but knows no zone but UTC, and no longOffset.
  const stubIntl = {
    DateTimeFormat: class {
      constructor(_locale: string, options: { timeZone?: string } = {}) {
        if (options.timeZone !== undefined && options.timeZone.toUpperCase() !== 'UTC')
          throw new RangeError(`Invalid time zone specified: ${options.timeZone}`);
      }
      format() {
        return '1/1/1970';
      }
    },
  };

  it.each([
    ['no Intl', undefined],
    ['an Intl without zones', stubIntl],
  ])('with %s, every calendar helper gives the answers it gives with full Intl (property)', async (_, intl) => {
    const bare = await coreWithIntl(intl);
    // Without Intl zone data nothing but UTC is known until the bundled rules are injected.
    expect(bare.isTimeZone('Asia/Shanghai')).toBe(false);
    bare.setTimeZoneProvider(bundledTimeZones);
    const zones = [...BUNDLED_TIME_ZONES, 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: -2.3e12, max: 4.1e12 }), (zone, ms) => {
        expect(bare.localParts(ms, zone)).toEqual(withIntl.localParts(ms, zone));
        expect(bare.startOfLocalDay(ms, zone)).toEqual(withIntl.startOfLocalDay(ms, zone));
        expect(bare.startOfLocalHour(ms, zone)).toEqual(withIntl.startOfLocalHour(ms, zone));
        const p = withIntl.localParts(ms, zone);
        const local = { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: 30 };
        for (const d of ['compatible', 'earlier', 'later'] as const)
          expect(bare.fromLocal(local, zone, d)).toEqual(withIntl.fromLocal(local, zone, d));
        expect(bare.addLocal(ms, { months: 1, days: 3 }, zone)).toEqual(withIntl.addLocal(ms, { months: 1, days: 3 }, zone));
      }),
      { numRuns: 300 },
    );
    // Taipei kept daylight saving time until 1979; Shanghai from 1986 to 1991.
    expect(bare.offsetMinutes('1979-08-01T00:00:00Z', 'Asia/Taipei')).toBe(540);
    expect(bare.offsetMinutes('1988-07-01T00:00:00Z', 'Asia/Shanghai')).toBe(540);
    expect(bare.localDate('2026-11-20T16:30:00Z', 'asia/shanghai')).toBe('2026-11-21');
    expect(bare.isTimeZone('Asia/Tokyo')).toBe(false);
    bare.setTimeZoneProvider(undefined);
  });

  it('says the runtime lacks zone data, names the bundled zones, their entry point and the injection point', async () => {
    const bare = await coreWithIntl(undefined);
    expect(bare.isTimeZone('UTC')).toBe(true);
    expect(bare.isTimeZone('Asia/Shanghai')).toBe(false);
    expect(bare.isTimeZone('Europe/Berlin')).toBe(false);
    let message = '';
    try {
      bare.assertTimeZone('Asia/Shanghai');
    } catch (error) {
      expect(error).toMatchObject({ code: CoreErrorCode.INVALID_TIME_ZONE, details: { runtimeZoneData: false } });
      message = (error as Error).message;
    }
    expect(message).toMatch(/"Asia\/Shanghai" is not available: this runtime has no Intl time-zone data/);
    expect(message).toMatch(/Asia\/Shanghai, Asia\/Hong_Kong, Asia\/Macau, Asia\/Taipei/);
    expect(message).toMatch(/setTimeZoneProvider\(bundledTimeZones\) with bundledTimeZones from @aisle\/core\/zones/);
    bare.setTimeZoneProvider(bundledTimeZones);
    expect(bare.isTimeZone('Asia/Shanghai')).toBe(true);
    expect(bare.isTimeZone('asia/macau')).toBe(true);
    expect(() => bare.assertTimeZone('Europe/Berlin')).toThrow(/"Europe\/Berlin" is not available/);
    bare.setTimeZoneProvider(undefined);
    // Not a name at all: the plain "expected … received" message.
    expect(() => bare.assertTimeZone('+08:00')).toThrow(/expected an IANA name such as "Asia\/Shanghai", received "\+08:00"/);
  });

  it('takes other zones from an injected provider', async () => {
    const bare = await coreWithIntl(undefined);
    const berlin = bare.createTimeZoneRules({
      initialOffsetMinutes: 60,
      transitions: [
        { at: '2026-03-29T01:00:00Z', offsetMinutes: 120 },
        { at: '2026-10-25T01:00:00Z', offsetMinutes: 60 },
      ],
    });
    bare.setTimeZoneProvider((zone) => (zone === 'Europe/Berlin' ? berlin : undefined));
    expect(bare.isTimeZone('Europe/Berlin')).toBe(true);
    // The DST gap of 29 March 2026 is handled as with Intl.
    const local = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
    expect(bare.fromLocal(local, 'Europe/Berlin')).toEqual(withIntl.fromLocal(local, 'Europe/Berlin'));
    expect(bare.startOfLocalDay('2026-10-25T12:00:00Z', 'Europe/Berlin')).toEqual(
      withIntl.startOfLocalDay('2026-10-25T12:00:00Z', 'Europe/Berlin'),
    );
    bare.setTimeZoneProvider(undefined);
    expect(bare.isTimeZone('Europe/Berlin')).toBe(false);
  });
});

describe('with Intl', () => {
  it('names what was expected and received for an unknown zone', () => {
    expect(() => withIntl.assertTimeZone('Mars/Olympus')).toThrow(
      /expected an IANA name such as "Asia\/Shanghai", received "Mars\/Olympus"/,
    );
    expect(() => withIntl.assertTimeZone('Mars/Olympus')).toThrow(
      expect.objectContaining({ details: { zone: '"Mars/Olympus"', runtimeZoneData: true } }),
    );
  });

  it('lets a provider override a zone and rejects a provider that returns garbage', () => {
    setTimeZoneProvider((zone) => (zone === 'Asia/Shanghai' ? { offsetMinutes: () => 0 } : undefined));
    expect(withIntl.offsetMinutes(0, 'Asia/Shanghai')).toBe(0);
    expect(withIntl.offsetMinutes(0, 'Asia/Tokyo')).toBe(540);
    setTimeZoneProvider(() => 42 as unknown as undefined);
    expect(() => withIntl.localDate(0, 'Asia/Tokyo')).toThrow(TypeError);
    setTimeZoneProvider(() => ({ offsetMinutes: () => Number.NaN }));
    expect(() => withIntl.localDate(0, 'Asia/Tokyo')).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_TIME_ZONE }));
    expect(() => withIntl.localDate(0, 'Asia/Tokyo')).toThrow(/received NaN/);
    expect(() => setTimeZoneProvider('x' as unknown as undefined)).toThrow(TypeError);
  });

  it('createTimeZoneRules validates offsets and order', () => {
    expect(() => createTimeZoneRules({ initialOffsetMinutes: 1440 })).toThrow(RangeError);
    expect(() =>
      createTimeZoneRules({
        initialOffsetMinutes: 0,
        transitions: [
          { at: 10, offsetMinutes: 60 },
          { at: 10, offsetMinutes: 0 },
        ],
      }),
    ).toThrow(/later instant/);
    const fixed = createTimeZoneRules({ initialOffsetMinutes: 345 });
    expect(fixed.offsetMinutes(0)).toBe(345);
  });
});
