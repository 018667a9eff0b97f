import './helpers/prototype-guard';
import { CoreErrorCode } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineCounter, type Detection, FootfallErrorCode, type FrameEvent } from '../src/index';

// A horizontal door line from (0,100) to (200,100): cross(end − start, p − start) = 200·(py − 100),
// so c < 0 above the line (y < 100) and "in" means arriving above it.
const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
const at = (y: number, x = 90, id: number | string = 1, cls?: string): Detection => ({
  trackId: id,
  box: { x, y: y - 40, w: 20, h: 40 },
  ...(cls === undefined ? {} : { cls }),
});
let frameNo = 0;
const frame = (dets: Detection[], extra: Partial<FrameEvent> = {}): FrameEvent => {
  frameNo++;
  return { type: 'frame', source: 'cam1', frame: frameNo, at: frameNo * 100, detections: dets, ...extra };
};

describe('createLineCounter', () => {
  it('follows the sign convention: arriving where cross < 0 is "in"; flip swaps', () => {
    const c = createLineCounter(line);
    expect(c.update(frame([at(150)]))).toEqual([]);
    const [x] = c.update(frame([at(50)]));
    expect(x).toMatchObject({ direction: 'in', source: 'cam1', line: 'line', trackId: 1, cls: 'person' });
    expect(c.update(frame([at(150)]))[0]?.direction).toBe('out');
    expect(c.counts()).toEqual({ in: 1, out: 1 });
    const f = createLineCounter({ ...line, flip: true, id: 'north' });
    f.update(frame([at(150)]));
    expect(f.update(frame([at(50)]))[0]).toMatchObject({ direction: 'out', line: 'north' });
  });

  it('reverses with the line direction (end and start swapped)', () => {
    const c = createLineCounter({ start: line.end, end: line.start });
    c.update(frame([at(150)]));
    expect(c.update(frame([at(50)]))[0]?.direction).toBe('out');
  });

  it('ignores detections outside the band between the perpendiculars (inclusive) and does not count around the end', () => {
    const c = createLineCounter(line);
    c.update(frame([at(150, 190)])); // anchor x = 200: on the perpendicular, inside
    expect(c.update(frame([at(50, 190)]))).toHaveLength(1);
    c.update(frame([at(50, 300, 2)])); // anchor x = 310: outside
    expect(c.update(frame([at(150, 300, 2)]))).toEqual([]);
    expect(c.quality()).toMatchObject({ outsideBand: 2 });
  });

  it('ignores detections whose anchors straddle the line, or touch it', () => {
    const c = createLineCounter({ ...line, anchors: ['top-centre', 'bottom-centre'] });
    c.update(frame([at(50)])); // box y 10..50: all above
    expect(c.update(frame([at(120)]))).toEqual([]); // y 80..120 straddles
    expect(c.update(frame([at(100)]))).toEqual([]); // bottom on the line
    expect(c.update(frame([at(180)]))[0]?.direction).toBe('out');
    expect(c.quality()).toMatchObject({ straddling: 2 });
  });

  it('needs k consecutive observations on the new side; jitter does not count; ignored frames do not break the run', () => {
    const c = createLineCounter({ ...line, minFrames: 3 });
    c.update(frame([at(150)]));
    for (const y of [50, 50, 150, 50, 50]) expect(c.update(frame([at(y)]))).toEqual([]);
    expect(c.update(frame([at(50, 400)]))).toEqual([]); // outside the band: ignored
    expect(c.update(frame([at(50)]))[0]?.direction).toBe('in');
    expect(c.counts()).toEqual({ in: 1, out: 0 });
  });

  it('keys state by source, epoch, track id and class', () => {
    const c = createLineCounter(line);
    c.update(frame([at(150, 90, 1, 'person'), at(150, 90, 1, 'cart')]));
    const out = c.update(frame([at(50, 90, 1, 'person')]));
    expect(out).toHaveLength(1);
    // Same id on another camera is another track: its first observation only sets its side.
    expect(c.update({ type: 'frame', source: 'cam2', frame: 1, at: frameNo * 100, detections: [at(50)] })).toEqual([]);
    // A new epoch (tracker restarted, ids reused) forgets the old state.
    expect(c.update(frame([at(150)], { epoch: 2 }))).toEqual([]);
    expect(c.activeTracks()).toBe(2);
  });

  it('treats frame numbers going back while time moves on as a tracker restart, and stale frames as out of order', () => {
    const c = createLineCounter(line);
    c.update({ type: 'frame', source: 's', frame: 100, at: 1000, detections: [at(150)] });
    expect(c.update({ type: 'frame', source: 's', frame: 99, at: 900, detections: [at(50)] })).toEqual([]);
    // Restart: frame 1 at a later time; id 1 is a new person whose first sighting only sets the side.
    const r = c.update({ type: 'frame', source: 's', frame: 1, at: 1100, detections: [at(50)] });
    expect(r).toEqual([]);
    const r2 = c.update({ type: 'frame', source: 's', frame: 2, at: 1200, detections: [at(150)] });
    expect(r2[0]).toMatchObject({ direction: 'out', epoch: '0+1' });
    expect(c.update({ type: 'frame', source: 's', frame: 3, at: 999_999, detections: [] })).toEqual([]);
    expect(c.update({ type: 'frame', source: 's', frame: 4, at: Number.NaN, detections: [] })).toEqual([]);
    expect(c.quality()).toMatchObject({ outOfOrderFrames: 1, trackerRestarts: 1, clockJumps: 1, invalidRecords: 1 });
  });

  it('skips NaN and negative boxes and counts them', () => {
    const c = createLineCounter(line);
    c.update(
      frame([
        { trackId: 1, box: { x: Number.NaN, y: 0, w: 10, h: 10 } },
        { trackId: 2, box: { x: 0, y: 0, w: -10, h: 10 } },
        { trackId: 3, box: { x: 0, y: 0, w: 10, h: Number.POSITIVE_INFINITY } },
      ]),
    );
    expect(c.quality()).toMatchObject({ invalidBoxes: 3 });
    expect(c.activeTracks()).toBe(0);
  });

  it('evicts tracks unseen for the timeout, so memory is bounded by active tracks', () => {
    const c = createLineCounter({ ...line, trackTimeoutMs: 1000 });
    for (let i = 0; i < 500; i++) c.update({ type: 'frame', source: 's', frame: i + 1, at: i * 100, detections: [at(150, 90, i)] });
    expect(c.activeTracks()).toBeLessThanOrEqual(16);
    expect(c.evict(1e9)).toBeGreaterThan(0);
    expect(c.activeTracks()).toBe(0);
    expect(c.quality().tracksEvicted).toBe(500);
  });

  it('rejects a degenerate line and malformed options', () => {
    expect(() => createLineCounter({ start: { x: 1, y: 1 }, end: { x: 1, y: 1 } })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INVALID_GEOMETRY }),
    );
    expect(() => createLineCounter({ ...line, minFrames: 0 })).toThrow(expect.objectContaining({ code: CoreErrorCode.VALIDATION }));
  });

  it('counts a straight walk across the line exactly once, in the right direction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 195 }),
        fc.integer({ min: -60, max: -1 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (x, y0, y1, steps, k, downwards) => {
          const c = createLineCounter({ ...line, minFrames: k });
          const from = 100 + (downwards ? y0 : y1);
          const to = 100 + (downwards ? y1 : y0);
          const ys = Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps);
          // Hold the last position for k frames so the new side is confirmed.
          for (let i = 0; i < k; i++) ys.push(to);
          let n = 0;
          ys.forEach((y, i) => {
            if (y === 100) return;
            n += c.update({
              type: 'frame',
              source: 's',
              frame: i + 1,
              at: i * 40,
              detections: [{ trackId: 1, box: { x: x - 10, y: y - 40, w: 20, h: 40 } }],
            }).length;
          });
          expect(n).toBe(1);
          expect(c.counts()).toEqual(downwards ? { in: 0, out: 1 } : { in: 1, out: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
