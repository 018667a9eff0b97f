import { IdentityError, IdentityErrorCode } from '../errors';
import { Collector, cap, checkOptions, field, instant, isRecord, text } from './ingest';
import type { PresenceAdapterOptions, PresenceBatch, ZoneHint } from './types';

/** Documented caps of {@link fromCiscoSpaces}: 16 MiB of text, 100,000 lines, 64 KiB per line. */
const SPACES_MAX_CHARS = 16 * 1024 * 1024;
/** See SPACES_MAX_CHARS. */
const SPACES_MAX_LINES = 100_000;
const MAX_LINE = 64 * 1024;

/**
 * Options of {@link fromCiscoSpaces}.
 *
 * @public
 */
export interface CiscoSpacesOptions extends PresenceAdapterOptions {
  /**
   * `recordUid`s already counted in earlier chunks of the same stream (the caller keeps it, e.g.
   * for the last hour, and clears it); uids seen in this call are added. Without it,
   * duplicates are only caught within one call.
   */
  readonly seen?: Set<string> | undefined;
}

const DEVICE_DROPPED = [
  ['macAddress', 'mac'],
  ['deviceId', 'mac'],
  ['ipv4', 'ipv4'],
  ['ipv6', 'ipv6'],
  ['os', 'os'],
  ['osVersion', 'os'],
  ['manufacturer', 'manufacturer'],
  ['deviceModel', 'manufacturer'],
  ['userId', 'userId'],
  ['openRoamingUserId', 'userId'],
  ['mobile', 'profile'],
  ['email', 'profile'],
  ['firstName', 'profile'],
  ['lastName', 'profile'],
  ['gender', 'profile'],
  ['postalCode', 'profile'],
  ['socialNetworkInfo', 'profile'],
  ['attributes', 'profile'],
  ['tags', 'profile'],
] as const;
const EVENT_DROPPED = [
  ['ssid', 'ssid'],
  ['visitId', 'visitHistory'],
  ['daysSinceLastVisit', 'visitHistory'],
] as const;

const PAYLOADS: ReadonlyMap<string, readonly [key: string, kind: 'entry' | 'exit' | 'presence' | 'count']> = new Map([
  ['DEVICE_ENTRY', ['deviceEntry', 'entry']],
  ['DEVICE_EXIT', ['deviceExit', 'exit']],
  ['DEVICE_PRESENCE', ['devicePresence', 'presence']],
  ['DEVICE_COUNT', ['deviceCounts', 'count']],
]);

