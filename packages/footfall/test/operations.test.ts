import './helpers/prototype-guard';
import { CoreErrorCode } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  buildHourlyReport,
  campaignEffect,
  createFootfallAggregator,
  type FootfallAggregate,
  FootfallErrorCode,
  recommendStaffing,
} from '../src/index';

const ZONE = 'Asia/Shanghai';
const at = (date: string, hh: number, mm = 0) =>
  Date.parse(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
const HOUR = 3_600_000;

describe('explicit coverage: quiet and offline cannot be confused', () => {
  const crossing = (t: number, n: number) => ({
    source: 'door',
    line: 'north',
    direction: 'in' as const,
    at: t,
    trackId: n,
    epoch: 0,
    cls: 'person',
    frame: n,
  });
  const day = '2026-11-21';
  const hours = { zone: ZONE, date: day, openingHours: { open: '10:00', close: '13:00' } };

  it('a camera known only from its crossings makes a silent hour unknown, not missing', () => {
    const agg = createFootfallAggregator();
    agg.add(crossing(at(day, 10, 10), 1));
    agg.add(crossing(at(day, 12, 10), 2));
    const snap = agg.snapshot();
    expect(snap.coverageKinds).toEqual({ door: 'inferred' });
    const report = buildHourlyReport(snap, hours);
    expect(report.rows.map((r) => [r.label, r.status, r.entries])).toEqual([
      ['10:00', 'complete', 1],
      ['11:00', 'unknown', null],
      ['12:00', 'complete', 1],
    ]);
    expect(report.rows[1]?.unverified).toEqual(['door']);
    // Up-time known from elsewhere settles it: the hour was quiet.
    const known = buildHourlyReport(snap, { ...hours, uptime: { door: [[at(day, 10), at(day, 13)]] } });
    expect(known.rows[1]).toMatchObject({ status: 'complete', entries: 0 });
  });

  it('with heartbeats a quiet hour is zero and an offline hour is missing', () => {
    const quiet = createFootfallAggregator();
    quiet.add(crossing(at(day, 10, 10), 1));
    for (let t = at(day, 10); t <= at(day, 13); t += 60_000) quiet.heartbeat('door', t);
    expect(buildHourlyReport(quiet.snapshot(), hours).rows.map((r) => [r.status, r.entries])).toEqual([
      ['complete', 1],
      ['complete', 0],
      ['complete', 0],
    ]);
    const offline = createFootfallAggregator();
    for (let t = at(day, 10); t < at(day, 11); t += 60_000) offline.heartbeat('door', t);
    offline.cover('door', at(day, 12), at(day, 13));
    expect(buildHourlyReport(offline.snapshot(), hours).rows.map((r) => r.status)).toEqual(['complete', 'missing', 'complete']);
  });
});

function dayAggregate(counts: Record<string, readonly number[]>): FootfallAggregate {
  const agg = createFootfallAggregator({ allowedLatenessMs: 1e12 });
  for (const [date, perHour] of Object.entries(counts)) {
    perHour.forEach((n, i) => {
      const from = at(date, 10 + i);
      agg.add({ type: 'count', source: 'gate', line: 'south', from, at: from + HOUR, in: n, out: 0, passed: 0, key: `${date}:${i}` });
    });
  }
  return agg.snapshot();
}

describe('recommendStaffing', () => {
  const snap = dayAggregate({ '2026-11-21': [30, 90, 150, 60] });
  const report = buildHourlyReport(snap, { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '15:00' } });

  it('recommends staff per hour and per shift from the service ratio, naming the peaks that drive it', () => {
    const plan = recommendStaffing(report, { visitorsPerStaff: 40, minStaff: 2, shiftHours: 2 });
    expect(plan.hours.map((h) => [h.label, h.demand, h.staff, h.reason])).toEqual([
      ['10:00', 30, 2, 'minimum'],
      ['11:00', 90, 3, 'demand'],
      ['12:00', 150, 4, 'demand'],
      ['13:00', 60, 2, 'minimum'],
      ['14:00', null, 2, 'no-data'],
    ]);
    expect(plan.shifts.map((s) => [s.from, s.to, s.staff, s.drivenBy])).toEqual([
      ['10:00', '11:00', 3, ['11:00']],
      ['12:00', '13:00', 4, ['12:00']],
      ['14:00', '14:00', 2, []],
    ]);
    expect(plan.peaks).toEqual([
      { label: '12:00', demand: 150, staff: 4 },
      { label: '11:00', demand: 90, staff: 3 },
    ]);
    expect(plan.staffHours).toBe(3 * 2 + 4 * 2 + 2);
    expect(plan.noData).toEqual(['14:00']);
  });

  it('caps at the roster and lists the shortfall; validates the ratio', () => {
    const plan = recommendStaffing(report, { visitorsPerStaff: 40, maxStaff: 3 });
    expect(plan.shortfalls).toEqual([{ label: '12:00', needed: 4 }]);
    expect(plan.hours[2]).toMatchObject({ staff: 3, reason: 'capped' });
    expect(() => recommendStaffing(report, { visitorsPerStaff: 0 })).toThrow(expect.objectContaining({ code: CoreErrorCode.VALIDATION }));
    expect(() => recommendStaffing(report, { visitorsPerStaff: 10, shiftHours: 0 })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.VALIDATION }),
    );
  });
});

