import {
  AisleError,
  type AppendResult,
  CoreErrorCode,
  type CounterMove,
  decideAndRetry,
  type IdempotencyKey,
  type Json,
  type LoadedStream,
  type NewStreamEntry,
  type StreamDecision,
  type StreamEntry,
  type StreamStore,
  verifyStreamEntries,
} from '@aisle/core';
import { MEMBER_STREAM_PREFIX } from './config';
import { fromSnapshot, toSnapshot } from './snapshot';
import { emptyMember, foldEntry, type MemberState, timersOf } from './state';
import type { LedgerPayload } from './types';

/**
 * The stream holding one member's ledger: `points:member:{memberId}`.
 *
 * @example `memberStreamId('m-1') // 'points:member:m-1'`
 */
export function memberStreamId(memberId: string): string {
  return `${MEMBER_STREAM_PREFIX}${memberId}`;
}

/** @internal What a pure decision returns: entries to append (none for a replay) and the caller's result. */
export interface Outcome<R> {
  readonly entries: ReadonlyArray<NewStreamEntry<LedgerPayload>>;
  readonly result: R;
  readonly counters?: ReadonlyArray<CounterMove> | undefined;
  /** The store's own idempotency key for the append (catches replays older than the state's key window). */
  readonly idempotency?: IdempotencyKey | undefined;
}

const NEEDS_REPLAY = Symbol('points.needs-replay');

function chainBroken(memberId: string, message: string, details: Record<string, unknown>): AisleError {
  return new AisleError(CoreErrorCode.CHAIN_BROKEN, `Member "${memberId.slice(0, 64)}": ${message}`, {
    details: { context: 'points', memberId: memberId.slice(0, 64), ...details },
  });
}

/**
 * Folds a loaded stream into a member state: from the stored snapshot when it is one of ours
 * and matches its version, plus the entries after it; from the start otherwise (entries read from
 * the start are chain-verified first).
 */
export function foldLoaded(
  memberId: string,
  loaded: {
    readonly streamId: string;
    readonly version: number;
    readonly snapshot: Json | undefined;
    readonly snapshotVersion: number;
    readonly entries: ReadonlyArray<StreamEntry>;
  },
  full: boolean,
): MemberState | typeof NEEDS_REPLAY {
  let state: MemberState;
  if (full || loaded.snapshotVersion === 0) {
    // The whole stream is here: check its chain before trusting it.
    const check = verifyStreamEntries(loaded.streamId, loaded.entries);
    if (!check.ok) {
      throw chainBroken(memberId, `the stream does not verify (${check.message})`, {
        streamId: loaded.streamId,
        index: check.seq,
        reason: check.reason,
      });
    }
    state = emptyMember(memberId);
  } else {
    const restored = fromSnapshot(memberId, loaded.snapshot, loaded.snapshotVersion);
    if (restored === undefined) return NEEDS_REPLAY;
    state = restored;
  }
  for (const entry of loaded.entries) foldEntry(state, entry.seq, entry.data as LedgerPayload);
  if (state.version !== loaded.version) {
    throw chainBroken(
      memberId,
      `the state folds to version ${state.version} but the stream holds ${loaded.version} entries (entries deleted?)`,
      {
        streamId: loaded.streamId,
        index: Math.min(state.version, loaded.version),
        reason: 'truncated',
      },
    );
  }
  return state;
}

/** Reads a member's state (snapshot plus tail; a full replay when the snapshot is not usable). */
export async function loadMember(store: StreamStore, memberId: string): Promise<MemberState> {
  const streamId = memberStreamId(memberId);
  const snap = await store.readSnapshot(streamId, { tail: true });
  if (snap.version === 0) return emptyMember(memberId);
  // The entries after the snapshot: read with it when the store can (one read), else now.
  const tail =
    snap.tail !== undefined
      ? { version: snap.version, entries: snap.tail }
      : snap.snapshotVersion === snap.version
        ? { version: snap.version, entries: [] }
        : await store.read(streamId, { from: snap.snapshotVersion });
  const state = foldLoaded(
    memberId,
    { streamId, version: tail.version, snapshot: snap.snapshot, snapshotVersion: snap.snapshotVersion, entries: tail.entries },
    false,
  );
  if (state !== NEEDS_REPLAY) return state;
  const all = await store.read(streamId);
  return foldLoaded(
    memberId,
    { streamId, version: all.version, snapshot: undefined, snapshotVersion: 0, entries: all.entries },
    true,
  ) as MemberState;
}

/** About how many of a snapshot's rows an entry's stored body weighs (an earn's body is about 770 characters, a row 70 to 110). */
const ROWS_PER_ENTRY = 8;

/** The rows a member's snapshot holds (see `toSnapshot`). */
function stateRows(state: MemberState): number {
  return state.lots.size + state.accruals.size + state.redemptions.size + state.keys.size + state.qualifying.length + state.usage.size;
}

