import { stripBiometrics } from '../internal/biometric';
import { type CounterState, deltaOf } from '../internal/counters';
import { DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { dict, dictCopy, own } from '../internal/records';
import { instantMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

/** Options of {@link fromDeepStream}. @public */
export interface DeepStreamOptions {
  /**
   * What each nvdsanalytics line-crossing label means: `{ Entry: { line: 'north', direction: 'in' } }`
   * for `line-crossing-Entry=…` in the analytics config. Labels not listed are skipped. The
   * occupancy-sample message (`lccum_cnt_entry` / `lccum_cnt_exit`, or `Entry` / `Exit` in its
   * `analyticsModule`) uses the labels `Entry` and `Exit`; without a mapping for them they count
   * as `in` and `out` at line `entrance`.
   */
  readonly lines?: Readonly<Record<string, { readonly line: string; readonly direction: 'in' | 'out' }>>;
  /** Cumulative counts from the previous call. */
  readonly state?: CounterState;
  /** Most messages accepted in one call (default and maximum 100 000). */
  readonly maxRecords?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1e9;
const OCCUPANCY_DEFAULT = {
  Entry: { line: 'entrance', direction: 'in' as const },
  Exit: { line: 'entrance', direction: 'out' as const },
};

interface Frame {
  source: string;
  at: number;
  frameNum: number | undefined;
  cumulative: Record<string, number> | undefined;
  current: Record<string, number> | undefined;
}

/** Reads a label → count map, refusing the whole map when a value is not a count. */
function counts(v: unknown): Record<string, number> | undefined | null {
  if (v === undefined) return undefined;
  if (!isObject(v)) return null;
  const out = dict<number>();
  for (const k of Object.keys(v)) {
    if (!isCount(v[k])) return null;
    out[k] = v[k] as number;
  }
  return out;
}

function readFrame(raw: unknown): Frame | QualityReason {
  if (!isObject(raw)) return QualityReason.INVALID_RECORDS;
  const time = raw.timestamp ?? raw['@timestamp'];
  if (typeof time !== 'number' && typeof time !== 'string') return QualityReason.UNREADABLE_TIMES;
  let at: number;
  try {
    at = instantMs(time);
  } catch {
    return QualityReason.UNREADABLE_TIMES;
  }
  if (!Number.isFinite(at)) return QualityReason.UNREADABLE_TIMES;
  // The occupancy sample: cumulative entry/exit per source, flat (NvDsEventMsgMeta field names)
  // or inside `analyticsModule` (the keys its msgconv writes).
  const module = isObject(raw.analyticsModule) ? raw.analyticsModule : undefined;
  const pick = (k: string) => (module !== undefined && Object.hasOwn(module, k) ? module[k] : Object.hasOwn(raw, k) ? raw[k] : undefined);
  const entry = pick('lccum_cnt_entry') ?? pick('Entry');
  const exit = pick('lccum_cnt_exit') ?? pick('Exit');
  if (entry !== undefined || exit !== undefined) {
    if ((entry !== undefined && !isCount(entry)) || (exit !== undefined && !isCount(exit))) return QualityReason.INVALID_COUNTS;
    const sid = pick('source_id') ?? raw.sensorId ?? raw.deviceId ?? raw.source;
    if (typeof sid !== 'number' && (typeof sid !== 'string' || sid === '' || sid.length > 128)) return QualityReason.INVALID_RECORDS;
    const cumulative = dict<number>();
    if (entry !== undefined) cumulative.Entry = entry as number;
    if (exit !== undefined) cumulative.Exit = exit as number;
    return { source: `ds:${String(sid)}`, at, frameNum: undefined, cumulative, current: undefined };
  }
  const source = raw.source;
  if (typeof source !== 'number' && (typeof source !== 'string' || source === '' || source.length > 128))
    return QualityReason.INVALID_RECORDS;
  const frameNum = raw.frameNum;
  if (frameNum !== undefined && !isCount(frameNum)) return QualityReason.INVALID_RECORDS;
  const cumulative = counts(raw.objLCCumCnt);
  const current = counts(raw.objLCCurrCnt);
  if (cumulative === null || current === null) return QualityReason.INVALID_COUNTS;
  return { source: `ds:${String(source)}`, at, frameNum: frameNum as number | undefined, cumulative, current };
}

/**
 * Reads DeepStream people-counting output, one message or an array. Accepted shapes:
 *
 * - `nvdsanalytics` line-crossing frame metadata serialised as JSON:
 *   `{ source, frameNum, timestamp, objLCCumCnt: { Entry: 10, Exit: 4 }, objLCCurrCnt: {…} }` (the
 *   fields of `NvDsAnalyticsFrameMeta`). Cumulative counts (`objLCCumCnt`) become deltas per source
 *   and label, robust to dropped messages, with reset detection (a pipeline restart); when only
 *   `objLCCurrCnt` (crossings in this frame) is present it is used as is.
 * - NVIDIA's occupancy-analytics sample message (deepstream-occupancy-analytics): cumulative
 *   `lccum_cnt_entry` / `lccum_cnt_exit` per `source_id`, at the top level or inside
 *   `analyticsModule` (where that sample's message converter writes them as `Entry` / `Exit`),
 *   timed by `@timestamp`. They become deltas per source like `objLCCumCnt`.
 *
 * A message that does not validate is skipped and counted by reason; the rest of the batch is
 * read. Limit: `maxRecords` messages per call (100 000), checked before reading.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more messages than `maxRecords`.
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
export function fromDeepStream(input: unknown, options: DeepStreamOptions = {}): CounterAdapterResult {
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const records = recordsOf(input, maxRecords, 'DeepStream messages');
  const quality = new QualityCounter();
  const frames: Frame[] = [];
  for (let i = 0; i < records.length; i++) {
    const stripped = stripBiometrics(records[i]);
    quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
    const f = readFrame(stripped.value);
    if (typeof f === 'string') quality.add(f);
    else frames.push(f);
  }
  frames.sort((a, b) => a.at - b.at);
  const lines = dictCopy(options.lines ?? OCCUPANCY_DEFAULT);
  const state = dictCopy<CounterState[string]>(options.state);
  const events: CountEvent[] = [];
  for (const f of frames) {
    for (const label of Object.keys(lines)) {
      const mapping = lines[label] as { line: string; direction: 'in' | 'out' };
      const make = (n: number, from: number, key: string): CountEvent => ({
        type: 'count',
        source: f.source,
        line: mapping.line,
        from,
        at: f.at,
        in: mapping.direction === 'in' ? n : 0,
        out: mapping.direction === 'out' ? n : 0,
        passed: 0,
        key,
      });
      const cum = own(f.cumulative, label);
      if (cum !== undefined) {
        const stateKey = `${f.source}:${label}`;
        const previous = state[stateKey];
        if (previous !== undefined && f.at <= previous.at) {
          quality.add(f.at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
          continue;
        }
        const current = { in: cum, out: 0, passed: 0, at: f.at };
        state[stateKey] = current;
        const d = deltaOf(previous, current);
        if (d === undefined || previous === undefined) continue;
        if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
        if (d.in > 0) events.push(make(d.in, previous.at, `ds:${f.source}:${label}:${f.at}`));
        continue;
      }
      const curr = own(f.current, label);
      if (curr !== undefined && curr > 0) events.push(make(curr, f.at, `ds:${f.source}:${label}:${f.frameNum ?? f.at}`));
    }
  }
  return { events, quality: quality.snapshot(), state };
}
