import { AisleError, CoreErrorCode, type InstantInput, type NewStreamEntry, type StreamStore, toInstant } from '@aisle/core';
import { MEMBER_STREAM_PREFIX } from './config';
import { decideActivate, decideExpire } from './decide';
import { DUE_TIMER, type Outcome, runMember } from './member-stream';
import type { MemberState } from './state';
import type { LedgerPayload } from './types';

/**
 * What one `runDue` call did: the lots activated and expired (each once, whatever other workers
 * did), the members touched, members whose stream could not be processed, and whether no due
 * timer of the ledger is left.
 *
 * @example `{ activated: [], expired: [{ memberId: 'm-1', lotId: 'lot-0', points: 70 }], members: 1, failed: [], done: true }`
 */
export interface DueReport {
  /** Lots activated by this call (their points moved from pending to available). */
  readonly activated: ReadonlyArray<{ readonly memberId: string; readonly lotId: string; readonly points: number }>;
  /** Lots expired by this call, with the points that expired. */
  readonly expired: ReadonlyArray<{ readonly memberId: string; readonly lotId: string; readonly points: number }>;
  /** Member streams loaded. */
  readonly members: number;
  /** Members skipped because their stream does not replay or verify (`CORE_CHAIN_BROKEN`); the job carries on with the others. */
  readonly failed: ReadonlyArray<{ readonly memberId: string; readonly code: string }>;
  /** `true` when the last page of due timers held none of the ledger's; `false` when `limit` stopped the run first. */
  readonly done: boolean;
}

/**
 * Options of `runDue`.
 *
 * @example `{ store, at: new Date(), limit: 10_000 }`
 */
export interface RunDueOptions {
  /** The stream store the ledger writes to. */
  readonly store: StreamStore;
  /** Lots due at or before this instant are activated or expired. */
  readonly at: InstantInput;
  /** At most this many due timers per call (default 1000); call again until `done`. */
  readonly limit?: number | undefined;
  /** Decide-and-retry attempts per member (default 8). */
  readonly maxAttempts?: number | undefined;
  /** Members worked on at once within a page (default 1; a database store gains from 4–16). */
  readonly concurrency?: number | undefined;
}

function dueEntries(state: MemberState, at: number): NewStreamEntry<LedgerPayload>[] {
  const entries: NewStreamEntry<LedgerPayload>[] = [];
  for (const lot of state.lots.values()) {
    const activate = decideActivate(state, lot, at);
    if (activate !== undefined) {
      entries.push({ id: `activate:${lot.id}`, type: 'activate', data: activate });
      continue;
    }
    const expire = decideExpire(state, lot, at);
    if (expire !== undefined) {
      const id = lot.expiries === 0 ? `expire:${lot.id}` : `expire:${lot.id}:${lot.expiries}`;
      entries.push({ id, type: 'expire', data: expire });
    }
  }
  return entries;
}

/**
 * The batch job for pending activation and expiry: pages through the store's due timers (one
 * per member stream, `due`, at the earliest activation or expiry among its lots, moved by the
 * append that moves it), and works member by member with decide-and-retry. Entry ids are deterministic
 * (`activate:{lotId}`, `expire:{lotId}`), each entry is dated at the lot's own due instant, and
 * the same append moves the member's timer to its next due lot: several workers can run at once and each lot is activated
 * or expired once. A lot activated past its expiry gets an expiry timer that is already due and
 * expires on the next page.
 *
 * @throws `CORE_STORE_UNAVAILABLE` when the store is down (rerun: nothing is applied twice).
 *
 * @example
 * ```ts
 * import { runDue } from '@aisle/points';
 * let report;
 * do report = await runDue({ store, at: new Date(), limit: 1000 }); while (!report.done);
 * ```
 */
export async function runDue(options: RunDueOptions): Promise<DueReport> {
  const { store } = options;
  const at = toInstant(options.at).getTime();
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const maxAttempts = options.maxAttempts ?? 8;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new RangeError(`concurrency must be an integer from 1 to 64, got ${concurrency}`);
  }
  const when = new Date(at).toISOString();
  const activated: Array<{ memberId: string; lotId: string; points: number }> = [];
  const expired: Array<{ memberId: string; lotId: string; points: number }> = [];
  const failed: Array<{ memberId: string; code: string }> = [];
  // Streams that had nothing to do although a timer was due (another worker got there first, or
  // the stream failed): skipped on later pages of this call so a page cannot repeat forever.
  const skip = new Set<string>();
  let members = 0;
  let seen = 0;
  let done = false;
  const work = async (streamId: string): Promise<void> => {
    const memberId = streamId.slice(MEMBER_STREAM_PREFIX.length);
    try {
      const { append } = await runMember(
        store,
        memberId,
        (state): Outcome<undefined> => ({ entries: dueEntries(state, at), result: undefined }),
        maxAttempts,
      );
      members++;
      // Nothing to do, or written by another worker at the same position first (`duplicate`).
      if (append === undefined || append.duplicate) {
        skip.add(streamId);
        return;
      }
      for (const entry of append.entries) {
        const p = entry.data as LedgerPayload;
        if (p.type === 'activate') activated.push({ memberId, lotId: p.lotId, points: p.points });
        else if (p.type === 'expire') expired.push({ memberId, lotId: p.lotId, points: p.points });
      }
    } catch (error) {
      if (!AisleError.isInstance(error, CoreErrorCode.CHAIN_BROKEN)) throw error;
      failed.push({ memberId, code: error.code });
      skip.add(streamId);
    }
  };
  while (seen < limit) {
    const requested = Math.min(500, limit - seen + skip.size);
    const page = await store.dueTimers({ at: when, limit: requested, prefix: MEMBER_STREAM_PREFIX });
    const byMember = new Map<string, number>();
    for (const t of page) {
      if (!t.streamId.startsWith(MEMBER_STREAM_PREFIX) || skip.has(t.streamId)) continue;
      // The member's due timer; `expire:{lotId}` / `activate:{lotId}` are per-lot timers that
      // earlier versions kept (still honoured: the work is decided from the member's state).
      if (t.key !== DUE_TIMER && !t.key.startsWith('expire:') && !t.key.startsWith('activate:')) continue;
      byMember.set(t.streamId, (byMember.get(t.streamId) ?? 0) + 1);
    }
    if (byMember.size === 0) {
      // A short page is the end of what is due; a full page of other timers hides whatever follows it.
      done = page.length < requested;
      break;
    }
    const batch: string[] = [];
    for (const [streamId, count] of byMember) {
      if (seen >= limit) break;
      seen += count;
      batch.push(streamId);
    }
    // Members are independent streams: `concurrency` of them are worked on at once.
    for (let i = 0; i < batch.length; i += concurrency) {
      await Promise.all(batch.slice(i, i + concurrency).map(work));
    }
  }
  return { activated, expired, members, failed, done };
}
