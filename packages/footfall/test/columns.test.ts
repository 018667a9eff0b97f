import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Anchor,
  COLUMNS_MAX_DETECTIONS,
  type Crossing,
  createFootfallAggregator,
  createLineCounter,
  type Detection,
  FootfallError,
  FootfallErrorCode,
  type FrameColumns,
  type FrameEvent,
} from '../src/index';

const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };

interface Row {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly cls: number;
}

const CLASSES = ['person', 'cart', '__proto__'];

/** The same frame twice: as objects (values read back from the typed columns) and as columns. */
function bothWays(
  rows: readonly Row[],
  meta: { frame: number; at: number; source: string },
  kinds: { ids: 'i32' | 'u32' | 'f64'; coords: 'f32' | 'f64'; cls: boolean },
): { objects: FrameEvent; columns: FrameColumns } {
  const n = rows.length;
  const trackId = kinds.ids === 'i32' ? new Int32Array(n) : kinds.ids === 'u32' ? new Uint32Array(n) : new Float64Array(n);
  const C = kinds.coords === 'f32' ? Float32Array : Float64Array;
  const x = new C(n);
  const y = new C(n);
  const w = new C(n);
  const h = new C(n);
  const cls = new Uint8Array(n);
  rows.forEach((r, i) => {
    trackId[i] = r.id;
    x[i] = r.x;
    y[i] = r.y;
    w[i] = r.w;
    h[i] = r.h;
    cls[i] = r.cls;
  });
  const detections: Detection[] = rows.map((_, i) => ({
    trackId: trackId[i] as number,
    box: { x: x[i] as number, y: y[i] as number, w: w[i] as number, h: h[i] as number },
    ...(kinds.cls ? { cls: CLASSES[cls[i] as number] as string } : {}),
  }));
  return {
    objects: { type: 'frame', ...meta, detections },
    columns: { ...meta, trackId, x, y, w, h, ...(kinds.cls ? { cls, classes: CLASSES } : {}) },
  };
}

const coordinate = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -20, max: 220 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0.5, 99.75) },
);
const row = fc.record({
  id: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 31 - 1, 2 ** 31, 4e9) },
  ),
  x: coordinate,
  y: coordinate,
  w: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, Number.NaN) }),
  h: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.constantFrom(0, Number.NaN) }),
  cls: fc.integer({ min: 0, max: 2 }),
});

