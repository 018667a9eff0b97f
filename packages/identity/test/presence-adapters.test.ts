import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyMac,
  createDeviceTokeniser,
  fromArubaAle,
  fromCiscoSpaces,
  fromMeraki,
  IdentityErrorCode,
  type PresenceBatch,
  type PresenceEvent,
  type ZoneHint,
} from '../src/index';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const json = (path: string) => JSON.parse(fixture(path)) as unknown;

const AP_ZONES = new Map([
  ['e0:cb:bc:8d:4b:06', 'atrium'],
  ['00:18:0a:13:dd:b0', 'food-court'],
]);
const byAp = (hint: ZoneHint) => (hint.apMac === undefined ? undefined : AP_ZONES.get(hint.apMac));
const sorted = (events: ReadonlyArray<PresenceEvent>) => [...events].sort((a, b) => a.at - b.at || (a.token < b.token ? -1 : 1));

function merge(batches: ReadonlyArray<PresenceBatch>) {
  const skipped = new Map<string, number>();
  const dropped = new Map<string, number>();
  for (const b of batches) {
    for (const [k, v] of b.skipped) skipped.set(k, (skipped.get(k) ?? 0) + v);
    for (const [k, v] of b.dropped) dropped.set(k, (dropped.get(k) ?? 0) + v);
  }
  return { events: sorted(batches.flatMap((b) => b.events)), skipped, dropped, randomised: batches.reduce((n, b) => n + b.randomised, 0) };
}

