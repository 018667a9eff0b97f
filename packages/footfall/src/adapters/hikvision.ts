import { assertTimeZone } from '@aisle/core';
import { FootfallError, FootfallErrorCode } from '../errors';
import { isBiometricKey, stripBiometrics } from '../internal/biometric';
import { type CounterState, deltaOf, type Totals } from '../internal/counters';
import { checkText, DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { dict, dictCopy } from '../internal/records';
import { tryDeviceTimeMs } from '../internal/time';
import { readXmlRecords, type XmlLeaves } from '../internal/xml';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

/** Default and hard limit on Hikvision XML text (UTF-16 code units). @public */
export const HIKVISION_MAX_TEXT = 1024 * 1024;

/** Options of {@link fromHikvision}. @public */
export interface HikvisionOptions {
  /** Zone for device times printed without an offset. */
  readonly zone: string;
  /** Door id; `channelName` (or the channel id) by default, with `#<regionsID>` when the alert names a region. */
  readonly line?: string;
  /** Running totals from the previous call (real-time statistics). */
  readonly state?: CounterState;
  /** Longest XML text accepted, in characters (default and maximum {@link HIKVISION_MAX_TEXT}). */
  readonly maxTextLength?: number;
  /** Most alerts accepted in one call (default and maximum 100 000). */
  readonly maxRecords?: number;
}

/** One alert, read from XML leaves or from the JSON form, before validation. */
interface RawAlert {
  ip?: unknown;
  mac?: unknown;
  channel?: unknown;
  channelName?: unknown;
  dateTime?: unknown;
  eventType?: unknown;
  retransmitted?: unknown;
  method?: unknown;
  time?: unknown;
  start?: unknown;
  end?: unknown;
  enter?: unknown;
  exit?: unknown;
  pass?: unknown;
  region?: unknown;
  duplicates?: number;
}

function fromLeaves(leaves: XmlLeaves): { alert: RawAlert; biometric: number } {
  let biometric = 0;
  const get = (p: string) => leaves.get(p);
  let duplicates = 0;
  for (const [p, v] of leaves) {
    const last = p.slice(p.lastIndexOf('/') + 1);
    if (isBiometricKey(last) && v !== '') biometric++;
    if (/(^|\/)duplicatePeople(\/|$)/i.test(p) && /^\d{1,9}$/.test(v)) duplicates += Number(v);
  }
  return {
    biometric,
    alert: {
      ip: get('ipAddress'),
      mac: get('macAddress'),
      channel: get('channelID') ?? get('dynChannelID'),
      channelName: get('channelName'),
      dateTime: get('dateTime'),
      eventType: get('eventType'),
      retransmitted: get('isDataRetransmission'),
      method: get('peopleCounting/statisticalMethods'),
      time: get('peopleCounting/RealTime/time'),
      start: get('peopleCounting/TimeRange/startTime'),
      end: get('peopleCounting/TimeRange/endTime'),
      enter: get('peopleCounting/enter'),
      exit: get('peopleCounting/exit'),
      pass: get('peopleCounting/pass'),
      region: get('peopleCounting/regionsID'),
      duplicates,
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A member by name, ignoring case (ISAPI JSON spells `peopleCounting` both ways); own keys only. */
function member(o: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function fromJson(o: Record<string, unknown>): RawAlert {
  const pc = member(o, 'peopleCounting');
  const p = isObject(pc) ? pc : {};
  const rt = member(p, 'RealTime');
  const tr = member(p, 'TimeRange');
  let duplicates = 0;
  const dup = member(p, 'duplicatePeople') ?? member(o, 'duplicatePeople');
  if (typeof dup === 'number' && Number.isSafeInteger(dup) && dup > 0) duplicates = dup;
  else if (isObject(dup)) {
    for (const k of ['enter', 'exit', 'pass']) {
      const v = dup[k];
      if (Object.hasOwn(dup, k) && typeof v === 'number' && Number.isSafeInteger(v) && v > 0) duplicates += v;
    }
  }
  return {
    ip: member(o, 'ipAddress'),
    mac: member(o, 'macAddress'),
    channel: member(o, 'channelID') ?? member(o, 'dynChannelID'),
    channelName: member(o, 'channelName'),
    dateTime: member(o, 'dateTime'),
    eventType: member(o, 'eventType'),
    retransmitted: member(o, 'isDataRetransmission'),
    method: member(p, 'statisticalMethods'),
    time: isObject(rt) ? member(rt, 'time') : undefined,
    start: isObject(tr) ? member(tr, 'startTime') : undefined,
    end: isObject(tr) ? member(tr, 'endTime') : undefined,
    enter: member(p, 'enter'),
    exit: member(p, 'exit'),
    pass: member(p, 'pass'),
    region: member(p, 'regionsID'),
    duplicates,
  };
}

const MAX_COUNT = 1_000_000_000;

/** A count as the device sent it (a number in JSON, digits in XML); absent is 0; anything else is invalid. */
function count(v: unknown): number | undefined {
  if (v === undefined || v === '') return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_COUNT ? n : undefined;
}

const text = (v: unknown, max = 128): string | undefined =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max
    ? v.trim()
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : undefined;

interface Alert {
  source: string;
  line: string;
  interval: boolean;
  from: number;
  at: number;
  in: number;
  out: number;
  passed: number;
}

/**
 * Reads Hikvision ISAPI people-counting alerts, as XML text (one or more `EventNotificationAlert`
 * elements, as cameras push them) or in JSON form (`EventNotificationAlert` objects, one or an
 * array). Accepted shapes:
 *
 * - `eventType` `PeopleCounting` (any case); other event types are skipped and counted
 *   (`otherEventTypes`).
 * - `peopleCounting.statisticalMethods`: `realTime` (running totals at `RealTime.time`: deltas per
 *   device, channel and counting region; the first is a baseline; a total going down is a reset,
 *   counted), `timeRange` and `signalTrigger` (counts for `TimeRange.startTime`–`endTime`).
 * - `enter`, `exit`, `pass` (`pass` becomes `passed`); `regionsID` makes each counting region its
 *   own source and door (`<channel name>#<region>`), so two regions never share a running total.
 * - Only the `peopleCounting` element's counts are read: `childCounting` (children, wherever it
 *   appears in the alert) is never taken for adult counts.
 * - `isDataRetransmission: true` alerts are re-uploads: read normally (their event keys equal the
 *   original's, so an aggregator drops a copy it already has) and counted (`retransmittedRecords`);
 *   `duplicatePeople` counts are reported (`deviceReportedDuplicates`), the counts stay as sent.
 * - Times with an offset in any spelling firmware writes (`+08:00`, `-5:00`, `+0800`, `Z`) or none
 *   (then `zone` decides).
 *
 * One bad alert never aborts the call: an unreadable time, a count that is not a non-negative
 * integer or a missing method is skipped and counted by reason. Picture URLs and face data are
 * dropped and counted. Limits: XML text up to `maxTextLength` characters (1 MiB), up to
 * `maxRecords` alerts (100 000); the XML is read in one linear pass.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for input over a limit (checked before parsing).
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for XML without an `EventNotificationAlert`, or input that is neither text nor objects.
 *
 * @example
 * ```ts
 * import { fromHikvision } from '@aisle/footfall';
 *
 * const alert = { ipAddress: '10.0.0.21', channelID: 1, dateTime: '2026-11-21T10:00:00+08:00', eventType: 'PeopleCounting',
 *   peopleCounting: { statisticalMethods: 'timeRange', TimeRange: { startTime: '2026-11-21T09:00:00+08:00', endTime: '2026-11-21T10:00:00+08:00' },
 *   enter: 57, exit: 41, pass: 230 } };
 * fromHikvision(alert, { zone: 'Asia/Shanghai' }).events[0]; // { in: 57, out: 41, passed: 230, … }
 * ```
 *
 * @public
 */
export function fromHikvision(input: unknown, options: HikvisionOptions): CounterAdapterResult {
  const zone = assertTimeZone(options.zone);
  const maxText = limitOption(options.maxTextLength, HIKVISION_MAX_TEXT, HIKVISION_MAX_TEXT, 'maxTextLength');
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const quality = new QualityCounter();
  const raws: RawAlert[] = [];
  if (typeof input === 'string') {
    checkText(input, maxText, 'Hikvision XML');
    const xml = readXmlRecords(input, 'EventNotificationAlert');
    if (xml.records.length === 0)
      throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'No EventNotificationAlert element in the Hikvision XML');
    if (xml.records.length > maxRecords) recordsOf(xml.records, maxRecords, 'Hikvision alerts');
    quality.add(QualityReason.INVALID_RECORDS, xml.malformed > 0 ? 1 : 0);
    for (const leaves of xml.records) {
      const { alert, biometric } = fromLeaves(leaves);
      quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, biometric);
      raws.push(alert);
    }
  } else {
    const records = recordsOf(input, maxRecords, 'Hikvision alerts');
    if (!isObject(input) && !Array.isArray(input))
      throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'Hikvision input must be XML text, an alert object or an array of them');
    for (let i = 0; i < records.length; i++) {
      const stripped = stripBiometrics(records[i]);
      quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
      if (!isObject(stripped.value)) {
        quality.add(QualityReason.INVALID_RECORDS);
        continue;
      }
      raws.push(fromJson(stripped.value));
    }
  }
  const alerts: (Alert & { realTime: boolean })[] = [];
  for (const r of raws) {
    const type = text(r.eventType);
    if (type === undefined || type.toLowerCase() !== 'peoplecounting') {
      quality.add(type === undefined ? QualityReason.INVALID_RECORDS : QualityReason.OTHER_EVENT_TYPES);
      continue;
    }
    const method = text(r.method);
    const enter = count(r.enter);
    const exit = count(r.exit);
    const pass = count(r.pass);
    if (enter === undefined || exit === undefined || pass === undefined) {
      quality.add(QualityReason.INVALID_COUNTS);
      continue;
    }
    const realTime = method === 'realTime';
    const interval = method === 'timeRange' || method === 'signalTrigger';
    if (!realTime && !interval) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const at = tryDeviceTimeMs(realTime ? (r.time ?? r.dateTime) : (r.end ?? r.dateTime), zone);
    const from = interval ? tryDeviceTimeMs(r.start, zone) : at;
    if (at === undefined || from === undefined || from > at) {
      quality.add(QualityReason.UNREADABLE_TIMES);
      continue;
    }
    if (r.retransmitted === true || r.retransmitted === 'true') quality.add(QualityReason.RETRANSMITTED_RECORDS);
    quality.add(QualityReason.DEVICE_REPORTED_DUPLICATES, r.duplicates ?? 0);
    const channel = text(r.channel, 32) ?? '1';
    const region = text(r.region, 32);
    const device = `${text(r.mac, 64) ?? text(r.ip, 64) ?? 'hikvision'}#${channel}`;
    const source = region === undefined ? device : `${device}#${region}`;
    const base = options.line ?? text(r.channelName) ?? channel;
    const line = region === undefined ? base : `${base}#${region}`;
    alerts.push({ source, line, interval, realTime, from, at, in: enter, out: exit, passed: pass });
  }
  alerts.sort((x, y) => x.at - y.at);
  const state = dictCopy<CounterState[string]>(options.state);
  const events: CountEvent[] = [];
  for (const a of alerts) {
    if (a.interval) {
      events.push({
        type: 'count',
        source: a.source,
        line: a.line,
        from: a.from,
        at: a.at,
        in: a.in,
        out: a.out,
        passed: a.passed,
        key: `hik:${a.source}:${a.from}:${a.at}`,
      });
      continue;
    }
    const current: Totals = { in: a.in, out: a.out, passed: a.passed, at: a.at };
    const previous = state[a.source];
    if (previous !== undefined && a.at <= previous.at) {
      quality.add(a.at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
      continue;
    }
    state[a.source] = current;
    const d = deltaOf(previous, current);
    if (d === undefined || previous === undefined) continue;
    if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
    events.push({
      type: 'count',
      source: a.source,
      line: a.line,
      from: previous.at,
      at: a.at,
      in: d.in,
      out: d.out,
      passed: d.passed,
      key: `hik:${a.source}:${a.at}`,
    });
  }
  const outState = dict<CounterState[string]>();
  for (const k of Object.keys(state)) outState[k] = state[k] as CounterState[string];
  return { events, quality: quality.snapshot(), state: outState };
}
