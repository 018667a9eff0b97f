// The hourly report compiled to SQL gives the same report as buildHourlyReport on the same rows,
// on PostgreSQL (PGlite), DuckDB and ClickHouse (chdb): random bucket and coverage sets with
// missing and inferred coverage, DST days in Europe/Berlin and America/New_York beside
// Asia/Shanghai, occupancy driven below zero, hostile names; a canary table must survive.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHourlyReport,
  compileHourlyReportSql,
  compilePeriodTotalsSql,
  type FootfallSqlDialect,
  type HourlyReportOptions,
  hourlyReportFromRows,
  periodTotalsFromRows,
} from '../src/index';
import { aggregateOf, type BucketRow, type CoverageRow, type Engine, openChdb, openDuckDb, openPglite } from './helpers/warehouse';

const MIN = 60_000;
const BUCKET = 300_000;

/** Names that are hostile in some dialect's quoting rules, or as object keys. */
const HOSTILE = [
  '__proto__',
  'constructor',
  "o'brien",
  'x"; DROP TABLE footfall_canary; --',
  "'); DROP TABLE footfall_canary; --",
  'back`tick',
  'back\\slash\\',
  '$1',
  '{p1:String}',
  'саm1', // Cyrillic с and а: a homoglyph of cam1
  '北门',
];
const SOURCES = ['cam1', 'cam2', 'cam3', ...HOSTILE.slice(0, 6)];
const LINES = ['north', 'south', 'walk', 'staff-door', ...HOSTILE.slice(5)];

const DAYS: readonly { zone: string; date: string }[] = [
  { zone: 'Asia/Shanghai', date: '2026-11-21' },
  { zone: 'Europe/Berlin', date: '2026-03-29' }, // 23 hours
  { zone: 'Europe/Berlin', date: '2026-10-25' }, // 25 hours
  { zone: 'America/New_York', date: '2026-03-08' },
  { zone: 'America/New_York', date: '2026-11-01' },
  { zone: 'America/New_York', date: '2026-07-04' },
];
const HOURS = [undefined, { open: '09:00', close: '21:00' }, { open: '10:02', close: '13:30' }, { open: '01:30', close: '03:30' }];

interface Case {
  readonly day: (typeof DAYS)[number];
  readonly openingHours: (typeof HOURS)[number];
  readonly gapMs: number;
  readonly buckets: BucketRow[];
  readonly coverage: CoverageRow[];
  readonly passerby: string[];
  readonly staff: string[];
  readonly sources: string[] | undefined;
  readonly uptime: [string, [number, number][]][] | undefined;
}

function dayStart(day: (typeof DAYS)[number]): number {
  // Midnight UTC of the date minus 14 h covers the local day in every zone above, with margin.
  return Date.parse(`${day.date}T00:00:00Z`) - 14 * 3_600_000;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    day: fc.constantFrom(...DAYS),
    openingHours: fc.constantFrom(...HOURS),
    gapMs: fc.constantFrom(BUCKET, 2 * BUCKET, 7 * MIN),
    buckets: fc.uniqueArray(
      fc.record({
        store: fc.constantFrom('s1', 's1', 's1', 's2'),
        source: fc.constantFrom(...SOURCES),
        line: fc.constantFrom(...LINES),
        slot: fc.integer({ min: 0, max: (40 * 60) / 5 }),
        in: fc.integer({ min: 0, max: 12 }),
        // Exits often exceed entries, so occupancy would go negative without the clamp.
        out: fc.integer({ min: 0, max: 18 }),
        passed: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
      }),
      { maxLength: 120, selector: (r) => `${r.store}|${r.source}|${r.line}|${r.slot}` },
    ),
    coverage: fc.array(
      fc.record({
        store: fc.constantFrom('s1', 's1', 's2'),
        source: fc.constantFrom(...SOURCES),
        minute: fc.integer({ min: 0, max: 40 * 60 }),
        length: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 20 })),
        kind: fc.constantFrom('declared' as const, 'declared' as const, 'inferred' as const),
      }),
      { maxLength: 30 },
    ),
    passerby: fc.subarray(LINES, { maxLength: 2 }),
    staff: fc.subarray(LINES, { maxLength: 2 }),
    sources: fc.option(fc.shuffledSubarray(SOURCES, { minLength: 0, maxLength: 5 }), { nil: undefined }),
    uptime: fc.option(
      fc.uniqueArray(
        fc.tuple(
          fc.constantFrom(...SOURCES),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 40 * 60 }), fc.integer({ min: 0, max: 300 })), { maxLength: 3 }),
        ),
        { maxLength: 3, selector: (t) => t[0] },
      ),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const base = dayStart(r.day);
    return {
      day: r.day,
      openingHours: r.openingHours,
      gapMs: r.gapMs,
      buckets: r.buckets.map((b) => ({
        store: b.store,
        source: b.source,
        line: b.line,
        bucketStart: base + b.slot * BUCKET,
        in: b.in,
        out: b.out,
        passed: b.passed,
      })),
      coverage: r.coverage.map((c) => ({
        store: c.store,
        source: c.source,
        from: base + c.minute * MIN,
        to: base + (c.minute + c.length) * MIN,
        kind: c.kind,
      })),
      passerby: r.passerby,
      staff: r.staff.filter((l) => !r.passerby.includes(l)),
      sources: r.sources,
      uptime: r.uptime?.map(([s, list]): [string, [number, number][]] => [
        s,
        list.map(([m, len]): [number, number] => [base + m * MIN, base + (m + len) * MIN]),
      ]),
    };
  });

