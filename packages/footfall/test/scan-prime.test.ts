import './helpers/prototype-guard';
import { describe, expect, it } from 'vitest';
import { primeLoops, primeObjects } from '../src/internal/scan';

// The priming frames must take every branch of the column loops (see primeLoops): a branch they
// miss is one V8 may first take after optimising the loop, which is what put the columns path
// into its half-speed mode. These tests pin what the frames do, for every accepted column kind.
const kinds = [
  ['Int32Array', 'Float32Array', () => new Int32Array(1), () => new Float32Array(1)],
  ['Uint32Array', 'Float64Array', () => new Uint32Array(1), () => new Float64Array(1)],
] as const;

describe('primeLoops', () => {
  for (const [idKind, coordinateKind, ids, coordinates] of kinds) {
    it(`takes every branch of the loops (${idKind} ids, ${coordinateKind} coordinates)`, () => {
      const report = primeLoops(ids(), coordinates(), coordinates(), coordinates(), coordinates());
      // The pair loop: a crossing at an even and at an odd position (tracks 4 and 5, ids 5 and 6),
      // and every kind of skip.
      expect(report.ordered.crossingIds).toEqual([5, 6]);
      expect(report.ordered.invalid).toBeGreaterThan(0);
      expect(report.ordered.outside).toBeGreaterThan(0);
      expect(report.ordered.straddling).toBeGreaterThan(0);
      expect(report.ordered.added).toBe(7);
      // The single-detection loop: the crossing track and every skip.
      expect(report.singles.crossingIds).toEqual([1]);
      expect([report.singles.invalid, report.singles.outside, report.singles.straddling]).toEqual([3, 3, 3]);
      // The index loop: 48 tracks reach the table in the first frame, 2 new ones in the last;
      // the 16 crossing tracks cross although the tracker lists them out of place.
      expect(report.shuffled.added).toBe(50);
      expect(report.shuffled.crossingIds).toHaveLength(16);
      expect(report.shuffled.invalid + report.shuffled.outside + report.shuffled.straddling).toBeGreaterThan(0);
    });
  }

  it('reads only the kinds of the columns it is given', () => {
    const xs = Float32Array.of(7);
    const ids = Int32Array.of(3);
    primeLoops(ids, xs, xs, xs, xs);
    expect([ids[0], xs[0]]).toEqual([3, 7]);
  });
});

// The same for the object loop: primeObjects runs it over one of the caller's detections on
// scratch tables, and each step must take the branch it is there for.
describe('primeObjects', () => {
  const box = { x: 10, y: 20, w: 5, h: 9 };

  it('takes every branch of the object loop, on the first usable detection', () => {
    const dets = [null, { trackId: 'a', box }, { trackId: 7, box: { ...box, w: Number.NaN } }, { trackId: 7, box, cls: 'bike' }];
    const report = primeObjects(dets as never, 0, dets.length);
    const j = 3;
    expect(report).toEqual([
      // A new track, another class: left to the full steps. Outside the band, on the line: skipped.
      8 * j + 4,
      8 * j + 4,
      -1,
      -1,
      // Home slot: stays, starts a run, breaks it off, starts it again, crosses to −1, then to 1.
      -1,
      -1,
      -1,
      -1,
      8 * j + 2,
      8 * j + 3,
      // Out of place: home free, home held (no moves due), home held by a fresh track (moves due),
      // home free with moves due (left to the table).
      -1,
      -1,
      -1,
      8 * j + 4,
    ]);
  });

  it('reads the detections only, and finds none usable in a frame of holes and string ids', () => {
    const det = { trackId: 3, box: { ...box } };
    const before = JSON.stringify(det);
    primeObjects([det], 0, 1);
    expect(JSON.stringify(det)).toBe(before);
    expect(Object.keys(det)).toEqual(['trackId', 'box']);
    expect(primeObjects([undefined, { trackId: 's', box }] as never, 0, 2)).toBeUndefined();
  });
});
