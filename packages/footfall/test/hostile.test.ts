import './helpers/prototype-guard';
import { CoreErrorCode } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHourlyReport,
  createFootfallAggregator,
  createLineCounter,
  createZoneTracker,
  type Detection,
  FootfallErrorCode,
  type FrameEvent,
  fromAxis,
  fromDahua,
  fromDeepStream,
  fromDetections,
  fromFrigate,
  fromHikvision,
  fromMot,
  fromXovis,
  parseAggregate,
  renderHeatmap,
  renderHourlyChart,
  tumblingWindows,
} from '../src/index';

const ZONE = 'Asia/Shanghai';
const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const T0 = Date.parse('2026-11-21T10:00:00+08:00');
const tooLarge = expect.objectContaining({ code: FootfallErrorCode.INPUT_TOO_LARGE });

const hikAlert = (name: string, enter: number, time: string) => ({
  macAddress: 'aa:bb',
  channelID: 1,
  channelName: name,
  dateTime: time,
  eventType: 'PeopleCounting',
  peopleCounting: { statisticalMethods: 'timeRange', TimeRange: { startTime: '2026-11-21T10:00:00+08:00', endTime: time }, enter, exit: 1 },
});

describe('data used as keys never reaches a prototype', () => {
  it('camera channels, counter names, labels and lines named like Object members stay ordinary keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), (name) => {
        // Hikvision: XML and JSON channel names.
        const xml = `<EventNotificationAlert><channelName>${name}</channelName><eventType>PeopleCounting</eventType><dateTime>2026-11-21T10:05:00+08:00</dateTime><peopleCounting><statisticalMethods>timeRange</statisticalMethods><TimeRange><startTime>2026-11-21T10:00:00+08:00</startTime><endTime>2026-11-21T10:05:00+08:00</endTime></TimeRange><enter>3</enter><exit>1</exit></peopleCounting></EventNotificationAlert>`;
        const hx = fromHikvision(xml, { zone: ZONE });
        expect(hx.events.map((e) => [e.line, e.in])).toEqual([[name, 3]]);
        const hj = fromHikvision(hikAlert(name, 5, '2026-11-21T10:10:00+08:00'), { zone: ZONE });
        expect(hj.events[0]?.line).toBe(name);
        // Xovis: a counter named like an Object member is not looked up on Object.prototype.
        const xo = fromXovis({
          live_data: {
            frames: [
              {
                framenumber: 1,
                time: T0,
                events: [{ category: 'COUNT', type: 'LINE_COUNT', attributes: { counter_name: name, direction: 'FORWARD' } }],
              },
            ],
          },
        });
        expect(xo.events[0]?.line).toBe(name);
        // DeepStream: a configured label absent from the frame is absent, not an inherited function.
        const ds = fromDeepStream(
          [
            { source: 0, frameNum: 1, timestamp: T0, objLCCumCnt: { Entry: 1 } },
            { source: 0, frameNum: 2, timestamp: T0 + 40, objLCCumCnt: { Entry: 2 } },
          ],
          { lines: { [name]: { line: 'x', direction: 'in' }, Entry: { line: 'north', direction: 'in' } } },
        );
        expect(ds.events.map((e) => [e.line, e.in])).toEqual([['north', 1]]);
        // Aggregates, reports and windows keep the line as a key and reload it.
        const agg = createFootfallAggregator();
        for (const e of [...hx.events, ...hj.events]) expect(agg.add(e)).toBe('counted');
        const snap = agg.snapshot();
        const reloaded = parseAggregate(JSON.parse(JSON.stringify(snap)));
        const total = Object.values(reloaded.buckets).reduce(
          (n, lines) => n + (Object.hasOwn(lines, name) ? (lines[name]?.in ?? 0) : 0),
          0,
        );
        expect(total).toBe(8);
        const report = buildHourlyReport(reloaded, { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '11:00' } });
        expect(report.rows[0]?.doors?.[name]).toEqual({ entries: 8, exits: 2 });
        const windows = tumblingWindows(reloaded, { zone: ZONE, size: 'hour' });
        expect(Object.hasOwn(windows[0]?.lines ?? {}, name)).toBe(true);
        expect(typeof Object.entries).toBe('function');
      }),
      { numRuns: 30 },
    );
  });
});

