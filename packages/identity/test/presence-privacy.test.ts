import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  createDeviceTokeniser,
  createPresenceCounter,
  fromArubaAle,
  fromCiscoSpaces,
  fromMeraki,
  IdentityErrorCode,
  mergeZoneCounts,
  publishPresence,
  suppressCells,
  type ZoneHint,
  type ZoneWindowCount,
} from '../src/index';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const T0 = Date.parse('2026-03-02T02:00:00Z');
const fixedClock = (ms: number) => ({ now: () => new Date(ms) });
const anyZone = (h: ZoneHint) => h.apMac ?? h.apName ?? h.floor ?? h.geofence ?? h.locationName;

/** Every device identifier in the fixtures, in the spellings an output could carry. */
function identifiersIn(texts: ReadonlyArray<string>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b/g)) {
      const hex = m[0].replace(/[:-]/g, '').toLowerCase();
      // AP radios are infrastructure, not devices — but they must not leak either.
      out.add(hex);
      out.add(m[0].toLowerCase());
      out.add(m[0].toUpperCase());
    }
    for (const m of t.matchAll(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g)) out.add(m[0]);
    for (const m of t.matchAll(/"hashed_sta_(?:eth_)?mac":\s*"([0-9A-F]+)"/g)) out.add(m[1] as string);
  }
  for (const s of [
    'Mall-Guest',
    'Lis-MacBook',
    '13912340001',
    'li@example.com',
    'fe80:0:0:0:1430:aac1:6826:75ab',
    'LE-Headphones',
    'dev-1',
    'visit-2',
    'iOS',
    'Espressif',
  ])
    out.add(s);
  return [...out];
}

function reachableBytes(value: unknown, seen = new Set<unknown>()): Uint8Array[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Uint8Array) return [value];
  const found: Uint8Array[] = [];
  const entries = value instanceof Map ? [...value.keys(), ...value.values()] : Object.values(value);
  for (const v of entries) found.push(...reachableBytes(v, seen));
  return found;
}

describe('device tokens', () => {
  it('are the same within a site and day, and differ across days and across sites', () => {
    const tokens = createDeviceTokeniser();
    const mac = 'daa1195c3e01';
    const mon = tokens.token({ site: 'sh-01', at: T0, mac });
    expect(tokens.token({ site: 'sh-01', at: T0 + 3_600_000, mac })).toBe(mon);
    const tue = tokens.token({ site: 'sh-01', at: T0 + 86_400_000, mac });
    expect(tue).not.toBe(mon);
    expect(tokens.token({ site: 'bj-02', at: T0 + 86_400_000, mac })).not.toBe(tue);
    expect(tokens.token({ site: 'sh-01', at: T0 + 86_400_000, mac: '3c22fb112233' })).not.toBe(tue);
  });

  it('rotate keys at the site’s local midnight (UTC+8 by default) and drop yesterday’s', () => {
    const keys: Uint8Array[] = [];
    const tokens = createDeviceTokeniser({
      random: (b) => {
        globalThis.crypto.getRandomValues(b);
        keys.push(b);
      },
    });
    const before = tokens.token({ site: 's', at: Date.parse('2026-03-02T15:59:59Z'), mac: 'aa' });
    const after = tokens.token({ site: 's', at: Date.parse('2026-03-02T16:00:00Z'), mac: 'aa' });
    expect(after).not.toBe(before);
    expect(tokens.keys()).toBe(1);
    expect(keys[0]?.every((b) => b === 0)).toBe(true); // yesterday's key was wiped
    expect(() => tokens.token({ site: 's', at: Date.parse('2026-03-02T15:00:00Z'), mac: 'aa' })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.RETENTION_EXCEEDED }),
    );
  });

  it('keep the key out of reach: nothing returned holds it, and no output contains it', () => {
    const keys: Uint8Array[] = [];
    const tokens = createDeviceTokeniser({
      random: (b) => {
        globalThis.crypto.getRandomValues(b);
        keys.push(Uint8Array.from(b));
      },
    });
    const batch = fromMeraki(fixture('meraki/v3-wifi.json'), { site: 'sh-01', tokens, zoneOf: anyZone });
    const counter = createPresenceCounter({ clock: fixedClock(T0 + 600_000) });
    counter.ingest(batch);
    expect(keys).toHaveLength(1);
    const hex = Buffer.from(keys[0] as Uint8Array).toString('hex');
    for (const object of [tokens, batch, counter, counter.counts(), publishPresence(counter.counts())]) {
      expect(reachableBytes(object)).toEqual([]);
      expect(JSON.stringify(object, (_k, v) => (v instanceof Map ? [...v] : v))).not.toContain(hex);
    }
  });
});

