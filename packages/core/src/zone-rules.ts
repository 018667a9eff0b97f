import { tzOffset } from '@date-fns/tz/tzOffset';
import { type InstantInput, toInstant } from './clock';
import { AisleError, CoreErrorCode } from './errors';
import { TZDB_VERSION } from './internal/zone-data';
import { memoOffsetsByDay } from './internal/zone-offsets';

/**
 * A zone's UTC offsets: how many minutes local time is ahead of UTC at an instant (`480` for
 * China Standard Time; fractional for local mean time before ~1900).
 *
 * @public
 */
export interface TimeZoneRules {
  /** Minutes local time is ahead of UTC at `epochMs` (milliseconds since 1970-01-01T00:00:00Z). */
  offsetMinutes(epochMs: number): number;
}

/**
 * Supplies rules for zones the runtime does not know: returns `undefined` for a zone it does
 * not handle either. Consulted before the runtime's `Intl`; `bundledTimeZones` from
 * `@aisle/core/zones` is one.
 *
 * @public
 */
export type TimeZoneProvider = (zone: string) => TimeZoneRules | undefined;

/**
 * The zones whose rules ship with Aisle (their whole IANA history, so every instant Aisle accepts
 * is covered) in `@aisle/core/zones`: a runtime without `Intl` time-zone support gets them with
 * `setTimeZoneProvider(bundledTimeZones)`. `UTC` (also `Etc/UTC`, `GMT`, `Etc/GMT`) works
 * everywhere without it.
 *
 * @public
 */
export const BUNDLED_TIME_ZONES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
]);

/**
 * The IANA tz database release the bundled rules were generated from.
 *
 * @public
 */
export const BUNDLED_TZDB_VERSION: string = TZDB_VERSION;

const UTC_NAMES = /* @__PURE__ */ new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt']);
const UTC_RULES: TimeZoneRules = /* @__PURE__ */ Object.freeze({ offsetMinutes: () => 0 });

let provider: TimeZoneProvider | undefined;
// Zone name -> its rules, or null for an unknown zone. Cleared when the provider changes.
const resolved = /* @__PURE__ */ new Map<string, TimeZoneRules | null>();

/**
 * Installs (or with `undefined` removes) the {@link TimeZoneProvider} every Aisle package uses
 * for zones the runtime's `Intl` does not cover (or `bundledTimeZones` from `@aisle/core/zones`
 * for the four Chinese zones, or one that asks it after yours): the one injection
 * point for time-zone rules, set once at start-up.
 *
 * @example
 * ```ts
 * import { createTimeZoneRules, localDate, setTimeZoneProvider } from '@aisle/core';
 *
 * // Singapore has kept +08:00 since 1982; rules from then on are enough for a receipt archive.
 * const singapore = createTimeZoneRules({ initialOffsetMinutes: 450, transitions: [{ at: '1981-12-31T16:30:00Z', offsetMinutes: 480 }] });
 * setTimeZoneProvider((zone) => (zone === 'Asia/Singapore' ? singapore : undefined));
 * localDate('2026-11-20T16:30:00Z', 'Asia/Singapore'); // '2026-11-21'
 * setTimeZoneProvider(undefined);
 * ```
 *
 * @public
 */
export function setTimeZoneProvider(next: TimeZoneProvider | undefined): void {
  if (next !== undefined && typeof next !== 'function')
    throw new TypeError('setTimeZoneProvider: expected a function (zone) => TimeZoneRules | undefined, or undefined');
  provider = next;
  resolved.clear();
}

/**
 * One change of a zone's UTC offset, for {@link createTimeZoneRules}.
 *
 * @public
 */
export interface TimeZoneTransition {
  /** When the new offset starts. */
  readonly at: InstantInput;
  /** Minutes ahead of UTC from then on. */
  readonly offsetMinutes: number;
}

/**
 * Input of {@link createTimeZoneRules}.
 *
 * @public
 */
export interface TimeZoneRulesInput {
  /** The offset before the first transition (or always, without transitions). */
  readonly initialOffsetMinutes: number;
  /** Offset changes in time order. */
  readonly transitions?: readonly TimeZoneTransition[];
}

/**
 * Rules from a list of offset changes, for {@link setTimeZoneProvider}. Generate the list for
 * the years you need from any tz source (a server with full `Intl`, the IANA files).
 *
 * @throws `RangeError` for an offset beyond ±24 hours or transitions out of order.
 *
 * @example
 * ```ts
 * import { createTimeZoneRules } from '@aisle/core';
 *
 * const berlin2026 = createTimeZoneRules({
 *   initialOffsetMinutes: 60,
 *   transitions: [
 *     { at: '2026-03-29T01:00:00Z', offsetMinutes: 120 },
 *     { at: '2026-10-25T01:00:00Z', offsetMinutes: 60 },
 *   ],
 * });
 * berlin2026.offsetMinutes(Date.parse('2026-07-01T00:00:00Z')); // 120
 * ```
 *
 * @public
 */
