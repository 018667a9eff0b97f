/**
 * `@aisle/core/zones`: the rules of the four zones Chinese retail needs (Asia/Shanghai,
 * Asia/Hong_Kong, Asia/Macau, Asia/Taipei), their whole IANA history, for runtimes without `Intl`
 * time-zone support (mini-program engines, small-icu builds). A runtime with full `Intl` needs
 * nothing from here, so the rules stay out of every bundle that does not import them.
 *
 * @module @aisle/core/zones
 */
import { createTimeZoneRules, type TimeZoneProvider, type TimeZoneRules } from '@aisle/core';
import { ZONE_DATA } from './internal/zone-data';

/** The rules of one bundled zone, decoded from zone-data.ts (see its header for the encoding). */
function decode(data: string): TimeZoneRules {
  const [initial, body] = data.split(';') as [string, string];
  let at = 0;
  const transitions = body.split(',').map((part) => {
    const [delta, offset] = part.split('.') as [string, string];
    at += Number.parseInt(delta, 36);
    return { at: at * 1000, offsetMinutes: Number.parseInt(offset, 36) };
  });
  return createTimeZoneRules({ initialOffsetMinutes: Number(initial) / 60, transitions });
}

/**
 * A `TimeZoneProvider` with the rules bundled for Asia/Shanghai, Asia/Hong_Kong,
 * Asia/Macau and Asia/Taipei (names matched case-insensitively; `undefined` for any other zone).
 * Install it with `setTimeZoneProvider` on a runtime without `Intl` zone data; to serve other
 * zones too, ask it after your own provider.
 *
 * @example
 * ```ts
 * import { localDate, setTimeZoneProvider } from '@aisle/core';
 * import { bundledTimeZones } from '@aisle/core/zones';
 *
 * setTimeZoneProvider(bundledTimeZones); // once, at start-up, e.g. in a mini-program's app.js
 * localDate('2026-11-20T16:30:00Z', 'Asia/Shanghai'); // '2026-11-21', with or without Intl
 * setTimeZoneProvider(undefined);
 * ```
 *
 * @public
 */
export const bundledTimeZones: TimeZoneProvider = (zone) => {
  if (typeof zone !== 'string') return undefined;
  const lower = zone.toLowerCase();
  const entry = ZONE_DATA.find(([name]) => name.toLowerCase() === lower);
  return entry === undefined ? undefined : decode(entry[1]);
};
