import { describe, expect, it } from 'vitest';
import {
  compileHourlyReportSql,
  compilePeriodTotalsSql,
  FootfallError,
  FootfallErrorCode,
  type FootfallSqlDialect,
  hourlyReportFromRows,
  periodTotalsFromRows,
  SQL_MAX_LIST,
  SQL_MAX_PERIOD_DAYS,
} from '../src/index';

const day = { zone: 'Asia/Shanghai', date: '2026-11-21' } as const;
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return FootfallError.isInstance(error) ? error.code : (error as Error).name;
  }
  return 'no error';
};

describe('compileHourlyReportSql options', () => {
  it('binds every value and quotes table names per dialect', () => {
    const hostile = "x'); DROP TABLE footfall_canary; --";
    for (const dialect of ['postgres', 'duckdb', 'clickhouse'] as FootfallSqlDialect[]) {
      const q = compileHourlyReportSql({
        ...day,
        dialect,
        store: hostile,
        passerbyLines: [hostile],
        sources: ['cam1', hostile],
        tables: { buckets: ['an"a`ly\\tics', 'b"u`c'] },
      });
      expect(q.sql).not.toContain(hostile);
      expect(q.params.filter((p) => p.value === hostile).length).toBeGreaterThanOrEqual(3);
      expect(q.sql).toContain(dialect === 'clickhouse' ? '`an"a\\`ly\\\\tics`.`b"u\\`c`' : '"an""a`ly\\tics"."b""u`c"');
    }
  });

  it('refuses what it cannot compile with a code', () => {
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'mysql' as FootfallSqlDialect }))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', tables: { buckets: '' } }))).toBe(
      FootfallErrorCode.INVALID_SQL,
    );
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'duckdb', tables: { coverage: 'a\0b' } }))).toBe(
      FootfallErrorCode.INVALID_SQL,
    );
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', sources: ['a', 'a'] }))).toBe(FootfallErrorCode.INVALID_SQL);
    // PostgreSQL text cannot hold NUL; DuckDB and ClickHouse strings can.
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', staffLines: ['a\0'] }))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'clickhouse', staffLines: ['a\0'] }))).toBe('no error');
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', passerbyLines: [''] }))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(
      code(() =>
        compileHourlyReportSql({ ...day, dialect: 'postgres', sources: Array.from({ length: SQL_MAX_LIST + 1 }, (_, i) => `c${i}`) }),
      ),
    ).toBe(FootfallErrorCode.INPUT_TOO_LARGE);
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', gapMs: 0 }))).toBe('RangeError');
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', openingHours: { open: '22:00', close: '10:00' } }))).toBe(
      FootfallErrorCode.INVALID_OPENING_HOURS,
    );
    expect(code(() => compileHourlyReportSql({ ...day, dialect: 'postgres', uptime: { cam1: [[5, 1]] } }))).toBe('TypeError');
  });
});

describe('hourlyReportFromRows', () => {
  const q = compileHourlyReportSql({ ...day, dialect: 'postgres', openingHours: { open: '10:00', close: '11:00' } });
  const total = ['total', 0, null, null, 3, 1, null, 0, 2, 2, null, null, null];
  const hour = ['hour', 1, null, 'complete', 3, 1, null, 0, 2, 2, null, null, null];

  it('reads numbers, bigints and decimal text alike', () => {
    const a = hourlyReportFromRows(q, [hour, total]);
    const b = hourlyReportFromRows(q, [
      hour.map((v) => (typeof v === 'number' ? BigInt(v) : v)),
      total.map((v) => (typeof v === 'number' ? String(v) : v)),
    ]);
    expect(b).toEqual(a);
    expect(a.rows[0]).toMatchObject({ label: '10:00', entries: 3, exits: 1, occupancy: 2, status: 'complete' });
    expect(a.totals).toMatchObject({ entries: 3, peakOccupancy: 2, occupancyAtClose: 2 });
  });

  it('refuses rows that are not the statement’s, naming the row', () => {
    expect(code(() => hourlyReportFromRows(q, [total]))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => hourlyReportFromRows(q, [hour]))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => hourlyReportFromRows(q, [['hour', 2, ...hour.slice(2)], total]))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => hourlyReportFromRows(q, [['nope', ...hour.slice(1)], total]))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => hourlyReportFromRows(q, [['hour', 1, null, 'complete', 1.5, ...hour.slice(5)], total]))).toBe(
      FootfallErrorCode.INVALID_SQL,
    );
    expect(code(() => hourlyReportFromRows(q, [hour.slice(0, 12), total]))).toBe(FootfallErrorCode.INVALID_SQL);
    expect(() => hourlyReportFromRows(q, [['hour', 1, null, 'bogus', ...hour.slice(4)], total])).toThrow(/result row 0: status/);
  });
});

describe('compilePeriodTotalsSql options and rows', () => {
  const one = [{ from: '2026-11-21', to: '2026-11-21' }];
  it('refuses bad periods with a code', () => {
    expect(code(() => compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [] }))).toBe(
      FootfallErrorCode.INVALID_SQL,
    );
    expect(
      code(() =>
        compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [{ from: '2026-11-22', to: '2026-11-21' }] }),
      ),
    ).toBe(FootfallErrorCode.INVALID_SQL);
    expect(
      code(() => compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [{ from: '2026-1-1', to: '2026-11-21' }] })),
    ).toBe(FootfallErrorCode.INVALID_OPENING_HOURS);
    expect(
      code(() =>
        compilePeriodTotalsSql({ dialect: 'postgres', zone: 'Asia/Shanghai', periods: [{ from: '2025-01-01', to: '2026-11-21' }] }),
      ),
    ).toBe(FootfallErrorCode.INPUT_TOO_LARGE);
    expect(SQL_MAX_PERIOD_DAYS).toBe(400);
  });
  it('reads one row per period and refuses a repeated or missing one', () => {
    const q = compilePeriodTotalsSql({ dialect: 'clickhouse', zone: 'Asia/Shanghai', periods: [...one, ...one] });
    expect(
      periodTotalsFromRows(q, [
        ['2', '5', '4', null, '0'],
        [1, 3, 1, 7, 0],
      ]),
    ).toEqual([
      { entries: 3, exits: 1, passersBy: 7, staff: 0 },
      { entries: 5, exits: 4, passersBy: null, staff: 0 },
    ]);
    expect(
      code(() =>
        periodTotalsFromRows(q, [
          [1, 3, 1, 7, 0],
          [1, 3, 1, 7, 0],
        ]),
      ),
    ).toBe(FootfallErrorCode.INVALID_SQL);
    expect(code(() => periodTotalsFromRows(q, [[1, 3, 1, 7, 0]]))).toBe(FootfallErrorCode.INVALID_SQL);
  });
});