/** The key of a member stream's one due timer (see {@link memberDue}). */
export const DUE_TIMER = 'due';

/**
 * The member's due timer: the earliest instant at which one of its lots needs the batch job
 * (activation while pending, expiry while it holds points), or `undefined` when none does. One
 * timer per member rather than one per lot: an earn adds a lot that is due later than the
 * member's earliest (a rolling or fixed expiry, a return window that started later), so the
 * usual append leaves the timer as it is and writes no timer row.
 */
function memberDue(state: MemberState): string | undefined {
  let due: string | undefined;
  let dueMs = Number.POSITIVE_INFINITY;
  for (const lot of state.lots.values()) {
    for (const t of timersOf(lot)) {
      const ms = Date.parse(t.dueAt);
      if (ms < dueMs) {
        dueMs = ms;
        due = t.dueAt;
      }
    }
  }
  return due;
}

/** What this process last wrote for a member: the stream's length and head after the append, and its state then. */
interface CachedMember {
  readonly version: number;
  readonly head: string;
  /**
   * The member's state after the append: the object the operation folded its entries into, kept
   * as it is (no copy). Only one operation at a time decides on it: {@link MemberCache.take}
   * takes it out of the cache, and only a successful append puts the changed state back.
   */
  readonly state: MemberState;
  /** The version of the snapshot stored in the stream (at most `version`: not every append stores one, see `snapshotEvery`). */
  readonly stored: number;
}

/**
 * The members' states this ledger last wrote, so that the next operation on one of them can
 * decide without reading the store (`LedgerOptions.memberCache`). At most `limit` members, the
 * least recently used dropped first: memory does not grow with the number of members.
 *
 * A copy is only ever a guess: the append still expects its version, checked by the store, so a
 * copy made stale by another process (or another ledger) meets a version conflict and the
 * operation is decided again on a fresh read. A decision made on a copy counts only when its
 * append succeeds: a refusal, a replayed key or "nothing to do" is decided again on a fresh read
 * before it is answered.
 */
export class MemberCache {
  readonly #members = new Map<string, CachedMember>();
  constructor(readonly limit: number) {}

  /**
   * Takes the member's copy out of the cache: the operation that decides on it folds its entries
   * into it, and puts it back with {@link MemberCache.set} once its append succeeded. A concurrent
   * operation on the same member meanwhile finds no copy and reads the store.
   */
  take(memberId: string): CachedMember | undefined {
    const cached = this.#members.get(memberId);
    if (cached !== undefined) this.#members.delete(memberId);
    return cached;
  }

  /** Keeps what an append wrote, unless a newer version is kept already (concurrent operations finish in any order). */
  set(memberId: string, cached: CachedMember): void {
    const kept = this.#members.get(memberId);
    if (kept !== undefined && kept.version >= cached.version) return;
    this.#members.delete(memberId);
    this.#members.set(memberId, cached);
    if (this.#members.size > this.limit) this.#members.delete(this.#members.keys().next().value as string);
  }

  /** Drops the member's copy. */
  drop(memberId: string): void {
    this.#members.delete(memberId);
  }

  /** How many members are kept. */
  get size(): number {
    return this.#members.size;
  }
}

/** The store's answers to an append at a copy's version after which the operation is decided again on a fresh read. */
function redecide(error: unknown): boolean {
  return (
    AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT) ||
    AisleError.isInstance(error, CoreErrorCode.STORE_TRANSIENT) ||
    AisleError.isInstance(error, CoreErrorCode.STORE_DUPLICATE_ID) ||
    AisleError.isInstance(error, CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT) ||
    AisleError.isInstance(error, CoreErrorCode.STORE_LIMIT_EXCEEDED)
  );
}

type Decided<R> = StreamDecision<LedgerPayload, R> & { readonly snapshot?: Json | undefined };

/**
 * Runs one decision on a member's stream with core's decide-and-retry: load (snapshot and tail),
 * decide purely, fold the new entries into the state, and append them at the loaded version with
 * the new snapshot, the counter moves and the member's due timer (when it moved) in the same transaction. On a
 * version conflict the store is read again and the decision made again.
 *
 * With a `cache` holding what this process last wrote for the member, the first attempt decides
 * on that copy without reading the store; it stands only if its append succeeds (see {@link MemberCache}).
 */