describe('fromMeraki', () => {
  it('parses the v1, v2 and v3 fixtures to the same events', () => {
    const tokens = createDeviceTokeniser();
    const options = { site: 'sh-01', tokens, zoneOf: byAp, secret: 'supersecret' };
    const v3 = merge([fromMeraki(fixture('meraki/v3-wifi.json'), options)]);
    const v2 = merge((json('meraki/v2-devices-seen.json') as unknown[]).map((p) => fromMeraki(p, options)));
    const v1 = merge((json('meraki/v1-devices-seen.json') as unknown[]).map((p) => fromMeraki(JSON.stringify(p), options)));
    expect(v3.events).toHaveLength(3);
    expect(v2.events).toEqual(v3.events);
    expect(v1.events).toEqual(v3.events);
    expect(v3.events.map((e) => [e.zone, e.randomised, e.radio, new Date(e.at).toISOString()])).toEqual([
      ['atrium', true, 'wifi', '2026-03-02T02:00:05.000Z'],
      ['atrium', false, 'wifi', '2026-03-02T02:00:09.000Z'],
      ['food-court', false, 'wifi', '2026-03-02T02:01:40.000Z'],
    ]);
    for (const batch of [v1, v2, v3]) {
      expect(batch.randomised).toBe(1);
      expect(batch.skipped.get('multicast')).toBe(1);
      expect(batch.skipped.get('not-an-object')).toBe(1);
    }
  });

  it("parses the published v2.0 capture (Meraki CMX receiver README) and Meraki's v2.1 sample", () => {
    const tokens = createDeviceTokeniser();
    const capture = fromMeraki(fixture('meraki/published-v2.0-cmxreceiver.json'), {
      site: 'lab',
      tokens,
      zoneOf: byAp,
      secret: 'testing123',
    });
    // Ten clients heard by one AP, each an event in that AP's zone at its seenEpoch; none randomised.
    expect(capture.events).toHaveLength(10);
    expect(new Set(capture.events.map((e) => e.zone))).toEqual(new Set(['food-court']));
    expect(capture.randomised).toBe(0);
    expect(capture.skipped.size).toBe(0);
    expect(Math.min(...capture.events.map((e) => e.at))).toBe(Date.parse('2016-09-12T11:11:40Z'));
    expect(Math.max(...capture.events.map((e) => e.at))).toBe(Date.parse('2016-09-12T11:12:43Z'));
    expect(Object.fromEntries(capture.dropped)).toMatchObject({ mac: 10, ipv4: 7, ssid: 7, os: 1, manufacturer: 10, location: 10 });
    const out = JSON.stringify(capture.events);
    expect(out).not.toMatch(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/);
    expect(out).not.toContain('192.168');
    expect(out).not.toContain('interwebs');
    const sample = fromMeraki(json('meraki/published-v2.1-docs.json'), { site: 'lab', tokens, zoneOf: byAp });
    expect(sample.events.map((e) => [e.zone, new Date(e.at).toISOString()])).toEqual([
      ['food-court', '2016-09-24T00:06:23.000Z'],
      ['food-court', '2016-09-24T00:06:40.000Z'],
    ]);
    // Receivers route on the major version; an unknown major is still refused.
    expect(() => fromMeraki({ version: '4.0', type: 'WiFi', data: { observations: [] } }, { site: 'lab', tokens, zoneOf: byAp })).toThrow(
      /expected version 3.x, 2.x or 1.x/,
    );
    // Version 3 names Bluetooth posts `BLE`.
    const ble = fromMeraki(
      {
        version: '3.0',
        type: 'BLE',
        data: {
          networkId: 'L_1',
          observations: [
            {
              clientMac: '00:26:ab:00:00:01',
              latestRecord: { time: '2016-09-24T00:07:00Z', nearestApMac: '00:18:0a:13:dd:b0', nearestApRssi: -60 },
            },
          ],
        },
      },
      { site: 'lab', tokens, zoneOf: byAp },
    );
    expect(ble.events.map((e) => e.radio)).toEqual(['ble']);
  });

  it('drops and counts every identifier field, per field', () => {
    const tokens = createDeviceTokeniser();
    const v3 = fromMeraki(json('meraki/v3-wifi.json'), { site: 'sh-01', tokens, zoneOf: byAp });
    expect(Object.fromEntries(v3.dropped)).toEqual({
      mac: 4,
      ipv4: 2,
      ipv6: 1,
      ssid: 2,
      os: 2,
      manufacturer: 3,
      userId: 1,
      location: 1,
    });
    const v2 = merge((json('meraki/v2-devices-seen.json') as unknown[]).map((p) => fromMeraki(p, { site: 'sh-01', tokens, zoneOf: byAp })));
    expect(v2.dropped.get('hostname')).toBe(1);
    expect(v2.dropped.get('location')).toBe(4);
  });

  it('reads Bluetooth posts as BLE events and drops advertised names', () => {
    const batch = fromMeraki(json('meraki/v2-bluetooth.json'), { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: byAp });
    expect(batch.events.map((e) => e.radio)).toEqual(['ble', 'ble', 'ble']);
    expect(batch.dropped.get('ble')).toBe(1);
    expect(batch.randomised).toBe(1);
  });

  it('refuses a wrong secret, an unknown type, and text that is not JSON', () => {
    const options = { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: byAp };
    expect(() => fromMeraki(fixture('meraki/v3-wifi.json'), { ...options, secret: 'other' })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INVALID_PRESENCE_INPUT }),
    );
    expect(() => fromMeraki({ version: '3.0', type: 'DevicesSeen', data: { observations: [] } }, options)).toThrow(/expected type/);
    expect(() => fromMeraki('{"version":', options)).toThrow(expect.objectContaining({ code: IdentityErrorCode.INVALID_PRESENCE_INPUT }));
  });

  it('skips observations whose AP maps to no zone', () => {
    const batch = fromMeraki(json('meraki/v3-wifi.json'), { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: () => undefined });
    expect(batch.events).toEqual([]);
    expect(batch.skipped.get('unmapped-zone')).toBe(3);
  });
});

