import type { Json } from '../canonical-json';
import { AisleError, CoreErrorCode } from '../errors';
import type { AppendResult, CounterMove, IdempotencyKey, NewStreamEntry, StreamEntry, StreamStore, TimerChanges } from './contract';

/**
 * A stream as loaded for a decision: its length and head, the latest snapshot (when loading
 * with `load: 'snapshot'`) and the entries after it (or every entry, with `load: 'full'`).
 *
 * @public
 */
export interface LoadedStream<T extends Json = Json> {
  readonly streamId: string;
  /** The stream's length; the append expects exactly this. */
  readonly version: number;
  readonly head: string;
  /** The latest snapshot, when loading from one. */
  readonly snapshot: Json | undefined;
  /** The stream's length when the snapshot was written (0 without one). */
  readonly snapshotVersion: number;
  /** Entries from `snapshotVersion` on. */
  readonly entries: ReadonlyArray<StreamEntry<T>>;
}

/**
 * What a decision wants written (nothing when `entries` is empty) and what it answers.
 *
 * @public
 */
export interface StreamDecision<T extends Json, R> {
  readonly entries: ReadonlyArray<NewStreamEntry<T>>;
  readonly result: R;
  readonly snapshot?: Json | undefined;
  readonly counters?: ReadonlyArray<CounterMove> | undefined;
  readonly timers?: TimerChanges | undefined;
  readonly idempotency?: IdempotencyKey | undefined;
}

/**
 * Options of {@link decideAndRetry}.
 *
 * @public
 */
export interface DecideAndRetryOptions<T extends Json, R> {
  readonly store: StreamStore;
  readonly streamId: string;
  /** `'snapshot'` (default) reads the snapshot and the entries after it; `'full'` reads every entry. */
  readonly load?: 'full' | 'snapshot' | undefined;
  /** A pure decision over the loaded stream; it may run several times. */
  readonly decide: (stream: LoadedStream<T>) => StreamDecision<T, R> | Promise<StreamDecision<T, R>>;
  /** Attempts before giving up (default 8). */
  readonly maxAttempts?: number | undefined;
  /** Waits between attempts (default: a jittered back-off of 1–64 ms; tests pass `async () => {}`). */
  readonly backoff?: ((attempt: number) => Promise<void>) | undefined;
}

/**
 * The outcome of {@link decideAndRetry}: the decision's answer, what was appended (undefined when
 * it wanted nothing written) and how many attempts it took.
 *
 * @public
 */
export interface DecideAndRetryResult<T extends Json, R> {
  readonly result: R;
  readonly append: AppendResult<T> | undefined;
  readonly attempts: number;
}

/**
 * Loads a stream, runs a pure decision, and appends what it decided at the loaded version. On a
 * version conflict (another process appended first) or a transient failure (deadlock,
 * serialisation failure) it reloads and decides again, a bounded number of times. It never
 * retries blindly as `'any'`: each write is decided on the state it extends.
 *
 * @throws {@link AisleError} `CORE_STORE_RETRIES_EXHAUSTED` after `maxAttempts` conflicts; any
 * other error of the store or the decision, unchanged.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore, decideAndRetry } from '@aisle/core';
 *
 * const store = createMemoryStreamStore();
 * const { result } = await decideAndRetry({
 *   store,
 *   streamId: 'counter:c-1',
 *   decide: (stream) => ({
 *     entries: [{ id: `inc-${stream.version}`, type: 'incremented', data: { n: stream.version + 1 } }],
 *     result: stream.version + 1,
 *   }),
 * });
 * result; // 1
 * ```
 *
 * @public
 */
export async function decideAndRetry<T extends Json, R>(options: DecideAndRetryOptions<T, R>): Promise<DecideAndRetryResult<T, R>> {
  const { store, streamId, decide } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
  if (typeof decide !== 'function') throw new TypeError('decide must be a function');
  const backoff = options.backoff ?? jitteredBackoff;
  let last: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const loaded = await load<T>(store, streamId, options.load ?? 'snapshot');
    const decision = await decide(loaded);
    if (decision.entries.length === 0) return { result: decision.result, append: undefined, attempts: attempt };
    try {
      const append = await store.append<T>(streamId, decision.entries, {
        expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
        idempotency: decision.idempotency,
        snapshot: decision.snapshot,
        counters: decision.counters,
        timers: decision.timers,
      });
      return { result: decision.result, append, attempts: attempt };
    } catch (error) {
      if (
        !AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT) &&
        !AisleError.isInstance(error, CoreErrorCode.STORE_TRANSIENT)
      ) {
        throw error;
      }
      last = error;
      if (attempt < maxAttempts) await backoff(attempt);
    }
  }
  throw new AisleError(CoreErrorCode.STORE_RETRIES_EXHAUSTED, `Stream ${streamId}: ${maxAttempts} attempts all met a conflict`, {
    cause: last,
    details: { streamId, attempts: maxAttempts },
  });
}

async function load<T extends Json>(store: StreamStore, streamId: string, mode: 'full' | 'snapshot'): Promise<LoadedStream<T>> {
  if (mode === 'full') {
    const slice = await store.read<T>(streamId);
    return { streamId, version: slice.version, head: slice.head, snapshot: undefined, snapshotVersion: 0, entries: slice.entries };
  }
  const snap = await store.readSnapshot(streamId, { tail: true });
  if (snap.snapshotVersion === snap.version || snap.tail !== undefined) {
    // No second read: nothing was appended after the snapshot when it was read (always, when
    // every append writes one), or the adapter read the entries after it with it, at the same
    // point. A later append makes this one's expected version stale, and the append then fails
    // with a conflict and is decided again, as with any race.
    return {
      streamId,
      version: snap.version,
      head: snap.head,
      snapshot: snap.snapshot,
      snapshotVersion: snap.snapshotVersion,
      entries: (snap.tail ?? []) as ReadonlyArray<StreamEntry<T>>,
    };
  }
  const tail = await store.read<T>(streamId, { from: snap.snapshotVersion });
  // The tail read is the later one: its version is what the append must expect. A snapshot newer
  // than the tail cannot happen (snapshots are written with their append).
  return {
    streamId,
    version: tail.version,
    head: tail.head,
    snapshot: snap.snapshot,
    snapshotVersion: snap.snapshotVersion,
    entries: tail.entries,
  };
}

function jitteredBackoff(attempt: number): Promise<void> {
  // Jitter spreads racers apart; it is not security-relevant, so Math.random is fine here.
  const ms = Math.random() * Math.min(64, 2 ** attempt);
  // Core declares no platform globals; every runtime Aisle supports has a setTimeout.
  const timer = (globalThis as { setTimeout?: (callback: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (timer === undefined ? resolve() : timer(resolve, ms)));
}
