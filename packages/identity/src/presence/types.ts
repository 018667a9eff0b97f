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
  readonly site: string;
  readonly zone: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly kind: 'seen' | 'entry' | 'exit';
  readonly radio: 'wifi' | 'ble';
  /** Per-site, per-day HMAC token; meaningless on any other day or site. */
  readonly token: string;
  /** The address had the locally administered bit set (MAC randomisation). Never de-randomised. */
  readonly randomised: boolean;
  readonly dwellMs?: number | undefined;
}

/**
 * A device count a vendor computed itself (Cisco Spaces `DEVICE_COUNT`): no device in it.
 *
 * @public
 */
export interface VendorCount {
  readonly site: string;
  readonly zone: string;
  readonly at: number;
  readonly associated: number;
  readonly probing: number;
}

/**
 * What an adapter got out of one payload: events, vendor counts, and an account of what it threw
 * away — records skipped (by reason), identifier fields dropped (by field), duplicates.
 *
 * @public
 */
export interface PresenceBatch {
  readonly events: ReadonlyArray<PresenceEvent>;
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
  readonly apMac?: string | undefined;
  readonly apName?: string | undefined;
  readonly apTags?: ReadonlyArray<string> | undefined;
  readonly floor?: string | undefined;
  readonly locationId?: string | undefined;
  readonly locationName?: string | undefined;
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
