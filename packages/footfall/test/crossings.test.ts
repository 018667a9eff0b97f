import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDurations,
  type Crossing,
  dedupCrossings,
  emptyHistogram,
  excludeStaff,
  histogramQuantile,
  mergeHistograms,
  mergeQuality,
  summarizeHistogram,
} from '../src/index';

const c = (source: string, at: number, line = 'north', direction: 'in' | 'out' = 'in'): Crossing => ({
  source,
  line,
  direction,
  at,
  trackId: at,
  epoch: 0,
  cls: 'person',
  frame: at,
});

describe('dedupCrossings', () => {
  it('matches crossings of the same door and direction from two cameras within the window, one to one', () => {
    const { crossings, quality } = dedupCrossings(
      [c('A', 1000), c('B', 1300), c('B', 1500), c('A', 1600), c('A', 9000), c('B', 9100, 'north', 'out'), c('B', 9200, 'south')],
      { windowMs: 500 },
    );
    expect(crossings.map((x) => `${x.source}${x.at}`)).toEqual(['A1000', 'B1500', 'A9000', 'B9100', 'B9200']);
    expect(quality).toEqual({ crossCameraDuplicates: 2 });
  });
  it('never drops more than half and never matches a camera with itself (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 10_000 })), { maxLength: 40 }), (xs) => {
        const input = xs.map(([s, t]) => c(s, t));
        const out = dedupCrossings(input, { windowMs: 300 }).crossings;
        expect(out.length).toBeGreaterThanOrEqual(Math.ceil(input.length / 2));
        expect(
          dedupCrossings(
            input.filter((x) => x.source === 'A'),
            { windowMs: 300 },
          ).crossings,
        ).toHaveLength(input.filter((x) => x.source === 'A').length);
      }),
    );
  });
});

describe('excludeStaff', () => {
  it('uses staff-only doors and badge reads, one crossing per badge', () => {
    const { customers, staff } = excludeStaff([c('A', 1000), c('A', 2000, 'dock'), c('A', 5000), c('A', 5100), c('A', 20_000)], {
      staffLines: ['dock'],
      badges: [
        { line: 'north', at: 5200 },
        { line: 'north', at: 50_000 },
      ],
    });
    expect(customers.map((x) => x.at)).toEqual([1000, 5000, 20_000]);
    expect(staff.map((x) => x.at)).toEqual([2000, 5100]);
    expect(excludeStaff([c('A', 1)], {}).customers).toHaveLength(1);
  });
});

describe('duration histogram', () => {
  it('gives quantiles within 1 % and an exact mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const h = addDurations(emptyHistogram(), xs);
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0.5, 0.9]) {
          const exact = sorted[Math.max(0, Math.ceil(q * xs.length) - 1)] as number;
          expect(Math.abs((histogramQuantile(h, q) as number) - exact) / exact).toBeLessThanOrEqual(0.0101);
        }
        expect(summarizeHistogram(h).meanMs).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
      }),
    );
  });
  it('merges as a commutative monoid and handles edge values', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1e7)), fc.array(fc.nat(1e7)), fc.array(fc.nat(1e7)), (a, b, d) => {
        const [x, y, z] = [a, b, d].map((v) => addDurations(emptyHistogram(), v)) as [never, never, never];
        expect(mergeHistograms(x, y)).toEqual(mergeHistograms(y, x));
        expect(mergeHistograms(mergeHistograms(x, y), z)).toEqual(mergeHistograms(x, mergeHistograms(y, z)));
        expect(mergeHistograms(x, emptyHistogram())).toEqual(addDurations(emptyHistogram(), a));
        expect(mergeHistograms(x, y)).toEqual(addDurations(emptyHistogram(), [...a, ...b]));
      }),
      { numRuns: 50 },
    );
    const h = addDurations(emptyHistogram(), [0, 0.5, Number.NaN, -1, 1000]);
    expect(h.count).toBe(3);
    expect(histogramQuantile(h, 0)).toBe(0);
    expect(summarizeHistogram(emptyHistogram())).toEqual({ count: 0, meanMs: undefined, medianMs: undefined, p90Ms: undefined });
    expect(() => histogramQuantile(h, 2)).toThrow(RangeError);
  });
  it('merges quality reports', () => {
    expect(mergeQuality({ invalidBoxes: 2 }, { invalidBoxes: 1, clockJumps: 1 })).toEqual({ clockJumps: 1, invalidBoxes: 3 });
  });
});
