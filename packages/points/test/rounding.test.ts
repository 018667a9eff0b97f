import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideBig, mulDiv, type RoundingMode, roundStep } from '../src/internal/rounding';

const modes: RoundingMode[] = ['floor', 'ceil', 'half-up', 'half-even'];

function reference(a: bigint, b: bigint, den: bigint, mode: RoundingMode): bigint {
  const num = a * b;
  const q = num / den;
  const r = num % den;
  if (r === 0n || mode === 'floor') return q;
  if (mode === 'ceil') return q + 1n;
  if (2n * r > den) return q + 1n;
  if (2n * r < den) return q;
  return mode === 'half-up' || q % 2n === 1n ? q + 1n : q;
}

describe('exact rounding', () => {
  it('matches big-integer arithmetic in every mode, including near 2^53', () => {
    const big = fc.oneof(fc.integer({ min: 0, max: 2 ** 26 }), fc.integer({ min: 2 ** 40, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(
        big,
        fc.integer({ min: 0, max: 2 ** 26 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom(...modes),
        (a, b, den, mode) => {
          expect(mulDiv(a, b, den, mode)).toBe(Number(reference(BigInt(a), BigInt(b), BigInt(den), mode)));
          expect(divideBig(BigInt(a) * BigInt(b), BigInt(den), mode)).toBe(reference(BigInt(a), BigInt(b), BigInt(den), mode));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reports halves by mode and the residue of a step', () => {
    expect(modes.map((m) => mulDiv(5, 1, 2, m))).toEqual([2, 3, 3, 2]);
    expect(modes.map((m) => mulDiv(7, 1, 2, m))).toEqual([3, 4, 4, 4]);
    expect(modes.map((m) => Number(divideBig(5n, 2n, m)))).toEqual([2, 3, 3, 2]);
    expect(roundStep('base', 12_345, 1, 100, 'half-up')).toEqual({
      stage: 'base',
      mode: 'half-up',
      exact: '12345/100',
      value: 123,
      residue: '45/100',
    });
    expect(roundStep('base', 12_355, 1, 100, 'half-up').residue).toBe('-45/100');
    // Near 2^53 the floating-point quotient still floors exactly.
    expect(mulDiv(9_007_199_254_740_991, 1, 2, 'floor')).toBe(4_503_599_627_370_495);
    expect(mulDiv(9_007_199_254_740_991, 1, 2, 'half-even')).toBe(4_503_599_627_370_496);
    expect(mulDiv(2 ** 52 + 1, 1, 2 ** 52 + 2, 'ceil')).toBe(1);
  });
});
