import './helpers/prototype-guard';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildHourlyReport,
  type CountEvent,
  comparePeriods,
  createFootfallAggregator,
  FootfallErrorCode,
  renderHeatmap,
  renderHourlyChart,
  suppressSmallCounts,
  tumblingWindows,
} from '../src/index';

const ZONE = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);
let n = 0;
const count = (source: string, line: string, t: number, inn: number, out: number, passed = 0): CountEvent => ({
  type: 'count',
  source,
  line,
  from: t,
  at: t,
  in: inn,
  out,
  passed,
  key: `k${n++}`,
});

function day() {
  const agg = createFootfallAggregator({ allowedLatenessMs: 86_400_000, gapMs: 300_000 });
  // Door camera up 10:00–12:00 and 13:00–14:00 (down 12:00–13:00); street camera up all the time.
  for (let t = at('2026-11-21T10:00:00'); t < at('2026-11-21T14:00:00'); t += 60_000) {
    if (t < at('2026-11-21T12:00:00') || t >= at('2026-11-21T13:00:00')) agg.heartbeat('door', t);
  }
  agg.heartbeat('door', at('2026-11-21T14:00:00'));
  agg.add(count('door', 'north', at('2026-11-21T10:10:00'), 30, 2));
  agg.add(count('door', 'north', at('2026-11-21T10:40:00'), 12, 30));
  agg.add(count('door', 'north', at('2026-11-21T11:05:00'), 3, 20)); // more exits than people: clamp at 0
  agg.add(count('door', 'north', at('2026-11-21T13:30:00'), 8, 1));
  agg.add(count('door', 'dock', at('2026-11-21T10:20:00'), 2, 0));
  for (let t = at('2026-11-21T10:00:00'); t <= at('2026-11-21T14:00:00'); t += 60_000) agg.heartbeat('street', t);
  agg.add(count('street', 'street', at('2026-11-21T10:15:00'), 40, 60));
  agg.add(count('street', 'street', at('2026-11-21T13:15:00'), 20, 20));
  return agg.snapshot();
}

const options = {
  zone: ZONE,
  date: '2026-11-21',
  openingHours: { open: '10:00', close: '14:00' },
  passerbyLines: ['street'],
  staffLines: ['dock'],
  sources: ['door'],
};

describe('buildHourlyReport', () => {
  it('reports entries, exits, passers-by, entry rate, occupancy clamped at zero, staff, and gaps as gaps', () => {
    const r = buildHourlyReport(day(), options);
    expect(r.rows.map((x) => [x.label, x.status, x.entries, x.exits, x.passersBy, x.occupancy, x.staff])).toEqual([
      ['10:00', 'complete', 42, 32, 100, 10, 2],
      ['11:00', 'complete', 3, 20, 0, 0, 0],
      ['12:00', 'missing', null, null, null, null, null],
      ['13:00', 'complete', 8, 1, 40, 7, 0],
    ]);
    expect(r.rows[0]?.entryRate).toBeCloseTo(0.42);
    expect(r.rows[1]?.entryRate).toBeNull();
    expect(r.rows[2]?.gaps).toEqual([{ source: 'door', from: '2026-11-21T04:00:00.000Z', to: '2026-11-21T05:00:00.000Z' }]);
    expect(r.totals).toMatchObject({ entries: 53, exits: 53, passersBy: 140, staff: 2, peakOccupancy: 28, occupancyAtClose: 7 });
    expect(r.peakHours).toEqual(['10:00', '13:00', '11:00']);
    expect(r.rows[0]?.doors).toEqual({ north: { entries: 42, exits: 32 } });
    expect(r.rows[2]?.doors).toBeNull();
  });

  it('marks an hour with a gap inside it as partial', () => {
    const agg = createFootfallAggregator({ gapMs: 60_000 });
    agg.heartbeat('door', at('2026-11-21T10:00:00'));
    agg.heartbeat('door', at('2026-11-21T10:59:59'));
    const r = buildHourlyReport(agg.snapshot(), { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '11:00' } });
    expect(r.rows[0]?.status).toBe('partial');
    expect(r.rows[0]?.entries).toBe(0);
    expect(r.totals.passersBy).toBeNull();
  });

  it('has 23 local hours on a spring-forward day and 25 on a fall-back day (DST-safe)', () => {
    const agg = createFootfallAggregator({ allowedLatenessMs: 1e12 });
    // 03:30 CEST on 29 March 2026 (02:00–03:00 does not exist).
    agg.add(count('c', 'door', Date.parse('2026-03-29T01:30:00Z'), 5, 0));
    const spring = buildHourlyReport(agg.snapshot(), { zone: 'Europe/Berlin', date: '2026-03-29' });
    expect(spring.rows).toHaveLength(23);
    expect(spring.rows.find((x) => x.entries === 5)?.label).toBe('03:00');
    const fall = buildHourlyReport(agg.snapshot(), { zone: 'Europe/Berlin', date: '2026-10-25' });
    expect(fall.rows).toHaveLength(25);
    expect(fall.rows.filter((x) => x.label === '02:00')).toHaveLength(2);
  });

  it('rejects malformed or inverted opening hours', () => {
    const snap = day();
    for (const openingHours of [
      { open: '14:00', close: '10:00' },
      { open: '9:00', close: '10:00' },
      { open: '10:00', close: '24:30' },
    ]) {
      expect(() => buildHourlyReport(snap, { ...options, openingHours })).toThrow(
        expect.objectContaining({ code: FootfallErrorCode.INVALID_OPENING_HOURS }),
      );
    }
    expect(() => buildHourlyReport(snap, { ...options, date: '21/11/2026' })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INVALID_OPENING_HOURS }),
    );
    expect(buildHourlyReport(snap, { ...options, openingHours: { open: '00:00', close: '24:00' } }).rows).toHaveLength(24);
  });
});

