import type { DeviceTokeniser } from './tokens';

/**
 * One device seen in one zone, after ingestion stripped it: no address, IP, SSID, hostname, OS or
 * BLE payload — only a token that deduplicates within the site and day (see `createDeviceTokeniser`).
 *
 * `kind` is `seen` (a sighting), `entry` / `exit` (a vendor's visit boundary; `dwellMs` on exits
 * when the vendor reports the visit's length).
 *
 * @public
 */
export interface PresenceEvent {
  /** The site (mall) it was seen at. */
  readonly site: string;
  /** The zone, as the adapter's `zoneOf` named it. */
  readonly zone: string;
  /** Epoch milliseconds. */
  readonly at: number;
  /** A sighting, or a vendor's visit entry or exit. */
  readonly kind: 'seen' | 'entry' | 'exit';
  /** Heard over Wi-Fi or Bluetooth Low Energy. */
  readonly radio: 'wifi' | 'ble';
  /** Per-site, per-day HMAC token; meaningless on any other day or site. */
  readonly token: string;
  /** The address had the locally administered bit set (MAC randomisation). Never de-randomised. */
  readonly randomised: boolean;
  /** On exits, the visit's length as the vendor reported it. */
  readonly dwellMs?: number | undefined;
}

/**
 * A device count a vendor computed itself (Cisco Spaces `DEVICE_COUNT`): no device in it.
 *
 * @public
 */
export interface VendorCount {
  /** The site the count is for. */
  readonly site: string;
  /** The zone, as `zoneOf` named the vendor's location. */
  readonly zone: string;
  /** Epoch milliseconds. */
  readonly at: number;
  /** Devices associated with the Wi-Fi. */
  readonly associated: number;
  /** Devices only probing (estimated by the vendor). */
  readonly probing: number;
}

/**
 * What an adapter got out of one payload: events, vendor counts, and an account of what it threw
 * away — records skipped (by reason), identifier fields dropped (by field), duplicates.
 *
 * @public
 */
export interface PresenceBatch {
  /** The stripped device events. */
  readonly events: ReadonlyArray<PresenceEvent>;
  /** Counts the vendor computed itself. */
  readonly counts: ReadonlyArray<VendorCount>;
  /** Records skipped, by reason (`not-an-object`, `bad-mac`, `bad-time`, `unmapped-zone`, `expired`, `multicast`, `unknown-type`, `bad-json`, `bad-count`). */
  readonly skipped: ReadonlyMap<string, number>;
  /** Identifier fields present in the input and dropped at ingestion, by field (`mac`, `ipv4`, `ipv6`, `hostname`, `ssid`, `os`, `manufacturer`, `userId`, `ble`, `profile`, `hashedMac`, `visitHistory`). */
  readonly dropped: ReadonlyMap<string, number>;
  /** Events whose address was randomised (locally administered). */
  readonly randomised: number;
  /** Records seen before (Cisco Spaces `recordUid`) and counted once. */
  readonly duplicates: number;
}

/**
 * What an adapter knows about where a device was heard, for the caller's zone map. AP addresses
 * and vendor location ids name infrastructure, not people; they never leave the adapter.
 *
 * @public
 */
export interface ZoneHint {
  /** The hearing AP's MAC (Meraki: `nearestApMac` in v3, `apMac` in v2/v1). */
  readonly apMac?: string | undefined;
  /** The hearing AP's name (ALE presence `ap_name`). */
  readonly apName?: string | undefined;
  /** The AP's Dashboard tags (Meraki). */
  readonly apTags?: ReadonlyArray<string> | undefined;
  /** The floor (Meraki `floorPlanName` / `apFloors`, ALE `floor_id`). */
  readonly floor?: string | undefined;
  /** The vendor's location id (Cisco Spaces `location.locationId`). */
  readonly locationId?: string | undefined;
  /** The vendor's location name (Cisco Spaces `location.name`). */
  readonly locationName?: string | undefined;
  /** The geofence name or id (ALE `geofence_notify`). */
  readonly geofence?: string | undefined;
}

/**
 * Options every presence adapter takes.
 *
 * @public
 */
export interface PresenceAdapterOptions {
  /** The site (mall) the payload is from; keys rotate per site. */
  readonly site: string;
  /** Tokenises addresses; keep one per process (its keys live only in memory). */
  readonly tokens: DeviceTokeniser;
  /** Maps where a device was heard to a zone of yours; `undefined` skips the record (`unmapped-zone`). */
  readonly zoneOf: (hint: ZoneHint) => string | undefined;
  /** Override the documented input cap (characters of text). Lower only in practice. */
  readonly maxChars?: number | undefined;
  /** Override the documented cap on records per payload. */
  readonly maxRecords?: number | undefined;
}