function locationHint(payload: Record<string, unknown>): ZoneHint {
  const location = field(payload, 'location');
  if (!isRecord(location)) return {};
  return { locationId: text(field(location, 'locationId')), locationName: text(field(location, 'name')) };
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Reads Cisco Spaces (DNA Spaces) Firehose API events, newline-delimited JSON, into presence events:
 * `DEVICE_ENTRY`, `DEVICE_EXIT` and `DEVICE_PRESENCE` (entry / exit lifecycle) become entry and exit
 * events; `DEVICE_COUNT` becomes a vendor count; other event types are skipped (`unknown-type`).
 * A `recordUid` seen before (in this call, or in `seen`) is counted once.
 *
 * Text over 16 MiB or 100,000 lines is refused before parsing (`IDENTITY_INPUT_TOO_LARGE`). The
 * device's MAC, ids, IPs, OS, user id, the captive-portal profile (mobile, e-mail, names), the
 * SSID and the vendor's own repeat-visit history (`visitId`, `daysSinceLastVisit`) are dropped and
 * counted.
 *
 * @example
 * ```ts
 * import { createDeviceTokeniser, fromCiscoSpaces } from '@aisle/identity';
 *
 * const line = JSON.stringify({
 *   recordUid: 'evt-1', recordTimestamp: 1772416800000, spacesTenantId: 't', eventType: 'DEVICE_ENTRY',
 *   deviceEntry: { device: { macAddress: '3c:22:fb:00:00:01', mobile: '+8613912340001' }, location: { locationId: 'z-1', name: 'Atrium' }, entryTimestamp: 1772416800000 },
 * });
 * const batch = fromCiscoSpaces(`${line}\n${line}\n`, { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: (h) => h.locationName });
 * batch.events.length; // 1
 * batch.duplicates; // 1
 * ```
 *
 * @public
 */
export function fromCiscoSpaces(input: string, options: CiscoSpacesOptions): PresenceBatch {
  checkOptions(options);
  if (typeof input !== 'string') throw new TypeError('fromCiscoSpaces: expected newline-delimited JSON text');
  const maxChars = cap(options.maxChars, SPACES_MAX_CHARS, 'maxChars');
  if (input.length > maxChars) {
    throw new IdentityError(
      IdentityErrorCode.INPUT_TOO_LARGE,
      `Cisco Spaces stream: expected at most ${maxChars} characters, received ${input.length}`,
    );
  }
  const maxLines = cap(options.maxRecords, SPACES_MAX_LINES, 'maxRecords');
  let lines = 0;
  for (let i = input.indexOf('\n'); i !== -1; i = input.indexOf('\n', i + 1)) lines++;
  // `lines` counts newline characters: maxLines newline-terminated lines pass.
  if (lines > maxLines) {
    throw new IdentityError(IdentityErrorCode.INPUT_TOO_LARGE, `Cisco Spaces stream: expected at most ${maxLines} lines, received more`);
  }
  const out = new Collector(options);
  const seen = options.seen ?? new Set<string>();
  let start = 0;
  while (start <= input.length) {
    let end = input.indexOf('\n', start);
    if (end === -1) end = input.length;
    const line = input.slice(start, end).trim();
    start = end + 1;
    if (line.length === 0) continue;
    if (line.length > MAX_LINE) {
      out.skipped.add('line-too-long');
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      out.skipped.add('bad-json');
      continue;
    }
    if (!isRecord(record)) {
      out.skipped.add('not-an-object');
      continue;
    }
    const uid = text(field(record, 'recordUid'));
    if (uid !== undefined) {
      if (seen.has(uid)) {
        out.duplicates++;
        continue;
      }
      seen.add(uid);
    }
    const type = field(record, 'eventType');
    const shape = typeof type === 'string' ? PAYLOADS.get(type) : undefined;
    if (shape === undefined) {
      out.skipped.add('unknown-type');
      continue;
    }
    // DEVICE_COUNT's payload key is reconstructed from the documentation; both spellings are read.
    const payload = field(record, shape[0]) ?? (shape[1] === 'count' ? field(record, 'deviceCount') : undefined);
    if (!isRecord(payload)) {
      out.skipped.add('not-an-object');
      continue;
    }
    out.drop(payload, EVENT_DROPPED);
    const hint = locationHint(payload);
    const stamp = field(record, 'recordTimestamp');
    if (shape[1] === 'count') {
      const at = instant(stamp);
      const associated = nonNegative(field(payload, 'associatedCount'));
      const probing = nonNegative(field(payload, 'estimatedProbingCount')) ?? 0;
      if (at === undefined) out.skipped.add('bad-time');
      else if (associated === undefined) out.skipped.add('bad-count');
      else {
        const zone = out.zone(hint);
        if (zone === undefined) out.skipped.add('unmapped-zone');
        else out.counts.push({ site: options.site, zone, at, associated, probing });
      }
      continue;
    }
    const device = field(payload, 'device');
    if (isRecord(device)) out.drop(device, DEVICE_DROPPED);
    let kind: 'entry' | 'exit' | undefined = shape[1] === 'presence' ? undefined : shape[1];
    if (shape[1] === 'presence') {
      const lifecycle = field(payload, 'presenceEventType');
      kind = lifecycle === 'DEVICE_ENTRY_EVENT' ? 'entry' : lifecycle === 'DEVICE_EXIT_EVENT' ? 'exit' : undefined;
      if (kind === undefined) {
        out.skipped.add('unknown-type');
        continue;
      }
    }
    const minutes = field(payload, 'visitDurationMinutes');
    const dwellMs = kind === 'exit' && nonNegative(minutes) !== undefined ? (minutes as number) * 60_000 : undefined;
    const at = kind === 'exit' ? (field(payload, 'exitTimestamp') ?? stamp) : (field(payload, 'entryTimestamp') ?? stamp);
    out.device({
      mac: isRecord(device) ? field(device, 'macAddress') : undefined,
      at,
      hint,
      kind: kind as 'entry' | 'exit',
      radio: 'wifi',
      dwellMs,
    });
  }
  return out.batch();
}
