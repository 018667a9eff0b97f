/**
 * A mergeable histogram for durations: logarithmic bins (γ = 1.02), so any quantile is within 1 %
 * relative error, and merging two histograms is adding their bins (exact, commutative,
 * associative, `emptyHistogram()` is the identity).
 */

const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);

/** Serialisable histogram state. `bins` maps a bin index to a count; bin "z" holds values under 1 ms. @public */
export interface DurationHistogram {
  readonly count: number;
  readonly sumMs: number;
  readonly bins: Readonly<Record<string, number>>;
}

/** Count, mean, median and p90 of a histogram, in ms (`undefined` when empty). @public */
export interface DurationSummary {
  readonly count: number;
  readonly meanMs: number | undefined;
  readonly medianMs: number | undefined;
  readonly p90Ms: number | undefined;
}

/**
 * The empty histogram (the identity of {@link mergeHistograms}).
 *
 * @example
 * ```ts
 * import { emptyHistogram } from '@aisle/footfall';
 *
 * emptyHistogram(); // { count: 0, sumMs: 0, bins: {} }
 * ```
 *
 * @public
 */
export function emptyHistogram(): DurationHistogram {
  return { count: 0, sumMs: 0, bins: {} };
}

function binOf(ms: number): string {
  return ms < 1 ? 'z' : String(Math.ceil(Math.log(ms) / LOG_GAMMA));
}

function binValue(bin: string): number {
  if (bin === 'z') return 0;
  const i = Number(bin);
  return (2 * GAMMA ** i) / (GAMMA + 1);
}

/**
 * Adds durations (ms, finite, ≥ 0; others are ignored) and returns a new histogram.
 *
 * @example
 * ```ts
 * import { addDurations, emptyHistogram, summarizeHistogram } from '@aisle/footfall';
 *
 * const h = addDurations(emptyHistogram(), [60_000, 120_000, 600_000]);
 * summarizeHistogram(h).medianMs; // ≈ 120 000 (within 1 %)
 * ```
 *
 * @public
 */
export function addDurations(h: DurationHistogram, durationsMs: readonly number[]): DurationHistogram {
  const bins: Record<string, number> = { ...h.bins };
  let count = h.count;
  let sum = h.sumMs;
  for (const ms of durationsMs) {
    if (!Number.isFinite(ms) || ms < 0) continue;
    const b = binOf(ms);
    bins[b] = (bins[b] ?? 0) + 1;
    count++;
    sum += ms;
  }
  return { count, sumMs: sum, bins };
}

/**
 * Merges two histograms by adding their bins.
 *
 * @example
 * ```ts
 * import { addDurations, emptyHistogram, mergeHistograms } from '@aisle/footfall';
 *
 * mergeHistograms(addDurations(emptyHistogram(), [1000]), addDurations(emptyHistogram(), [2000])).count; // 2
 * ```
 *
 * @public
 */
export function mergeHistograms(a: DurationHistogram, b: DurationHistogram): DurationHistogram {
  const bins: Record<string, number> = {};
  for (const key of [...new Set([...Object.keys(a.bins), ...Object.keys(b.bins)])].sort()) {
    bins[key] = (a.bins[key] ?? 0) + (b.bins[key] ?? 0);
  }
  return { count: a.count + b.count, sumMs: a.sumMs + b.sumMs, bins };
}

/**
 * The `q`-quantile (0–1) of a histogram, within 1 % relative error; `undefined` when empty.
 *
 * @example
 * ```ts
 * import { addDurations, emptyHistogram, histogramQuantile } from '@aisle/footfall';
 *
 * histogramQuantile(addDurations(emptyHistogram(), [1000, 2000, 3000]), 0.5); // ≈ 2000
 * ```
 *
 * @public
 */
export function histogramQuantile(h: DurationHistogram, q: number): number | undefined {
  if (h.count === 0) return undefined;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile must be in [0, 1], got ${q}`);
  const rank = Math.max(1, Math.ceil(q * h.count));
  const keys = Object.keys(h.bins).sort((x, y) => (x === 'z' ? -1 : y === 'z' ? 1 : Number(x) - Number(y)));
  let seen = 0;
  for (const key of keys) {
    seen += h.bins[key] ?? 0;
    if (seen >= rank) return binValue(key);
  }
  return binValue(keys[keys.length - 1] as string);
}

/**
 * Count, mean (exact), median and p90 (within 1 %).
 *
 * @example
 * ```ts
 * import { addDurations, emptyHistogram, summarizeHistogram } from '@aisle/footfall';
 *
 * summarizeHistogram(addDurations(emptyHistogram(), [1000, 3000])).meanMs; // 2000
 * ```
 *
 * @public
 */
export function summarizeHistogram(h: DurationHistogram): DurationSummary {
  return {
    count: h.count,
    meanMs: h.count === 0 ? undefined : h.sumMs / h.count,
    medianMs: histogramQuantile(h, 0.5),
    p90Ms: histogramQuantile(h, 0.9),
  };
}
