import { assertTimeZone } from '@aisle/core';
import { FootfallError, FootfallErrorCode } from '../errors';
import { stripBiometrics } from '../internal/biometric';
import { type CounterState, deltaOf } from '../internal/counters';
import { checkText, DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { dict, dictCopy } from '../internal/records';
import { tryDeviceTimeMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

/** Default and hard limit on Dahua text input (UTF-16 code units). @public */
export const DAHUA_MAX_TEXT = 4 * 1024 * 1024;

/** Options of {@link fromDahua}. @public */
export interface DahuaOptions {
  /** Zone for device times printed without an offset (Dahua prints local wall time). */
  readonly zone: string;
  /** Device id for the sources (`<device>#<channel>#<area or rule>`); the records carry none (default `dahua`). */
  readonly device?: string;
  /** Door id; the rule name (or `channel <n>`) by default. */
  readonly line?: string;
  /** Running totals from the previous call (`NumberStat` events, `VideoStat` summaries). */
  readonly state?: CounterState;
  /** Longest text accepted, in characters (default and maximum {@link DAHUA_MAX_TEXT}). */
  readonly maxTextLength?: number;
  /** Most records accepted in one call (default and maximum 100 000). */
  readonly maxRecords?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1e9;
const label = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' && v.length <= 128 ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined;
const get = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

type Item =
  | { kind: 'interval'; key: string; line: string; from: number; at: number; in: number; out: number; passed: number }
  | { kind: 'total'; key: string; line: string; at: number; in: number; out: number; passed: number }
  | QualityReason;

/** A value from the `key=value` text of the HTTP API (`summary.EnteredSubtotal.Today=12`), as nested objects. */
function keyValueText(text: string): Record<string, unknown> {
  const root = dict<unknown>();
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const path = line.slice(0, eq).split('.');
    if (path.length > 6) continue;
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i] as string;
      const next = get(node, k);
      if (isObject(next)) node = next;
      else {
        const made = dict<unknown>();
        node[k] = made;
        node = made;
      }
    }
    const raw = line.slice(eq + 1).trim();
    node[path[path.length - 1] as string] = /^\d{1,10}$/.test(raw) ? Number(raw) : raw;
  }
  return root;
}

