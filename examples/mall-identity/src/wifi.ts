/**
 * A synthetic day of Meraki Scanning API v3 posts: one post per hour, devices with random
 * addresses (about a third randomised, as phones send), each heard once to three times by the AP
 * of its zone. Seeded, so the story prints the same numbers every run. Not for security: the
 * generator only invents test devices.
 */
export interface WifiDay {
  readonly posts: ReadonlyArray<{ readonly hour: number; readonly payload: unknown }>;
  /** Every client MAC invented, to check none reaches the output. */
  readonly macs: ReadonlyArray<string>;
  /** Camera people counts per zone and hour (plain numbers, as a footfall report gives them). */
  readonly camera: ReadonlyArray<{ readonly zone: string; readonly hour: string; readonly count: number }>;
}

export const AP_OF_ZONE = new Map([
  ['atrium', 'e0:cb:bc:8d:4b:06'],
  ['food-court', '00:18:0a:13:dd:b0'],
  ['cinema', 'e0:cb:bc:8d:4b:07'],
]);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Busy-ness per zone by hour (10:00–21:00), and how many people each camera counts per device. */
const SHAPE: ReadonlyArray<readonly [zone: string, perHour: ReadonlyArray<number>, peoplePerDevice: number]> = [
  ['atrium', [40, 60, 90, 110, 80, 70, 75, 95, 120, 130, 90, 50], 0.85],
  ['food-court', [5, 30, 140, 120, 40, 20, 25, 60, 150, 110, 30, 8], 0.8],
  ['cinema', [0, 2, 6, 9, 12, 8, 7, 15, 30, 40, 35, 20], 0.9],
];

export function wifiDay(options: { readonly date: string; readonly seed?: number }): WifiDay {
  const random = mulberry32(options.seed ?? 20261121);
  const macs: string[] = [];
  const posts: Array<{ hour: number; payload: unknown }> = [];
  const camera: Array<{ zone: string; hour: string; count: number }> = [];
  for (let h = 0; h < 12; h++) {
    const hour = 10 + h;
    const observations: unknown[] = [];
    for (const [zone, perHour, peoplePerDevice] of SHAPE) {
      const devices = perHour[h] as number;
      camera.push({ zone, hour: `${options.date}T${String(hour).padStart(2, '0')}`, count: Math.round(devices * peoplePerDevice) });
      for (let d = 0; d < devices; d++) {
        const randomised = random() < 0.35;
        const first = randomised ? 0xda : 0x3c;
        const mac = [first, 0x22, 0xfb, (random() * 256) | 0, (random() * 256) | 0, (random() * 256) | 0].map(hex2).join(':');
        macs.push(mac);
        const sightings = 1 + Math.floor(random() * 3);
        const start = Math.floor(random() * 50);
        for (let s = 0; s < sightings; s++) {
          const minute = Math.min(59, start + s * Math.floor(random() * 15));
          observations.push({
            clientMac: mac,
            ipv4: `10.10.${h}.${d % 250}`,
            ssid: random() < 0.5 ? 'Mall-Guest' : null,
            os: randomised ? 'iOS' : 'Android',
            manufacturer: randomised ? null : 'Xiaomi',
            latestRecord: {
              time: `${options.date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`,
              nearestApMac: AP_OF_ZONE.get(zone),
              nearestApRssi: -40 - Math.floor(random() * 40),
            },
            locations: [],
          });
        }
      }
    }
    posts.push({
      hour,
      payload: { version: '3.0', secret: 'mall-secret', type: 'WiFi', data: { networkId: 'L_646829496481105433', observations } },
    });
  }
  return { posts, macs, camera };
}
