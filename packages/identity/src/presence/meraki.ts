import { IdentityError, IdentityErrorCode } from '../errors';
import { Collector, cap, checkOptions, checkRecords, field, isRecord, readJson, text } from './ingest';
import type { PresenceAdapterOptions, PresenceBatch } from './types';

/** Documented caps of {@link fromMeraki}: 16 MiB of JSON text, 20,000 observations per POST (a large network posts several MB a minute). */
const MERAKI_MAX_CHARS = 16 * 1024 * 1024;
/** See MERAKI_MAX_CHARS. */
const MERAKI_MAX_OBSERVATIONS = 20_000;

/**
 * Options of {@link fromMeraki}.
 *
 * @public
 */
export interface MerakiOptions extends PresenceAdapterOptions {
  /** The shared secret configured in Dashboard; when given, a payload with another secret is refused (compared in constant time). */
  readonly secret?: string | undefined;
}

const V3_DROPPED = [
  ['clientMac', 'mac'],
  ['ipv4', 'ipv4'],
  ['ipv6', 'ipv6'],
  ['ssid', 'ssid'],
  ['os', 'os'],
  ['manufacturer', 'manufacturer'],
  ['userId', 'userId'],
  ['locations', 'location'],
  ['name', 'ble'],
  ['bleBeacons', 'ble'],
] as const;
const V2_DROPPED = [
  ['clientMac', 'mac'],
  ['ipv4', 'ipv4'],
  ['ipv6', 'ipv6'],
  ['ssid', 'ssid'],
  ['os', 'os'],
  ['manufacturer', 'manufacturer'],
  ['location', 'location'],
  ['name', 'ble'],
] as const;

function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

function strings(value: unknown): ReadonlyArray<string> | undefined {
  if (!Array.isArray(value) || value.length > 64) return undefined;
  return value.filter((v): v is string => typeof v === 'string' && v.length <= 128);
}

/**
 * Reads a Cisco Meraki Scanning API POST — version 3 (`type` `WiFi` or `BLE`, observations
 * per client with `latestRecord.nearestApMac`) and versions 2 and 1 (`type` `DevicesSeen` or
 * `BluetoothDevicesSeen`, observations per AP with `seenEpoch`) — into presence events.
 *
 * Text over 16 MiB, or over 20,000 observations, is refused before parsing
 * (`IDENTITY_INPUT_TOO_LARGE`). Client MACs, IPs, SSIDs, the hostname in v2's `ipv4`, OS,
 * manufacturer, `userId`, location traces and BLE names are dropped and counted; a bad
 * observation is skipped and counted with its reason.
 *
 * @example
 * ```ts
 * import { createDeviceTokeniser, fromMeraki } from '@aisle/identity';
 *
 * const batch = fromMeraki(
 *   '{"version":"3.0","secret":"s","type":"WiFi","data":{"networkId":"L_1","observations":[{"clientMac":"da:a1:19:00:00:01","ipv4":"10.0.0.8","latestRecord":{"time":"2026-03-02T02:00:00Z","nearestApMac":"e0:cb:bc:00:00:01","nearestApRssi":-52}}]}}',
 *   { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: () => 'atrium' },
 * );
 * batch.events.length; // 1, with no MAC or IP in it
 * batch.dropped.get('ipv4'); // 1
 * ```
 *
 * @public
 */
export function fromMeraki(input: unknown, options: MerakiOptions): PresenceBatch {
  checkOptions(options);
  const payload = readJson(input, cap(options.maxChars, MERAKI_MAX_CHARS, 'maxChars'), 'Meraki payload');
  if (!isRecord(payload)) throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, 'Meraki payload: expected a JSON object');
  if (options.secret !== undefined) {
    const secret = field(payload, 'secret');
    if (typeof secret !== 'string' || !sameSecret(secret, options.secret)) {
      throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, 'Meraki payload: the secret does not match the configured one');
    }
  }
  const rawVersion = field(payload, 'version');
  const version = typeof rawVersion === 'string' || typeof rawVersion === 'number' ? String(rawVersion) : '';
  // Receivers route on the major version: Meraki publishes minor versions (a '2.1' sample on its
  // v2.1 page) with the same schema.
  const major = /^([123])(?:\.\d{1,3})?$/.exec(version)?.[1];
  if (major === undefined) {
    throw new IdentityError(
      IdentityErrorCode.INVALID_PRESENCE_INPUT,
      `Meraki payload: expected version 3.x, 2.x or 1.x, received ${typeof rawVersion === 'string' ? `'${rawVersion.slice(0, 20)}'` : typeof rawVersion}`,
    );
  }
  const type = field(payload, 'type');
  const data = field(payload, 'data');
  if (!isRecord(data)) throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, 'Meraki payload: expected a "data" object');
  const observations = checkRecords(
    field(data, 'observations'),
    cap(options.maxRecords, MERAKI_MAX_OBSERVATIONS, 'maxRecords'),
    'Meraki data.observations',
  );
  const out = new Collector(options);
  const v3 = major === '3';
  // Version 3 names its types `WiFi` and `BLE` (Meraki's v3 changelog); `Bluetooth` is accepted too.
  if (v3 ? type !== 'WiFi' && type !== 'BLE' && type !== 'Bluetooth' : type !== 'DevicesSeen' && type !== 'BluetoothDevicesSeen') {
    throw new IdentityError(
      IdentityErrorCode.INVALID_PRESENCE_INPUT,
      `Meraki payload: expected type ${v3 ? "'WiFi' | 'BLE'" : "'DevicesSeen' | 'BluetoothDevicesSeen'"} for version ${version}, received ${typeof type === 'string' ? `'${type.slice(0, 40)}'` : typeof type}`,
    );
  }
  const radio = type === 'WiFi' || type === 'DevicesSeen' ? 'wifi' : 'ble';
  const apMac = text(field(data, 'apMac'), 64);
  const apTags = strings(field(data, 'apTags'));
  const apFloors = strings(field(data, 'apFloors'));
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i];
    if (!isRecord(o)) {
      out.skipped.add('not-an-object');
      continue;
    }
    if (v3) {
      out.drop(o, V3_DROPPED);
      const latest = field(o, 'latestRecord');
      const locations = field(o, 'locations');
      const last = Array.isArray(locations) && locations.length > 0 ? locations[locations.length - 1] : undefined;
      const lastLocation = isRecord(last) ? last : undefined;
      const at = isRecord(latest) ? field(latest, 'time') : lastLocation === undefined ? undefined : field(lastLocation, 'time');
      out.device({
        mac: field(o, 'clientMac'),
        at,
        radio,
        kind: 'seen',
        hint: {
          apMac: isRecord(latest) ? text(field(latest, 'nearestApMac'), 64) : undefined,
          apTags: lastLocation === undefined ? undefined : strings(field(lastLocation, 'nearestApTags')),
          floor: lastLocation === undefined ? undefined : text(field(lastLocation, 'floorPlanName')),
        },
      });
    } else {
      out.drop(o, V2_DROPPED);
      const ipv4 = field(o, 'ipv4');
      // v2 sent "hostname/10.0.0.8" in ipv4 (v3's changelog says it no longer carries the hostname).
      if (typeof ipv4 === 'string' && ipv4.indexOf('/') > 0) out.dropped.add('hostname');
      const epoch = field(o, 'seenEpoch');
      out.device({
        mac: field(o, 'clientMac'),
        at: typeof epoch === 'number' ? epoch : field(o, 'seenTime'),
        radio,
        kind: 'seen',
        hint: { apMac, apTags, floor: apFloors?.[0] },
      });
    }
  }
  return out.batch();
}