/** Events from the `eventManager.cgi?action=attach` stream: `Code=NumberStat;action=Pulse;index=0;data={…}`. */
function attachText(text: string, quality: QualityCounter): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let pos = 0;
  // Both searches only move forward (the next boundary is cached), so the scan is linear.
  let dash = -1;
  for (;;) {
    const start = text.indexOf('Code=', pos);
    if (start < 0) break;
    let end = text.indexOf('\nCode=', start + 5);
    if (dash !== Number.POSITIVE_INFINITY && dash < start + 5) {
      const found = text.indexOf('--', start + 5);
      dash = found < 0 ? Number.POSITIVE_INFINITY : found;
    }
    if (dash !== Number.POSITIVE_INFINITY && (end < 0 || dash < end)) end = dash;
    if (end < 0) end = text.length;
    const chunk = text.slice(start, end);
    pos = end;
    const record = dict<unknown>();
    const dataAt = chunk.indexOf(';data=');
    const head = dataAt < 0 ? chunk : chunk.slice(0, dataAt);
    for (const part of head.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) record[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    if (dataAt >= 0) {
      try {
        record.data = JSON.parse(chunk.slice(dataAt + 6).trim());
      } catch {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
    }
    out.push(record);
  }
  return out;
}

function readItem(r: Record<string, unknown>, zone: string, device: string, lineOption: string | undefined): Item {
  const code = get(r, 'Code') ?? get(r, 'code');
  if (code !== undefined) {
    if (code !== 'NumberStat' && code !== 'ManNumDetection') return QualityReason.OTHER_EVENT_TYPES;
    const data = get(r, 'data') ?? get(r, 'Data');
    if (!isObject(data)) return QualityReason.INVALID_RECORDS;
    const entered = get(data, 'EnteredNumber');
    const exited = get(data, 'ExitedNumber');
    const passed = get(data, 'PassedNumber') ?? 0;
    if (!isCount(entered) || !isCount(exited) || !isCount(passed)) return QualityReason.INVALID_COUNTS;
    const utc = get(data, 'UTC');
    const at =
      typeof utc === 'number' && Number.isFinite(utc) && utc > 0
        ? Math.round(utc * 1000) + (isCount(get(data, 'UTCMS')) ? (get(data, 'UTCMS') as number) : 0)
        : tryDeviceTimeMs(get(data, 'LocaleTime'), zone);
    if (at === undefined) return QualityReason.UNREADABLE_TIMES;
    const channel = label(get(r, 'index')) ?? label(get(data, 'Channel')) ?? '0';
    const area = label(get(data, 'AreaID')) ?? label(get(data, 'Name')) ?? 'NumberStat';
    const line = lineOption ?? label(get(data, 'Name')) ?? `channel ${channel}`;
    return { kind: 'total', key: `${device}#${channel}#${area}`, line, at, in: entered, out: exited, passed };
  }
  const enteredSub = get(r, 'EnteredSubtotal');
  const exitedSub = get(r, 'ExitedSubtotal');
  const channel = label(get(r, 'Channel')) ?? '0';
  const rule = label(get(r, 'RuleName')) ?? 'NumberStat';
  const area = label(get(r, 'AreaID'));
  const key = `${device}#${channel}#${area ?? rule}`;
  const line = lineOption ?? (rule === 'NumberStat' || rule === 'ManNumDetection' ? `channel ${channel}` : rule);
  if (isObject(enteredSub) || isObject(exitedSub)) {
    // A VideoStat summary: running totals (Total since the rule was set, or Today, reset daily).
    const pick = (o: unknown): unknown => (isObject(o) ? (get(o, 'Total') ?? get(o, 'Today')) : 0);
    const inside = get(r, 'PassedSubtotal');
    const entered = pick(enteredSub);
    const exited = pick(exitedSub);
    const passed = isObject(inside) ? pick(inside) : 0;
    if (!isCount(entered) || !isCount(exited) || !isCount(passed)) return QualityReason.INVALID_COUNTS;
    const utc = get(r, 'UTC');
    const at =
      typeof utc === 'number' && Number.isFinite(utc) && utc > 0
        ? Math.round(utc * 1000)
        : tryDeviceTimeMs(get(r, 'Time') ?? get(r, 'LocaleTime'), zone);
    if (at === undefined) return QualityReason.UNREADABLE_TIMES;
    return { kind: 'total', key, line, at, in: entered, out: exited, passed };
  }
  if (enteredSub !== undefined || exitedSub !== undefined) {
    // A statistics row from videoStatServer doFind: counts for StartTime–EndTime.
    const entered = enteredSub ?? 0;
    const exited = exitedSub ?? 0;
    const passed = get(r, 'PassedSubtotal') ?? 0;
    if (!isCount(entered) || !isCount(exited) || !isCount(passed)) return QualityReason.INVALID_COUNTS;
    const from = tryDeviceTimeMs(get(r, 'StartTime'), zone);
    const at = tryDeviceTimeMs(get(r, 'EndTime'), zone);
    if (from === undefined || at === undefined || from > at) return QualityReason.UNREADABLE_TIMES;
    // Rows ending at hh:59:59 cover the whole last second.
    const end = at % 1000 === 0 && Math.floor(at / 1000) % 60 === 59 ? at + 1000 : at;
    return { kind: 'interval', key, line, from, at: end, in: entered, out: exited, passed };
  }
  return QualityReason.INVALID_RECORDS;
}

/**
 * Reads Dahua people counting (the `NumberStat` rule, and the `VideoStat` statistics service),
 * in the shapes Dahua's HTTP API, RPC2 and NetSDK integrations deliver. Accepted shapes:
 *
 * - `NumberStat` events: objects with `Code: 'NumberStat'`, `action`, `index` and `data` holding
 *   `Number`, `EnteredNumber`, `ExitedNumber`, `PassedNumber`, `AreaID`, `Name` and `UTC`, or the
 *   `eventManager.cgi?action=attach` text stream (`Code=NumberStat;action=Pulse;index=0;data=…`).
 *   `EnteredNumber` / `ExitedNumber` are running totals: deltas per device, channel and area (the
 *   first is a baseline; a total going down is a reset, counted).
 * - `VideoStat` summaries (`videoStatServer.getSummary`, as an object or the HTTP API's
 *   `summary.EnteredSubtotal.Today=12` text): running totals `EnteredSubtotal.Total` (or `.Today`),
 *   `ExitedSubtotal`, at `UTC` (or local `Time`); deltas as above.
 * - `VideoStat` statistics rows (`videoStatServer` `doFind`, with `Channel`, `AreaID`, `RuleName`,
 *   `StartTime`, `EndTime`, `EnteredSubtotal`, `ExitedSubtotal`, `PassedSubtotal`), alone, in an
 *   array or in the RPC2 envelope (`params.info`): interval counts; an `EndTime` at `:59:59` covers
 *   the whole last second.
 *
 * Other event codes are skipped and counted (`otherEventTypes`); a record that does not validate
 * is skipped and counted by reason; the rest of the batch is read. Pictures and face data are
 * dropped and counted. Limits: text up to `maxTextLength` characters (4 Mi), `maxRecords`
 * records (100 000), checked before parsing.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` over a limit.
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for input that is neither text nor objects.
 *
 * @example
 * ```ts
 * import { fromDahua } from '@aisle/footfall';
 *
 * const row = { Channel: 0, AreaID: 1, RuleName: 'NumberStat', StartTime: '2026-11-21 10:00:00', EndTime: '2026-11-21 10:59:59',
 *   EnteredSubtotal: 42, ExitedSubtotal: 37, PassedSubtotal: 0 };
 * fromDahua(row, { zone: 'Asia/Shanghai', device: 'ipc-east' }).events[0]; // { in: 42, out: 37, source: 'ipc-east#0#1', … }
 * ```
 *
 * @public
 */
export function fromDahua(input: unknown, options: DahuaOptions): CounterAdapterResult {
  const zone = assertTimeZone(options.zone);
  const maxText = limitOption(options.maxTextLength, DAHUA_MAX_TEXT, DAHUA_MAX_TEXT, 'maxTextLength');
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const device = options.device ?? 'dahua';
  const quality = new QualityCounter();
  let records: readonly unknown[];
  if (typeof input === 'string') {
    checkText(input, maxText, 'Dahua text');
    records = input.includes('Code=') ? attachText(input, quality) : [keyValueText(input).summary ?? keyValueText(input)];
    recordsOf(records, maxRecords, 'Dahua records');
  } else if (typeof input === 'object' && input !== null) {
    const params = !Array.isArray(input) ? get(input as Record<string, unknown>, 'params') : undefined;
    const info = isObject(params) ? get(params, 'info') : undefined;
    records = recordsOf(Array.isArray(info) ? info : input, maxRecords, 'Dahua records');
  } else {
    throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'Dahua input must be text, a record or an array of records');
  }
  const items: Exclude<Item, QualityReason>[] = [];
  for (let i = 0; i < records.length; i++) {
    const stripped = stripBiometrics(records[i]);
    quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
    const r = isObject(stripped.value) ? readItem(stripped.value, zone, device, options.line) : QualityReason.INVALID_RECORDS;
    if (typeof r === 'string') quality.add(r);
    else items.push(r);
  }
  items.sort((a, b) => a.at - b.at);
  const state = dictCopy<CounterState[string]>(options.state);
  const events: CountEvent[] = [];
  for (const it of items) {
    if (it.kind === 'interval') {
      events.push({
        type: 'count',
        source: it.key,
        line: it.line,
        from: it.from,
        at: it.at,
        in: it.in,
        out: it.out,
        passed: it.passed,
        key: `dahua:${it.key}:${it.from}:${it.at}`,
      });
      continue;
    }
    const previous = state[it.key];
    if (previous !== undefined && it.at <= previous.at) {
      quality.add(it.at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
      continue;
    }
    const current = { in: it.in, out: it.out, passed: it.passed, at: it.at };
    state[it.key] = current;
    const d = deltaOf(previous, current);
    if (d === undefined || previous === undefined) continue;
    if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
    events.push({
      type: 'count',
      source: it.key,
      line: it.line,
      from: previous.at,
      at: it.at,
      in: d.in,
      out: d.out,
      passed: d.passed,
      key: `dahua:${it.key}:${it.at}`,
    });
  }
  return { events, quality: quality.snapshot(), state };
}
