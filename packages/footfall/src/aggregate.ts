import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from './errors';
import { type DurationHistogram, emptyHistogram, mergeHistograms } from './histogram';
import { coalesce } from './internal/intervals';
import { mergeQuality, type QualityReport } from './quality';

/** Bucket width of every aggregate: 5 minutes (aligned in every zone, whose offsets are multiples of 5 min). @public */
export const BUCKET_MS = 300_000;

/** Counts at one line in one 5-minute bucket. @public */
export interface LineBucket {
  readonly in: number;
  readonly out: number;
  readonly passed: number;
}

/**
 * Everything a footfall aggregator knows, as plain JSON: a commutative monoid under
 * {@link mergeAggregates} with {@link emptyAggregate} as identity, so it can be computed per camera,
 * per worker or per partition and merged in any grouping and order.
 *
 * - `buckets[bucketStartMs][line]`: counts per 5-minute bucket (UTC-aligned; hours and days are
 *   derived in the store's zone at report time, so DST needs no special case here).
 * - `coverage[source]`: when each source was observed, as coalesced `[from, to]` intervals
 *   (silence longer than `gapMs` is a gap).
 * - `dwell[zone]`: dwell histograms of customer visits; `staffVisits[zone]`: visits excluded as staff.
 * - `transitions[from][to]`: zone-to-zone moves.
 * - `late`: events that arrived after the watermark plus allowed lateness (reported, not counted).
 *
 * @public
 */
export interface FootfallAggregate {
  readonly version: 1;
  readonly gapMs: number;
  readonly buckets: Readonly<Record<string, Readonly<Record<string, LineBucket>>>>;
  readonly coverage: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  readonly dwell: Readonly<Record<string, DurationHistogram>>;
  readonly staffVisits: Readonly<Record<string, number>>;
  readonly transitions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly late: number;
  readonly quality: QualityReport;
}

/**
 * The identity aggregate for a given gap threshold.
 *
 * @example
 * ```ts
 * import { emptyAggregate, mergeAggregates } from '@aisle/footfall';
 *
 * const e = emptyAggregate();
 * mergeAggregates(e, e); // equal to e
 * ```
 *
 * @public
 */
export function emptyAggregate(gapMs = BUCKET_MS): FootfallAggregate {
  return { version: 1, gapMs, buckets: {}, coverage: {}, dwell: {}, staffVisits: {}, transitions: {}, late: 0, quality: {} };
}

function keysOf(...objects: object[]): string[] {
  return [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
}

function sumRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keysOf(a, b)) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

/**
 * Merges aggregates: counts add, histograms add, coverage intervals unite. Associative and
 * commutative, with {@link emptyAggregate} as identity; the result has sorted keys, so equal
 * content serialises to equal JSON.
 *
 * @throws {@link FootfallError} `FOOTFALL_INCOMPATIBLE_AGGREGATES` when the gap thresholds differ.
 *
 * @example
 * ```ts
 * import { createFootfallAggregator, mergeAggregates } from '@aisle/footfall';
 *
 * const a = createFootfallAggregator({ zone: 'Asia/Shanghai' });
 * const b = createFootfallAggregator({ zone: 'Asia/Shanghai' });
 * a.add({ type: 'count', source: 'cam1', line: 'north', from: 0, at: 0, in: 2, out: 0, passed: 0, key: 'k1' });
 * b.add({ type: 'count', source: 'cam2', line: 'south', from: 0, at: 0, in: 1, out: 1, passed: 0, key: 'k2' });
 * const total = mergeAggregates(a.snapshot(), b.snapshot());
 * ```
 *
 * @public
 */
export function mergeAggregates(a: FootfallAggregate, b: FootfallAggregate): FootfallAggregate {
  if (a.version !== b.version || a.gapMs !== b.gapMs) {
    throw new FootfallError(FootfallErrorCode.INCOMPATIBLE_AGGREGATES, `Cannot merge aggregates with gapMs ${a.gapMs} and ${b.gapMs}`, {
      details: { left: a.gapMs, right: b.gapMs },
    });
  }
  const buckets: Record<string, Record<string, LineBucket>> = {};
  for (const t of keysOf(a.buckets, b.buckets)) {
    const x = a.buckets[t] ?? {};
    const y = b.buckets[t] ?? {};
    const lines: Record<string, LineBucket> = {};
    for (const line of keysOf(x, y)) {
      const p = x[line];
      const q = y[line];
      lines[line] = { in: (p?.in ?? 0) + (q?.in ?? 0), out: (p?.out ?? 0) + (q?.out ?? 0), passed: (p?.passed ?? 0) + (q?.passed ?? 0) };
    }
    buckets[t] = lines;
  }
  const coverage: Record<string, [number, number][]> = {};
  for (const s of keysOf(a.coverage, b.coverage)) coverage[s] = coalesce([...(a.coverage[s] ?? []), ...(b.coverage[s] ?? [])], a.gapMs);
  const dwell: Record<string, DurationHistogram> = {};
  for (const z of keysOf(a.dwell, b.dwell)) dwell[z] = mergeHistograms(a.dwell[z] ?? emptyHistogram(), b.dwell[z] ?? emptyHistogram());
  const transitions: Record<string, Record<string, number>> = {};
  for (const f of keysOf(a.transitions, b.transitions)) transitions[f] = sumRecords(a.transitions[f] ?? {}, b.transitions[f] ?? {});
  return {
    version: 1,
    gapMs: a.gapMs,
    buckets,
    coverage,
    dwell,
    staffVisits: sumRecords(a.staffVisits, b.staffVisits),
    transitions,
    late: a.late + b.late,
    quality: mergeQuality(a.quality, b.quality),
  };
}

const Count = z.int().check(z.nonnegative());
const AggregateSchema = z.object({
  version: z.literal(1),
  gapMs: z.number().check(z.nonnegative()),
  buckets: z.record(z.string().check(z.regex(/^-?\d+$/)), z.record(z.string(), z.object({ in: Count, out: Count, passed: Count }))),
  coverage: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
  dwell: z.record(z.string(), z.object({ count: Count, sumMs: z.number().check(z.nonnegative()), bins: z.record(z.string(), Count) })),
  staffVisits: z.record(z.string(), Count),
  transitions: z.record(z.string(), z.record(z.string(), Count)),
  late: Count,
  quality: z.record(z.string(), Count),
});

/**
 * Reads a serialised aggregate (for example one sent by another worker as JSON) and validates it.
 *
 * @throws {@link FootfallError} `FOOTFALL_INVALID_AGGREGATE` when it is not an aggregate.
 *
 * @example
 * ```ts
 * import { emptyAggregate, parseAggregate } from '@aisle/footfall';
 *
 * const copy = parseAggregate(JSON.parse(JSON.stringify(emptyAggregate())));
 * ```
 *
 * @public
 */
export function parseAggregate(value: unknown): FootfallAggregate {
  try {
    return parse(AggregateSchema, value, { label: 'footfall aggregate' }) as FootfallAggregate;
  } catch (error) {
    throw new FootfallError(FootfallErrorCode.INVALID_AGGREGATE, 'Not a footfall aggregate (version 1)', { cause: error });
  }
}
