import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { BUCKET_MS as BUCKET_MS_EXPORT, type FootfallAggregate, type LineBucket } from './aggregate';
import { addDurations, type DurationHistogram, emptyHistogram } from './histogram';
import { coalesce } from './internal/intervals';
import { dict, dictFrom } from './internal/records';
import { QualityCounter, QualityReason } from './quality';
import type { CountEvent, Crossing } from './types';
import type { Visit } from './zone-tracker';

// A module-level copy: an imported binding may be read through an accessor on every use (CommonJS
// output, and TypeScript loaders), and this one is read for every event.
const BUCKET_MS = BUCKET_MS_EXPORT;
export const AggregatorOptionsSchema = z.object({
  allowedLatenessMs: z._default(z.number().check(z.nonnegative()), 300_000),
  gapMs: z._default(z.number().check(z.positive()), BUCKET_MS),
  maxLateKept: z._default(z.int().check(z.nonnegative()), 10_000),
});

/**
 * The options exactly as {@link AggregatorOptionsSchema} parses them, without running the schema,
 * when they are a plain object whose every field is plainly valid (each read once); undefined
 * otherwise, and the schema decides (with its errors). An aggregator is created once, cold: the
 * schema's walk is most of its set-up.
 */
export function plainAggregatorOptions(v: unknown): z.infer<typeof AggregatorOptionsSchema> | undefined {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  const { allowedLatenessMs = 300_000, gapMs = BUCKET_MS, maxLateKept = 10_000 } = v as FootfallAggregatorOptions;
  return Number.isFinite(allowedLatenessMs) &&
    allowedLatenessMs >= 0 &&
    Number.isFinite(gapMs) &&
    gapMs > 0 &&
    Number.isSafeInteger(maxLateKept) &&
    maxLateKept >= 0
    ? { allowedLatenessMs, gapMs, maxLateKept }
    : undefined;
}

/**
 * Options of {@link createFootfallAggregator}. There is no zone: the aggregate is kept in
 * UTC-aligned 5-minute buckets and hours and days are derived in the store's zone by the reports.
 *
 * @public
 */
export interface FootfallAggregatorOptions {
  /** Events older than the watermark minus this are late: reported, not counted (default 5 min). */
  readonly allowedLatenessMs?: number;
  /** Silence from a source longer than this is a gap (default 5 min). */
  readonly gapMs?: number;
  /** How many late events `lateEvents()` keeps for reprocessing (default 10 000; all are counted). */
  readonly maxLateKept?: number;
}

/**
 * What happened to one event given to the aggregator: `invalid` when its counts or times are not
 * valid (counted in the quality report by reason, never aggregated).
 *
 * @public
 */
export type AddOutcome = 'counted' | 'duplicate' | 'late' | 'invalid';

/** Largest count one event may carry (a device interval of a busy door is far below this). @public */
export const MAX_EVENT_COUNT = 1_000_000;
/** Longest interval one count event may span (7 days); longer ones are invalid. @public */
export const MAX_EVENT_SPAN_MS = 7 * 86_400_000;

/** An incremental footfall aggregator (one per camera, worker or store). @public */
export interface FootfallAggregator {
  /** Adds a device count or a crossing. Duplicates (same key) are ignored; late events are reported. */
  add(event: CountEvent | Crossing): AddOutcome;
  /** Records that `source` was up at `at` (call once per frame or device poll); advances the watermark. */
  heartbeat(source: string, at: number): void;
  /**
   * Records that `source` was up for all of `[from, to]` (device up-time from a VMS, a health
   * check): explicit coverage, like {@link FootfallAggregator.heartbeat}.
   */
  cover(source: string, from: number, to: number): void;
  /** Adds a finished zone visit (dwell and transitions). */
  addVisit(visit: Visit): void;
  /** The watermark: the latest event time seen. */
  watermark(): number;
  /** Late events kept for reprocessing (oldest first, up to `maxLateKept`). */
  lateEvents(): ReadonlyArray<CountEvent | Crossing>;
  /** The aggregate so far, as plain JSON. */
  snapshot(): FootfallAggregate;
}

/**
 * Splits integer counts over the 5-minute buckets that `[from, to)` overlaps, in proportion to
 * the overlap, with largest-remainder rounding (ties to the earlier bucket): totals are exact and
 * the result is deterministic.
 */
