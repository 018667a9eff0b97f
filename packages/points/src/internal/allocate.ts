import type { LineView, TenderView } from './context';
import { mulDiv } from './rounding';

// Scratch for the largest-remainder allocation of small receipts (reused; evaluation is synchronous).
let remainders = new Float64Array(16);
let order = new Int32Array(16);

/**
 * Each line's earning fen, written to `out`: the non-earning tenders (stored value, points, gift
 * cards) are spread over the lines in proportion to their amounts, by largest remainder, so the
 * parts add up exactly.
 */
export function allocate(
  lines: readonly LineView[],
  tenders: readonly TenderView[],
  nonEarning: ReadonlySet<string>,
  out: Float64Array,
): void {
  const n = lines.length;
  let excluded = 0;
  for (let i = 0; i < tenders.length; i++) {
    const t = tenders[i] as TenderView;
    if (nonEarning.has(t.method)) excluded += t.amountFen;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = (lines[i] as LineView).amountFen;
    out[i] = a;
    total += a;
  }
  if (excluded !== 0) spread(lines, total, excluded, out);
}

/**
 * Takes `excluded` fen (the non-earning tenders) off lines whose amounts are in `out` and add up
 * to `total`, in proportion to their amounts, by largest remainder: the parts add up exactly.
 */
export function spread(lines: readonly LineView[], total: number, excluded: number, out: Float64Array): void {
  const n = lines.length;
  const earning = Math.max(0, total - excluded);
  if (earning === 0 || total === 0) {
    out.fill(0, 0, n);
    return;
  }
  let left = earning;
  let small = true;
  for (let i = 0; i < n; i++) {
    const a = out[i] as number;
    const share = mulDiv(a, earning, total, 'floor');
    out[i] = share;
    left -= share;
    if (!Number.isSafeInteger(a * earning)) small = false;
  }
  if (left === 0) return;
  if (small && n <= 64) {
    // Every product is a safe integer, so the remainders are exact in plain numbers; larger
    // remainders first, then lower index (an insertion sort over at most 64 lines).
    if (remainders.length < n) {
      remainders = new Float64Array(64);
      order = new Int32Array(64);
    }
    for (let i = 0; i < n; i++) {
      remainders[i] = (lines[i] as LineView).amountFen * earning - (out[i] as number) * total;
      let j = i - 1;
      const r = remainders[i] as number;
      while (j >= 0 && (remainders[order[j] as number] as number) < r) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = i;
    }
    for (let k = 0; k < left; k++) {
      const at = order[k] as number;
      out[at] = (out[at] as number) + 1;
    }
    return;
  }
  if (small) {
    const rest = [];
    for (let i = 0; i < n; i++) rest.push({ i, r: (lines[i] as LineView).amountFen * earning - (out[i] as number) * total });
    rest.sort((x, y) => y.r - x.r || x.i - y.i);
    for (let k = 0; k < left; k++) {
      const at = (rest[k] as { i: number }).i;
      out[at] = (out[at] as number) + 1;
    }
    return;
  }
  const rest = [];
  for (let i = 0; i < n; i++)
    rest.push({ i, r: BigInt((lines[i] as LineView).amountFen) * BigInt(earning) - BigInt(out[i] as number) * BigInt(total) });
  rest.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (let k = 0; k < left; k++) {
    const at = (rest[k] as { i: number }).i;
    out[at] = (out[at] as number) + 1;
  }
}