describe('LineCounter.updateColumns', () => {
  it('gives the same crossings, counts, quality and aggregate as update on random frames (ids, coordinates, classes, anchors, k)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 40 }),
        fc.record({
          ids: fc.constantFrom('i32' as const, 'u32' as const, 'f64' as const),
          coords: fc.constantFrom('f32' as const, 'f64' as const),
          cls: fc.boolean(),
        }),
        fc.subarray<Anchor>(['bottom-centre', 'centre', 'top-left', 'bottom-right'], { minLength: 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(0, 2),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 40 }),
        (frames, kinds, anchors, minFrames, minDistance, steps) => {
          const options = { ...line, anchors, minFrames, minDistance, trackTimeoutMs: 500, id: 'door' };
          const objects = createLineCounter(options);
          const columns = createLineCounter(options);
          const aggObjects = createFootfallAggregator({ allowedLatenessMs: 60_000 });
          const aggColumns = createFootfallAggregator({ allowedLatenessMs: 60_000 });
          const fromObjects: Crossing[] = [];
          const fromColumns: Crossing[] = [];
          let at = Date.UTC(2026, 10, 21, 2);
          frames.forEach((rows, f) => {
            // Irregular steps so tracks are evicted now and then (timeout 500 ms).
            at += 40 + 100 * (steps[f] ?? 0);
            const source = f % 7 === 6 ? 'cam2' : 'cam1';
            const both = bothWays(rows, { frame: f + 1, at, source }, kinds);
            for (const c of objects.update(both.objects)) {
              fromObjects.push(c);
              aggObjects.add(c);
            }
            for (const c of columns.updateColumns(both.columns)) {
              fromColumns.push(c);
              aggColumns.add(c);
            }
            aggObjects.heartbeat(source, at);
            aggColumns.heartbeat(source, at);
          });
          expect(fromColumns).toEqual(fromObjects);
          expect(columns.counts()).toEqual(objects.counts());
          expect(columns.activeTracks()).toBe(objects.activeTracks());
          expect(columns.quality()).toEqual(objects.quality());
          expect(aggColumns.snapshot()).toEqual(aggObjects.snapshot());
        },
      ),
      { seed: 1717, numRuns: 300 },
    );
  });

  it('counts a walk across the line from typed columns, and mixes with object frames on one counter', () => {
    const c = createLineCounter({ ...line, minFrames: 2 });
    const walk = (y: number) => ({
      trackId: Int32Array.of(7),
      x: Float32Array.of(90),
      y: Float32Array.of(y - 40),
      w: Float32Array.of(20),
      h: Float32Array.of(40),
    });
    expect(c.updateColumns({ source: 'cam1', frame: 1, at: 0, ...walk(150) })).toEqual([]);
    expect(
      c.update({ type: 'frame', source: 'cam1', frame: 2, at: 40, detections: [{ trackId: 7, box: { x: 90, y: 10, w: 20, h: 40 } }] }),
    ).toEqual([]);
    const [x] = c.updateColumns({ source: 'cam1', frame: 3, at: 80, ...walk(40) });
    expect(x).toEqual({ source: 'cam1', line: 'line', direction: 'in', at: 80, trackId: 7, epoch: 0, cls: 'person', frame: 3 });
    expect(c.counts()).toEqual({ in: 1, out: 0 });
  });

  it('numbers every crossing of a track and flags the third on, at every position in the frame', () => {
    // Three tracks (frames of 1 to 3 detections: the loop takes detections in pairs plus a last
    // odd one) walk back and forth across the line; every one of them crosses four times.
    for (const n of [1, 2, 3]) {
      const c = createLineCounter(line);
      const got: string[] = [];
      for (let f = 0; f < 5; f++) {
        const bottom = f % 2 === 0 ? 90 : 110;
        const cols = {
          trackId: Int32Array.from({ length: n }, (_, i) => 7 + i),
          x: Float32Array.from({ length: n }, (_, i) => 20 + 30 * i),
          y: new Float32Array(n).fill(bottom - 40),
          w: new Float32Array(n).fill(20),
          h: new Float32Array(n).fill(40),
        };
        for (const x of c.updateColumns({ source: 'cam1', frame: f + 1, at: f * 40, ...cols })) {
          got.push(`${f}:${String(x.trackId)}:${x.direction}:${x.oscillating === true}`);
        }
      }
      const expected: string[] = [];
      for (let f = 1; f < 5; f++) {
        for (let i = 0; i < n; i++) expected.push(`${f}:${7 + i}:${f % 2 === 1 ? 'out' : 'in'}:${f >= 3}`);
      }
      expect(got).toEqual(expected);
      expect(c.quality().oscillatingTracks).toBe(n);
    }
  });

  it('keeps the state of tracks that survive when the table shrinks after most tracks left', () => {
    // 1,000 tracks, then only track 900 stays, still the frame's 901st detection (the others are
    // outside the band), so it keeps slot 900, far above what the shrunk table keeps. After the
    // others expire it crosses, which it can only do if its side survived the shrink.
    for (const path of ['columns', 'objects'] as const) {
      const c = createLineCounter({ ...line, minFrames: 2, trackTimeoutMs: 200 });
      const frame = (f: number, alone: boolean, bottom: number) => {
        const ids = Array.from({ length: 1000 }, (_, i) => (alone ? (i === 900 ? 900 : 5000 + i) : i));
        const xs = ids.map((id) => (id >= 5000 ? 500 : id % 180)); // x 500: outside the band
        const meta = { source: 'cam1', frame: f, at: f * 40 };
        if (path === 'columns') {
          const cols = {
            trackId: Int32Array.from(ids),
            x: Float32Array.from(xs),
            y: new Float32Array(1000).fill(bottom - 40),
            w: new Float32Array(1000).fill(20),
            h: new Float32Array(1000).fill(40),
          };
          return c.updateColumns({ ...meta, ...cols });
        }
        const detections = ids.map((id, i) => ({ trackId: id, box: { x: xs[i] as number, y: bottom - 40, w: 20, h: 40 } }));
        return c.update({ type: 'frame', ...meta, detections });
      };
      expect(frame(1, false, 90)).toEqual([]);
      for (let f = 2; f <= 20; f++) expect(frame(f, true, 90)).toEqual([]);
      expect(c.activeTracks()).toBe(1);
      expect(frame(21, true, 110)).toEqual([]);
      const [x] = frame(22, true, 110);
      expect(x?.trackId).toBe(900);
      expect(x?.direction).toBe('out');
      expect(c.counts()).toEqual({ in: 0, out: 1 });
    }
  });

  it('keeps every track of a crowded first frame (made room for at once) and of the frames that grow the table after it', () => {
    // 3,000 tracks arrive in the first frame (the empty table makes room for all of them at once),
    // 2,000 more in the second (the table grows under them); all cross in frames 3 and 4, in
    // shuffled order, so every one must be found again through the index with its side intact.
    const c = createLineCounter({ ...line, minFrames: 2, trackTimeoutMs: 10_000 });
    const frame = (f: number, ids: readonly number[], bottom: number) =>
      c.updateColumns({
        source: 'cam1',
        frame: f,
        at: f * 40,
        trackId: Int32Array.from(ids),
        x: Float32Array.from(ids, (id) => id % 180),
        y: new Float32Array(ids.length).fill(bottom - 40),
        w: new Float32Array(ids.length).fill(20),
        h: new Float32Array(ids.length).fill(40),
      });
    const first = Array.from({ length: 3000 }, (_, i) => 7 * i + 1);
    const all = [...first, ...Array.from({ length: 2000 }, (_, i) => 100_000 + i)];
    const shuffled = [...all].sort((a, b) => ((a * 2_654_435_761) % 4_093) - ((b * 2_654_435_761) % 4_093) || a - b);
    expect(frame(1, first, 90)).toEqual([]);
    expect(frame(2, all, 90)).toEqual([]);
    expect(c.activeTracks()).toBe(5000);
    expect(frame(3, shuffled, 110)).toEqual([]);
    const crossed = frame(4, shuffled, 110);
    expect(crossed.map((x) => x.trackId).sort((a, b) => (a as number) - (b as number))).toEqual([...all].sort((a, b) => a - b));
    expect(crossed.every((x) => x.direction === 'out')).toBe(true);
    expect(c.counts()).toEqual({ in: 0, out: 5000 });
  });

  it('reads only the first count entries of reused buffers', () => {
    const c = createLineCounter(line);
    const big = {
      trackId: new Int32Array(8),
      x: new Float64Array(8).fill(90),
      y: new Float64Array(8),
      w: new Float64Array(8).fill(20),
      h: new Float64Array(8).fill(40),
    };
    big.y.fill(110);
    c.updateColumns({ source: 'cam1', frame: 1, at: 0, count: 1, ...big });
    big.y.fill(0);
    big.trackId.fill(99); // beyond count: never read
    big.trackId[0] = 0;
    expect(c.updateColumns({ source: 'cam1', frame: 2, at: 40, count: 1, ...big })).toHaveLength(1);
    expect(c.activeTracks()).toBe(1);
  });

  it('refuses unreadable columns before reading any detection, with the column, what was expected and what was received', () => {
    const c = createLineCounter(line);
    const ok = {
      source: 'cam1',
      frame: 1,
      at: 0,
      trackId: Int32Array.of(1, 2),
      x: Float32Array.of(90, 90),
      y: Float32Array.of(0, 0),
      w: Float32Array.of(20, 20),
      h: Float32Array.of(40, 40),
    };
    const refuse = (frame: unknown, details: Record<string, unknown>) => {
      try {
        c.updateColumns(frame as FrameColumns);
      } catch (error) {
        expect(FootfallError.isInstance(error, FootfallErrorCode.INVALID_COLUMNS)).toBe(true);
        expect((error as FootfallError).details).toMatchObject(details);
        expect((error as Error).message).toMatch(/expected .+ received/);
        return;
      }
      throw new Error('accepted');
    };
    refuse({ ...ok, y: Float32Array.of(0) }, { column: 'y', received: 1 });
    refuse({ ...ok, x: [90, 90] }, { column: 'x', received: 'Array' });
    refuse({ ...ok, trackId: Int16Array.of(1, 2) }, { column: 'trackId', received: 'Int16Array' });
    refuse({ ...ok, trackId: new BigInt64Array(2) }, { column: 'trackId', received: 'BigInt64Array' });
    refuse({ ...ok, count: 3 }, { column: 'trackId' });
    refuse({ ...ok, count: 1.5 }, { column: 'count' });
    refuse({ ...ok, count: -1 }, { column: 'count' });
    refuse({ ...ok, cls: Uint8Array.of(0, 1) }, { column: 'classes' });
    refuse({ ...ok, cls: Uint8Array.of(0, 1), classes: ['person'] }, { column: 'cls', index: 1, received: 1 });
    refuse({ ...ok, cls: Uint8Array.of(0, 0), classes: ['person', 7] }, { column: 'classes', index: 1 });
    refuse({ ...ok, source: 5 }, { column: 'source' });
    refuse(null, { expected: 'object' });
    // Nothing was read: the counter holds no track and counted nothing.
    expect(c.activeTracks()).toBe(0);
    expect(c.quality()).toEqual(createLineCounter(line).quality());
  });

  it('refuses frames over the documented cap, and survives hostile values without throwing', () => {
    const c = createLineCounter(line);
    const n = COLUMNS_MAX_DETECTIONS + 1;
    const huge = {
      source: 'cam1',
      frame: 1,
      at: 0,
      trackId: new Int32Array(n),
      x: new Float32Array(n),
      y: new Float32Array(n),
      w: new Float32Array(n),
      h: new Float32Array(n),
    };
    expect(() => c.updateColumns(huge)).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INPUT_TOO_LARGE, details: { limit: COLUMNS_MAX_DETECTIONS, received: n } }),
    );
    const hostile = {
      source: '__proto__',
      frame: 1,
      at: 0,
      trackId: Float64Array.of(2 ** 31, 2 ** 53, Number.NaN, -0, 1.5, Number.POSITIVE_INFINITY),
      x: Float64Array.of(90, 90, 90, Number.NaN, 90, 90),
      y: Float64Array.of(0, 0, 0, 0, 0, 0),
      w: Float64Array.of(20, 20, 20, 20, 20, 20),
      h: Float64Array.of(40, 40, 40, 40, 40, 40),
      cls: Uint8Array.of(0, 0, 0, 0, 0, 0),
      classes: ['constructor'],
    };
    expect(c.updateColumns(hostile)).toEqual([]);
    const q = c.quality();
    expect(q.unsafeTrackIds).toBe(4); // 2^53, NaN, 1.5, Infinity
    expect(q.invalidBoxes).toBe(1);
    expect(c.activeTracks()).toBe(1); // 2^31 is a safe integer, kept
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('keeps memory bounded: a million short tracks leave only the live ones in the table', () => {
    const c = createLineCounter({ ...line, trackTimeoutMs: 200 });
    const n = 1000;
    const cols = {
      trackId: new Int32Array(n),
      x: new Float32Array(n).fill(90),
      y: new Float32Array(n).fill(0),
      w: new Float32Array(n).fill(20),
      h: new Float32Array(n).fill(40),
    };
    for (let f = 0; f < 1000; f++) {
      for (let i = 0; i < n; i++) cols.trackId[i] = f * n + i; // every frame a new set of ids
      c.updateColumns({ source: 'cam1', frame: f + 1, at: f * 40, ...cols });
    }
    expect(c.activeTracks()).toBeLessThanOrEqual(8 * n);
    expect(c.quality().tracksEvicted).toBeGreaterThan(990_000);
  });
});