describe('no device identifier in any output or stored state', () => {
  it('holds for every fixture, through adapters, counter and publication', () => {
    const texts = [
      fixture('meraki/v3-wifi.json'),
      fixture('meraki/v2-devices-seen.json'),
      fixture('meraki/v1-devices-seen.json'),
      fixture('meraki/v2-bluetooth.json'),
      fixture('cisco-spaces/firehose.ndjson'),
      fixture('aruba/ale-rest.json'),
      fixture('aruba/ale-events.json'),
    ];
    const tokens = createDeviceTokeniser();
    const options = {
      site: 'sh-01',
      tokens,
      zoneOf: (h: ZoneHint) => (h.apMac !== undefined ? `zone-${h.apTags?.[1] ?? 'x'}` : anyZone(h)),
    };
    const batches = [
      fromMeraki(texts[0], options),
      ...(JSON.parse(texts[1] as string) as unknown[]).map((p) => fromMeraki(p, options)),
      ...(JSON.parse(texts[2] as string) as unknown[]).map((p) => fromMeraki(p, options)),
      fromMeraki(texts[3], options),
      fromCiscoSpaces(texts[4] as string, options),
      fromArubaAle(texts[5], options),
      fromArubaAle(texts[6], options),
    ];
    const counter = createPresenceCounter({ clock: fixedClock(T0 + 1_600_000) });
    for (const b of batches) counter.ingest(b);
    const everything = JSON.stringify(
      { batches, counts: counter.counts(), published: publishPresence(counter.counts(), { threshold: 2 }) },
      (_k, v) => (v instanceof Map ? [...v] : v),
    );
    const identifiers = identifiersIn(texts);
    expect(identifiers.length).toBeGreaterThan(30);
    for (const id of identifiers) expect(everything.includes(id) ? id : 'absent').toBe('absent');
    // …and the things that were dropped were counted.
    expect(batches.reduce((n, b) => n + (b.dropped.get('mac') ?? 0), 0)).toBeGreaterThan(10);
  });
});

describe('createPresenceCounter', () => {
  const event = (token: string, zone: string, at: number, extra: Partial<{ dwellMs: number; randomised: boolean }> = {}) => ({
    site: 'sh-01',
    zone,
    at,
    kind: 'seen' as const,
    radio: 'wifi' as const,
    token,
    randomised: extra.randomised ?? false,
    ...(extra.dwellMs === undefined ? {} : { dwellMs: extra.dwellMs }),
  });

  it('counts distinct devices per zone and window, with a dwell histogram and passers-by vs visitors', () => {
    const counter = createPresenceCounter({ clock: fixedClock(T0 + 3_500_000) });
    const result = counter.ingest([
      event('a', 'atrium', T0),
      event('a', 'atrium', T0 + 1_200_000), // 20 minutes: a visitor
      event('b', 'atrium', T0 + 60_000, { randomised: true }), // one sighting: a passer-by
      event('b', 'atrium', T0 + 120_000, { randomised: true }),
      event('c', 'atrium', T0 + 100_000, { dwellMs: 2_400_000 }), // vendor-reported 40 minutes
      event('a', 'b1', T0 + 1_300_000),
    ]);
    expect(result).toEqual({ accepted: 6, expired: 0, future: 0 });
    const [atrium, b1] = counter.counts();
    expect(atrium).toMatchObject({ zone: 'atrium', presence: 3, randomised: 1, passersBy: 1, visitors: 2, start: T0, end: T0 + 3_600_000 });
    expect(atrium?.dwell).toEqual({
      count: 3,
      sumMs: 60_000 + 1_200_000 + 2_400_000,
      bins: { '300000': 1, '900000': 0, '1800000': 1, '3600000': 1, inf: 0 },
    });
    expect(b1).toMatchObject({ zone: 'b1', presence: 1 });
    const doubled = mergeZoneCounts(atrium as ZoneWindowCount, atrium as ZoneWindowCount);
    expect(doubled.presence).toBe(6);
    expect(doubled.passersBy + doubled.visitors).toBe(doubled.presence);
    expect(doubled.dwell.bins).toEqual({ '1800000': 2, '300000': 2, '3600000': 2, '900000': 0, inf: 0 });
  });

  it('property: passers-by plus visitors is presence, and histogram bins add up to it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            token: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
            zone: fc.constantFrom('x', 'y'),
            dt: fc.integer({ min: 0, max: 7_199_999 }),
          }),
          {
            maxLength: 60,
          },
        ),
        (rows) => {
          const counter = createPresenceCounter({ clock: fixedClock(T0 + 7_200_000) });
          counter.ingest(rows.map((r) => event(r.token, r.zone, T0 + r.dt)));
          for (const c of counter.counts()) {
            expect(c.passersBy + c.visitors).toBe(c.presence);
            expect(Object.values(c.dwell.bins).reduce((a, b) => a + b, 0)).toBe(c.presence);
          }
          expect(counter.counts().reduce((n, c) => n + c.presence, 0)).toBe(counter.rawObservations());
        },
      ),
    );
  });

  it('keeps raw observations at most a day: older events are refused, old windows purged to counts', () => {
    let now = T0 + 60_000;
    const counter = createPresenceCounter({ clock: { now: () => new Date(now) } });
    counter.ingest([event('a', 'atrium', T0), event('b', 'atrium', T0 + 30_000)]);
    expect(counter.rawObservations()).toBe(2);
    now = T0 + 86_400_000 + 3_600_000;
    expect(counter.ingest([event('c', 'atrium', T0 + 10_000), event('d', 'atrium', now + 3_600_000)])).toEqual({
      accepted: 0,
      expired: 1,
      future: 1,
    });
    expect(counter.rawObservations()).toBe(0);
    expect(counter.counts()).toEqual([expect.objectContaining({ zone: 'atrium', presence: 2 })]);
    expect(() => createPresenceCounter({ retentionMs: 2 * 86_400_000 })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.RETENTION_EXCEEDED }),
    );
  });
});