describe('fromCiscoSpaces', () => {
  const zoneOf = (hint: ZoneHint) => hint.locationName;

  it('counts a duplicated recordUid once, and reads entries, exits and device counts', () => {
    const batch = fromCiscoSpaces(fixture('cisco-spaces/firehose.ndjson'), { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf });
    expect(batch.duplicates).toBe(1);
    expect(batch.events.map((e) => [e.kind, e.zone])).toEqual([
      ['entry', 'Atrium'],
      ['entry', 'Atrium'],
      ['entry', 'Food Court'],
      ['exit', 'Atrium'],
    ]);
    expect(batch.events[3]?.dwellMs).toBe(25 * 60_000);
    expect(batch.events[1]?.token).toBe(batch.events[3]?.token);
    expect(batch.counts).toEqual([{ site: 'sh-01', zone: 'Atrium', at: 1772416860000, associated: 41, probing: 230 }]);
    expect(batch.skipped.get('unknown-type')).toBe(1);
    expect(batch.dropped.get('visitHistory')).toBe(7);
    expect(batch.dropped.get('profile')).toBe(6);
    expect(batch.dropped.get('mac')).toBe(8);
  });

  it('counts duplicates across calls through the caller’s seen set', () => {
    const seen = new Set<string>();
    const options = { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf, seen };
    const text = fixture('cisco-spaces/firehose.ndjson');
    expect(fromCiscoSpaces(text, options).events).toHaveLength(4);
    const again = fromCiscoSpaces(text, options);
    expect(again.events).toHaveLength(0);
    expect(again.duplicates).toBe(7);
  });

  it('skips a bad line with its reason and keeps going', () => {
    const lines = fixture('cisco-spaces/firehose.ndjson').split('\n');
    const text = ['{not json', '[1,2]', '"text"', ...lines].join('\n');
    const batch = fromCiscoSpaces(text, { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf });
    expect(batch.skipped.get('bad-json')).toBe(1);
    expect(batch.skipped.get('not-an-object')).toBe(2);
    expect(batch.events).toHaveLength(4);
  });
});

describe('fromArubaAle', () => {
  it('reads REST presence and location answers and publish/subscribe geofence events', () => {
    const tokens = createDeviceTokeniser();
    const zones = new Map([
      ['AP-L1-ATRIUM-01', 'atrium'],
      ['FLOOR-B1', 'food-court'],
      ['Atrium', 'atrium'],
    ]);
    const zoneOf = (h: ZoneHint) => zones.get(h.apName ?? h.floor ?? h.geofence ?? '');
    const rest = fromArubaAle(fixture('aruba/ale-rest.json'), { site: 'sh-01', tokens, zoneOf });
    expect(rest.events.map((e) => [e.zone, e.randomised])).toEqual([
      ['atrium', true],
      ['atrium', false],
      ['food-court', false],
    ]);
    expect(Object.fromEntries(rest.dropped)).toEqual({ mac: 3, hashedMac: 3, location: 2 });
    const events = fromArubaAle(json('aruba/ale-events.json'), { site: 'sh-01', tokens, zoneOf });
    expect(events.events.map((e) => [e.kind, e.zone, e.dwellMs])).toEqual([
      ['entry', 'atrium', undefined],
      ['exit', 'atrium', 1_491_000],
    ]);
    // Same device, same site, same day: the same token as the REST presence record.
    expect(events.events[0]?.token).toBe(rest.events[1]?.token);
  });

  it('matches Meraki: the same devices give the same tokens whichever vendor saw them', () => {
    const tokens = createDeviceTokeniser();
    const meraki = fromMeraki(json('meraki/v3-wifi.json'), { site: 'sh-01', tokens, zoneOf: byAp });
    const ale = fromArubaAle(json('aruba/ale-rest.json'), { site: 'sh-01', tokens, zoneOf: () => 'any' });
    expect(ale.events.map((e) => e.token)).toEqual(meraki.events.map((e) => e.token));
  });
});

