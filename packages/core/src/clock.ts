import { AisleError, CoreErrorCode } from './errors';

/**
 * Where "now" comes from. Domain code never reads the system time itself: it takes a `Clock`
 * (or an explicit `at`), so every decision is reproducible in tests and replays.
 *
 * @public
 */
export interface Clock {
  /** The current instant, as a new `Date` each call. */
  now(): Date;
}

/**
 * The real clock (`Date.now()`).
 *
 * @example
 * ```ts
 * import { systemClock } from '@aisle/core';
 *
 * const at = systemClock.now();
 * ```
 *
 * @public
 */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/**
 * A clock that only moves when told to; for tests, replays and simulations.
 *
 * @public
 */
export interface ManualClock extends Clock {
  /** Jumps to an instant (backwards is allowed: clocks do jump). */
  set(at: InstantInput): void;
  /** Moves forward (or back, with a negative value) by `ms` milliseconds and returns the new now. */
  advance(ms: number): Date;
}

/**
 * Something that names an instant: a valid `Date`, epoch milliseconds, or an ISO 8601 string
 * with an explicit offset (`Z` or `+08:00`). Strings without an offset are rejected: a local
 * time alone does not name an instant.
 *
 * @public
 */
export type InstantInput = Date | number | string;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const MAX_EPOCH_MS = 8.64e15;

/**
 * Normalises an {@link InstantInput} to a new `Date`.
 *
 * @throws {@link AisleError} `CORE_INVALID_INSTANT` for an invalid date, a number outside the
 * `Date` range, or a string that is not ISO 8601 with an offset.
 *
 * @example
 * ```ts
 * import { toInstant } from '@aisle/core';
 *
 * toInstant('2026-11-21T08:00:00+08:00').toISOString(); // '2026-11-21T00:00:00.000Z'
 * ```
 *
 * @public
 */
export function toInstant(value: InstantInput): Date {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    if (!ISO_WITH_OFFSET.test(value)) {
      throw new AisleError(
        CoreErrorCode.INVALID_INSTANT,
        `Not an ISO 8601 instant with an offset (e.g. 2026-11-21T08:00:00+08:00): ${JSON.stringify(value.slice(0, 40))}`,
      );
    }
    ms = Date.parse(value);
  } else {
    throw new AisleError(CoreErrorCode.INVALID_INSTANT, `Expected a Date, epoch milliseconds or an ISO string, got ${typeof value}`);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) {
    throw new AisleError(CoreErrorCode.INVALID_INSTANT, 'The instant is not a valid date');
  }
  return new Date(ms);
}

/**
 * A {@link ManualClock} starting at `start`.
 *
 * @throws {@link AisleError} `CORE_INVALID_INSTANT` for an invalid start or `set`, and
 * `RangeError` for a non-finite `advance`.
 *
 * @example
 * ```ts
 * import { createManualClock } from '@aisle/core';
 *
 * const clock = createManualClock('2026-11-21T09:00:00+08:00');
 * clock.advance(60 * 60 * 1000);
 * clock.now().toISOString(); // '2026-11-21T02:00:00.000Z'
 * ```
 *
 * @public
 */
export function createManualClock(start: InstantInput): ManualClock {
  let current = toInstant(start).getTime();
  return {
    now: () => new Date(current),
    set(at) {
      current = toInstant(at).getTime();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`advance() needs a finite number of milliseconds, got ${ms}`);
      current = toInstant(current + ms).getTime();
      return new Date(current);
    },
  };
}