describe('suppression', () => {
  it('suppresses small cells and a complement so the total does not reveal them', () => {
    const table = suppressCells([
      { key: 'atrium', count: 40 },
      { key: 'b1', count: 3 },
      { key: 'l2', count: 25 },
      { key: 'l3', count: 0 },
    ]);
    expect(table.cells.map((c) => c.count)).toEqual([40, null, null, 0]);
    expect(table.total).toBe(68);
  });

  it('property: a differencing attack (total − published cells) never pins down a suppressed cell', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 12 }), (counts, threshold) => {
        const table = suppressCells(
          counts.map((count, i) => ({ key: `z${i}`, count })),
          { threshold },
        );
        const hidden = counts.filter((_, i) => table.cells[i]?.count === null);
        for (const [i, c] of table.cells.entries()) {
          const count = counts[i] as number;
          if (c.count !== null) {
            expect(c.count).toBe(count);
            expect(count === 0 || count >= threshold).toBe(true);
          }
        }
        if (hidden.length === 0 || table.total === null) return;
        // The attacker learns the sum of the hidden cells, and that each is at least 1: with two or more hidden
        // cells summing to at least the threshold, no hidden cell has a single possible value below the threshold.
        const residue = table.total - table.cells.reduce((n, c) => n + (c.count ?? 0), 0);
        expect(residue).toBe(hidden.reduce((a, b) => a + b, 0));
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(residue).toBeGreaterThanOrEqual(threshold);
      }),
    );
  });

  it('publishPresence hides a small zone, its complement, and everything inside a hidden zone', () => {
    const zone = (name: string, n: number, visitors: number): ZoneWindowCount => ({
      site: 'sh-01',
      zone: name,
      start: T0,
      end: T0 + 3_600_000,
      presence: n,
      randomised: 0,
      passersBy: n - visitors,
      visitors,
      dwell: { count: n, sumMs: 0, bins: { '300000': n - visitors, inf: visitors } },
    });
    const [window] = publishPresence([zone('atrium', 50, 20), zone('b1', 4, 1), zone('l2', 30, 3)]);
    expect(window?.total).toBe(84);
    expect(window?.zones.map((z) => [z.zone, z.presence, z.passersBy, z.visitors])).toEqual([
      ['atrium', 50, 30, 20],
      ['b1', null, null, null],
      ['l2', null, null, null],
    ]);
    const [alone] = publishPresence([zone('atrium', 50, 3), zone('l2', 30, 10)]);
    expect(alone?.zones[0]).toMatchObject({ presence: 50, passersBy: null, visitors: null });
    expect(alone?.zones[0]?.dwell.map((c) => c.count)).toEqual([null, null]);
  });
});