const engines: Engine[] = [];

beforeAll(async () => {
  engines.push(await openPglite(), await openDuckDb(), await openChdb());
  for (const e of engines) {
    await e.exec(
      e.name === 'clickhouse' ? 'CREATE TABLE footfall_canary (x Int64) ENGINE = Memory' : 'CREATE TABLE footfall_canary (x BIGINT)',
    );
    await e.exec('INSERT INTO footfall_canary VALUES (42)');
  }
}, 180_000);

afterAll(async () => {
  for (const e of engines) await e.close();
});

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

async function sqlReport(e: Engine, options: HourlyReportOptions & { gapMs: number }, materializeCtes = false) {
  const q = compileHourlyReportSql({ ...options, dialect: e.name as FootfallSqlDialect, store: 's1', materializeCtes });
  return hourlyReportFromRows(q, await e.rows(q.sql, q.params));
}

describe('compileHourlyReportSql = buildHourlyReport on PGlite, DuckDB and ClickHouse (chdb)', () => {
  it('agrees on random bucket and coverage sets (DST days, missing and inferred coverage, clamping, hostile names)', {
    timeout: 600_000,
  }, async () => {
    let clamped = 0;
    const statuses = new Set<string>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const options: HourlyReportOptions & { gapMs: number } = {
          zone: c.day.zone,
          date: c.day.date,
          gapMs: c.gapMs,
          ...(c.openingHours === undefined ? {} : { openingHours: c.openingHours }),
          passerbyLines: c.passerby,
          staffLines: c.staff,
          ...(c.sources === undefined ? {} : { sources: c.sources }),
          ...(c.uptime === undefined ? {} : { uptime: Object.fromEntries(c.uptime) }),
        };
        // Coverage rows outside gapMs of the opening hours are not read (documented): keep the
        // data inside so both sides see the same sources.
        const plan = compileHourlyReportSql({ ...options, dialect: 'postgres' }).plan;
        const open = (plan.hours[0] as { start: number }).start;
        const close = (plan.hours[plan.hours.length - 1] as { end: number }).end;
        const coverage = c.coverage.filter((r) => r.to >= open - c.gapMs && r.from <= close + c.gapMs);
        const want = plain(buildHourlyReport(aggregateOf(c.buckets, coverage, 's1', c.gapMs), options));
        const w = want as { rows: { status: string }[]; totals: { entries: number; exits: number; occupancyAtClose: number } };
        for (const r of w.rows) statuses.add(r.status);
        // Without the clamp at zero, occupancy at close would be entries − exits.
        if (w.totals.occupancyAtClose !== w.totals.entries - w.totals.exits) clamped++;
        for (const e of engines) {
          await e.load(c.buckets, coverage);
          const got = plain(await sqlReport(e, options));
          expect({ engine: e.name, report: got }).toEqual({ engine: e.name, report: want });
          if (e.name === 'clickhouse') {
            const materialized = plain(await sqlReport(e, options, true));
            expect({ engine: 'clickhouse, materialized CTEs', report: materialized }).toEqual({
              engine: 'clickhouse, materialized CTEs',
              report: want,
            });
          }
        }
      }),
      { numRuns: 60, seed: 20261121, endOnFailure: true },
    );
    // The generator reaches what the test is about.
    expect(clamped).toBeGreaterThan(5);
    expect([...statuses].sort()).toEqual(['complete', 'missing', 'partial', 'unknown']);
  });

  it('has 23 and 25 rows on DST days in Berlin and the canary table survives every hostile name', { timeout: 120_000 }, async () => {
    for (const e of engines) {
      await e.load([], []);
      expect((await sqlReport(e, { zone: 'Europe/Berlin', date: '2026-03-29', gapMs: BUCKET })).rows).toHaveLength(23);
      expect((await sqlReport(e, { zone: 'Europe/Berlin', date: '2026-10-25', gapMs: BUCKET })).rows).toHaveLength(25);
      expect((await e.rows('SELECT x FROM footfall_canary', [])).map((r) => Number(r[0]))).toEqual([42]);
    }
  });

  it('keeps NUL in names as data where the engine can store it (DuckDB, ClickHouse); PostgreSQL refuses at compile time', {
    timeout: 120_000,
  }, async () => {
    const t = Date.parse('2026-11-21T10:00:00+08:00');
    const buckets = [
      { store: 's1', source: 'cam\0one', line: 'door\0north', bucketStart: t, in: 4, out: 1, passed: 0 },
      { store: 's1', source: 'cam\0one', line: 'door', bucketStart: t, in: 2, out: 0, passed: 0 },
    ];
    const coverage = [{ store: 's1', source: 'cam\0one', from: t - 3_600_000, to: t + 3_600_000, kind: 'declared' as const }];
    const options = { zone: 'Asia/Shanghai', date: '2026-11-21', gapMs: BUCKET, openingHours: { open: '10:00', close: '11:00' } };
    const want = plain(buildHourlyReport(aggregateOf(buckets, coverage, 's1', BUCKET), options));
    for (const e of engines) {
      if (e.name === 'postgres') {
        expect(() => compileHourlyReportSql({ ...options, dialect: 'postgres', sources: ['cam\0one'] })).toThrow(/NUL/);
        continue;
      }
      await e.load(buckets, coverage);
      expect({ engine: e.name, report: plain(await sqlReport(e, options)) }).toEqual({ engine: e.name, report: want });
    }
  });

  it('keeps hostile table names as identifiers: the engine finds no such table, the canary survives', { timeout: 120_000 }, async () => {
    for (const e of engines) {
      for (const name of [
        'footfall_buckets"; DROP TABLE footfall_canary; --',
        'footfall_buckets`; DROP TABLE footfall_canary; --',
        'x\\',
      ]) {
        const q = compileHourlyReportSql({
          dialect: e.name as FootfallSqlDialect,
          zone: 'Asia/Shanghai',
          date: '2026-11-21',
          tables: { buckets: name },
        });
        await expect(e.rows(q.sql, q.params)).rejects.toThrow();
      }
      expect((await e.rows('SELECT x FROM footfall_canary', [])).map((r) => Number(r[0]))).toEqual([42]);
    }
  });
});

