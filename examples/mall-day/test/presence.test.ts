import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: Wi-Fi presence chapter', () => {
  it('counts phones per zone and hour with identifiers dropped, suppresses the small zone, and reports the ratio to the cameras', async () => {
    const result = await runMallDay({ quiet: true });
    const presence = result.chapters.presence as {
      counts: { zone: string; presence: number; randomised: number }[];
      published: (number | null)[][];
      ratio: number;
      dropped: Record<string, number>;
    };
    expect(presence.counts).toEqual([
      { zone: 'entrance', presence: 118, randomised: 40 },
      { zone: 'entrance', presence: 131, randomised: 44 },
      { zone: 'food-court', presence: 21, randomised: 7 },
      { zone: 'food-court', presence: 57, randomised: 19 },
      { zone: 'kids-corner', presence: 4, randomised: 1 },
      { zone: 'kids-corner', presence: 6, randomised: 2 },
    ]);
    // Per hour: entrance, food court, kids' corner. The kids' corner is under 10 and the food court
    // is hidden with it, so the total minus the entrance never gives the kids' corner away.
    expect(presence.published).toEqual([
      [118, null, null],
      [131, null, null],
    ]);
    expect(presence.dropped).toEqual({ mac: 337, ipv4: 337, ssid: 337, os: 337 });
    expect(presence.ratio).toBeCloseTo(249 / 207, 10);
    expect(result.lines.join('\n')).not.toMatch(/[0-9a-f]{2}:22:fb/);
  });
});
