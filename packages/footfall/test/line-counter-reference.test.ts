import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Anchor, type Crossing, createLineCounter } from '../src/index';

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
  eviction?: { timeoutMs: number; frameMs: number },
) {
  const state = new Map<number, { side: number; pending: number; run: number; seen: number }>();
  const out: string[] = [];
  const d = { x: line.end.x - line.start.x, y: line.end.y - line.start.y };
  // Eviction as documented: a sweep at the first frame and then whenever event time has moved
  // half the timeout past the last sweep forgets the tracks last seen more than the timeout ago.
  let nextSweep = Number.NEGATIVE_INFINITY;
  observations.forEach((frame, f) => {
    const at = f * (eviction?.frameMs ?? 0);
    if (eviction !== undefined && at >= nextSweep) {
      for (const [id, s] of state) if (s.seen < at - eviction.timeoutMs) state.delete(id);
      nextSweep = at + eviction.timeoutMs / 2;
    }
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
        state.set(o.id, { side, pending: 0, run: 0, seen: at });
        continue;
      }
      s.seen = at;
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

  it('forgets tracks exactly when the documented eviction sweep does (a returning id starts afresh)', () => {
    // 200 ids from a small pool come and go in bursts; frames 40 ms apart and a 200 ms timeout make
    // ids expire and return (a returning id is a new track: its first observation sets its side).
    const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.array(fc.record({ id: fc.integer({ min: 0, max: 199 }), x: fc.integer({ min: 0, max: 180 }), below: fc.boolean() }), {
            maxLength: 120,
          }),
          { maxLength: 40 },
        ),
        fc.constantFrom('columns', 'objects'),
        (k, frames, path) => {
          const deduped = frames.map((f) =>
            f
              .filter((o, i) => f.findIndex((p) => p.id === o.id) === i)
              .map((o) => ({ id: o.id, x: o.x, y: o.below ? 70 : 50, w: 20, h: 40 })),
          );
          const counter = createLineCounter({ ...line, minFrames: k, trackTimeoutMs: 200 });
          const got: string[] = [];
          deduped.forEach((f, n) => {
            const meta = { source: 's', frame: n + 1, at: n * 40 };
            const crossings =
              path === 'columns'
                ? counter.updateColumns({
                    ...meta,
                    trackId: Int32Array.from(f, (o) => o.id),
                    x: Float32Array.from(f, (o) => o.x),
                    y: Float32Array.from(f, (o) => o.y),
                    w: Float32Array.from(f, (o) => o.w),
                    h: Float32Array.from(f, (o) => o.h),
                  })
                : counter.update({
                    type: 'frame',
                    ...meta,
                    detections: f.map((o) => ({ trackId: o.id, box: { x: o.x, y: o.y, w: o.w, h: o.h } })),
                  });
            for (const c of crossings) got.push(`${n}:${String(c.trackId)}:${c.direction}`);
          });
          expect(got).toEqual(reference(line, ['bottom-centre'], k, deduped, { timeoutMs: 200, frameMs: 40 }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the same crossings however the tracker orders, drops, compacts and reuses its tracks (columns and objects)', () => {
    const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
    const anchors: Anchor[] = ['bottom-centre'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            order: fc.constantFrom('keep', 'keep', 'keep', 'shuffle', 'compact', 'reverse', 'rotate'),
            leave: fc.integer({ min: 0, max: 6 }),
            join: fc.integer({ min: 0, max: 6 }),
            seed: fc.integer({ min: 1, max: 2 ** 30 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (k, steps) => {
          // Up to 120 tracks in view (more than a frame's budget of moves and misses), ids from a
          // pool of 160 so ids come back after a while; bottoms within a few pixels of the line.
          let order: number[] = Array.from({ length: 90 }, (_, i) => i);
          const frames: { id: number; x: number; y: number; w: number; h: number }[][] = [];
          for (const step of steps) {
            let r = step.seed;
            const rand = (n: number) => {
              r = (Math.imul(r, 1_103_515_245) + 12_345) >>> 1;
              return r % n;
            };
            for (let j = 0; j < step.leave && order.length > 0; j++) order.splice(rand(order.length), 1);
            for (let j = 0; j < step.join && order.length < 120; j++) {
              const id = rand(160);
              if (!order.includes(id)) order.splice(rand(order.length + 1), 0, id);
            }
            if (step.order === 'shuffle') {
              for (let j = order.length - 1; j > 0; j--) {
                const m = rand(j + 1);
                [order[j], order[m]] = [order[m] as number, order[j] as number];
              }
            } else if (step.order === 'compact') order = order.filter(() => rand(8) !== 0);
            else if (step.order === 'reverse') order.reverse();
            else if (step.order === 'rotate' && order.length > 0) order.push(order.shift() as number);
            frames.push(order.map((id) => ({ id, x: 10 + (id % 150), y: 55 + rand(11), w: 20, h: 40 })));
          }
          const objects = createLineCounter({ ...line, anchors, minFrames: k, trackTimeoutMs: 1e9 });
          const columns = createLineCounter({ ...line, anchors, minFrames: k, trackTimeoutMs: 1e9 });
          const fromObjects: string[] = [];
          const fromColumns: string[] = [];
          // Whole crossings too (each one's number shows in `oscillating`, from the third on).
          const objectsFull: Crossing[] = [];
          const columnsFull: Crossing[] = [];
          frames.forEach((f, n) => {
            const meta = { source: 's', frame: n + 1, at: n * 40 };
            for (const c of objects.update({ type: 'frame', ...meta, detections: f.map((o) => ({ trackId: o.id, box: o })) })) {
              fromObjects.push(`${n}:${String(c.trackId)}:${c.direction}`);
              objectsFull.push(c);
            }
            const cols = {
              trackId: Int32Array.from(f, (o) => o.id),
              x: Float32Array.from(f, (o) => o.x),
              y: Float32Array.from(f, (o) => o.y),
              w: Float32Array.from(f, (o) => o.w),
              h: Float32Array.from(f, (o) => o.h),
            };
            for (const c of columns.updateColumns({ ...meta, ...cols })) {
              fromColumns.push(`${n}:${String(c.trackId)}:${c.direction}`);
              columnsFull.push(c);
            }
          });
          const expected = reference(line, anchors, k, frames);
          expect(fromColumns).toEqual(expected);
          expect(fromObjects).toEqual(expected);
          expect(columnsFull).toEqual(objectsFull);
          expect(columns.quality()).toEqual(objects.quality());
          // Every track with an accepted observation (a bottom on the line, y + h = 100, is none).
          const tracked = new Set(frames.flat().flatMap((o) => (o.y + o.h === 100 ? [] : [o.id])));
          expect(columns.activeTracks()).toBe(tracked.size);
          expect(objects.activeTracks()).toBe(tracked.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});
