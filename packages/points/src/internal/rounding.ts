/** How a stage turns an exact fraction of points into an integer. */
export type RoundingMode = 'floor' | 'ceil' | 'half-up' | 'half-even';

/** One rounding step as reported in an explanation: the exact value `num/den`, the integer kept and the residue. */
export interface RoundingStep {
  readonly stage: string;
  readonly mode: RoundingMode;
  /** The exact value before rounding, as `"numerator/denominator"`. */
  readonly exact: string;
  readonly value: number;
  /** What rounding dropped (positive) or added (negative), as `"numerator/denominator"` points. */
  readonly residue: string;
}

/** Divides a non-negative integer product `a × b` by `den` exactly, with an explicit rounding mode. */
export function mulDiv(a: number, b: number, den: number, mode: RoundingMode): number {
  const num = a * b;
  if (!Number.isSafeInteger(num)) return Number(divideBig(BigInt(a) * BigInt(b), BigInt(den), mode));
  // For integers below 2^53 the correctly rounded quotient never crosses an integer, so its
  // floor is exact (checked against big integers in the tests).
  const q = Math.floor(num / den);
  const r = num - q * den;
  if (r === 0) return q;
  switch (mode) {
    case 'floor':
      return q;
    case 'ceil':
      return q + 1;
    case 'half-up':
      return 2 * r >= den ? q + 1 : q;
    default:
      return 2 * r > den || (2 * r === den && q % 2 === 1) ? q + 1 : q;
  }
}

/** The rounding step of `a × b / den` for an explanation (only built when details are asked for). */
export function roundStep(stage: string, a: number, b: number, den: number, mode: RoundingMode): RoundingStep {
  const value = mulDiv(a, b, den, mode);
  const num = BigInt(a) * BigInt(b);
  return { stage, mode, exact: `${num}/${den}`, value, residue: `${num - BigInt(value) * BigInt(den)}/${den}` };
}

/** Exact division of big integers with a rounding mode (non-negative numerator and denominator). */
export function divideBig(num: bigint, den: bigint, mode: RoundingMode): bigint {
  const q = num / den;
  const r = num - q * den;
  if (r === 0n) return q;
  switch (mode) {
    case 'floor':
      return q;
    case 'ceil':
      return q + 1n;
    case 'half-up':
      return 2n * r >= den ? q + 1n : q;
    default:
      return 2n * r > den || (2n * r === den && q % 2n === 1n) ? q + 1n : q;
  }
}
