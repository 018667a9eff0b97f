import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CountEvent,
  createFootfallAggregator,
  emptyAggregate,
  type FootfallAggregate,
  FootfallErrorCode,
  mergeAggregates,
  parseAggregate,
  type Visit,
} from '../src/index';

const T0 = Date.parse('2026-11-21T10:00:00+08:00');

const eventArb = fc.record({
  source: fc.constantFrom('camA', 'camB', 'camC'),
  line: fc.constantFrom('north', 'south', 'street'),
  offset: fc.integer({ min: 0, max: 6 * 3_600_000 }),
  in: fc.integer({ min: 0, max: 5 }),
  out: fc.integer({ min: 0, max: 5 }),
  passed: fc.integer({ min: 0, max: 3 }),
});
const visitArb = fc.record({
  zone: fc.constantFrom('tills', 'beauty', 'shoes'),
  previousZone: fc.option(fc.constantFrom('tills', 'beauty', 'shoes'), { nil: undefined }),
  dwell: fc.integer({ min: 0, max: 3_600_000 }),
  staff: fc.boolean(),
});

type Ev = { source: string; line: string; offset: number; in: number; out: number; passed: number };
type Vi = { zone: string; previousZone: string | undefined; dwell: number; staff: boolean };

function toEvent(e: Ev, i: number): CountEvent {
  const at = T0 + e.offset;
  return { type: 'count', source: e.source, line: e.line, from: at, at, in: e.in, out: e.out, passed: e.passed, key: `${e.source}:${i}` };
}
function toVisit(v: Vi, i: number): Visit {
  return {
    zone: v.zone,
    source: 'camA',
    trackId: i,
    start: T0,
    end: T0 + v.dwell,
    staff: v.staff,
    ...(v.previousZone === undefined ? {} : { previousZone: v.previousZone }),
  };
}
function build(events: readonly CountEvent[], visits: readonly Visit[] = []): FootfallAggregate {
  // Infinite lateness: lateness depends on arrival order, which partitioning changes by design.
  const agg = createFootfallAggregator({ allowedLatenessMs: Number.MAX_SAFE_INTEGER });
  for (const e of events) agg.add(e);
  for (const v of visits) agg.addVisit(v);
  return agg.snapshot();
}
const aggArb = fc
  .tuple(fc.array(eventArb, { maxLength: 20 }), fc.array(visitArb, { maxLength: 8 }), fc.string({ minLength: 1, maxLength: 3 }))
  .map(([es, vs, tag]) =>
    build(
      es.map((e, i) => ({ ...toEvent(e, i), key: `${tag}:${i}` })),
      vs.map(toVisit),
    ),
  );

// Canonical form: JSON with sorted keys (merge output is key-sorted already).
const canon = (a: FootfallAggregate) => JSON.stringify(mergeAggregates(a, emptyAggregate()));

describe('mergeAggregates is a commutative monoid', () => {
  it('has the empty aggregate as identity', () => {
    fc.assert(
      fc.property(aggArb, (a) => {
        expect(mergeAggregates(a, emptyAggregate())).toEqual(a);
        expect(mergeAggregates(emptyAggregate(), a)).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });
  it('is commutative and associative', () => {
    fc.assert(
      fc.property(aggArb, aggArb, aggArb, (a, b, c) => {
        expect(canon(mergeAggregates(a, b))).toBe(canon(mergeAggregates(b, a)));
        expect(canon(mergeAggregates(mergeAggregates(a, b), c))).toBe(canon(mergeAggregates(a, mergeAggregates(b, c))));
      }),
      { numRuns: 60 },
    );
  });
  it('merging per-camera partial aggregates equals processing everything in one place', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), fc.array(visitArb, { maxLength: 20 }), (es, vs) => {
        const events = es.map(toEvent);
        const visits = vs.map(toVisit);
        const whole = build(events, visits);
        const parts = ['camA', 'camB', 'camC'].map((s, i) =>
          build(
            events.filter((e) => e.source === s),
            visits.filter((_, j) => j % 3 === i),
          ),
        );
        const merged = parts.reduce(mergeAggregates, emptyAggregate());
        expect(canon(merged)).toBe(canon(whole));
      }),
      { numRuns: 80 },
    );
  });
  it('serialises: JSON round trip through parseAggregate gives an equal aggregate', () => {
    fc.assert(
      fc.property(aggArb, (a) => {
        expect(parseAggregate(JSON.parse(JSON.stringify(a)))).toEqual(a);
      }),
      { numRuns: 40 },
    );
  });
  it('refuses to merge different gap thresholds and to parse non-aggregates', () => {
    expect(() => mergeAggregates(emptyAggregate(60_000), emptyAggregate())).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INCOMPATIBLE_AGGREGATES }),
    );
    expect(() => parseAggregate({ version: 2 })).toThrow(expect.objectContaining({ code: FootfallErrorCode.INVALID_AGGREGATE }));
  });
});

