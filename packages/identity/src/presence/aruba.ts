import { IdentityError, IdentityErrorCode } from '../errors';
import { Collector, cap, checkOptions, checkRecords, field, isRecord, readJson, text } from './ingest';
import type { PresenceAdapterOptions, PresenceBatch } from './types';

/** Documented caps of {@link fromArubaAle}: 4 MiB of JSON text, 20,000 records. */
const ALE_MAX_CHARS = 4 * 1024 * 1024;
/** See ALE_MAX_CHARS. */
const ALE_MAX_RECORDS = 20_000;

const RESULTS = [
  ['Presence_result', 'presence'],
  ['Location_result', 'location'],
] as const;

const DROPPED = [
  ['sta_eth_mac', 'mac'],
  ['sta_mac', 'mac'],
  ['hashed_sta_eth_mac', 'hashedMac'],
  ['hashed_sta_mac', 'hashedMac'],
  ['sta_location_x', 'location'],
  ['sta_location_y', 'location'],
  ['latitude', 'location'],
  ['longitude', 'location'],
  ['sta_ip_address', 'ipv4'],
  ['hashed_sta_ip_address', 'ipv4'],
  ['username', 'userId'],
  ['device_type', 'os'],
] as const;

function addr(value: unknown): unknown {
  return isRecord(value) ? field(value, 'addr') : value;
}

function unwrap(record: unknown): readonly [msg: Record<string, unknown>, ts: unknown] | undefined {
  if (!isRecord(record)) return undefined;
  const msg = field(record, 'msg');
  return isRecord(msg) ? [msg, field(record, 'ts')] : [record, field(record, 'timestamp') ?? field(record, 'ts')];
}

/**
 * Reads Aruba Analytics and Location Engine (ALE) records in their JSON form into presence events:
 * REST query answers (an object with `Presence_result` and `Location_result` arrays of
 * `{ msg, ts }`), or an array of publish/subscribe `nb_event`s rendered as JSON (each with `seq`,
 * `timestamp`, `op` and one of `presence`, `location`, `geofence_notify`). Presence zones come from
 * `ap_name`, location zones from
 * `floor_id`, geofence zones from `geofence_name` (`ZONE_IN` is an entry, `ZONE_OUT` an exit with
 * `dwell_time` seconds).
 *
 * Text over 4 MiB or over 20,000 records is refused before parsing (`IDENTITY_INPUT_TOO_LARGE`).
 * `sta_eth_mac`, ALE's `hashed_sta_eth_mac` (a stable per-device hash, so an identifier too),
 * coordinates, IPs and user names are dropped and counted. A record with only a hashed address is
 * skipped (`bad-mac`): ALE's hash is stable across days, so it is never used as a token.
 *
 * @example
 * ```ts
 * import { createDeviceTokeniser, fromArubaAle } from '@aisle/identity';
 *
 * const batch = fromArubaAle(
 *   { Presence_result: [{ msg: { sta_eth_mac: { addr: '3C:22:FB:00:00:01' }, associated: false, hashed_sta_eth_mac: 'A1B2', ap_name: 'AP-L1-01' }, ts: 1772416800 }] },
 *   { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: (h) => (h.apName === 'AP-L1-01' ? 'atrium' : undefined) },
 * );
 * batch.dropped.get('hashedMac'); // 1
 * ```
 *
 * @public
 */
export function fromArubaAle(input: unknown, options: PresenceAdapterOptions): PresenceBatch {
  checkOptions(options);
  const payload = readJson(input, cap(options.maxChars, ALE_MAX_CHARS, 'maxChars'), 'ALE payload');
  const max = cap(options.maxRecords, ALE_MAX_RECORDS, 'maxRecords');
  const records: Array<readonly [kind: 'presence' | 'location' | 'geofence', record: unknown]> = [];
  if (Array.isArray(payload)) {
    for (const event of checkRecords(payload, max, 'ALE events')) {
      const kind = !isRecord(event)
        ? undefined
        : field(event, 'presence') !== undefined
          ? 'presence'
          : field(event, 'location') !== undefined
            ? 'location'
            : field(event, 'geofence_notify') !== undefined
              ? 'geofence'
              : undefined;
      if (kind === undefined || !isRecord(event)) records.push(['presence', undefined]);
      else {
        const body = field(event, kind === 'geofence' ? 'geofence_notify' : kind);
        records.push([kind, isRecord(body) ? { msg: body, ts: field(event, 'timestamp') } : undefined]);
      }
    }
  } else if (isRecord(payload)) {
    let total = 0;
    for (const [key, kind] of RESULTS) {
      const list = field(payload, key);
      if (list === undefined) continue;
      const checked = checkRecords(list, max - total, `ALE ${key}`);
      total += checked.length;
      for (let i = 0; i < checked.length; i++) records.push([kind, checked[i]]);
    }
  } else {
    throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, 'ALE payload: expected a JSON object or array');
  }
  const out = new Collector(options);
  for (const [kind, record] of records) {
    const parts = unwrap(record);
    if (parts === undefined) {
      out.skipped.add('not-an-object');
      continue;
    }
    const [msg, ts] = parts;
    out.drop(msg, DROPPED);
    const mac = addr(field(msg, kind === 'geofence' ? 'sta_mac' : 'sta_eth_mac'));
    if (kind === 'presence') {
      out.device({ mac, at: ts, kind: 'seen', radio: 'wifi', hint: { apName: text(field(msg, 'ap_name')) } });
    } else if (kind === 'location') {
      out.device({ mac, at: ts, kind: 'seen', radio: 'wifi', hint: { floor: text(field(msg, 'floor_id')) } });
    } else {
      const event = field(msg, 'geofence_event');
      const dwell = field(msg, 'dwell_time');
      const exit = event === 'ZONE_OUT' || event === 1;
      if (!exit && event !== 'ZONE_IN' && event !== 0) {
        out.skipped.add('unknown-type');
        continue;
      }
      out.device({
        mac,
        at: ts,
        kind: exit ? 'exit' : 'entry',
        radio: 'wifi',
        hint: { geofence: text(field(msg, 'geofence_name')) ?? text(field(msg, 'geofence_id')) },
        dwellMs: exit && typeof dwell === 'number' && Number.isSafeInteger(dwell) && dwell >= 0 ? dwell * 1000 : undefined,
      });
    }
  }
  return out.batch();
}
