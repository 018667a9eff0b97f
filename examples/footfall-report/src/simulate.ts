import { fromLocal } from '@aisle/core';
import type { Detection, FrameEvent } from '@aisle/footfall';

/** A small deterministic PRNG (mulberry32), so the generated day is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One person crossing a camera's view: when, which way, where along the line. */
export interface Walk {
  readonly start: number;
  readonly direction: 'in' | 'out' | 'left' | 'right';
  readonly lane: number;
  readonly badge?: boolean;
}

export interface Visitor {
  readonly arrive: number;
  readonly leave: number;
  readonly staff: boolean;
}

export const ZONE = 'Asia/Shanghai';
export const DATE = '2026-11-21';
export const local = (hour: number, minute = 0) => fromLocal({ year: 2026, month: 11, day: 21, hour, minute }, ZONE).getTime();

/** Arrivals per opening hour (10:00 … 21:00): a lunch and an evening peak. */
const PROFILE = [40, 70, 110, 120, 90, 80, 85, 100, 130, 140, 100, 50];

export function generateVisitors(random: () => number): Visitor[] {
  const visitors: Visitor[] = [];
  PROFILE.forEach((n, i) => {
    for (let k = 0; k < n; k++) {
      const arrive = local(10 + i) + Math.floor(random() * 3_600_000);
      const dwell = (5 + random() * 40) * 60_000;
      visitors.push({ arrive, leave: Math.min(arrive + dwell, local(21, 58)), staff: false });
    }
  });
  // Staff badge in at the customer door in the morning and out in the evening.
  for (let s = 0; s < 6; s++) visitors.push({ arrive: local(9, 40 + s), leave: local(22, 5 + s), staff: true });
  return visitors.sort((a, b) => a.arrive - b.arrive);
}

const STEP = 200; // 5 fps
const WALK_FRAMES = 15; // 3 s in view

/**
 * Frames of a camera that sees `walks`: people move across the view for 3 s at 5 fps; frames are
 * produced every second when nobody is in view (so the camera is seen to be up), and not at all
 * while the camera is down.
 */
export function cameraFrames(options: {
  source: string;
  walks: readonly Walk[];
  from: number;
  to: number;
  down?: readonly [number, number];
}): FrameEvent[] {
  const walks = [...options.walks].sort((a, b) => a.start - b.start);
  const frames: FrameEvent[] = [];
  let next = 0;
  const active: { walk: Walk; id: number }[] = [];
  let frameNo = 0;
  let idleUntil = options.from;
  for (let t = options.from; t < options.to; t += STEP) {
    while (next < walks.length && (walks[next] as Walk).start <= t) active.push({ walk: walks[next] as Walk, id: next++ });
    for (let i = active.length - 1; i >= 0; i--)
      if (t - (active[i] as { walk: Walk }).walk.start >= WALK_FRAMES * STEP) active.splice(i, 1);
    frameNo++;
    if (options.down !== undefined && t >= options.down[0] && t < options.down[1]) continue;
    if (active.length === 0 && t < idleUntil) continue;
    idleUntil = t + 1000;
    const detections: Detection[] = active.map(({ walk, id }) => {
      const p = (t - walk.start) / (WALK_FRAMES * STEP); // 0 … 1 through the view
      if (walk.direction === 'in' || walk.direction === 'out') {
        const y = walk.direction === 'in' ? 420 - 260 * p : 160 + 260 * p;
        return { trackId: id, box: { x: walk.lane - 20, y: y - 120, w: 40, h: 120 }, cls: 'person' };
      }
      const x = walk.direction === 'right' ? 40 + 560 * p : 600 - 560 * p;
      return { trackId: id, box: { x: x - 20, y: walk.lane - 120, w: 40, h: 120 }, cls: 'person' };
    });
    frames.push({ type: 'frame', source: options.source, frame: frameNo, at: t, detections });
  }
  return frames;
}