describe('compilePeriodTotalsSql = the daily reports summed, on PGlite, DuckDB and ClickHouse (chdb)', () => {
  const zones = [
    { zone: 'Europe/Berlin', first: '2026-10-23' }, // 25-hour day on the 25th
    { zone: 'America/New_York', first: '2026-03-06' }, // 23-hour day on the 8th
    { zone: 'Asia/Shanghai', first: '2026-11-20' },
  ];
  const dates = (first: string, n: number) =>
    Array.from({ length: n }, (_, i) => new Date(Date.parse(`${first}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

  it('agrees on random buckets over five days and random periods', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...zones),
        fc.constantFrom(...HOURS),
        fc.uniqueArray(
          fc.record({
            store: fc.constantFrom('s1', 's1', 's2'),
            source: fc.constantFrom(...SOURCES),
            line: fc.constantFrom(...LINES),
            slot: fc.integer({ min: 0, max: (6 * 24 * 60) / 5 }),
            in: fc.integer({ min: 0, max: 9 }),
            out: fc.integer({ min: 0, max: 9 }),
            passed: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9 })),
          }),
          { maxLength: 150, selector: (r) => `${r.store}|${r.source}|${r.line}|${r.slot}` },
        ),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 3 }),
        fc.subarray(LINES, { maxLength: 2 }),
        fc.subarray(LINES, { maxLength: 2 }),
        async (z, openingHours, raw, spans, passerby, staffRaw) => {
          const staff = staffRaw.filter((l) => !passerby.includes(l));
          const days = dates(z.first, 5);
          const base = Date.parse(`${z.first}T00:00:00Z`) - 14 * 3_600_000;
          const buckets = raw.map((b) => ({ ...b, bucketStart: base + b.slot * BUCKET }));
          const periods = spans.map(([a, b]) => ({ from: days[Math.min(a, b)] as string, to: days[Math.max(a, b)] as string }));
          const common = {
            zone: z.zone,
            ...(openingHours === undefined ? {} : { openingHours }),
            passerbyLines: passerby,
            staffLines: staff,
          };
          const agg = aggregateOf(buckets, [], 's1', BUCKET);
          const want = periods.map((p) => {
            const t = { entries: 0, exits: 0, passersBy: null as number | null, staff: 0 };
            for (const d of days.filter((d) => d >= p.from && d <= p.to)) {
              const r = buildHourlyReport(agg, { ...common, date: d }).totals;
              t.entries += r.entries ?? 0;
              t.exits += r.exits ?? 0;
              t.staff += r.staff ?? 0;
              if (r.passersBy !== null) t.passersBy = (t.passersBy ?? 0) + r.passersBy;
            }
            return t;
          });
          for (const e of engines) {
            await e.load(buckets, []);
            const q = compilePeriodTotalsSql({ ...common, periods, dialect: e.name as FootfallSqlDialect, store: 's1' });
            expect({ engine: e.name, totals: periodTotalsFromRows(q, await e.rows(q.sql, q.params)) }).toEqual({
              engine: e.name,
              totals: want,
            });
          }
        },
      ),
      { numRuns: 25, seed: 20261130, endOnFailure: true },
    );
  });
});
