import { type Clock, systemClock } from '@aisle/core';
import { IdentityError, IdentityErrorCode } from '../errors';
import type { PresenceBatch, PresenceEvent } from './types';

const DAY_MS = 86_400_000;
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A dwell-time histogram in the shape of `@aisle/footfall`'s `DurationHistogram` (`count`, `sumMs`,
 * `bins` by upper bound in ms, `inf` for the last), so two of them merge by adding.
 *
 * @public
 */
export interface DwellHistogram {
  /** Devices in the histogram. */
  readonly count: number;
  /** Their dwell times added up, in ms. */
  readonly sumMs: number;
  /** Devices per bucket, keyed by the bucket's upper bound in ms (`inf` for the last). */
  readonly bins: Readonly<Record<string, number>>;
}

/**
 * The counts for one zone in one window: how many distinct devices (deduplicated within the
 * window by their day-and-site token), how many of those had randomised addresses, their dwell
 * histogram, and the split between passers-by (dwell under the visitor threshold) and visitors.
 * `passersBy + visitors === presence`; nothing in it names a device.
 *
 * @public
 */
export interface ZoneWindowCount {
  /** The site the counts are from. */
  readonly site: string;
  /** The zone, as your `zoneOf` named it. */
  readonly zone: string;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive. */
  readonly end: number;
  /** Distinct devices in the zone in the window. */
  readonly presence: number;
  /** How many of them had a randomised (locally administered) address. */
  readonly randomised: number;
  /** Devices that stayed less than the visitor threshold. */
  readonly passersBy: number;
  /** Devices that stayed at least the visitor threshold. */
  readonly visitors: number;
  /** Their dwell times (clipped to the window). */
  readonly dwell: DwellHistogram;
  /** The largest device count the vendor reported itself in the window (Cisco Spaces `DEVICE_COUNT`), if any. */
  readonly vendorPeak?: number | undefined;
}

/**
 * Options of {@link createPresenceCounter}.
 *
 * @public
 */
export interface PresenceCounterOptions {
  /** Window length in ms; divides a day (default one hour). */
  readonly windowMs?: number | undefined;
  /** Upper bounds (ms, ascending) of the dwell buckets; one more bucket (`inf`) holds the rest. Default 5, 15, 30, 60 minutes. */
  readonly dwellBoundsMs?: ReadonlyArray<number> | undefined;
  /** Dwell at or above this makes a visitor, below it a passer-by (default 10 minutes). */
  readonly visitorThresholdMs?: number | undefined;
  /** How long raw observations (tokens) are kept, at most a day (default and maximum 86,400,000). */
  readonly retentionMs?: number | undefined;
  /** The clock retention is measured by (default the system clock). */
  readonly clock?: Clock | undefined;
}

/**
 * What `ingest` did with a batch: how many events it counted, and how many it refused because
 * they were older than the retention limit or too far in the future.
 *
 * @public
 */
export interface IngestResult {
  /** Events counted. */
  readonly accepted: number;
  /** Events refused: older than the retention, or in a window already closed. */
  readonly expired: number;
  /** Events refused: more than five minutes after the clock's now. */
  readonly future: number;
}

/**
 * Counts, not individuals: presence per zone and window from stripped events.
 *
 * @public
 */
export interface PresenceCounter {
  /** Counts a batch's events and vendor counts. Events older than the retention limit are refused and counted (`expired`). */
  ingest(batch: PresenceBatch | ReadonlyArray<PresenceEvent>): IngestResult;
  /** Closes every window older than the retention limit: its tokens are discarded, its counts kept. Returns how many raw observations went. */
  purge(): number;
  /** The counts of every window, open or closed, sorted by site, zone and start. */
  counts(): ReadonlyArray<ZoneWindowCount>;
  /** How many raw observations (one per device, zone and window) are held now. */
  rawObservations(): number;
}

interface Seen {
  first: number;
  last: number;
  dwell: number;
  randomised: boolean;
}

interface OpenWindow {
  readonly site: string;
  readonly zone: string;
  readonly start: number;
  readonly devices: Map<string, Seen>;
  vendorPeak: number | undefined;
}

