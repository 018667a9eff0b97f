import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeviceTokeniser, fromArubaAle, fromCiscoSpaces, fromMeraki, IdentityError } from '../src/index';

const options = { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: (h: { apMac?: string | undefined }) => h.apMac ?? 'z' };

/** Anything an attacker can POST: arbitrary JSON values, and Meraki-shaped objects with arbitrary leaves. */
const leaf = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true }),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
);
const merakiShaped = fc.record({
  version: fc.oneof(fc.constantFrom('3.0', '2.0', '1.0', 3, 2), leaf),
  type: fc.oneof(fc.constantFrom('WiFi', 'Bluetooth', 'DevicesSeen', 'BluetoothDevicesSeen'), leaf),
  data: fc.oneof(
    fc.record({
      apMac: leaf,
      apTags: leaf,
      apFloors: leaf,
      observations: fc.array(
        fc.oneof(
          leaf,
          fc.record({
            clientMac: fc.oneof(fc.constantFrom('3c:22:fb:11:22:33', 'da:a1:19:5c:3e:01'), leaf),
            seenEpoch: leaf,
            seenTime: leaf,
            ipv4: leaf,
            latestRecord: fc.oneof(leaf, fc.record({ time: fc.oneof(fc.constant('2026-03-02T02:00:00Z'), leaf), nearestApMac: leaf })),
            locations: leaf,
          }),
        ),
        { maxLength: 8 },
      ),
    }),
    leaf,
  ),
});

function onlyCodedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
  }
}

describe('presence adapters under arbitrary input', () => {
  it('fromMeraki either reads a payload or throws a coded IdentityError', () => {
    fc.assert(
      fc.property(fc.oneof(leaf, merakiShaped), (payload) => {
        onlyCodedErrors(() => fromMeraki(payload, options));
        onlyCodedErrors(() => fromMeraki(JSON.stringify(payload) ?? 'null', options));
      }),
      { numRuns: 400 },
    );
  });

  it('fromArubaAle either reads a payload or throws a coded IdentityError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          leaf,
          fc.array(fc.oneof(leaf, fc.record({ presence: leaf, location: leaf, geofence_notify: leaf, timestamp: leaf }))),
          fc.record({
            Presence_result: fc.oneof(leaf, fc.array(fc.oneof(leaf, fc.record({ msg: leaf, ts: leaf })))),
            Location_result: leaf,
          }),
        ),
        (payload) => onlyCodedErrors(() => fromArubaAle(payload, options)),
      ),
      { numRuns: 400 },
    );
  });

  it('fromCiscoSpaces never throws on arbitrary lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.json(),
            fc
              .record({
                recordUid: leaf,
                recordTimestamp: leaf,
                eventType: fc.constantFrom('DEVICE_ENTRY', 'DEVICE_EXIT', 'DEVICE_PRESENCE', 'DEVICE_COUNT'),
                deviceEntry: leaf,
                deviceExit: leaf,
                devicePresence: leaf,
                deviceCounts: leaf,
              })
              .map((r) => JSON.stringify(r) ?? ''),
          ),
          { maxLength: 10 },
        ),
        (lines) => {
          const batch = fromCiscoSpaces(lines.join('\n'), options);
          expect(batch.events.length).toBeLessThanOrEqual(lines.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});
