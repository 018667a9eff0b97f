import { FootfallError, FootfallErrorCode } from './errors';
import { type DurationHistogram, emptyHistogram, mergeHistograms } from './histogram';
import { coalesce } from './internal/intervals';
import { dict, own } from './internal/records';
import { mergeQuality, QualityReason, type QualityReport } from './quality';

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
  /**
   * Per source, how its coverage is known: `declared` (heartbeats, `cover`, device interval
   * counts) or `inferred` (only from its own crossings, so its silence may be quiet or offline).
   * Absent in aggregates written before it existed: every source is then taken as declared.
   */
  readonly coverageKinds?: Readonly<Record<string, 'declared' | 'inferred'>>;
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
  const out = dict<number>();
  for (const k of keysOf(a, b)) out[k] = (own(a, k) ?? 0) + (own(b, k) ?? 0);
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
 * const a = createFootfallAggregator();
 * const b = createFootfallAggregator();
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
  const buckets = dict<Record<string, LineBucket>>();
  for (const t of keysOf(a.buckets, b.buckets)) {
    const x = own(a.buckets, t) ?? {};
    const y = own(b.buckets, t) ?? {};
    const lines = dict<LineBucket>();
    for (const line of keysOf(x, y)) {
      const p = own(x, line);
      const q = own(y, line);
      lines[line] = { in: (p?.in ?? 0) + (q?.in ?? 0), out: (p?.out ?? 0) + (q?.out ?? 0), passed: (p?.passed ?? 0) + (q?.passed ?? 0) };
    }
    buckets[t] = lines;
  }
  const coverage = dict<[number, number][]>();
  const kinds = dict<'declared' | 'inferred'>();
  for (const s of keysOf(a.coverage, b.coverage)) {
    coverage[s] = coalesce([...(own(a.coverage, s) ?? []), ...(own(b.coverage, s) ?? [])], a.gapMs);
    const ka = Object.hasOwn(a.coverage, s) ? (own(a.coverageKinds, s) ?? 'declared') : undefined;
    const kb = Object.hasOwn(b.coverage, s) ? (own(b.coverageKinds, s) ?? 'declared') : undefined;
    kinds[s] = ka === 'declared' || kb === 'declared' ? 'declared' : 'inferred';
  }
  const dwell = dict<DurationHistogram>();
  for (const z of keysOf(a.dwell, b.dwell))
    dwell[z] = mergeHistograms(own(a.dwell, z) ?? emptyHistogram(), own(b.dwell, z) ?? emptyHistogram());
  const transitions = dict<Record<string, number>>();
  for (const f of keysOf(a.transitions, b.transitions))
    transitions[f] = sumRecords(own(a.transitions, f) ?? {}, own(b.transitions, f) ?? {});
  return {
    version: 1,
    gapMs: a.gapMs,
    buckets,
    coverage,
    coverageKinds: kinds,
    dwell,
    staffVisits: sumRecords(a.staffVisits, b.staffVisits),
    transitions,
    late: a.late + b.late,
    quality: mergeQuality(a.quality, b.quality),
  };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isName = (k: string) => k.length > 0 && k.length <= 256;
const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15;
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const REASONS = new Set<string>(Object.values(QualityReason));

/**
 * A dictionary keyed by data, validated member by member over its own keys (JSON's `__proto__`
 * included: schema libraries drop it, which would lose a line of that name).
 */
function dictOf<V>(v: unknown, path: string, key: (k: string) => boolean, value: (x: unknown, p: string) => V): Record<string, V> {
  if (!isPlain(v)) throw new TypeError(`${path}: expected an object`);
  const out = dict<V>();
  for (const k of Object.keys(v)) {
    if (!key(k)) throw new TypeError(`${path}: unexpected key ${JSON.stringify(k.slice(0, 40))}`);
    out[k] = value(v[k], `${path}.${k}`);
  }
  return out;
}

function countOf(v: unknown, path: string): number {
  if (!isCount(v)) throw new TypeError(`${path}: expected a non-negative integer`);
  return v;
}

function validate(value: unknown): FootfallAggregate {
  if (!isPlain(value)) throw new TypeError('expected an object');
  if (value.version !== 1) throw new TypeError('version: expected 1');
  const gapMs = value.gapMs;
  if (typeof gapMs !== 'number' || !(gapMs > 0) || gapMs > 8.64e15) throw new TypeError('gapMs: expected a positive number');
  const line = (x: unknown, p: string): LineBucket => {
    if (!isPlain(x)) throw new TypeError(`${p}: expected { in, out, passed }`);
    return { in: countOf(x.in, `${p}.in`), out: countOf(x.out, `${p}.out`), passed: countOf(x.passed, `${p}.passed`) };
  };
  const buckets = dictOf(
    value.buckets,
    'buckets',
    (k) => /^-?\d{1,16}$/.test(k),
    (x, p) => dictOf(x, p, isName, line),
  );
  const coverage = dictOf(value.coverage, 'coverage', isName, (x, p) => {
    if (!Array.isArray(x) || x.length > 1_000_000) throw new TypeError(`${p}: expected [from, to] intervals`);
    return x.map((iv, i) => {
      if (!Array.isArray(iv) || iv.length !== 2 || !isInstant(iv[0]) || !isInstant(iv[1]) || iv[0] > iv[1]) {
        throw new TypeError(`${p}[${i}]: expected [from, to]`);
      }
      return [iv[0], iv[1]] as [number, number];
    });
  });
  const kinds =
    value.coverageKinds === undefined
      ? undefined
      : dictOf(value.coverageKinds, 'coverageKinds', isName, (x, p) => {
          if (x !== 'declared' && x !== 'inferred') throw new TypeError(`${p}: expected 'declared' or 'inferred'`);
          return x;
        });
  const dwell = dictOf(value.dwell, 'dwell', isName, (x, p): DurationHistogram => {
    if (!isPlain(x) || typeof x.sumMs !== 'number' || !(x.sumMs >= 0) || !Number.isFinite(x.sumMs))
      throw new TypeError(`${p}: expected a histogram`);
    return {
      count: countOf(x.count, `${p}.count`),
      sumMs: x.sumMs,
      bins: dictOf(x.bins, `${p}.bins`, (k) => /^(z|-?\d{1,6})$/.test(k), countOf),
    };
  });
  const quality = dictOf(value.quality, 'quality', (k) => REASONS.has(k), countOf) as QualityReport;
  return {
    version: 1,
    gapMs,
    buckets,
    coverage,
    ...(kinds === undefined ? {} : { coverageKinds: kinds }),
    dwell,
    staffVisits: dictOf(value.staffVisits, 'staffVisits', isName, countOf),
    transitions: dictOf(value.transitions, 'transitions', isName, (x, p) => dictOf(x, p, isName, countOf)),
    late: countOf(value.late, 'late'),
    quality,
  };
}

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
    const parsed = validate(value);
    // Re-key through the merge so every dictionary is prototype-free and sorted.
    return mergeAggregates(emptyAggregate(parsed.gapMs), parsed);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FootfallError(FootfallErrorCode.INVALID_AGGREGATE, `Not a footfall aggregate (version 1): ${why}`, { cause: error });
  }
}
