import './helpers/prototype-guard';
import { describe, expect, it } from 'vitest';
import { primeLoops } from '../src/internal/scan';

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