export function createTimeZoneRules(input: TimeZoneRulesInput): TimeZoneRules {
  const list = input.transitions ?? [];
  const times = new Float64Array(list.length);
  const offsets = new Float64Array(list.length);
  checkOffset(input.initialOffsetMinutes, 'initialOffsetMinutes');
  list.forEach((t, i) => {
    times[i] = toInstant(t.at).getTime();
    offsets[i] = checkOffset(t.offsetMinutes, `transitions[${i}].offsetMinutes`);
    if (i > 0 && (times[i] as number) <= (times[i - 1] as number))
      throw new RangeError(`transitions[${i}].at: expected a later instant than transitions[${i - 1}].at`);
  });
  return rulesOf(input.initialOffsetMinutes, times, offsets);
}

function checkOffset(value: number, label: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= 1440) {
    throw new RangeError(`${label}: expected minutes between -1440 and 1440, received ${String(value)}`);
  }
  return value;
}

function rulesOf(initial: number, times: Float64Array, offsets: Float64Array): TimeZoneRules {
  return Object.freeze({
    offsetMinutes(ms: number): number {
      // The last transition at or before `ms` (binary search).
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((times[mid] as number) <= ms) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? initial : (offsets[lo - 1] as number);
    },
  });
}

interface IntlLike {
  DateTimeFormat: new (locale: string, options: { timeZone: string; timeZoneName?: string }) => { format(date: Date): string };
}

const intl = (): IntlLike | undefined => (globalThis as { Intl?: IntlLike }).Intl;

let intlZoneData: boolean | undefined;
/**
 * True when the runtime's `Intl` knows IANA zones and reports offsets (`timeZoneName:
 * 'longOffset'`, which `@date-fns/tz` reads). Mini-program engines, small-icu builds and older
 * JavaScriptCore may have `Intl` without either.
 */
function hasIntlZoneData(): boolean {
  if (intlZoneData === undefined) {
    try {
      const runtimeIntl = intl() as IntlLike;
      const at = (zone: string) =>
        new runtimeIntl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).format(new Date(0));
      intlZoneData = at('Asia/Shanghai').endsWith('GMT+08:00') && at('America/New_York').endsWith('GMT-05:00');
    } catch {
      intlZoneData = false;
    }
  }
  return intlZoneData;
}

function intlRules(zone: string): TimeZoneRules | undefined {
  if (!hasIntlZoneData()) return undefined;
  try {
    new (intl() as IntlLike).DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return undefined;
  }
  // Intl formats a date per lookup (~microseconds): memoised per UTC day.
  return Object.freeze({ offsetMinutes: memoOffsetsByDay((ms: number) => tzOffset(zone, new Date(ms))) });
}

/** The rules for `zone`: the injected provider, UTC, then the runtime's `Intl`. */
export function zoneRules(zone: string): TimeZoneRules | undefined {
  const known = resolved.get(zone);
  if (known !== undefined) return known ?? undefined;
  const rules = provider?.(zone) ?? (UTC_NAMES.has(zone.toLowerCase()) ? UTC_RULES : undefined) ?? intlRules(zone);
  if (rules !== undefined && (typeof rules !== 'object' || rules === null || typeof rules.offsetMinutes !== 'function')) {
    throw new TypeError(
      `The time-zone provider returned ${rules === null ? 'null' : typeof rules} for ${JSON.stringify(zone)}: expected { offsetMinutes(epochMs) } or undefined`,
    );
  }
  if (resolved.size < 1024) resolved.set(zone, rules ?? null);
  return rules;
}

/** The `CORE_INVALID_TIME_ZONE` error for a zone that has no rules here, saying why. */
export function unknownZone(zone: unknown): AisleError {
  const shown = typeof zone === 'string' ? JSON.stringify(zone.slice(0, 64)) : typeof zone;
  const nameLike = typeof zone === 'string' && /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(zone) && zone.length <= 64;
  if (nameLike && !hasIntlZoneData()) {
    return new AisleError(
      CoreErrorCode.INVALID_TIME_ZONE,
      `Time zone ${shown} is not available: this runtime has no Intl time-zone data and no rules were injected for it. ` +
        `For ${BUNDLED_TIME_ZONES.join(', ')} call setTimeZoneProvider(bundledTimeZones) with bundledTimeZones from @aisle/core/zones ` +
        'at start-up; for other zones, a provider of your own (see the runtime requirements guide)',
      { details: { zone: shown, runtimeZoneData: false } },
    );
  }
  return new AisleError(CoreErrorCode.INVALID_TIME_ZONE, `Time zone: expected an IANA name such as "Asia/Shanghai", received ${shown}`, {
    details: { zone: shown, runtimeZoneData: hasIntlZoneData() },
  });
}