describe('createFootfallAggregator', () => {
  const ev = (key: string, offset: number, extra: Partial<CountEvent> = {}): CountEvent => ({
    type: 'count',
    source: 'camA',
    line: 'north',
    from: T0 + offset,
    at: T0 + offset,
    in: 1,
    out: 0,
    passed: 0,
    key,
    ...extra,
  });

  it('ignores duplicate keys, reports late events instead of dropping them silently', () => {
    const agg = createFootfallAggregator({ allowedLatenessMs: 60_000, maxLateKept: 1 });
    expect(agg.add(ev('a', 0))).toBe('counted');
    expect(agg.add(ev('a', 0))).toBe('duplicate');
    expect(agg.add(ev('b', 600_000))).toBe('counted');
    expect(agg.watermark()).toBe(T0 + 600_000);
    expect(agg.add(ev('c', 540_000))).toBe('counted'); // exactly at the allowed lateness
    expect(agg.add(ev('d', 539_999))).toBe('late');
    expect(agg.add(ev('e', 1000))).toBe('late');
    expect(agg.add(ev('f', Number.NaN))).toBe('invalid');
    expect(agg.lateEvents().map((e) => ('key' in e ? e.key : ''))).toEqual(['d']);
    const snap = agg.snapshot();
    expect(snap.late).toBe(2);
    expect(snap.quality).toEqual({ duplicateEvents: 1, invalidRecords: 1, lateEvents: 2 });
    const total = Object.values(snap.buckets).reduce((n, lines) => n + (lines.north?.in ?? 0), 0);
    expect(total).toBe(3);
  });

  it('drops exactly the crossings seen before (same camera, epoch, class, line, direction, frame and track id)', () => {
    const member = (id: number | string) => {
      const n = typeof id === 'number' ? id : Number(id);
      if (typeof id === 'string' && String(n) !== id) return `s:${id}`;
      return Number.isNaN(n) ? 'n:NaN' : `n:${n === 0 ? 0 : n}`;
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            source: fc.constantFrom('camA', 'camB'),
            epoch: fc.constantFrom(0, '0', 1),
            line: fc.constantFrom('north', 'south'),
            direction: fc.constantFrom('in' as const, 'out' as const),
            frame: fc.integer({ min: 1, max: 4 }),
            trackId: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('2', '02', 'x', -0, Number.NaN, 'NaN')),
            minute: fc.integer({ min: 0, max: 1 }),
          }),
          { maxLength: 60 },
        ),
        (events) => {
          const agg = createFootfallAggregator({ allowedLatenessMs: 3_600_000 });
          const seen = new Set<string>();
          for (const e of events) {
            const at = T0 + e.minute * 60_000 + e.frame;
            const key = [e.minute, e.source, String(e.epoch), e.line, e.direction, e.frame, member(e.trackId)].join('|');
            const expected = seen.has(key) ? 'duplicate' : 'counted';
            seen.add(key);
            const { minute: _, ...crossing } = e;
            expect(agg.add({ ...crossing, at, cls: 'person' })).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts crossings and records coverage from heartbeats, coalescing silences up to gapMs', () => {
    const agg = createFootfallAggregator({ gapMs: 60_000 });
    agg.add({ source: 'camB', line: 'north', direction: 'in', at: T0 + 5, trackId: 1, epoch: 0, cls: 'person', frame: 1 });
    agg.add({ source: 'camB', line: 'north', direction: 'out', at: T0 + 6, trackId: 1, epoch: 0, cls: 'person', frame: 2 });
    agg.add({ source: 'camB', line: 'north', direction: 'out', at: T0 + 6, trackId: 1, epoch: 0, cls: 'person', frame: 2 });
    for (let t = 0; t <= 120_000; t += 30_000) agg.heartbeat('camA', T0 + t);
    agg.heartbeat('camA', T0 + 600_000);
    agg.heartbeat('camA', T0 + 60_000); // out of order, inside the first interval
    agg.heartbeat('camA', Number.NaN);
    const snap = agg.snapshot();
    expect(snap.coverage.camA).toEqual([
      [T0, T0 + 120_000],
      [T0 + 600_000, T0 + 600_000],
    ]);
    expect(snap.buckets[String(T0)]?.north).toEqual({ in: 1, out: 1, passed: 0 });
    expect(snap.quality).toEqual({ duplicateEvents: 1, invalidRecords: 1 });
  });

  it('spreads interval counts over the buckets they cover, exactly and deterministically', () => {
    const agg = createFootfallAggregator();
    agg.add(ev('hour', 3_600_000, { from: T0, in: 57, out: 41, passed: 230 }));
    agg.add(ev('ten', 3_600_000 + 12 * 60_000, { from: T0 + 3_600_000 + 2 * 60_000, in: 10, out: 1 }));
    const snap = agg.snapshot();
    const hour = Object.entries(snap.buckets).filter(([t]) => Number(t) < T0 + 3_600_000);
    expect(hour).toHaveLength(12);
    expect(hour.reduce((n, [, l]) => n + (l.north?.in ?? 0), 0)).toBe(57);
    expect(hour.reduce((n, [, l]) => n + (l.north?.passed ?? 0), 0)).toBe(230);
    for (const [, l] of hour) expect([4, 5]).toContain(l.north?.in);
    const after = [0, 5, 10].map((m) => snap.buckets[String(T0 + 3_600_000 + m * 60_000)]?.north);
    expect(after.map((c) => c?.in)).toEqual([3, 5, 2]);
    expect(after.map((c) => c?.out)).toEqual([0, 1, 0]);
    expect(snap.coverage.camA).toEqual([[T0, T0 + 3_600_000 + 12 * 60_000]]);
  });

  it('keeps dwell of customers and counts staff visits apart, with transitions', () => {
    const agg = createFootfallAggregator();
    agg.addVisit({ zone: 'beauty', source: 'c', trackId: 1, start: 0, end: 120_000, staff: false });
    agg.addVisit({ zone: 'tills', source: 'c', trackId: 1, start: 130_000, end: 190_000, staff: false, previousZone: 'beauty' });
    agg.addVisit({ zone: 'tills', source: 'c', trackId: 2, start: 0, end: 9e6, staff: true });
    const snap = agg.snapshot();
    expect(snap.dwell.beauty?.count).toBe(1);
    expect(snap.staffVisits).toEqual({ tills: 1 });
    expect(snap.transitions).toEqual({ beauty: { tills: 1 } });
  });

  it('stays bounded on a long stream: duplicate keys are forgotten once their bucket is past the lateness', () => {
    const agg = createFootfallAggregator({ allowedLatenessMs: 0 });
    for (let i = 0; i < 20_000; i++) agg.add(ev(`k${i}`, i * 1000));
    // Re-sending a very old key is late, never double counted.
    expect(agg.add(ev('k0', 0))).toBe('late');
    for (let i = 0; i < 4096; i++) agg.addVisit({ zone: 'z', source: 'c', trackId: i, start: 0, end: 1000, staff: false });
    expect(agg.snapshot().dwell.z?.count).toBe(4096);
  });
});
