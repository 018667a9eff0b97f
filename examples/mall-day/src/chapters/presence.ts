import { fromLocal } from '@aisle/core';
import { calibrate, classifyMac, createDeviceTokeniser, createPresenceCounter, fromMeraki, publishPresence } from '@aisle/identity';
import type { MallDay } from '../context';
import type { Chapter } from './index';
import type { DayLog } from './opening';

const HOUR = 3_600_000;
const AP_ZONES = new Map([
  ['e0:cb:bc:8d:4b:06', 'entrance'],
  ['e0:cb:bc:8d:4b:07', 'kids-corner'],
  ['e0:cb:bc:8d:4b:08', 'food-court'],
]);

/** One Meraki Scanning API v3 post per hour: `n` phones at the entrance AP, `k` at the kids' corner, `f` at the food court. */
function post(from: number, h: number, n: number, k: number, f: number) {
  const observations = [];
  for (let i = 0; i < n + k + f; i++) {
    // Every third phone sends a randomised (locally administered) address, as phones do by default.
    const first = i % 3 === 0 ? 'da' : '3c';
    const mac = `${first}:22:fb:${(h + 10).toString(16).padStart(2, '0')}:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    observations.push({
      clientMac: mac,
      ipv4: `10.20.${h}.${i % 250}`,
      ssid: 'Mall-Guest',
      os: 'Android',
      latestRecord: {
        time: new Date(from + h * HOUR + ((i * 37_000) % HOUR)).toISOString(),
        nearestApMac: i < n ? 'e0:cb:bc:8d:4b:06' : i < n + k ? 'e0:cb:bc:8d:4b:07' : 'e0:cb:bc:8d:4b:08',
        nearestApRssi: -55,
      },
    });
  }
  return { version: '3.0', secret: 'mall-secret', type: 'WiFi', data: { networkId: 'L_646829496481105433', observations } };
}

/**
 * Chapter (identity — presence): the same morning hours as the door cameras, seen by the Wi-Fi.
 * Meraki posts are stripped at ingestion (addresses, IPs, SSIDs dropped and counted), phones
 * deduplicated per hour under a key that lives only in memory for today, counted per zone, small
 * zones suppressed with a complement, and the counts set beside the cameras' entries as a ratio —
 * no device is followed to "improve" anything.
 */
export const presenceChapter: Chapter = {
  name: 'presence',
  run(day: MallDay, log: DayLog) {
    const from = fromLocal({ year: 2026, month: 11, day: 21, hour: 10 }, day.zone).getTime();
    day.say('## Wi-Fi presence');
    const tokens = createDeviceTokeniser();
    const counter = createPresenceCounter({ clock: { now: () => new Date(Math.max(day.clock.now().getTime(), from + 2 * HOUR)) } });
    const dropped = new Map<string, number>();
    for (const [h, n, k, f] of [
      [0, 118, 4, 21],
      [1, 131, 6, 57],
    ] as const) {
      const payload = post(from, h, n, k, f);
      const batch = fromMeraki(JSON.stringify(payload), {
        site: day.storeId,
        tokens,
        zoneOf: (hint) => AP_ZONES.get(hint.apMac ?? ''),
        secret: 'mall-secret',
      });
      for (const [field, count] of batch.dropped) dropped.set(field, (dropped.get(field) ?? 0) + count);
      counter.ingest(batch);
    }
    const counts = counter.counts();
    day.say(
      `Dropped at ingestion: ${[...dropped].map(([f, n]) => `${f} ${n}`).join(', ')}; ${classifyMac('da:22:fb:0a:00:00')} addresses flagged, never joined`,
    );
    const published = publishPresence(counts);
    for (const w of published) {
      const label = new Date(w.start + 8 * HOUR).toISOString().slice(11, 16);
      day.say(`${label}: ${w.zones.map((z) => `${z.zone} ${z.presence ?? 'suppressed'}`).join(', ')}; total ${w.total ?? 'suppressed'}`);
    }
    // The door cameras' entries for the same hours, as the footfall chapter publishes them.
    const camera = [
      { zone: 'entrance', hour: '10:00', count: 99 },
      { zone: 'entrance', hour: '11:00', count: 108 },
    ];
    const report = calibrate({
      wifi: counts.map((c) => ({ zone: c.zone, hour: new Date(c.start + 8 * HOUR).toISOString().slice(11, 16), count: c.presence })),
      camera,
    });
    const entrance = report.zones.find((z) => z.zone === 'entrance');
    day.say(
      `Wi-Fi vs cameras at the entrance: ${entrance?.wifi} devices / ${entrance?.camera} entries = ${entrance?.ratio?.toFixed(2)} per person`,
    );
    log.record('presence.counts', `Wi-Fi presence 10:00–12:00 counted per zone; ratio to cameras ${entrance?.ratio?.toFixed(2)}`);
    return {
      counts: counts.map((c) => ({ zone: c.zone, presence: c.presence, randomised: c.randomised })),
      published: published.map((w) => w.zones.map((z) => z.presence)),
      ratio: entrance?.ratio,
      dropped: Object.fromEntries(dropped),
      // For the day report: what is published (small zones suppressed), per local hour.
      hours: published.map((w) => ({
        hour: new Date(w.start + 8 * HOUR).toISOString().slice(11, 16),
        zones: w.zones.map((z) => ({ zone: z.zone, presence: z.presence })),
        total: w.total,
      })),
    };
  },
};