describe('tumblingWindows', () => {
  it('rolls 5-minute buckets up into local hours and days, DST-safe', () => {
    const snap = day();
    const five = tumblingWindows(snap, { zone: ZONE, size: '5m' });
    expect(five[0]).toEqual({
      start: '2026-11-21T02:10:00.000Z',
      end: '2026-11-21T02:15:00.000Z',
      lines: { north: { in: 30, out: 2, passed: 0 } },
    });
    const hours = tumblingWindows(snap, { zone: ZONE, size: 'hour' });
    expect(hours.map((w) => w.start)).toEqual(['2026-11-21T02:00:00.000Z', '2026-11-21T03:00:00.000Z', '2026-11-21T05:00:00.000Z']);
    expect(hours[0]?.lines).toEqual({
      dock: { in: 2, out: 0, passed: 0 },
      north: { in: 42, out: 32, passed: 0 },
      street: { in: 40, out: 60, passed: 0 },
    });
    const days = tumblingWindows(snap, { zone: ZONE, size: 'day' });
    expect(days).toEqual([{ start: '2026-11-20T16:00:00.000Z', end: '2026-11-21T16:00:00.000Z', lines: expect.any(Object) }]);
    const berlin = createFootfallAggregator({ allowedLatenessMs: 1e12 });
    berlin.add(count('c', 'door', Date.parse('2026-10-25T00:30:00Z'), 1, 0)); // 02:30 CEST
    berlin.add(count('c', 'door', Date.parse('2026-10-25T01:30:00Z'), 2, 0)); // 02:30 CET, an hour later
    berlin.add(count('c', 'door', Date.parse('2026-10-25T20:00:00Z'), 4, 0));
    const bh = tumblingWindows(berlin.snapshot(), { zone: 'Europe/Berlin', size: 'hour' });
    expect(bh.slice(0, 2).map((w) => [w.start, w.end, w.lines.door?.in])).toEqual([
      ['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', 1],
      ['2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z', 2],
    ]);
    const bd = tumblingWindows(berlin.snapshot(), { zone: 'Europe/Berlin', size: 'day' });
    expect(bd).toEqual([
      { start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', lines: { door: { in: 7, out: 0, passed: 0 } } },
    ]);
  });
});

describe('suppressSmallCounts', () => {
  it('hides 0 < n < k, and rates built on hidden counts', () => {
    const r = suppressSmallCounts(buildHourlyReport(day(), options), 10);
    expect(r.suppressionK).toBe(10);
    const [ten, eleven, , thirteen] = r.rows;
    expect(ten).toMatchObject({ entries: 42, staff: null, suppressed: ['staff'] });
    expect(eleven).toMatchObject({ entries: null, exits: 20, passersBy: 0, suppressed: ['entries'] });
    expect(thirteen).toMatchObject({ entries: null, exits: null, occupancy: null, entryRate: null });
    expect(thirteen?.suppressed).toEqual(['entries', 'exits', 'occupancy', 'entryRate']);
    expect(r.totals).toMatchObject({ entries: 53, staff: null, occupancyAtClose: null });
    expect(() => suppressSmallCounts(r, 0)).toThrow(RangeError);
  });
});

describe('comparePeriods', () => {
  it('computes 环比 and 同比, with null for unknown or zero baselines', () => {
    const c = comparePeriods({ current: 1100, previous: 1000, yearAgo: 1250 });
    expect(c.periodOverPeriod).toBeCloseTo(0.1);
    expect(c.yearOverYear).toBeCloseTo(-0.12);
    expect(comparePeriods({ current: 5, previous: 0 })).toEqual({ current: 5, periodOverPeriod: null, yearOverYear: null });
    expect(comparePeriods({ current: null, previous: 3, yearAgo: 3 }).periodOverPeriod).toBeNull();
  });
});

describe('charts', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  it('renders the hourly chart as valid, deterministic SVG with one bar per counted hour and a gap for the missing one', () => {
    const report = buildHourlyReport(day(), options);
    const svg = renderHourlyChart(report, { title: "Jing'an <flagship> & co" });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(renderHourlyChart(report, { title: "Jing'an <flagship> & co" })).toBe(svg);
    const doc = parser.parse(svg) as { svg: { xmlns: string; rect: { class?: string }[]; polyline: { points: string } } };
    expect(doc.svg.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(doc.svg.rect.filter((x) => x.class === 'bar')).toHaveLength(3);
    expect(doc.svg.rect.filter((x) => x.class === 'gap')).toHaveLength(1);
    expect(doc.svg.polyline.points.split(' ')).toHaveLength(3);
    expect(svg).toContain('&lt;flagship&gt; &amp; co');
    const suppressed = renderHourlyChart(suppressSmallCounts(report, 10));
    expect(XMLValidator.validate(suppressed)).toBe(true);
    expect(suppressed).toContain('class="suppressed"');
  });

  it('renders the heatmap as valid SVG with one cell per grid square', () => {
    const svg = renderHeatmap({ cols: 3, rows: 2, seconds: [0, 10, 20, 30, 40, 60], durationMs: 60_000 });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parser.parse(svg) as { svg: { rect: { class?: string; fill: string }[] } };
    const cells = doc.svg.rect.filter((x) => x.class === 'cell');
    expect(cells).toHaveLength(6);
    expect(cells[0]?.fill).toBe('#fffff0');
    expect(cells[5]?.fill).toBe('#c82814');
    expect(renderHeatmap({ cols: 1, rows: 1, seconds: [0], durationMs: 0 })).toContain('0.00 people');
  });
});