describe('campaignEffect', () => {
  // Saturday 21 November is the campaign; the four Saturdays before are the baseline; nothing earlier.
  const snap = dayAggregate({
    '2026-11-21': [40, 50, 40],
    '2026-11-14': [30, 40, 30],
    '2026-11-07': [35, 40, 35],
    '2026-10-31': [30, 30, 30],
    '2026-10-24': [30, 40, 30],
  });
  const sales = [
    { at: at('2026-11-21', 10, 30), amountFen: 100_000 },
    { at: at('2026-11-14', 10, 30), amountFen: 80_000 },
    { at: at('2026-11-07', 11, 30), amountFen: 80_000 },
    { at: at('2026-10-31', 12, 30), amountFen: 80_000 },
    { at: at('2026-10-24', 10, 5), amountFen: 80_000 },
    { at: at('2026-11-21', 13, 30), amountFen: 999_999 }, // in an hour the cameras did not cover: not compared
  ];

  it('compares the campaign hours with the same weekday hours of earlier weeks, with an interval and the gaps', () => {
    const effect = campaignEffect(snap, {
      zone: ZONE,
      from: '2026-11-21T10:00:00+08:00',
      to: '2026-11-21T14:00:00+08:00',
      baselineWeeks: 5,
      sales,
    });
    expect(effect.hours).toBe(4);
    expect(effect.usableHours).toBe(3);
    expect(effect.baselineWeeks).toBe(4);
    expect(effect.droppedWeeks).toEqual([5]);
    expect(effect.gaps).toEqual([{ hour: '2026-11-21T05:00:00.000Z', missingIn: 'campaign', status: 'missing' }]);
    expect(effect.entries.campaign).toBe(130);
    expect(effect.entries.weeks).toEqual([100, 110, 90, 100]);
    expect(effect.entries.baseline).toBe(100);
    expect(effect.entries.lift).toBeCloseTo(0.3, 12);
    // Student-t (3 df, 95 %) prediction interval for one more week: 100 ± 3.182 · s · √(1 + 1/4), s = √(200/3).
    const half = 3.182 * Math.sqrt(200 / 3) * Math.sqrt(1.25);
    expect(effect.entries.interval?.low).toBeCloseTo(130 / (100 + half) - 1, 12);
    expect(effect.entries.interval?.high).toBeCloseTo(130 / (100 - half) - 1, 12);
    expect(effect.entryRate).toBeNull();
    expect(effect.sales).toMatchObject({ campaign: 100_000, baseline: 80_000, lift: 0.25 });
  });

  it('leaves out an hour a baseline week did not cover, and says so', () => {
    const holed = dayAggregate({
      '2026-11-21': [40, 50, 40],
      '2026-11-14': [30, 40],
      '2026-11-07': [35, 40, 35],
    });
    const effect = campaignEffect(holed, { zone: ZONE, from: at('2026-11-21', 10), to: at('2026-11-21', 13), baselineWeeks: 2 });
    expect(effect.usableHours).toBe(2);
    expect(effect.gaps).toEqual([{ hour: '2026-11-21T04:00:00.000Z', missingIn: 1, status: 'missing' }]);
    expect(effect.entries.weeks).toEqual([70, 75]);
    expect(effect.entries.campaign).toBe(90);
  });

  it('compares the entry rate when the data has passers-by', () => {
    const agg = createFootfallAggregator({ allowedLatenessMs: 1e12 });
    const days: [string, number, number][] = [
      ['2026-11-21', 60, 300],
      ['2026-11-14', 40, 400],
      ['2026-11-07', 50, 500],
    ];
    for (const [date, entries, passers] of days) {
      const from = at(date, 10);
      agg.add({ type: 'count', source: 'gate', line: 'south', from, at: from + HOUR, in: entries, out: 0, passed: passers, key: date });
    }
    const effect = campaignEffect(agg.snapshot(), { zone: ZONE, from: at('2026-11-21', 10), to: at('2026-11-21', 11), baselineWeeks: 2 });
    expect(effect.entryRate).toMatchObject({ campaign: 0.2, baseline: 0.1, weeks: [0.1, 0.1] });
    expect(effect.entryRate?.lift).toBeCloseTo(1, 12);
  });

  it('refuses windows over 31 days', () => {
    expect(() => campaignEffect(snap, { zone: ZONE, from: 0, to: 40 * 86_400_000 })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.INPUT_TOO_LARGE }),
    );
  });
});
