import { encodeUtf8, type RandomSource, secureRandom } from '@aisle/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IdentityError, IdentityErrorCode } from '../errors';

const DAY_MS = 86_400_000;

/**
 * Options of {@link createDeviceTokeniser}.
 *
 * @public
 */
export interface DeviceTokeniserOptions {
  /** Fills a buffer with cryptographically strong random bytes (default `secureRandom` from `@aisle/core`: `crypto.getRandomValues`). */
  readonly random?: RandomSource | undefined;
  /** The sites' offset from UTC in minutes (a multiple of 15), which decides where a day starts (default 480, China Standard Time). */
  readonly utcOffsetMinutes?: number | undefined;
}

/**
 * Turns a device address into a token that only deduplicates within one site and one day. The
 * HMAC-SHA-256 key for each (site, day) is drawn from `random`, lives only inside this object's
 * closure, is never returned, logged or persisted, and is dropped when the day is over — so a
 * token from Monday and a token from Tuesday (or from two sites) for the same phone cannot be
 * linked, by this package or by anyone holding its output.
 *
 * @public
 */
export interface DeviceTokeniser {
  /** The token (32 hex characters) for a canonical address at a site on the day of `at` (epoch ms). */
  token(input: { readonly site: string; readonly at: number; readonly mac: string }): string;
  /** Drops every key of a day before the day of `at`; returns how many keys were dropped. Called by `token` too. */
  rotate(at: number): number;
  /** How many keys are held (one per site and day seen since the last rotation). */
  keys(): number;
}

/**
 * Creates a {@link DeviceTokeniser} whose keys rotate at least daily per site.
 *
 * @example
 * ```ts
 * import { createDeviceTokeniser } from '@aisle/identity';
 *
 * const tokens = createDeviceTokeniser();
 * const monday = tokens.token({ site: 'sh-01', at: Date.parse('2026-03-02T10:00:00+08:00'), mac: 'daa119000001' });
 * const tuesday = tokens.token({ site: 'sh-01', at: Date.parse('2026-03-03T10:00:00+08:00'), mac: 'daa119000001' });
 * monday === tuesday; // false: nothing links a device across days
 * ```
 *
 * @public
 */
export function createDeviceTokeniser(options: DeviceTokeniserOptions = {}): DeviceTokeniser {
  const random = options.random ?? secureRandom;
  if (typeof random !== 'function') throw new TypeError('random: expected a function (bytes: Uint8Array) => void');
  const offset = options.utcOffsetMinutes ?? 480;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw new RangeError(
      `utcOffsetMinutes: expected an integer within ±840, received ${typeof offset === 'number' ? offset : typeof offset}`,
    );
  }
  const offsetMs = offset * 60_000;
  // (day, site) → key and its keyed HMAC state. Private to this closure: no method returns either.
  const keys = new Map<number, Map<string, { readonly key: Uint8Array; readonly mac: ReturnType<typeof hmac.create> }>>();
  let newestDay = Number.NEGATIVE_INFINITY;

  const dayOf = (at: number): number => Math.floor((at + offsetMs) / DAY_MS);

  const rotate = (at: number): number => {
    const today = dayOf(at);
    if (today > newestDay) newestDay = today;
    let dropped = 0;
    for (const [day, sites] of keys) {
      if (day < newestDay) {
        for (const entry of sites.values()) {
          entry.key.fill(0);
          entry.mac.destroy();
        }
        dropped += sites.size;
        keys.delete(day);
      }
    }
    return dropped;
  };

  return {
    token: ({ site, at, mac }) => {
      if (typeof site !== 'string' || site.length === 0 || site.length > 128) {
        throw new TypeError('site: expected a string of 1–128 characters');
      }
      if (!Number.isFinite(at)) throw new TypeError('at: expected epoch milliseconds');
      rotate(at);
      const day = dayOf(at);
      if (day < newestDay) {
        throw new IdentityError(
          IdentityErrorCode.RETENTION_EXCEEDED,
          `A device seen on an earlier day than the newest day this tokeniser keys (day ${day} < ${newestDay}): its key is gone, so it cannot be counted`,
        );
      }
      let sites = keys.get(day);
      if (sites === undefined) {
        sites = new Map();
        keys.set(day, sites);
      }
      let entry = sites.get(site);
      if (entry === undefined) {
        const key = new Uint8Array(32);
        random(key);
        if (key.every((b) => b === 0)) throw new TypeError('random: produced an all-zero key');
        entry = { key, mac: hmac.create(sha256, key) };
        sites.set(site, entry);
      }
      // Cloning the keyed state saves the two key-block compressions per token.
      const h = entry.mac.clone();
      h.update(encodeUtf8(mac));
      const digest = h.digest();
      h.destroy();
      return bytesToHex(digest.subarray(0, 16));
    },
    rotate,
    keys: () => {
      let n = 0;
      for (const sites of keys.values()) n += sites.size;
      return n;
    },
  };
}