describe('classifyMac', () => {
  it('classifies randomised (locally administered) vectors by the second hex digit', () => {
    const vectors: ReadonlyArray<readonly [string, string]> = [
      ['02:00:00:00:00:01', 'randomised'],
      ['06:11:22:33:44:55', 'randomised'],
      ['DA:A1:19:5C:3E:01', 'randomised'],
      ['fe-dc-ba-98-76-54', 'randomised'],
      ['7e28.8d4e.d905', 'randomised'],
      ['b2:3c:44:00:00:00', 'randomised'],
      ['00:1a:2b:3c:4d:5e', 'global'],
      ['3c:22:fb:11:22:33', 'global'],
      ['18:fe:34:fc:5a:7f', 'global'],
      ['f4:0f:24:00:00:01', 'global'],
      ['01:00:5e:00:00:fb', 'multicast'],
      ['33:33:00:00:00:01', 'multicast'],
      ['ff:ff:ff:ff:ff:ff', 'multicast'],
      ['03:00:00:00:00:00', 'multicast'],
      ['not a mac', 'invalid'],
      ['00:11:22:33:44', 'invalid'],
      ['00:11:22:33:44:5g', 'invalid'],
    ];
    for (const [mac, kind] of vectors) expect([mac, classifyMac(mac)]).toEqual([mac, kind]);
    for (const d of '0123456789abcdef') {
      const v = Number.parseInt(d, 16);
      const expected = (v & 1) === 1 ? 'multicast' : (v & 2) === 2 ? 'randomised' : 'global';
      expect(classifyMac(`a${d}:00:00:00:00:01`)).toBe(expected);
    }
  });
});

describe('adapter edges', () => {
  const options = { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: (h: ZoneHint) => h.locationName ?? h.apMac };

  it('reads Cisco Spaces DEVICE_PRESENCE entry and exit lifecycles and skips the others', () => {
    const line = (uid: string, presenceEventType: string, extra: object = {}) =>
      JSON.stringify({
        recordUid: uid,
        recordTimestamp: 1772416800000,
        eventType: 'DEVICE_PRESENCE',
        devicePresence: {
          presenceEventType,
          device: { macAddress: '3c:22:fb:11:22:33' },
          location: { locationId: 'z', name: 'Atrium' },
          ...extra,
        },
      });
    const batch = fromCiscoSpaces(
      [
        line('p1', 'DEVICE_ENTRY_EVENT', { entryTimestamp: 1772416800000 }),
        line('p2', 'DEVICE_ACTIVE_EVENT'),
        line('p3', 'DEVICE_EXIT_EVENT', { exitTimestamp: 1772417400000, visitDurationMinutes: 10 }),
      ].join('\n'),
      options,
    );
    expect(batch.events.map((e) => [e.kind, e.dwellMs])).toEqual([
      ['entry', undefined],
      ['exit', 600_000],
    ]);
    expect(batch.skipped.get('unknown-type')).toBe(1);
    expect(() => fromCiscoSpaces('x'.repeat(101), { ...options, maxChars: 100 })).toThrow(
      expect.objectContaining({ code: IdentityErrorCode.INPUT_TOO_LARGE }),
    );
  });

  it('reads a Meraki v3 Bluetooth post and counts BLE beacons as dropped', () => {
    const batch = fromMeraki(
      {
        version: '3.0',
        type: 'Bluetooth',
        data: {
          networkId: 'L_1',
          observations: [
            {
              clientMac: '7e:28:8d:4e:d9:05',
              name: 'Tile',
              bleBeacons: [{ bleType: 'iBeacon', uuid: 'f7826da6-4fa2-4e98-8024-bc5b71e0893e', major: 1, minor: 2 }],
              latestRecord: { time: 1772416800, nearestApMac: 'e0:cb:bc:8d:4b:06', nearestApRssi: -70 },
            },
          ],
        },
      },
      options,
    );
    expect(batch.events.map((e) => [e.radio, e.randomised, e.at])).toEqual([['ble', true, 1772416800000]]);
    expect(batch.dropped.get('ble')).toBe(2);
    expect(JSON.stringify(batch.events)).not.toContain('f7826da6');
  });
});
