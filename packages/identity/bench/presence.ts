import { performance } from 'node:perf_hooks';
import { record } from '../../../bench/lib';
import { createDeviceTokeniser, createPresenceCounter, fromCiscoSpaces, fromMeraki } from '../src/index';

/**
 * Presence ingestion cost, against the baseline a team writes first: `JSON.parse` and a `Set` of
 * raw MACs per zone and hour (no stripping, no HMAC, no retention — what this package refuses to
 * do). Reports the ratio (the price of counting without keeping devices) and the time per
 * observation at two sizes (linear time: the ratio of per-item times stays near 1).
 *
 * Run: pnpm --filter @aisle/identity bench. The machine may be shared: read ratios, not absolutes.
 */
const T0 = Date.parse('2026-03-02T02:00:00Z');
const AP = ['e0:cb:bc:8d:4b:06', '00:18:0a:13:dd:b0', 'e0:cb:bc:8d:4b:07', 'e0:cb:bc:8d:4b:08'];
const hex2 = (n: number) => (n & 255).toString(16).padStart(2, '0');

function merakiText(n: number): string {
  const observations = [];
  for (let i = 0; i < n; i++) {
    const device = i % Math.max(1, Math.floor(n / 3)); // each device heard about three times
    observations.push({
      clientMac: `${i % 3 === 0 ? 'da' : '3c'}:22:fb:${hex2(device >> 16)}:${hex2(device >> 8)}:${hex2(device)}`,
      ipv4: `10.0.${hex2(i >> 8)}.${i & 255}`,
      ssid: 'Mall-Guest',
      os: 'Android',
      manufacturer: 'Xiaomi',
      latestRecord: { time: new Date(T0 + ((i * 997) % 3_500_000)).toISOString(), nearestApMac: AP[i % AP.length], nearestApRssi: -60 },
      locations: [],
    });
  }
  return JSON.stringify({ version: '3.0', secret: 's', type: 'WiFi', data: { networkId: 'L_1', observations } });
}

function spacesText(n: number): string {
  const lines = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        recordUid: `evt-${i}`,
        recordTimestamp: T0 + i,
        spacesTenantId: 't',
        eventType: 'DEVICE_ENTRY',
        deviceEntry: {
          device: { deviceId: `d-${i}`, macAddress: `3c:22:fb:${hex2(i >> 16)}:${hex2(i >> 8)}:${hex2(i)}`, mobile: '', email: '' },
          location: { locationId: `z-${i % 4}`, name: `Zone ${i % 4}` },
          entryTimestamp: T0 + i,
        },
      }),
    );
  }
  return lines.join('\n');
}

function baseline(text: string): number {
  const payload = JSON.parse(text) as {
    data: { observations: { clientMac: string; latestRecord: { time: string; nearestApMac: string } }[] };
  };
  const seen = new Map<string, Set<string>>();
  for (const o of payload.data.observations) {
    const hour = Math.floor(Date.parse(o.latestRecord.time) / 3_600_000);
    const key = `${o.latestRecord.nearestApMac}|${hour}`;
    let set = seen.get(key);
    if (set === undefined) {
      set = new Set();
      seen.set(key, set);
    }
    set.add(o.clientMac.toLowerCase());
  }
  let total = 0;
  for (const s of seen.values()) total += s.size;
  return total;
}

function ours(text: string): number {
  const tokens = createDeviceTokeniser();
  const counter = createPresenceCounter({ clock: { now: () => new Date(T0 + 3_600_000) } });
  counter.ingest(fromMeraki(text, { site: 'sh-01', tokens, zoneOf: (h) => h.apMac }));
  return counter.counts().reduce((n, c) => n + c.presence, 0);
}

function best(run: () => unknown, repeat = 7): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    run();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const perItem: number[] = [];
for (const n of [1_000, 4_000, 16_000]) {
  const text = merakiText(n);
  if (ours(text) !== baseline(text)) throw new Error('The two pipelines disagree on the count');
  const b = best(() => baseline(text));
  const o = best(() => ours(text));
  perItem.push(o / n);
  console.log(
    `Meraki v3, ${n} observations (${(text.length / 1e6).toFixed(1)} MB): baseline (raw MAC sets) ${b.toFixed(1)} ms, strip + HMAC + count ${o.toFixed(1)} ms — ratio ${(o / b).toFixed(2)}×`,
  );
  record({
    bench: 'identity/presence (Meraki v3)',
    subject: 'fromMeraki + strip + HMAC + presence counter',
    baseline: 'JSON.parse + a Set of raw MACs per zone and hour',
    ratio: b / o,
    size: n,
    rate: `${((n / o) * 1000).toFixed(0)} observations/s`,
  });
}
console.log(`Linear time: per-observation cost at 16,000 ÷ at 4,000 = ${((perItem[2] as number) / (perItem[1] as number)).toFixed(2)}`);

const spaces: number[] = [];
for (const n of [2_500, 10_000, 40_000]) {
  const text = spacesText(n);
  const parse = best(() => {
    for (const line of text.split('\n')) JSON.parse(line);
  }, 5);
  const o = best(() => fromCiscoSpaces(text, { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: (h) => h.locationName }), 5);
  spaces.push(o / n);
  console.log(
    `Cisco Spaces, ${n} lines: JSON.parse per line ${parse.toFixed(1)} ms, fromCiscoSpaces ${o.toFixed(1)} ms — ratio ${(o / parse).toFixed(2)}×`,
  );
  record({
    bench: 'identity/presence (Cisco Spaces)',
    subject: 'fromCiscoSpaces',
    baseline: 'JSON.parse per line',
    ratio: parse / o,
    size: n,
    rate: `${((n / o) * 1000).toFixed(0)} lines/s`,
  });
}
console.log(`Linear time: per-line cost at 40,000 ÷ at 10,000 = ${((spaces[2] as number) / (spaces[1] as number)).toFixed(2)}`);