export async function runMember<R>(
  store: StreamStore,
  memberId: string,
  decide: (state: MemberState, history: ReadonlyArray<StreamEntry<LedgerPayload>> | undefined) => Outcome<R>,
  maxAttempts: number,
  withHistory = false,
  cache?: MemberCache,
  snapshotEvery: number | 'auto' = 1,
): Promise<{ readonly result: R; readonly append: AppendResult<LedgerPayload> | undefined }> {
  const streamId = memberStreamId(memberId);
  let load: 'snapshot' | 'full' = withHistory ? 'full' : 'snapshot';
  // The state the latest decision folded its entries into (kept by the cache once that decision's
  // append succeeds), and the version of the snapshot the stream then holds.
  let latest: MemberState | undefined;
  let stored = 0;
  const decideState = (
    state: MemberState,
    history: ReadonlyArray<StreamEntry<LedgerPayload>> | undefined,
    full: boolean,
    storedBefore: number,
  ): Decided<R> => {
    latest = undefined;
    const outcome = decide(state, history);
    if (outcome.entries.length === 0) return { entries: [], result: outcome.result };
    const before = memberDue(state);
    let seq = state.version;
    for (const entry of outcome.entries) foldEntry(state, seq++, entry.data);
    const after = memberDue(state);
    latest = state;
    // A snapshot is stored by a stream's first append (a stream without one is verified from its
    // first entry on every load; a full load does not know the stored one's version: it writes
    // one), then per `snapshotEvery` (see LedgerOptions): 'auto' once the entries since the
    // stored one are about as large as the snapshot (an entry's body is about 8 of its rows).
    // Each other append writes its entries and the head, not the member's whole state, and a load
    // reads the snapshot and the entries after it, in the same read.
    const since = seq - storedBefore;
    const write =
      full || storedBefore === 0 || (snapshotEvery === 'auto' ? since * ROWS_PER_ENTRY >= stateRows(state) : since >= snapshotEvery);
    stored = write ? seq : storedBefore;
    return {
      entries: outcome.entries,
      result: outcome.result,
      snapshot: write ? toSnapshot(state) : undefined,
      counters: outcome.counters,
      idempotency: outcome.idempotency,
      timers: after === before ? undefined : after === undefined ? { clear: [DUE_TIMER] } : { set: [{ key: DUE_TIMER, dueAt: after }] },
    };
  };
  const decideOn = (loaded: LoadedStream<LedgerPayload>, full: boolean): Decided<R> => {
    const state = foldLoaded(memberId, loaded, full);
    if (state === NEEDS_REPLAY) throw NEEDS_REPLAY;
    return decideState(state, full ? loaded.entries : undefined, full, loaded.snapshotVersion);
  };
  const keep = (append: AppendResult<LedgerPayload> | undefined) => {
    if (cache === undefined || append === undefined) return;
    // A duplicate is the original write found again: the state we folded is not what got stored.
    if (append.duplicate || latest === undefined) cache.drop(memberId);
    else cache.set(memberId, { version: append.version, head: append.head, state: latest, stored });
  };
  const cached = cache !== undefined && load === 'snapshot' ? cache.take(memberId) : undefined;
  if (cached !== undefined) {
    // The store may fail (down, timed out) with the append landed or not: the copy is gone either way.
    const done = await fromCopy(store, streamId, cached.version, () => decideState(cached.state, undefined, false, cached.stored));
    if (done !== undefined) {
      keep(done.append);
      return done;
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const done = await decideAndRetry<LedgerPayload, R>({
        store,
        streamId,
        load,
        maxAttempts,
        decide: (loaded) => decideOn(loaded, load === 'full'),
      });
      keep(done.append);
      return { result: done.result, append: done.append };
    } catch (error) {
      cache?.drop(memberId);
      if (error === NEEDS_REPLAY && load === 'snapshot') {
        load = 'full';
        continue;
      }
      // Some of the decided ids were written meanwhile by another worker (e.g. one lot's expiry of
      // several): nothing was written; decide again on the newer state.
      if (AisleError.isInstance(error, CoreErrorCode.STORE_DUPLICATE_ID) && attempt < maxAttempts) continue;
      throw error;
    }
  }
}

/**
 * One attempt on a cached copy: decide on it and append at its version. Undefined (decide again on
 * a fresh read) when the decision throws or writes nothing, or when the store refuses the append
 * for a reason a fresh read may change; any other store error is thrown as it is.
 */
async function fromCopy<R>(
  store: StreamStore,
  streamId: string,
  version: number,
  decideOnCopy: () => Decided<R>,
): Promise<{ readonly result: R; readonly append: AppendResult<LedgerPayload> } | undefined> {
  let decision: Decided<R>;
  try {
    decision = decideOnCopy();
  } catch {
    return undefined;
  }
  if (decision.entries.length === 0) return undefined;
  try {
    const append = await store.append<LedgerPayload>(streamId, decision.entries, {
      expectedVersion: version,
      idempotency: decision.idempotency,
      snapshot: decision.snapshot,
      counters: decision.counters,
      timers: decision.timers,
    });
    return { result: decision.result, append };
  } catch (error) {
    if (redecide(error)) return undefined;
    throw error;
  }
}
