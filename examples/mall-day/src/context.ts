import {
  type Clock,
  createManualClock,
  createMemoryStreamStore,
  type InstantInput,
  type ManualClock,
  type StreamStore,
  toInstant,
} from '@aisle/core';

/** The mall the demo runs in: one store, its zone, and a clock the story moves by hand. */
export interface MallDay {
  readonly storeId: string;
  readonly zone: string;
  readonly clock: ManualClock & Clock;
  /** Everything the demo prints, in order (the test reads it back). */
  readonly lines: string[];
  say(line: string): void;
  /** Where the stateful chapters (consent, incidents, custody) keep their streams: in memory, or PGlite / PostgreSQL. */
  readonly store: StreamStore;
  /** Which run of the demo over this store this is (1 for a fresh store). */
  readonly run: number;
  /** An id unique to this run: `base` on run 1, `base-r{run}` later (a later run tells the story again to new people and media). */
  scoped(base: string): string;
}

/** The embedded defaults: Jing'an flagship, Asia/Shanghai, Saturday 21 November 2026, 09:30. */
export function createMallDay(options: { quiet?: boolean; start?: string; store?: StreamStore; run?: number } = {}): MallDay {
  const lines: string[] = [];
  const run = options.run ?? 1;
  return {
    store: options.store ?? createMemoryStreamStore(),
    run,
    scoped: (base) => (run === 1 ? base : `${base}-r${run}`),
    storeId: 'sh-jingan-001',
    zone: 'Asia/Shanghai',
    clock: forwardOnly(createManualClock(options.start ?? '2026-11-21T09:30:00+08:00')),
    lines,
    say(line) {
      lines.push(line);
      if (!options.quiet) console.log(line);
    },
  };
}

/**
 * The story's clock only moves forward, so the day log's instants are in order whatever order the
 * chapters run in: a chapter that asks for an earlier time of day carries on at the current time.
 */
function forwardOnly(clock: ManualClock): ManualClock {
  return {
    now: () => clock.now(),
    set(at: InstantInput) {
      if (toInstant(at).getTime() > clock.now().getTime()) clock.set(at);
    },
    advance(ms: number) {
      if (ms < 0) throw new RangeError('The mall-day clock only moves forward');
      return clock.advance(ms);
    },
  };
}
