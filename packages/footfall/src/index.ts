/**
 * `@aisle/footfall`: from detector tracks and camera counters to trustworthy store metrics.
 *
 * @packageDocumentation
 * @module @aisle/footfall
 */

export type { AxisOptions } from './adapters/axis';
export { fromAxis } from './adapters/axis';
export type { DahuaOptions } from './adapters/dahua';
export { DAHUA_MAX_TEXT, fromDahua } from './adapters/dahua';
export type { DeepStreamOptions } from './adapters/deepstream';
export { fromDeepStream } from './adapters/deepstream';
export type { GenericFrameInput } from './adapters/detections';
export { fromDetections } from './adapters/detections';
export type { FrigateInput, FrigateOptions } from './adapters/frigate';
export { fromFrigate } from './adapters/frigate';
export type { HikvisionOptions } from './adapters/hikvision';
export { fromHikvision, HIKVISION_MAX_TEXT } from './adapters/hikvision';
export type { MotOptions } from './adapters/mot';
export { fromMot, MOT_MAX_TEXT } from './adapters/mot';
export type { AdapterResult, CounterAdapterResult, FrameAdapterResult } from './adapters/result';
export type { XovisOptions } from './adapters/xovis';
export { fromXovis } from './adapters/xovis';
export type { FootfallAggregate, LineBucket } from './aggregate';
export { BUCKET_MS, emptyAggregate, mergeAggregates, parseAggregate } from './aggregate';
export type { AddOutcome, FootfallAggregator, FootfallAggregatorOptions } from './aggregator';
export { createFootfallAggregator, MAX_EVENT_COUNT, MAX_EVENT_SPAN_MS } from './aggregator';
export type { CampaignEffect, CampaignEffectOptions, CampaignGap, MetricEffect } from './campaign';
export { campaignEffect } from './campaign';
export type { ChartOptions } from './charts';
export { CHART_MAX_ROWS, CHART_MAX_SIZE, CHART_MIN_SIZE, HEATMAP_MAX_CELLS, renderHeatmap, renderHourlyChart } from './charts';
export type { ClassColumn, CoordinateColumn, FrameColumns, TrackIdColumn } from './columns';
export { COLUMNS_MAX_CLASSES, COLUMNS_MAX_DETECTIONS } from './columns';
export type { BadgeSignal, DedupOptions, StaffOptions } from './crossings';
export { dedupCrossings, excludeStaff } from './crossings';
export { FootfallError, FootfallErrorCode } from './errors';
export type { DurationHistogram, DurationSummary } from './histogram';
export { addDurations, emptyHistogram, histogramQuantile, mergeHistograms, summarizeHistogram } from './histogram';
export type { CounterState } from './internal/counters';
export type { Anchor } from './internal/geometry';
export type { LineCounter, LineCounterOptions, LineCounts } from './line-counter';
export { createLineCounter } from './line-counter';
export type { QualityReport } from './quality';
export { mergeQuality, QualityReason } from './quality';
export type { CoverageGap, HourlyReport, HourlyReportOptions, HourlyRow, PeriodComparison, ReportTotals } from './report';
export { buildHourlyReport, comparePeriods, suppressSmallCounts } from './report';
export type {
  CompiledHourlyReportSql,
  FootfallSqlDialect,
  FootfallSqlParam,
  FootfallTables,
  HourlyReportSqlOptions,
  HourlyReportSqlPlan,
} from './sql';
export { compileHourlyReportSql, SQL_MAX_GAP_MS, SQL_MAX_LIST } from './sql';
export type { CompiledPeriodTotalsSql, PeriodTotals, PeriodTotalsSqlOptions } from './sql-periods';
export { compilePeriodTotalsSql, periodTotalsFromRows, SQL_MAX_PERIOD_DAYS, SQL_MAX_PERIODS } from './sql-periods';
export { hourlyReportFromRows, SQL_MAX_RESULT_ROWS } from './sql-report';
export type { StaffingHour, StaffingOptions, StaffingPlan, StaffingShift } from './staffing';
export { recommendStaffing } from './staffing';
export type { Box, CountEvent, Crossing, Detection, FootfallEvent, FrameEvent, Point } from './types';
export type { WindowCounts, WindowSize } from './windows';
export { tumblingWindows } from './windows';
export type { Heatmap, Visit, ZoneDefinition, ZoneTracker, ZoneTrackerOptions } from './zone-tracker';
export { createZoneTracker, mergeHeatmaps } from './zone-tracker';
