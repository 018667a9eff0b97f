import { startOfLocalHour } from '@aisle/core';
import type { FrameEvent } from '../src/index';

/**
 * The straightforward implementation a team would write first, with the same rules as
 * `createLineCounter` (anchors, band, straddle, k frames, keyed state, eviction) and hourly
 * windows in the store's zone: readable array helpers, string keys, a sweep per frame.
 */
export function createNaiveCounter(options: {
  start: { x: number; y: number };
  end: { x: number; y: number };
  minFrames: number;
  zone: string;
  timeoutMs: number;
}) {
  const { start, end } = options;
  const tracks = new Map<string, { side: number; pending: number; run: number; lastSeen: number }>();
  const hourly = new Map<string, { in: number; out: number }>();
  let total = 0;
  const cross = (p: { x: number; y: number }) => (end.x - start.x) * (p.y - start.y) - (end.y - start.y) * (p.x - start.x);
  const along = (p: { x: number; y: number }) => {
    const dx = end.x - start.x;
    const dy = end.y - start.y;
    return ((p.x - start.x) * dx + (p.y - start.y) * dy) / (dx * dx + dy * dy);
  };
  return {
    update(frame: FrameEvent) {
      for (const [key, t] of [...tracks.entries()]) if (frame.at - t.lastSeen > options.timeoutMs) tracks.delete(key);
      for (const det of frame.detections) {
        const { x, y, w, h } = det.box;
        if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) continue;
        const anchors = [{ x: x + w / 2, y: y + h }];
        if (!anchors.every((p) => along(p) >= 0 && along(p) <= 1)) continue;
        const sides = anchors.map((p) => Math.sign(cross(p)));
        if (sides.some((s) => s === 0 || s !== sides[0])) continue;
        const side = sides[0] as number;
        const key = [frame.source, frame.epoch ?? 0, det.trackId, det.cls ?? 'person'].join('|');
        const t = tracks.get(key);
        if (t === undefined) {
          tracks.set(key, { side, pending: 0, run: 0, lastSeen: frame.at });
          continue;
        }
        t.lastSeen = frame.at;
        if (side === t.side) {
          t.run = 0;
          continue;
        }
        t.run = t.pending === side ? t.run + 1 : 1;
        t.pending = side;
        if (t.run >= options.minFrames) {
          t.side = side;
          t.run = 0;
          t.pending = 0;
          const hour = startOfLocalHour(frame.at, options.zone).toISOString();
          const bucket = hourly.get(hour) ?? { in: 0, out: 0 };
          if (side < 0) bucket.in++;
          else bucket.out++;
          hourly.set(hour, bucket);
          total++;
        }
      }
    },
    total: () => total,
    hourly: () => hourly,
  };
}