/**
 * Time at 8n over time at n (about 8 when linear, about 64 when quadratic): the best of nine
 * interleaved runs at each size, after warming both up, so a busy machine shifts both alike.
 */
function ratio(make: (n: number) => string, run: (text: string) => void, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  run(small);
  run(large);
  // The machine is shared: a quadratic reader can never get under the bound, so up to three
  // attempts may be taken to get one measurement free of other processes' noise.
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best >= 32; attempt++) {
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 9; i++) {
      let t = performance.now();
      run(small);
      bestSmall = Math.min(bestSmall, performance.now() - t);
      t = performance.now();
      run(large);
      bestLarge = Math.min(bestLarge, performance.now() - t);
    }
    best = Math.min(best, bestLarge / Math.max(bestSmall, 0.05));
  }
  return best;
}
const swallow = (f: () => unknown) => () => {
  try {
    f();
  } catch {
    // adversarial input may be refused; only the time matters here
  }
};

describe('linear time on hostile text', () => {
  it('the Hikvision XML reader is linear (unclosed alerts used to make it quadratic)', () => {
    const make = (n: number) => `${'<EventNotificationAlert>'.repeat(n / 24)}x`;
    expect(ratio(make, (t) => swallow(() => fromHikvision(t, { zone: ZONE }))(), 40_000)).toBeLessThan(32);
    const leaves = (n: number) => `<EventNotificationAlert>${'<a>'.repeat(10)}${'<b x="1">v</b>'.repeat(n / 14)}</EventNotificationAlert>`;
    expect(ratio(leaves, (t) => swallow(() => fromHikvision(t, { zone: ZONE }))(), 100_000)).toBeLessThan(32);
  });
  it('the MOT reader is linear on long fields', () => {
    const make = (n: number) => `1,1,${'1'.repeat(n)}x,1,1,1\n`;
    expect(ratio(make, (t) => fromMot(t, { source: 's', fps: 25, startAt: 0 }), 100_000)).toBeLessThan(32);
  });
  it('the Dahua attach-stream reader is linear without boundaries', () => {
    const make = (n: number) => 'Code=NumberStat;action=Pulse;index=0\n'.repeat(n / 37);
    expect(ratio(make, (t) => fromDahua(t, { zone: ZONE }), 40_000)).toBeLessThan(32);
  });
});

