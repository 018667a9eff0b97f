import './helpers/prototype-guard';
import { AisleError } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileHourlyReportSql,
  compilePeriodTotalsSql,
  fromAxis,
  fromDahua,
  fromDeepStream,
  fromDetections,
  fromFrigate,
  fromHikvision,
  fromMot,
  fromXovis,
  hourlyReportFromRows,
  parseAggregate,
  periodTotalsFromRows,
  renderHeatmap,
  renderHourlyChart,
} from '../src/index';

const ZONE = 'Asia/Shanghai';
const KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'peopleCounting',
  'data',
  'box',
  'after',
  'type',
  'live_data',
  'frames',
  'events',
  'Code',
];

/** Only coded errors, or TypeError/RangeError for arguments of the wrong type, may escape a public boundary. */
function onlyDocumentedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (AisleError.isInstance(error) || error instanceof TypeError || error instanceof RangeError) return;
    throw error;
  }
}

/** As above, and a TypeError must be ours (an engine's "Cannot read properties of …" is a crash). */
function onlyOurErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (AisleError.isInstance(error)) return;
    if (
      (error instanceof TypeError || error instanceof RangeError) &&
      !/Cannot read|Cannot convert|is not (a function|iterable)|Invalid string length|Maximum call stack/.test(error.message)
    )
      return;
    throw error;
  }
}

const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.anything({ maxDepth: 2 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('any'), { maxKeys: 4 }),
    fc.array(tie('any'), { maxLength: 4 }),
  ),
})).any;

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        '<EventNotificationAlert>',
        '</EventNotificationAlert>',
        '<peopleCounting>',
        '<enter>',
        '3',
        '</enter>',
        '<![CDATA[',
        ']]>',
        '&amp;',
        '<!--',
        'Code=NumberStat;data={',
        '}',
        '\n',
        ',',
        '1',
      ),
      {
        maxLength: 40,
      },
    )
    .map((parts) => parts.join('')),
);

describe('fuzz (fixed seed): only documented errors escape', () => {
  const params = { seed: 20261130, numRuns: 300 };
  it('every adapter, on any JSON-like value', () => {
    fc.assert(
      fc.property(value, (input) => {
        onlyDocumentedErrors(() => fromHikvision(input, { zone: ZONE }));
        onlyDocumentedErrors(() => fromDahua(input, { zone: ZONE }));
        onlyDocumentedErrors(() => fromAxis(input, { zone: ZONE }));
        onlyDocumentedErrors(() => fromFrigate(input));
        onlyDocumentedErrors(() => fromDeepStream(input));
        onlyDocumentedErrors(() => fromXovis(input));
        onlyDocumentedErrors(() => fromDetections(input as never));
        onlyDocumentedErrors(() => parseAggregate(input));
        onlyDocumentedErrors(() => renderHeatmap(input as never));
        onlyDocumentedErrors(() => renderHourlyChart(input as never));
      }),
      params,
    );
  });
  it('the SQL compilers on any option values, and the row readers on any rows', () => {
    const hourly = compileHourlyReportSql({ dialect: 'clickhouse', zone: ZONE, date: '2026-11-21' });
    const periods = compilePeriodTotalsSql({ dialect: 'duckdb', zone: ZONE, periods: [{ from: '2026-11-21', to: '2026-11-22' }] });
    const option = fc.constantFrom(
      'dialect',
      'zone',
      'date',
      'openingHours',
      'passerbyLines',
      'staffLines',
      'sources',
      'uptime',
      'peaks',
      'gapMs',
      'store',
      'tables',
      'periods',
      'materializeCtes',
    );
    fc.assert(
      fc.property(value, option, value, (rows, key, v) => {
        onlyOurErrors(() => compileHourlyReportSql({ dialect: 'postgres', zone: ZONE, date: '2026-11-21', [key]: v } as never));
        onlyOurErrors(() =>
          compilePeriodTotalsSql({
            dialect: 'clickhouse',
            zone: ZONE,
            periods: [{ from: '2026-11-21', to: '2026-11-21' }],
            [key]: v,
          } as never),
        );
        onlyOurErrors(() => compileHourlyReportSql(rows as never));
        onlyOurErrors(() => hourlyReportFromRows(hourly, rows as never));
        onlyOurErrors(() => hourlyReportFromRows(hourly, [rows, rows] as never));
        onlyOurErrors(() => periodTotalsFromRows(periods, rows as never));
      }),
      params,
    );
  });
  it('every text reader, on any text', () => {
    fc.assert(
      fc.property(text, (input) => {
        onlyDocumentedErrors(() => fromHikvision(input, { zone: ZONE }));
        onlyDocumentedErrors(() => fromDahua(input, { zone: ZONE }));
        onlyDocumentedErrors(() => fromMot(input, { source: 's', fps: 25, startAt: 0 }));
        onlyDocumentedErrors(() => fromMot(input, { source: 's', fps: 25, startAt: 0, strict: true }));
      }),
      params,
    );
  });
  it('the text readers never report more records than there are lines or alerts', () => {
    fc.assert(
      fc.property(text, (input) => {
        const mot = fromMot(input, { source: 's', fps: 25, startAt: 0 });
        const lines = input.split('\n').length;
        expect(mot.events.reduce((n, e) => n + e.detections.length, 0)).toBeLessThanOrEqual(lines);
      }),
      params,
    );
  });
});