describe('hostile input', () => {
  const options = { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: () => 'z' };

  it('refuses huge payloads before parsing or iterating', () => {
    const huge = { version: '3.0', type: 'WiFi', data: { observations: new Array(20_001) } };
    expect(() => fromMeraki(huge, options)).toThrow(expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }));
    expect(() => fromMeraki('x'.repeat(16 * 1024 * 1024 + 1), options)).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }),
    );
    expect(() => fromCiscoSpaces('{}\n'.repeat(11), { ...options, maxRecords: 10 })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }),
    );
    expect(() => fromArubaAle({ Presence_result: new Array(20_001) }, options)).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }),
    );
    expect(() => calibrate({ wifi: new Array(100_001), camera: [] })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }),
    );
  });

  it('skips holes in sparse arrays and counts them', () => {
    const observations = new Array(5);
    observations[2] = { clientMac: '3c:22:fb:11:22:33', latestRecord: { time: '2026-03-02T02:00:00Z', nearestApMac: 'ap' } };
    const batch = fromMeraki({ version: '3.0', type: 'WiFi', data: { observations } }, options);
    expect(batch.events).toHaveLength(1);
    expect(batch.skipped.get('not-an-object')).toBe(4);
  });

  it('takes __proto__ and constructor as ordinary zone names and never pollutes a prototype', () => {
    const text = JSON.stringify({
      version: '3.0',
      type: 'WiFi',
      data: {
        observations: ['__proto__', 'constructor', 'toString'].map((ap, i) => ({
          clientMac: `3c:22:fb:11:22:3${i}`,
          latestRecord: { time: '2026-03-02T02:00:00Z', nearestApMac: ap },
        })),
      },
    }).replace('"clientMac"', '"__proto__":{"polluted":true},"clientMac"');
    const batch = fromMeraki(text, { ...options, zoneOf: (h) => h.apMac });
    expect(batch.events.map((e) => e.zone)).toEqual(['__proto__', 'constructor', 'toString']);
    const counter = createPresenceCounter({ clock: fixedClock(T0 + 60_000) });
    counter.ingest(batch);
    expect(counter.counts().map((c) => [c.zone, c.presence])).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['toString', 1],
    ]);
    const published = publishPresence(counter.counts(), { threshold: 2 });
    expect(published[0]?.zones.map((z) => z.zone)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const report = calibrate({ wifi: [{ zone: '__proto__', hour: 'h', count: 3 }], camera: [{ zone: '__proto__', hour: 'h', count: 2 }] });
    expect(report.zones).toEqual([{ zone: '__proto__', hours: 1, wifi: 3, camera: 2, ratio: 1.5 }]);
  });

  it('does not follow inherited fields: a payload without its own "data" is refused', () => {
    const inherited = Object.create({ data: { observations: [] } }) as object;
    expect(() => fromMeraki(inherited, options)).toThrow(expect.objectContaining({ code: IdentityErrorCode.INVALID_PRESENCE_INPUT }));
  });
});

describe('calibrate', () => {
  it('reports Wi-Fi ÷ camera per zone and hour, and per zone over the hours both saw', () => {
    const report = calibrate({
      wifi: [
        { zone: 'atrium', hour: '10', count: 180 },
        { zone: 'atrium', hour: '11', count: 220 },
        { zone: 'b1', hour: '10', count: 30 },
      ],
      camera: [
        { zone: 'atrium', hour: '10', count: 150 },
        { zone: 'atrium', hour: '11', count: 170 },
        { zone: 'b1', hour: '11', count: 20 },
      ],
    });
    expect(report.rows.map((r) => [r.zone, r.hour, r.ratio])).toEqual([
      ['atrium', '10', 1.2],
      ['atrium', '11', 220 / 170],
      ['b1', '10', null],
      ['b1', '11', null],
    ]);
    expect(report.zones).toEqual([{ zone: 'atrium', hours: 2, wifi: 400, camera: 320, ratio: 1.25 }]);
  });
});

describe('more edges', () => {
  it('keeps the vendor’s own peak count beside the device count', () => {
    const batch = fromCiscoSpaces(fixture('cisco-spaces/firehose.ndjson'), {
      site: 'sh-01',
      tokens: createDeviceTokeniser(),
      zoneOf: (h) => h.locationName,
    });
    const counter = createPresenceCounter({ clock: fixedClock(T0 + 1_600_000) });
    counter.ingest(batch);
    expect(counter.counts().map((c) => [c.zone, c.presence, c.vendorPeak])).toEqual([
      ['Atrium', 2, 271],
      ['Food Court', 1, undefined],
    ]);
    // The exit reported a 25-minute visit: one visitor, one passer-by in the atrium.
    expect(counter.counts()[0]).toMatchObject({ visitors: 1, passersBy: 1 });
  });
});