function checkPositive(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${name}: expected a positive integer, received ${typeof value === 'number' ? value : typeof value}`);
}

/**
 * Creates a {@link PresenceCounter}. Raw observations live at most a day: windows older than the
 * retention limit are reduced to their counts, and events older than it are refused.
 *
 * @example
 * ```ts
 * import { createDeviceTokeniser, createPresenceCounter, fromMeraki } from '@aisle/identity';
 *
 * const at = '2026-03-02T02:00:00Z';
 * const counter = createPresenceCounter({ clock: { now: () => new Date(at) } });
 * const batch = fromMeraki(
 *   { version: '3.0', secret: 's', type: 'WiFi', data: { networkId: 'L_1', observations: [{ clientMac: 'da:a1:19:00:00:01', latestRecord: { time: at, nearestApMac: 'e0:cb:bc:00:00:01', nearestApRssi: -52 } }] } },
 *   { site: 'sh-01', tokens: createDeviceTokeniser(), zoneOf: () => 'atrium' },
 * );
 * counter.ingest(batch);
 * counter.counts()[0]?.presence; // 1
 * ```
 *
 * @public
 */
export function createPresenceCounter(options: PresenceCounterOptions = {}): PresenceCounter {
  const windowMs = options.windowMs ?? 3_600_000;
  checkPositive('windowMs', windowMs);
  if (DAY_MS % windowMs !== 0) throw new RangeError(`windowMs: expected a divisor of a day, received ${windowMs}`);
  const bounds = [...(options.dwellBoundsMs ?? [300_000, 900_000, 1_800_000, 3_600_000])];
  if (bounds.length > 32) throw new RangeError('dwellBoundsMs: expected at most 32 bounds');
  bounds.forEach((b, i) => {
    checkPositive(`dwellBoundsMs[${i}]`, b);
    if (i > 0 && b <= (bounds[i - 1] as number)) throw new RangeError('dwellBoundsMs: expected ascending bounds');
  });
  const threshold = options.visitorThresholdMs ?? 600_000;
  checkPositive('visitorThresholdMs', threshold);
  const retention = options.retentionMs ?? DAY_MS;
  checkPositive('retentionMs', retention);
  if (retention > DAY_MS) {
    throw new IdentityError(
      IdentityErrorCode.RETENTION_EXCEEDED,
      `retentionMs: raw observations are kept at most a day (${DAY_MS}), received ${retention}`,
    );
  }
  const clock = options.clock ?? systemClock;
  const open = new Map<string, OpenWindow>();
  const closed = new Map<string, ZoneWindowCount>();

  const keyOf = (site: string, zone: string, start: number) => JSON.stringify([site, zone, start]);
  const now = () => clock.now().getTime();

  const summarise = (w: OpenWindow): ZoneWindowCount => {
    const bins: Record<string, number> = {};
    for (const b of bounds) bins[String(b)] = 0;
    bins.inf = 0;
    let sumMs = 0;
    let randomised = 0;
    let visitors = 0;
    for (const seen of w.devices.values()) {
      const dwell = Math.min(Math.max(seen.last - seen.first, seen.dwell), windowMs);
      sumMs += dwell;
      if (seen.randomised) randomised++;
      if (dwell >= threshold) visitors++;
      const bound = bounds.find((b) => dwell < b);
      const bin = bound === undefined ? 'inf' : String(bound);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    const presence = w.devices.size;
    return {
      site: w.site,
      zone: w.zone,
      start: w.start,
      end: w.start + windowMs,
      presence,
      randomised,
      passersBy: presence - visitors,
      visitors,
      dwell: { count: presence, sumMs, bins },
      ...(w.vendorPeak === undefined ? {} : { vendorPeak: w.vendorPeak }),
    };
  };

  const purge = (): number => {
    const horizon = now() - retention;
    let purged = 0;
    for (const [key, w] of open) {
      if (w.start + windowMs <= horizon) {
        closed.set(key, summarise(w));
        purged += w.devices.size;
        w.devices.clear();
        open.delete(key);
      }
    }
    return purged;
  };

  const windowFor = (site: string, zone: string, at: number): OpenWindow | undefined => {
    const start = at - (((at % windowMs) + windowMs) % windowMs);
    const key = keyOf(site, zone, start);
    if (closed.has(key)) return undefined;
    let w = open.get(key);
    if (w === undefined) {
      w = { site, zone, start, devices: new Map(), vendorPeak: undefined };
      open.set(key, w);
    }
    return w;
  };

  return {
    ingest: (batch) => {
      const events = Array.isArray(batch) ? (batch as ReadonlyArray<PresenceEvent>) : (batch as PresenceBatch).events;
      const counts = Array.isArray(batch) ? [] : ((batch as PresenceBatch).counts ?? []);
      if (!Array.isArray(events)) throw new TypeError('ingest: expected a PresenceBatch or an array of PresenceEvent');
      purge();
      const t = now();
      const horizon = t - retention;
      let accepted = 0;
      let expired = 0;
      let future = 0;
      for (const e of events) {
        if (typeof e !== 'object' || e === null || typeof e.token !== 'string' || !Number.isFinite(e.at)) {
          throw new TypeError('ingest: expected PresenceEvent objects from a presence adapter');
        }
        if (e.at < horizon) {
          expired++;
          continue;
        }
        if (e.at > t + FUTURE_SKEW_MS) {
          future++;
          continue;
        }
        const w = windowFor(e.site, e.zone, e.at);
        if (w === undefined) {
          expired++;
          continue;
        }
        const seen = w.devices.get(e.token);
        const dwell = typeof e.dwellMs === 'number' && e.dwellMs >= 0 ? e.dwellMs : 0;
        if (seen === undefined) w.devices.set(e.token, { first: e.at, last: e.at, dwell, randomised: e.randomised === true });
        else {
          seen.first = Math.min(seen.first, e.at);
          seen.last = Math.max(seen.last, e.at);
          seen.dwell = Math.max(seen.dwell, dwell);
        }
        accepted++;
      }
      for (const c of counts) {
        if (c.at < horizon || c.at > t + FUTURE_SKEW_MS) continue;
        const w = windowFor(c.site, c.zone, c.at);
        if (w !== undefined) w.vendorPeak = Math.max(w.vendorPeak ?? 0, c.associated + c.probing);
      }
      return { accepted, expired, future };
    },
    purge,
    counts: () => {
      const all = [...closed.values(), ...[...open.values()].map(summarise)];
      return all.sort((a, b) =>
        a.site < b.site ? -1 : a.site > b.site ? 1 : a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.start - b.start,
      );
    },
    rawObservations: () => {
      let n = 0;
      for (const w of open.values()) n += w.devices.size;
      return n;
    },
  };
}

/**
 * Adds two windows' counts for the same zone and window (two counters, two shards of a site).
 * Presence adds because tokens are per site and day: the same device is never in both unless
 * both counted the same site, which the caller must not merge.
 *
 * @example
 * ```ts
 * import { mergeZoneCounts, type ZoneWindowCount } from '@aisle/identity';
 *
 * const a: ZoneWindowCount = { site: 's', zone: 'z', start: 0, end: 3_600_000, presence: 2, randomised: 1, passersBy: 1, visitors: 1, dwell: { count: 2, sumMs: 700_000, bins: { '600000': 1, inf: 1 } } };
 * mergeZoneCounts(a, a).presence; // 4
 * ```
 *
 * @public
 */
export function mergeZoneCounts(a: ZoneWindowCount, b: ZoneWindowCount): ZoneWindowCount {
  if (a.zone !== b.zone || a.start !== b.start || a.end !== b.end) {
    throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, 'mergeZoneCounts: expected counts for the same zone and window');
  }
  const bins: Record<string, number> = {};
  const keys = [...new Set([...Object.keys(a.dwell.bins), ...Object.keys(b.dwell.bins)])].filter((k) => /^(\d{1,15}|inf)$/.test(k));
  for (const key of keys.sort()) {
    bins[key] =
      (Object.hasOwn(a.dwell.bins, key) ? (a.dwell.bins[key] ?? 0) : 0) + (Object.hasOwn(b.dwell.bins, key) ? (b.dwell.bins[key] ?? 0) : 0);
  }
  const peak = a.vendorPeak === undefined && b.vendorPeak === undefined ? undefined : (a.vendorPeak ?? 0) + (b.vendorPeak ?? 0);
  return {
    site: a.site === b.site ? a.site : `${a.site}+${b.site}`,
    zone: a.zone,
    start: a.start,
    end: a.end,
    presence: a.presence + b.presence,
    randomised: a.randomised + b.randomised,
    passersBy: a.passersBy + b.passersBy,
    visitors: a.visitors + b.visitors,
    dwell: { count: a.dwell.count + b.dwell.count, sumMs: a.dwell.sumMs + b.dwell.sumMs, bins },
    ...(peak === undefined ? {} : { vendorPeak: peak }),
  };
}
