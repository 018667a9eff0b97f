import { assertTimeZone, parse } from '@aisle/core';
import * as z from 'zod/mini';
import { FootfallError, FootfallErrorCode } from '../errors';
import { isBiometricKey, stripBiometrics } from '../internal/biometric';
import { type CounterState, deltaOf } from '../internal/counters';
import { deviceTimeMs } from '../internal/time';
import { QualityCounter, QualityReason } from '../quality';
import type { CountEvent } from '../types';
import type { CounterAdapterResult } from './result';

const Count = z.int().check(z.nonnegative());

const PeopleCounting = z.object({
  statisticalMethods: z.enum(['realTime', 'timeRange']),
  RealTime: z.optional(z.object({ time: z.string() })),
  TimeRange: z.optional(z.object({ startTime: z.string(), endTime: z.string() })),
  enter: z._default(Count, 0),
  exit: z._default(Count, 0),
  pass: z._default(Count, 0),
});

const Alert = z.object({
  ipAddress: z.optional(z.string()),
  macAddress: z.optional(z.string()),
  channelID: z._default(z.union([z.number(), z.string()]), 1),
  dateTime: z.string(),
  eventType: z.string(),
  channelName: z.optional(z.string()),
  peopleCounting: PeopleCounting,
});

/** Options of {@link fromHikvision}. @public */
export interface HikvisionOptions {
  /** Zone for device times printed without an offset. */
  readonly zone: string;
  /** Door id; `channelName` (or the channel id) by default. */
  readonly line?: string;
  /** Running totals from the previous call (real-time statistics). */
  readonly state?: CounterState;
}

const XML_ALERT = /<EventNotificationAlert\b[^>]*>([\s\S]*?)<\/EventNotificationAlert>/g;
const XML_LEAF = /<([A-Za-z][\w.-]*)\b[^>]*>([^<]*)<\/\1>/g;

/**
 * ISAPI alerts as XML (what cameras push to an HTTP listener) to the JSON form. Only the flat
 * leaf fields the adapter reads are taken; biometric leaves are counted, never read.
 */
function fromXml(text: string): { alerts: Record<string, unknown>[]; dropped: number } {
  const alerts: Record<string, unknown>[] = [];
  let dropped = 0;
  for (const block of text.matchAll(XML_ALERT)) {
    const leaves = new Map<string, string>();
    for (const leaf of (block[1] as string).matchAll(XML_LEAF)) {
      const [, name = '', value = ''] = leaf;
      if (isBiometricKey(name)) {
        if (value.trim() !== '') dropped++;
        continue;
      }
      if (!leaves.has(name)) leaves.set(name, value.trim());
    }
    const num = (name: string) => (leaves.has(name) ? Number(leaves.get(name)) : undefined);
    const str = (name: string) => leaves.get(name);
    const method = str('statisticalMethods');
    alerts.push({
      ipAddress: str('ipAddress'),
      macAddress: str('macAddress'),
      channelID: num('channelID') ?? num('dynChannelID') ?? 1,
      channelName: str('channelName'),
      dateTime: str('dateTime'),
      eventType: str('eventType'),
      peopleCounting: {
        statisticalMethods: method,
        ...(method === 'realTime' ? { RealTime: { time: str('time') } } : {}),
        ...(method === 'timeRange' ? { TimeRange: { startTime: str('startTime'), endTime: str('endTime') } } : {}),
        enter: num('enter'),
        exit: num('exit'),
        pass: num('pass'),
      },
    });
  }
  if (alerts.length === 0)
    throw new FootfallError(FootfallErrorCode.MALFORMED_INPUT, 'No EventNotificationAlert element in the Hikvision XML');
  return { alerts: alerts.map((a) => JSON.parse(JSON.stringify(a)) as Record<string, unknown>), dropped };
}

function normaliseKeys(alert: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...alert };
  for (const key of Object.keys(alert)) {
    if (key.toLowerCase() === 'peoplecounting' && key !== 'peopleCounting') {
      out.peopleCounting = alert[key];
      delete out[key];
    }
  }
  return out;
}

/**
 * Reads Hikvision ISAPI people-counting alerts, as XML text (one or more
 * `EventNotificationAlert` elements, as cameras push them) or in JSON form (`EventNotificationAlert` with
 * `eventType: "PeopleCounting"` and a `peopleCounting` object: `statisticalMethods` `realTime`
 * with `RealTime.time`, or `timeRange` with `TimeRange.startTime`/`endTime`; `enter`, `exit`,
 * `pass`). Real-time statistics are running totals and become deltas per device channel (the
 * first is a baseline; a total going down is a reset, counted); time-range statistics are
 * interval counts. `pass` (walked by without entering) becomes `passed`. Picture URLs and any face
 * data are dropped and counted. Alerts of other event types are skipped and counted as invalid.
 *
 * @throws `ValidationError` (from `@aisle/core`) `CORE_VALIDATION` for input that is not alerts.
 * @throws {@link FootfallError} `FOOTFALL_MALFORMED_INPUT` for XML without an `EventNotificationAlert`.
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
  const quality = new QualityCounter();
  if (typeof input === 'string') {
    const xml = fromXml(input);
    quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, xml.dropped);
    input = xml.alerts;
  }
  const stripped = stripBiometrics(input);
  quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
  const raw = parse(z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]), stripped.value, {
    label: 'Hikvision alerts',
  });
  const state: Record<string, CounterState[string]> = { ...options.state };
  const events: CountEvent[] = [];
  const alerts = [];
  for (const item of Array.isArray(raw) ? raw : [raw]) {
    const a = Alert.safeParse(normaliseKeys(item));
    if (!a.success || a.data.eventType.toLowerCase() !== 'peoplecounting') {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    alerts.push(a.data);
  }
  const timed = alerts.map((a) => ({
    a,
    at: deviceTimeMs(a.peopleCounting.RealTime?.time ?? a.peopleCounting.TimeRange?.endTime ?? a.dateTime, zone),
  }));
  timed.sort((x, y) => x.at - y.at);
  for (const { a, at } of timed) {
    const source = `${a.macAddress ?? a.ipAddress ?? 'hikvision'}#${a.channelID}`;
    const line = options.line ?? a.channelName ?? String(a.channelID);
    const pc = a.peopleCounting;
    if (pc.statisticalMethods === 'timeRange' && pc.TimeRange !== undefined) {
      const from = deviceTimeMs(pc.TimeRange.startTime, zone);
      events.push({
        type: 'count',
        source,
        line,
        from,
        at,
        in: pc.enter,
        out: pc.exit,
        passed: pc.pass,
        key: `hik:${source}:${from}:${at}`,
      });
      continue;
    }
    const current = { in: pc.enter, out: pc.exit, passed: pc.pass, at };
    const previous = state[source];
    if (previous !== undefined && at <= previous.at) {
      quality.add(at === previous.at ? QualityReason.DUPLICATE_EVENTS : QualityReason.OUT_OF_ORDER_FRAMES);
      continue;
    }
    state[source] = current;
    const d = deltaOf(previous, current);
    if (d === undefined || previous === undefined) continue;
    if (d.reset) quality.add(QualityReason.COUNTER_RESETS);
    events.push({ type: 'count', source, line, from: previous.at, at, in: d.in, out: d.out, passed: d.passed, key: `hik:${source}:${at}` });
  }
  return { events, quality: quality.snapshot(), state };
}
