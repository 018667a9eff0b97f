import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Anchor, createLineCounter } from '../src/index';

const OFFSETS: Record<Anchor, [number, number]> = {
  'bottom-centre': [0.5, 1],
  centre: [0.5, 0.5],
  'top-centre': [0.5, 0],
  'top-left': [0, 0],
  'top-right': [1, 0],
  'bottom-left': [0, 1],
  'bottom-right': [1, 1],
};

/** The rules of the issue, written as plainly as possible, to check the optimised counter against. */
function reference(
  line: { start: { x: number; y: number }; end: { x: number; y: number } },
  anchors: Anchor[],
  k: number,
  observations: { id: number; x: number; y: number; w: number; h: number }[][],
) {
  const state = new Map<number, { side: number; pending: number; run: number }>();
  const out: string[] = [];
  const d = { x: line.end.x - line.start.x, y: line.end.y - line.start.y };
  observations.forEach((frame, f) => {
    for (const o of frame) {
      const points = anchors.map((a) => ({ x: o.x + OFFSETS[a][0] * o.w, y: o.y + OFFSETS[a][1] * o.h }));
      const inBand = points.every((p) => {
        const t = (p.x - line.start.x) * d.x + (p.y - line.start.y) * d.y;
        return t >= 0 && t <= d.x * d.x + d.y * d.y;
      });
      if (!inBand) continue;
      const sides = points.map((p) => Math.sign(d.x * (p.y - line.start.y) - d.y * (p.x - line.start.x)));
      if (sides.some((s) => s === 0 || s !== sides[0])) continue;
      const side = sides[0] as number;
      const s = state.get(o.id);
      if (s === undefined) {
        state.set(o.id, { side, pending: 0, run: 0 });
        continue;
      }
      if (side === s.side) {
        s.run = 0;
        continue;
      }
      s.run = s.pending === side ? s.run + 1 : 1;
      s.pending = side;
      if (s.run >= k) {
        s.side = side;
        s.run = 0;
        s.pending = 0;
        out.push(`${f}:${o.id}:${side < 0 ? 'in' : 'out'}`);
      }
    }
  });
  return out;
}

describe('createLineCounter against a plain reference of the rules', () => {
  it('finds exactly the same crossings on random trajectories, lines, anchors and k', () => {
    const coord = fc.integer({ min: -20, max: 220 });
    fc.assert(
      fc.property(
        fc
          .record({ start: fc.record({ x: coord, y: coord }), end: fc.record({ x: coord, y: coord }) })
          .filter((l) => l.start.x !== l.end.x || l.start.y !== l.end.y),
        fc.uniqueArray(
          fc.constantFrom<Anchor>('bottom-centre', 'centre', 'top-centre', 'top-left', 'top-right', 'bottom-left', 'bottom-right'),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.array(
            fc.record({
              id: fc.integer({ min: 0, max: 3 }),
              x: coord,
              y: coord,
              w: fc.integer({ min: 1, max: 40 }),
              h: fc.integer({ min: 1, max: 60 }),
            }),
            {
              maxLength: 4,
            },
          ),
          { maxLength: 30 },
        ),
        (line, anchors, k, frames) => {
          // One observation per track per frame, as a tracker gives.
          const deduped = frames.map((f) => f.filter((o, i) => f.findIndex((p) => p.id === o.id) === i));
          const counter = createLineCounter({ ...line, anchors, minFrames: k, trackTimeoutMs: 1e9 });
          const got: string[] = [];
          deduped.forEach((f, n) => {
            const crossings = counter.update({
              type: 'frame',
              source: 's',
              frame: n + 1,
              at: n * 40,
              detections: f.map((o) => ({ trackId: o.id, box: { x: o.x, y: o.y, w: o.w, h: o.h } })),
            });
            for (const c of crossings) got.push(`${n}:${String(c.trackId)}:${c.direction}`);
          });
          expect(got).toEqual(reference(line, anchors, k, deduped));
        },
      ),
      { numRuns: 400 },
    );
  });
});
