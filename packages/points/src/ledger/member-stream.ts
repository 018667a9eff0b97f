import {
  AisleError,
  type AppendResult,
  CoreErrorCode,
  type CounterMove,
  decideAndRetry,
  type IdempotencyKey,
  type Json,
  type NewStreamEntry,
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
  const snap = await store.readSnapshot(streamId);
  if (snap.version === 0) return emptyMember(memberId);
  const tail = await store.read(streamId, { from: snap.snapshotVersion });
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

/**
 * Runs one decision on a member's stream with core's decide-and-retry: load (snapshot and tail),
 * decide purely, fold the new entries into the state, and append them at the loaded version with
 * the new snapshot, the counter moves and the member's due timer (when it moved) in the same transaction. On a
 * version conflict the store is read again and the decision made again.
 */
export async function runMember<R>(
  store: StreamStore,
  memberId: string,
  decide: (state: MemberState, history: ReadonlyArray<StreamEntry<LedgerPayload>> | undefined) => Outcome<R>,
  maxAttempts: number,
  withHistory = false,
): Promise<{ readonly result: R; readonly append: AppendResult<LedgerPayload> | undefined }> {
  const streamId = memberStreamId(memberId);
  let load: 'snapshot' | 'full' = withHistory ? 'full' : 'snapshot';
  for (let attempt = 1; ; attempt++) {
    try {
      const done = await decideAndRetry<LedgerPayload, R>({
        store,
        streamId,
        load,
        maxAttempts,
        decide(loaded) {
          const state = foldLoaded(memberId, loaded, load === 'full');
          if (state === NEEDS_REPLAY) throw NEEDS_REPLAY;
          const outcome = decide(state, load === 'full' ? (loaded.entries as ReadonlyArray<StreamEntry<LedgerPayload>>) : undefined);
          if (outcome.entries.length === 0) return { entries: [], result: outcome.result };
          const before = memberDue(state);
          let seq = state.version;
          for (const entry of outcome.entries) foldEntry(state, seq++, entry.data);
          const after = memberDue(state);
          return {
            entries: outcome.entries,
            result: outcome.result,
            snapshot: toSnapshot(state),
            counters: outcome.counters,
            idempotency: outcome.idempotency,
            timers:
              after === before ? undefined : after === undefined ? { clear: [DUE_TIMER] } : { set: [{ key: DUE_TIMER, dueAt: after }] },
          };
        },
      });
      return { result: done.result, append: done.append };
    } catch (error) {
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
