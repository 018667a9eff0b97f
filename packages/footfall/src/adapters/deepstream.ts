import { parse } from '@aisle/core';
import * as z from 'zod/mini';
import { stripBiometrics } from '../internal/biometric';
import { type CounterState, deltaOf } from '../internal/counters';
import { instantMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

const FrameMeta = z.object({
  source: z.union([z.string().check(z.minLength(1)), z.number()]),
  frameNum: z.int().check(z.nonnegative()),
  timestamp: z.union([z.number(), z.string()]),
  objLCCumCnt: z.optional(z.record(z.string(), z.int().check(z.nonnegative()))),
  objLCCurrCnt: z.optional(z.record(z.string(), z.int().check(z.nonnegative()))),
});

/** Options of {@link fromDeepStream}. @public */
export interface DeepStreamOptions {
  /**
   * What each nvdsanalytics line-crossing label means: `{ Entry: { line: 'north', direction: 'in' } }`
   * for `line-crossing-Entry=…` in the analytics config. Labels not listed are skipped.
   */
  readonly lines: Readonly<Record<string, { readonly line: string; readonly direction: 'in' | 'out' }>>;
  /** Cumulative counts from the previous call. */
  readonly state?: CounterState;
}

/**
 * Reads DeepStream `nvdsanalytics` line-crossing frame metadata serialised as JSON, one object per
 * frame: `{ source, frameNum, timestamp, objLCCumCnt: { Entry: 10, Exit: 4 }, objLCCurrCnt: {…} }`
 * (the fields of `NvDsAnalyticsFrameMeta`). Cumulative counts (`objLCCumCnt`) become deltas per
 * source and label, robust to dropped messages, with reset detection (a pipeline restart); when
 * only `objLCCurrCnt` (crossings in this frame) is present it is used as is.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for frames that are not analytics metadata.
 *
 * @example
 * ```ts
 * import { fromDeepStream } from '@aisle/footfall';
 *
 * const lines = { Entry: { line: 'north', direction: 'in' as const } };
 * const a = fromDeepStream({ source: 0, frameNum: 10, timestamp: 1763690400000, objLCCumCnt: { Entry: 3 } }, { lines });
 * const b = fromDeepStream({ source: 0, frameNum: 11, timestamp: 1763690400040, objLCCumCnt: { Entry: 4 } }, { lines, state: a.state });
 * // b.events[0]: { line: 'north', in: 1, out: 0, … }
 * ```
 *
 * @public
 */
export function fromDeepStream(input: unknown, options: DeepStreamOptions): CounterAdapterResult {
  const quality = new QualityCounter();
  const stripped = stripBiometrics(input);
  quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
  const frames = parse(z.union([FrameMeta, z.array(FrameMeta)]), stripped.value, { label: 'DeepStream analytics frames' });
  const state: Record<string, CounterState[string]> = { ...options.state };
  const events: CountEvent[] = [];
  const sorted = (Array.isArray(frames) ? frames : [frames]).map((f) => ({ f, at: instantMs(f.timestamp) })).sort((a, b) => a.at - b.at);
  for (const { f, at } of sorted) {
    const source = `ds:${String(f.source)}`;
    for (const [label, mapping] of Object.entries(options.lines)) {
      const make = (n: number, from: number, key: string): CountEvent => ({
        type: 'count',
        source,
        line: mapping.line,
        from,
        at,
        in: mapping.direction === 'in' ? n : 0,
        out: mapping.direction === 'out' ? n : 0,
        passed: 0,
        key,
      });
      const cum = f.objLCCumCnt?.[label];
      if (cum !== undefined) {
        const stateKey = `${source}:${label}`;
        const previous = state[stateKey];
        if (previous !== undefined && at <= previous.at) {
          quality.add(at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
          continue;
        }
        const current = { in: cum, out: 0, passed: 0, at };
        state[stateKey] = current;
        const d = deltaOf(previous, current);
        if (d === undefined || previous === undefined) continue;
        if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
        if (d.in > 0) events.push(make(d.in, previous.at, `ds:${source}:${label}:${at}`));
        continue;
      }
      const curr = f.objLCCurrCnt?.[label];
      if (curr !== undefined && curr > 0) events.push(make(curr, at, `ds:${source}:${label}:${f.frameNum}`));
    }
  }
  return { events, quality: quality.snapshot(), state };
}
