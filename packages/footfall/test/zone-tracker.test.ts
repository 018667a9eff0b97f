import './helpers/prototype-guard';
import { CoreErrorCode } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createZoneTracker, type Detection, FootfallErrorCode, type FrameEvent, type Heatmap, mergeHeatmaps } from '../src/index';

const square = (x0: number, y0: number, size: number) => [
  { x: x0, y: y0 },
  { x: x0 + size, y: y0 },
  { x: x0 + size, y: y0 + size },
  { x: x0, y: y0 + size },
];
// A box whose bottom-centre is (x, y).
const person = (x: number, y: number, id: number | string = 1): Detection => ({ trackId: id, box: { x: x - 5, y: y - 20, w: 10, h: 20 } });
const frame = (n: number, at: number, dets: Detection[], source = 'cam'): FrameEvent => ({
  type: 'frame',
  source,
  frame: n,
  at,
  detections: dets,
});

describe('createZoneTracker', () => {
  it('uses closed polygons: vertices and edges are inside', () => {
    const z = createZoneTracker({
      zones: [
        { id: 'a', polygon: square(0, 0, 10) },
        {
          id: 'tri',
          polygon: [
            { x: 0, y: 0 },
            { x: 10, y: 0 },
            { x: 0, y: 10 },
          ],
        },
      ],
    });
    expect(z.zonesAt({ x: 0, y: 0 })).toEqual(['a', 'tri']);
    expect(z.zonesAt({ x: 10, y: 5 })).toEqual(['a']);
    expect(z.zonesAt({ x: 5, y: 5 })).toEqual(['a', 'tri']); // on the hypotenuse
    expect(z.zonesAt({ x: 6, y: 5 })).toEqual(['a']);
    expect(z.zonesAt({ x: 10.000001, y: 5 })).toEqual([]);
  });

  it('agrees with a brute-force test on a concave polygon with integer coordinates (property)', () => {
    const poly = [
      { x: 0, y: 0 },
      { x: 20, y: 0 },
      { x: 20, y: 20 },
      { x: 10, y: 10 },
      { x: 0, y: 20 },
    ];
    const z = createZoneTracker({ zones: [{ id: 'v', polygon: poly }] });
    // Inside iff in the square and not strictly inside the notch triangle (20,20),(10,10),(0,20).
    const expected = (x: number, y: number) => {
      if (x < 0 || x > 20 || y < 0 || y > 20) return false;
      const inNotch = y > 10 && y > x && y > 20 - x;
      return !inNotch;
    };
    fc.assert(
      fc.property(fc.integer({ min: -2, max: 22 }), fc.integer({ min: -2, max: 22 }), (x, y) => {
        expect(z.zonesAt({ x, y }).length === 1).toBe(expected(x, y));
      }),
      { numRuns: 600 },
    );
  });

  it('measures dwell per visit, merges short gaps, drops short visits, marks long ones as staff, and records transitions', () => {
    const z = createZoneTracker({
      zones: [
        { id: 'beauty', polygon: square(0, 0, 100) },
        { id: 'tills', polygon: square(200, 0, 100) },
      ],
      minDwellMs: 5_000,
      mergeGapMs: 3_000,
      staffDwellMs: 3_600_000,
    });
    const visits = [];
    const path: [number, number][] = [
      [0, 50],
      [9_000, 50],
      [10_000, 150], // leaves beauty…
      [12_000, 50], // …and is back within 3 s: the same visit
      [13_000, 250], // into the tills
      [16_000, 250],
      [60_000, 150], // 3 s at the tills: too short
    ];
    path.forEach(([t, x], i) => {
      visits.push(...z.update(frame(i + 1, t, [person(x, 50), person(50, 50, 9)])));
    });
    visits.push(...z.update(frame(9, 3_700_000, [person(50, 50, 9)])));
    visits.push(...z.flush());
    const summary = visits.map((v) => [v.trackId, v.zone, v.end - v.start, v.previousZone ?? '-', v.staff]);
    expect(summary).toContainEqual([1, 'beauty', 12_000, '-', false]);
    expect(summary).not.toContainEqual(expect.arrayContaining([1, 'tills']));
    expect(summary).toContainEqual([9, 'beauty', 3_700_000, '-', true]);
    expect(z.quality()).toMatchObject({ shortVisits: 1 });
    expect(z.transitions()).toEqual({});
  });

  it('builds the zone-to-zone transition matrix', () => {
    const z = createZoneTracker({
      zones: [
        { id: 'a', polygon: square(0, 0, 10) },
        { id: 'b', polygon: square(20, 0, 10) },
      ],
    });
    const out = [
      ...z.update(frame(1, 0, [person(5, 5)])),
      ...z.update(frame(2, 1000, [person(25, 5)])),
      ...z.update(frame(3, 2000, [person(5, 5)])),
      ...z.update(frame(4, 3000, [person(40, 40)])),
      ...z.flush(),
    ];
    expect(out.map((v) => `${v.previousZone ?? '-'}>${v.zone}`)).toEqual(['->a', 'a>b', 'b>a']);
    expect(z.transitions()).toEqual({ a: { b: 1 }, b: { a: 1 } });
  });

  it('weights the heatmap by time, so the frame rate does not matter', () => {
    const run = (fps: number) => {
      const z = createZoneTracker({
        zones: [{ id: 'all', polygon: square(0, 0, 100) }],
        heatmap: { width: 100, height: 100, cols: 2, rows: 1 },
      });
      const step = 1000 / fps;
      for (let i = 0; i <= 10 * fps; i++) {
        const t = i * step;
        z.update(frame(i + 1, t, [person(t < 4000 ? 25 : 75, 50)]));
      }
      return z.heatmap();
    };
    const slow = run(5);
    const fast = run(25);
    expect(slow.seconds[0]).toBeCloseTo(4, 0);
    expect(slow.seconds[1]).toBeCloseTo(6, 0);
    expect(fast.seconds[0]).toBeCloseTo(slow.seconds[0] as number, 0);
    expect(fast.seconds[1]).toBeCloseTo(slow.seconds[1] as number, 0);
    expect(fast.durationMs).toBe(10_000);
  });

  it('evicts tracks after the timeout and counts bad boxes', () => {
    const z = createZoneTracker({ zones: [{ id: 'a', polygon: square(0, 0, 10) }], trackTimeoutMs: 1000 });
    z.update(frame(1, 0, [person(5, 5), { trackId: 2, box: { x: Number.NaN, y: 0, w: 1, h: 1 } }]));
    const visits = z.update(frame(2, 5000, []));
    expect(visits).toHaveLength(1);
    expect(z.update(frame(3, Number.NaN, []))).toEqual([]);
    expect(z.quality()).toMatchObject({ tracksEvicted: 1, invalidBoxes: 1, invalidRecords: 1 });
    expect(z.heatmap()).toMatchObject({ cols: 0, rows: 0, seconds: [] });
  });

  it('rejects degenerate polygons and bad options', () => {
    expect(() =>
      createZoneTracker({
        zones: [
          {
            id: 'x',
            polygon: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: FootfallErrorCode.INVALID_GEOMETRY }));
    expect(() =>
      createZoneTracker({
        zones: [
          {
            id: 'x',
            polygon: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
              { x: 2, y: 2 },
            ],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: FootfallErrorCode.INVALID_GEOMETRY }));
    expect(() => createZoneTracker({ zones: [] })).toThrow(expect.objectContaining({ code: CoreErrorCode.VALIDATION }));
  });
});

describe('mergeHeatmaps', () => {
  const heat = fc
    .record({ seconds: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 6, maxLength: 6 }), durationMs: fc.nat(1e6) })
    .map((h): Heatmap => ({ cols: 3, rows: 2, ...h }));
  const zero: Heatmap = { cols: 3, rows: 2, seconds: [0, 0, 0, 0, 0, 0], durationMs: 0 };
  it('is a commutative monoid', () => {
    fc.assert(
      fc.property(heat, heat, heat, (a, b, c) => {
        expect(mergeHeatmaps(a, b)).toEqual(mergeHeatmaps(b, a));
        expect(mergeHeatmaps(mergeHeatmaps(a, b), c)).toEqual(mergeHeatmaps(a, mergeHeatmaps(b, c)));
        expect(mergeHeatmaps(a, zero)).toEqual(a);
      }),
    );
  });
  it('equals one tracker over the whole stream when the stream is split in time', () => {
    const opts = {
      zones: [{ id: 'all', polygon: square(0, 0, 100) }],
      heatmap: { width: 100, height: 100, cols: 4, rows: 4 },
      maxStepMs: 1000,
    };
    const frames = Array.from({ length: 40 }, (_, i) => frame(i + 1, i * 500, [person(5 + i * 2, 50), person(90 - i, 10 + i, 2)]));
    const whole = createZoneTracker(opts);
    for (const f of frames) whole.update(f);
    const first = createZoneTracker(opts);
    const second = createZoneTracker(opts);
    for (const f of frames.slice(0, 20)) first.update(f);
    for (const f of frames.slice(19)) second.update(f); // the boundary frame starts the second partition
    const merged = mergeHeatmaps(first.heatmap(), second.heatmap());
    const expected = whole.heatmap().seconds;
    for (let i = 0; i < expected.length; i++) expect(merged.seconds[i]).toBeCloseTo(expected[i] as number, 9);
    expect(merged.durationMs).toBe(whole.heatmap().durationMs);
  });
  it('refuses different grids', () => {
    expect(() => mergeHeatmaps(zero, { cols: 2, rows: 3, seconds: [0, 0, 0, 0, 0, 0], durationMs: 0 })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INCOMPATIBLE_AGGREGATES }),
    );
  });
});