describe('documented input limits are checked before parsing', () => {
  it('refuses text over the limit', () => {
    expect(() => fromHikvision(`<EventNotificationAlert>${' '.repeat(1024 * 1024)}</EventNotificationAlert>`, { zone: ZONE })).toThrow(
      tooLarge,
    );
    expect(() => fromHikvision('<EventNotificationAlert></EventNotificationAlert>', { zone: ZONE, maxTextLength: 10 })).toThrow(tooLarge);
    expect(() => fromMot('1,1,1,1,1,1\n', { source: 's', fps: 25, startAt: 0, maxTextLength: 5 })).toThrow(tooLarge);
    expect(() => fromDahua('x'.repeat(100), { zone: ZONE, maxTextLength: 50 })).toThrow(tooLarge);
  });
  it('refuses a sparse a[5e6] = {} by its length without allocating for its holes', () => {
    const sparse: unknown[] = [];
    sparse[5_000_000] = {};
    const before = process.memoryUsage().heapUsed;
    for (const run of [
      () => fromHikvision(sparse, { zone: ZONE }),
      () => fromFrigate(sparse),
      () => fromDeepStream(sparse),
      () => fromAxis(sparse, { zone: ZONE }),
      () => fromDahua(sparse, { zone: ZONE }),
      () => fromDetections(sparse as never),
      () => fromDetections({ source: 's', frame: 1, timestamp: T0, detections: sparse }),
      () => fromXovis({ live_data: { frames: sparse } }),
      () => fromHikvision({ ...hikAlert('n', 1, '2026-11-21T10:05:00+08:00'), extra: sparse }, { zone: ZONE }),
    ]) {
      expect(run).toThrow(tooLarge);
    }
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
  it('refuses more records than maxRecords', () => {
    expect(() => fromFrigate([{}, {}, {}], { maxRecords: 2 })).toThrow(tooLarge);
  });
});

describe('one bad record never aborts a batch', () => {
  it('every adapter skips and counts a bad record and reads the rest', () => {
    const bad = [null, 42, 'x', { nonsense: true }, { eventType: 'PeopleCounting', peopleCounting: { statisticalMethods: 'timeRange' } }];
    const good = hikAlert('gate', 5, '2026-11-21T10:10:00+08:00');
    const h = fromHikvision(
      [
        good,
        ...bad,
        { ...good, dateTime: 'yesterday', peopleCounting: { ...good.peopleCounting, TimeRange: { startTime: 'x', endTime: 'y' } } },
      ],
      {
        zone: ZONE,
      },
    );
    expect(h.events).toHaveLength(1);
    expect(Object.values(h.quality).reduce((a, b) => a + (b ?? 0), 0)).toBe(bad.length + 1);
    const d = fromDeepStream([{ source: 0, frameNum: 1, timestamp: T0, objLCCurrCnt: { Entry: 1 } }, ...bad], {
      lines: { Entry: { line: 'n', direction: 'in' } },
    });
    expect(d.events).toHaveLength(1);
    const a = fromAxis(
      [{ serial: 'S', timestamp: '20261121100000', in: 1, out: 1 }, ...bad, { serial: 'S', timestamp: '20261121100500', in: 3, out: 1 }],
      {
        zone: ZONE,
      },
    );
    expect(a.events.map((e) => e.in)).toEqual([2]);
    expect(fromDahua([...bad], { zone: ZONE }).events).toEqual([]);
    expect(fromDetections(bad as never).quality).toEqual({ invalidRecords: bad.length });
  });
});

describe('the aggregator validates counts and always reloads its snapshot', () => {
  it("refuses '7', NaN, -4, 0.5 and 1e300 and counts them", () => {
    const agg = createFootfallAggregator();
    const ev = (n: unknown, key: string) => ({
      type: 'count' as const,
      source: 'c',
      line: 'n',
      from: T0,
      at: T0,
      in: n as number,
      out: 0,
      passed: 0,
      key,
    });
    for (const [i, n] of (['7', Number.NaN, -4, 0.5, 1e300] as unknown[]).entries()) expect(agg.add(ev(n, `k${i}`))).toBe('invalid');
    expect(agg.add(ev(3, 'ok'))).toBe('counted');
    const snap = agg.snapshot();
    expect(snap.quality).toEqual({ invalidCounts: 5 });
    expect(parseAggregate(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
  });
  it('every snapshot reloads, whatever was added (property)', () => {
    const anyCount = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.double(), fc.constantFrom('7', null, 1e300, Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            in: anyCount,
            out: anyCount,
            passed: anyCount,
            line: fc.constantFrom('n', ...NAMES, ''),
            dt: fc.integer({ min: -1e6, max: 1e7 }),
          }),
          { maxLength: 30 },
        ),
        (events) => {
          const agg = createFootfallAggregator({ allowedLatenessMs: 1e12 });
          events.forEach((e, i) => {
            agg.add({
              type: 'count',
              source: 'c',
              line: e.line,
              from: T0 + e.dt - 60_000,
              at: T0 + e.dt,
              in: e.in,
              out: e.out,
              passed: e.passed,
              key: String(i),
            } as never);
          });
          const snap = agg.snapshot();
          expect(parseAggregate(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('renderers escape or validate everything they interpolate, and cap their size', () => {
  const agg = createFootfallAggregator();
  agg.heartbeat('c', T0);
  agg.add({ type: 'count', source: 'c', line: 'n', from: T0, at: T0 + 1000, in: 4, out: 1, passed: 0, key: 'k' });
  const report = buildHourlyReport(agg.snapshot(), { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '12:00' } });
  it('refuses numeric options that are not numbers in range', () => {
    expect(() => renderHourlyChart(report, { width: '100" onload="alert(1)' as never })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.VALIDATION }),
    );
    expect(() => renderHeatmap({ cols: 1, rows: 1, seconds: [1], durationMs: 1 }, { height: 1e9 })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.VALIDATION }),
    );
  });
  it('escapes titles and labels and never draws a non-number', () => {
    const hostile = {
      ...report,
      date: '"><script>alert(1)</script>',
      rows: report.rows.map((r) => ({
        ...r,
        label: '<img src=x onerror=alert(1)>',
        entries: '<b>9</b>' as never,
        occupancy: '1" onload="x' as never,
      })),
    };
    const svg = renderHourlyChart(hostile, { title: `it's <b>` });
    expect(svg).not.toMatch(/<script|<img|<b>|" onload=|" onerror=/);
    expect(svg).toContain('&lt;img');
    expect(svg).toContain('it&#39;s &lt;b&gt;');
  });
  it('a 3000×3000 heatmap is a coded error, not an out-of-memory crash', () => {
    expect(() => renderHeatmap({ cols: 3000, rows: 3000, seconds: [], durationMs: 1 })).toThrow(tooLarge);
    expect(() => renderHourlyChart({ ...report, rows: new Array(5000).fill(report.rows[0]) })).toThrow(tooLarge);
  });
});

describe('tracks', () => {
  const line = { id: 'door', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };
  const frame = (n: number, detections: Detection[]): FrameEvent => ({
    type: 'frame',
    source: 'cam',
    frame: n,
    at: T0 + n * 40,
    detections,
  });
  const box = (trackId: number | string, bottom: number) => ({ trackId, box: { x: 90, y: bottom - 40, w: 20, h: 40 } });

  it('ids of 2^53 and more never merge two people into phantom crossings', () => {
    const counter = createLineCounter(line);
    const a = 2 ** 53;
    const b = 2 ** 53 + 1; // the same double as a
    // a walks down (out), b walks up (in): merged, they would make phantom crossings.
    for (let i = 0; i < 6; i++) counter.update(frame(i + 1, [box(a, 90 + i * 4), box(b, 110 - i * 4)]));
    expect(counter.counts()).toEqual({ in: 0, out: 0 });
    expect(counter.quality().unsafeTrackIds).toBe(12);
    // As text (which fromMot keeps for long ids), they are two tracks and count exactly.
    const text = ['9007199254740992', '9007199254740993']
      .flatMap((id, k) =>
        [1, 2, 3, 4, 5, 6].map((f) => `${f},${id},90,${(k === 0 ? 90 + (f - 1) * 4 : 110 - (f - 1) * 4) - 40},20,40,1,1,1`),
      )
      .join('\n');
    const { events } = fromMot(text, { source: 'cam', fps: 25, startAt: T0 });
    expect(new Set(events.flatMap((e) => e.detections.map((d) => d.trackId)))).toEqual(new Set(['9007199254740992', '9007199254740993']));
    const exact = createLineCounter(line);
    for (const e of events) exact.update(e);
    expect(exact.counts()).toEqual({ in: 1, out: 1 });
  });

  it('hysteresis absorbs one-pixel jitter across the line; oscillating tracks are flagged', () => {
    const jitter = Array.from({ length: 200 }, (_, i) => frame(i + 1, [box(7, i % 2 === 0 ? 99 : 101)]));
    const plain = createLineCounter(line);
    const crossings = jitter.flatMap((f) => plain.update(f));
    expect(crossings.length).toBeGreaterThan(100);
    expect(crossings.filter((c) => c.oscillating).length).toBe(crossings.length - 2);
    expect(plain.quality().oscillatingTracks).toBe(1);
    const steady = createLineCounter({ ...line, minDistance: 3 });
    expect(jitter.flatMap((f) => steady.update(f))).toEqual([]);
    // A real crossing still counts with hysteresis.
    const walk = Array.from({ length: 10 }, (_, i) => frame(300 + i, [box(8, 80 + i * 5)]));
    expect(walk.flatMap((f) => steady.update(f)).map((c) => c.direction)).toEqual(['out']);
  });
});

describe('engines survive holes and nulls in a frame', () => {
  it('the line counter and the zone tracker count them instead of throwing', () => {
    const detections: unknown[] = [null, undefined];
    detections[5] = { trackId: 1, box: { x: 0, y: 0, w: 10, h: 10 } };
    const frame = { type: 'frame', source: 'cam', frame: 1, at: T0, detections } as unknown as FrameEvent;
    const counter = createLineCounter({ start: { x: 0, y: 100 }, end: { x: 200, y: 100 } });
    expect(counter.update(frame)).toEqual([]);
    expect(counter.quality().invalidBoxes).toBe(5);
    const zones = createZoneTracker({
      zones: [
        {
          id: 'z',
          polygon: [
            { x: 0, y: 0 },
            { x: 50, y: 0 },
            { x: 50, y: 50 },
          ],
        },
      ],
    });
    expect(zones.update(frame)).toEqual([]);
    expect(zones.quality().invalidBoxes).toBe(5);
  });
});

describe('box units are explicit', () => {
  it('a line drawn in pixels skips relative frames and counts them', () => {
    const counter = createLineCounter({ start: { x: 0, y: 100 }, end: { x: 200, y: 100 }, boxUnit: 'pixels' });
    const frame = (n: number, y: number, boxUnit: 'pixels' | 'relative'): FrameEvent => ({
      type: 'frame',
      source: 'cam',
      frame: n,
      at: T0 + n,
      boxUnit,
      detections: [{ trackId: 1, box: { x: 90, y, w: 20, h: 40 } }],
    });
    counter.update(frame(1, 20, 'relative'));
    counter.update(frame(2, 80, 'relative'));
    expect(counter.quality().boxUnitMismatches).toBe(2);
    counter.update(frame(3, 20, 'pixels'));
    expect(counter.update(frame(4, 80, 'pixels')).map((c) => c.direction)).toEqual(['out']);
  });
});

describe('report and chart arguments that are not what they should be', () => {
  const agg = createFootfallAggregator().snapshot();
  it('buildHourlyReport says which option is wrong instead of crashing inside', () => {
    expect(() => buildHourlyReport(agg, null as never)).toThrow(/options must be an object, received null/);
    expect(() => buildHourlyReport(agg, { zone: ZONE, date: '2026-11-21', staffLines: 'door' as never })).toThrow(
      /staffLines must be an array of strings, received "door"/,
    );
    expect(() => buildHourlyReport(agg, { zone: ZONE, date: '2026-11-21', uptime: { cam1: [[2, 1]] } })).toThrow(/uptime\["cam1"\]/);
    expect(() => buildHourlyReport(agg, { zone: ZONE, date: 20261121 as never })).toThrow(
      /date must be a YYYY-MM-DD string, received number/,
    );
    expect(() => buildHourlyReport(null as never, { zone: ZONE, date: '2026-11-21' })).toThrow(/needs a FootfallAggregate/);
    expect(buildHourlyReport(agg, { zone: ZONE, date: '2026-11-21' }).rows).toHaveLength(24);
  });
  it('the charts never call a toString that report data brings along', () => {
    const report = buildHourlyReport(agg, { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '12:00' } });
    const hostile = { ...report, date: { toString: null }, rows: report.rows.map((r) => ({ ...r, label: { toString: null } })) };
    const svg = renderHourlyChart(hostile as never);
    expect(svg).toContain('Entries and occupancy per hour, </title>'.slice(0, 30));
    expect(() => renderHeatmap({ cols: { toString: null }, rows: 1, seconds: [] } as never)).toThrow(/received object × 1/);
  });
});