function spreadOver(from: number, to: number, totals: readonly number[]): [number, number[]][] {
  const buckets: { at: number; share: number }[] = [];
  for (let b = Math.floor(from / BUCKET_MS) * BUCKET_MS; b < to; b += BUCKET_MS) {
    const overlap = Math.min(to, b + BUCKET_MS) - Math.max(from, b);
    if (overlap > 0) buckets.push({ at: b, share: overlap / (to - from) });
  }
  const out = buckets.map((b) => [b.at, totals.map(() => 0)] as [number, number[]]);
  totals.forEach((total, k) => {
    let given = 0;
    const rest = buckets.map((b, i) => {
      const exact = total * b.share;
      const whole = Math.floor(exact);
      (out[i] as [number, number[]])[1][k] = whole;
      given += whole;
      return { i, frac: exact - whole };
    });
    rest.sort((x, y) => y.frac - x.frac || x.i - y.i);
    for (let r = 0; r < total - given; r++) {
      const row = out[(rest[r] as { i: number }).i] as [number, number[]];
      row[1][k] = (row[1][k] as number) + 1;
    }
  });
  return out;
}

/** Duplicate keys are held per minute of event time, and dropped once that minute is past the lateness. */
const DEDUP_MS = 60_000;

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_EVENT_COUNT;

/** Why an event cannot be aggregated, or `undefined` when it can. */
function invalidReason(event: CountEvent | Crossing): QualityReason | undefined {
  if (typeof event !== 'object' || event === null) return QualityReason.INVALID_RECORDS;
  if (!isName(event.source) || !isName(event.line) || typeof event.at !== 'number' || !Number.isFinite(event.at)) {
    return QualityReason.INVALID_RECORDS;
  }
  if ('type' in event) {
    if (event.type !== 'count' || typeof event.key !== 'string' || event.key.length > 1024) return QualityReason.INVALID_RECORDS;
    if (typeof event.from !== 'number' || !Number.isFinite(event.from) || event.at - event.from > MAX_EVENT_SPAN_MS) {
      return QualityReason.INVALID_RECORDS;
    }
    if (!isCount(event.in) || !isCount(event.out) || !isCount(event.passed)) return QualityReason.INVALID_COUNTS;
    return undefined;
  }
  if (event.direction !== 'in' && event.direction !== 'out') return QualityReason.INVALID_RECORDS;
  return undefined;
}

/**
 * Crossings seen in one dedup slot, without a string per crossing: per (source, epoch, class,
 * line), per direction and frame, the set of track ids. Two crossings are duplicates when every
 * field is equal (epoch and track id compared as text, as they serialise: `7` equals `'7'`).
 */
interface CrossingsSeen {
  /** Per frame, the one track id seen (most frames have one crossing), or the set of them. */
  readonly in: Map<number, TracksSeen>;
  readonly out: Map<number, TracksSeen>;
}

type TracksSeen = number | string | Set<number | string>;

/** Set membership's equality (SameValueZero): NaN equals NaN, and 0 equals −0. */
const sameMember = (a: number | string, b: number | string): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** A track id as a set member: numbers as themselves, canonical numeric text as its number. */
function trackMember(id: number | string): number | string {
  if (typeof id === 'number') return id;
  const n = Number(id);
  return String(n) === id ? n : id;
}

/**
 * Creates an aggregator: event-time 5-minute buckets (hours and days are derived in the store's
 * zone by {@link buildHourlyReport}), a watermark (the latest event time seen) with allowed
 * lateness, duplicate suppression by event key, per-source coverage for gap reporting, dwell
 * histograms and zone transitions. Its {@link FootfallAggregator.snapshot} is a
 * {@link FootfallAggregate}: merge snapshots from many aggregators with {@link mergeAggregates}.
 *
 * Duplicate keys are remembered while their bucket can still receive events (until the watermark
 * passes it by the allowed lateness), so memory stays bounded on an endless stream.
 *
 * Every event is validated: counts must be integers in [0, {@link MAX_EVENT_COUNT}] (`'7'`, NaN,
 * −4, 0.5 and 1e300 are refused), times finite, an interval at most {@link MAX_EVENT_SPAN_MS},
 * names non-empty strings up to 256 characters; an invalid event returns `'invalid'` and is
 * counted (`invalidCounts` or `invalidRecords`), so every snapshot reloads with
 * {@link parseAggregate}.
 *
 * Coverage is explicit: {@link FootfallAggregator.heartbeat}, {@link FootfallAggregator.cover} and
 * device interval counts (an Axis, Hikvision or Dahua interval, zeros included) declare that a
 * source was up; a source known only from its crossings is `inferred` in
 * `coverageKinds`, and reports call its silent hours `unknown`, never `missing` (offline) or zero
 * (quiet).
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for malformed options.
 *
 * @example
 * ```ts
 * import { createFootfallAggregator } from '@aisle/footfall';
 *
 * const agg = createFootfallAggregator({ allowedLatenessMs: 60_000 });
 * const at = Date.parse('2026-11-21T10:02:00+08:00');
 * agg.add({ type: 'count', source: 'cam1', line: 'north', from: at, at, in: 1, out: 0, passed: 0, key: 'a' }); // 'counted'
 * agg.add({ type: 'count', source: 'cam1', line: 'north', from: at, at, in: 1, out: 0, passed: 0, key: 'a' }); // 'duplicate'
 * ```
 *
 * @public
 */
export function createFootfallAggregator(options: FootfallAggregatorOptions = {}): FootfallAggregator {
  const o = plainAggregatorOptions(options) ?? parse(AggregatorOptionsSchema, options, { label: 'footfall aggregator options' });
  const quality = new QualityCounter();
  const buckets = new Map<number, Map<string, { in: number; out: number; passed: number }>>();
  const seen = new Map<number, Set<string>>();
  const seenCrossings = new Map<number, Map<string, CrossingsSeen>>();
  // The last crossing's slot and names, so a run of crossings from one camera builds no string.
  let lastSlot = Number.NaN;
  let lastSource = '';
  let lastEpoch: number | string = '';
  let lastCls = '';
  let lastLine = '';
  let lastSeen: CrossingsSeen | undefined;
  // The last crossing's frame and direction and the track ids seen there (a frame's crossings come together).
  let lastFrame = Number.NaN;
  let lastDirection = '';
  let lastTracks: Set<number | string> | undefined;
  // The last bucket and line counted into, and the last source whose coverage was extended.
  let lastBucket = Number.NaN;
  let lastBucketLine = '';
  let lastCounts: { in: number; out: number; passed: number } | undefined;
  let lastCoverageSource = '';
  /** The last source added to `declared` (it is never removed). */
  let lastDeclared = '';
  let lastCoverage: { open: [number, number] | undefined; closed: [number, number][] } | undefined;
  const coverage = new Map<string, { open: [number, number] | undefined; closed: [number, number][] }>();
  const dwell = new Map<string, number[]>();
  const dwellDone = new Map<string, DurationHistogram>();
  const staffVisits = new Map<string, number>();
  const transitions = new Map<string, Map<string, number>>();
  const declared = new Set<string>();
  const late: (CountEvent | Crossing)[] = [];
  let lateCount = 0;
  let watermark = Number.NEGATIVE_INFINITY;
  let pruneBelow = Number.NEGATIVE_INFINITY;

  function advance(at: number): void {
    if (at <= watermark) return;
    watermark = at;
    // Anything before this is late, so keys of older dedup slots can never be needed again.
    const limit = Math.floor((watermark - o.allowedLatenessMs) / DEDUP_MS) * DEDUP_MS;
    if (limit > pruneBelow) {
      pruneBelow = limit;
      for (const b of seen.keys()) if (b < limit) seen.delete(b);
      for (const b of seenCrossings.keys()) if (b < limit) seenCrossings.delete(b);
      if (lastSlot < limit) {
        lastSeen = undefined;
        lastTracks = undefined;
      }
    }
  }

  function heartbeat(source: string, at: number): void {
    if (!isName(source) || !Number.isFinite(at)) {
      quality.add(QualityReason.INVALID_RECORDS);
      return;
    }
    if (source !== lastDeclared) {
      declared.add(source);
      lastDeclared = source;
    }
    extend(source, at, at);
    advance(at);
  }

  function coverExplicit(source: string, from: number, to: number): void {
    if (!isName(source) || !Number.isFinite(from) || !Number.isFinite(to) || from > to || to - from > MAX_EVENT_SPAN_MS) {
      quality.add(QualityReason.INVALID_RECORDS);
      return;
    }
    declared.add(source);
    extend(source, from, to);
    advance(to);
  }

  function extend(source: string, from: number, to: number): void {
    let c = source === lastCoverageSource ? lastCoverage : coverage.get(source);
    if (c === undefined) {
      c = { open: undefined, closed: [] };
      coverage.set(source, c);
    }
    lastCoverageSource = source;
    lastCoverage = c;
    const open = c.open;
    if (open === undefined) {
      c.open = [from, to];
      return;
    }
    if (from >= open[0] && from - open[1] <= o.gapMs) {
      if (to > open[1]) open[1] = to;
      return;
    }
    if (from > open[1]) {
      c.closed.push(open);
      c.open = [from, to];
      return;
    }
    // Out of order: fold into the closed list and re-coalesce (rare).
    c.closed.push([from, to]);
    if (c.closed.length > 64) c.closed = coalesce(c.closed, o.gapMs);
  }

  function bucketFor(at: number): Map<string, { in: number; out: number; passed: number }> {
    const b = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    let m = buckets.get(b);
    if (m === undefined) {
      m = new Map();
      buckets.set(b, m);
    }
    return m;
  }

  /** Whether `key` was seen in its slot (remembering it when not). */
  function isDuplicateKey(key: string, at: number): boolean {
    const slot = Math.floor(at / DEDUP_MS) * DEDUP_MS;
    let keys = seen.get(slot);
    if (keys === undefined) {
      keys = new Set();
      seen.set(slot, keys);
    }
    const before = keys.size;
    keys.add(key);
    return keys.size === before;
  }

  /** Whether this crossing was seen (remembering it when not). */
  function isDuplicateCrossing(c: Crossing): boolean {
    const slot = Math.floor(c.at / DEDUP_MS) * DEDUP_MS;
    let names = lastSeen;
    if (
      names === undefined ||
      slot !== lastSlot ||
      c.source !== lastSource ||
      c.epoch !== lastEpoch ||
      c.cls !== lastCls ||
      c.line !== lastLine
    ) {
      let bySlot = seenCrossings.get(slot);
      if (bySlot === undefined) {
        bySlot = new Map();
        seenCrossings.set(slot, bySlot);
      }
      // Names are data: lengths first, so no separator inside a name can make two tuples collide.
      const epoch = String(c.epoch);
      const cls = String(c.cls);
      const id = `${c.source.length}:${c.source}${epoch.length}:${epoch}${cls.length}:${cls}${c.line.length}:${c.line}`;
      names = bySlot.get(id);
      if (names === undefined) {
        names = { in: new Map(), out: new Map() };
        bySlot.set(id, names);
      }
      lastSeen = names;
      lastTracks = undefined;
      lastSlot = slot;
      lastSource = c.source;
      lastEpoch = c.epoch;
      lastCls = c.cls;
      lastLine = c.line;
    }
    const member = trackMember(c.trackId);
    let tracks = lastTracks;
    if (tracks === undefined || c.frame !== lastFrame || c.direction !== lastDirection) {
      const frames = c.direction === 'in' ? names.in : names.out;
      const seenHere = frames.get(c.frame);
      if (seenHere === undefined) {
        // The frame's first crossing in this direction: its id alone, no set yet.
        frames.set(c.frame, member);
        lastTracks = undefined;
        return false;
      }
      if (seenHere instanceof Set) tracks = seenHere;
      else {
        if (sameMember(seenHere, member)) return true;
        tracks = new Set([seenHere]);
        frames.set(c.frame, tracks);
      }
      lastTracks = tracks;
      lastFrame = c.frame;
      lastDirection = c.direction;
    }
    const before = tracks.size;
    tracks.add(member);
    return tracks.size === before;
  }

  function addCounts(at: number, line: string, dIn: number, dOut: number, dPassed: number): void {
    const b = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    let counts = b === lastBucket && line === lastBucketLine ? lastCounts : undefined;
    if (counts === undefined) {
      const lines = bucketFor(at);
      counts = lines.get(line);
      if (counts === undefined) {
        counts = { in: 0, out: 0, passed: 0 };
        lines.set(line, counts);
      }
      lastBucket = b;
      lastBucketLine = line;
      lastCounts = counts;
    }
    counts.in += dIn;
    counts.out += dOut;
    counts.passed += dPassed;
  }

  function add(event: CountEvent | Crossing): AddOutcome {
    const problem = invalidReason(event);
    if (problem !== undefined) {
      quality.add(problem);
      return 'invalid';
    }
    const at = event.at;
    if (at < watermark - o.allowedLatenessMs) {
      lateCount++;
      quality.add(QualityReason.LATE_EVENTS);
      if (late.length < o.maxLateKept) late.push(event);
      return 'late';
    }
    if ('type' in event ? isDuplicateKey(event.key, at) : isDuplicateCrossing(event)) {
      quality.add(QualityReason.DUPLICATE_EVENTS);
      return 'duplicate';
    }
    if ('type' in event) {
      const from = Math.min(event.from, at);
      if (from < at && Math.floor(from / BUCKET_MS) !== Math.floor((at - 1) / BUCKET_MS)) {
        // Interval counts spanning several buckets are spread over them by overlap (largest remainder).
        const spread = spreadOver(from, at, [event.in, event.out, event.passed]);
        for (const [bucketAt, d] of spread) addCounts(bucketAt, event.line, d[0] ?? 0, d[1] ?? 0, d[2] ?? 0);
      } else addCounts(from, event.line, event.in, event.out, event.passed);
      // A device interval (even one of zeros) says the device was up for all of it.
      if (from < at) declared.add(event.source);
      extend(event.source, from, at);
    } else {
      addCounts(at, event.line, event.direction === 'in' ? 1 : 0, event.direction === 'out' ? 1 : 0, 0);
      extend(event.source, at, at);
    }
    advance(at);
    return 'counted';
  }

  function addVisit(visit: Visit): void {
    if (
      typeof visit !== 'object' ||
      visit === null ||
      !isName(visit.zone) ||
      !Number.isFinite(visit.start) ||
      !Number.isFinite(visit.end) ||
      visit.end < visit.start ||
      (visit.previousZone !== undefined && !isName(visit.previousZone))
    ) {
      quality.add(QualityReason.INVALID_RECORDS);
      return;
    }
    if (visit.staff) {
      staffVisits.set(visit.zone, (staffVisits.get(visit.zone) ?? 0) + 1);
    } else {
      let list = dwell.get(visit.zone);
      if (list === undefined) {
        list = [];
        dwell.set(visit.zone, list);
      }
      list.push(visit.end - visit.start);
      if (list.length >= 4096) {
        dwellDone.set(visit.zone, addDurations(dwellDone.get(visit.zone) ?? emptyHistogram(), list));
        dwell.set(visit.zone, []);
      }
    }
    if (visit.previousZone !== undefined) {
      let row = transitions.get(visit.previousZone);
      if (row === undefined) {
        row = new Map();
        transitions.set(visit.previousZone, row);
      }
      row.set(visit.zone, (row.get(visit.zone) ?? 0) + 1);
    }
  }

  function snapshot(): FootfallAggregate {
    const outBuckets = dict<Record<string, LineBucket>>();
    for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
      const lines = buckets.get(b) as Map<string, LineBucket>;
      const row = dict<LineBucket>();
      for (const line of [...lines.keys()].sort()) row[line] = { ...(lines.get(line) as LineBucket) };
      outBuckets[String(b)] = row;
    }
    const outCoverage = dict<[number, number][]>();
    const kinds = dict<'declared' | 'inferred'>();
    for (const s of [...coverage.keys()].sort()) {
      const c = coverage.get(s) as { open: [number, number] | undefined; closed: [number, number][] };
      outCoverage[s] = coalesce(c.open === undefined ? c.closed : [...c.closed, c.open], o.gapMs);
      kinds[s] = declared.has(s) ? 'declared' : 'inferred';
    }
    const outDwell = dict<DurationHistogram>();
    for (const z of [...new Set([...dwell.keys(), ...dwellDone.keys()])].sort()) {
      const h = addDurations(dwellDone.get(z) ?? emptyHistogram(), dwell.get(z) ?? []);
      outDwell[z] = { ...h, bins: dictFrom(Object.entries(h.bins).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    }
    const outTransitions = dict<Record<string, number>>();
    for (const f of [...transitions.keys()].sort()) {
      const row = transitions.get(f) as Map<string, number>;
      outTransitions[f] = dictFrom([...row.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return {
      version: 1,
      gapMs: o.gapMs,
      buckets: outBuckets,
      coverage: outCoverage,
      coverageKinds: kinds,
      dwell: outDwell,
      staffVisits: dictFrom([...staffVisits.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      transitions: outTransitions,
      late: lateCount,
      quality: quality.snapshot(),
    };
  }

  return { add, heartbeat, cover: coverExplicit, addVisit, watermark: () => watermark, lateEvents: () => late, snapshot };
}
