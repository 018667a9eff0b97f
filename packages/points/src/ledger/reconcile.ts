import { AisleError, canonicalJson, type StreamStore, verifyStreamEntries } from '@aisle/core';
import { MEMBER_STREAM_PREFIX } from './config';
import { toSnapshot } from './snapshot';
import { emptyMember, foldEntry, type MemberState } from './state';
import type { LedgerPayload } from './types';

/**
 * Something `reconcile` found that does not add up, in one member's stream:
 * - `chain`: the stream does not verify or does not replay;
 * - `unbalanced`: an entry whose postings do not sum to zero;
 * - `lots`: the member's lots do not sum to the member's account balances;
 * - `snapshot`: the stored snapshot differs from the replay of the stream.
 *
 * @example `{ memberId: 'm-1', kind: 'snapshot', message: 'the stored snapshot of version 4 differs from the replay' }`
 */
export interface ReconcileProblem {
  /** The member whose stream it is. */
  readonly memberId: string;
  /** What is wrong (see above). */
  readonly kind: 'chain' | 'unbalanced' | 'lots' | 'snapshot';
  /** The entry concerned, when one is. */
  readonly seq?: number | undefined;
  /** What was found, in English. */
  readonly message: string;
}

/**
 * The programme's liability derived from every member's stream (never kept in one row that every
 * posting updates): member balances on one side, the programme's issued, redeemed, expired and
 * reversed points on the other. `balanced` is true when every entry's postings sum to zero, so
 * `outstanding = issued − redeemed − expired − reversed`, and nothing else went wrong.
 *
 * @example `{ members: 1200, entries: 8400, outstanding: 51_000, issued: 90_000, redeemed: 30_000, expired: 7_000, reversed: 2_000, balanced: true, problems: [] }`
 */
export interface ReconcileReport {
  /** Member streams read. */
  readonly members: number;
  /** Entries read over all member streams. */
  readonly entries: number;
  /** Points owed to members: available plus pending (a negative balance counts against it). */
  readonly outstanding: number;
  /** Points members can use now (net of negative balances). */
  readonly available: number;
  /** Points in pending lots (inside the return window). */
  readonly pending: number;
  /** Negative balances still to be paid off by later lots. */
  readonly debt: number;
  /** Points ever issued by accruals (`programme:issued`). */
  readonly issued: number;
  /** Points redeemed, net of refunded redemptions. */
  readonly redeemed: number;
  /** Points that expired. */
  readonly expired: number;
  /** Points reversed by refunds (including clawbacks and negative balances). */
  readonly reversed: number;
  /** Every entry balances, the totals add up and no problem was found. */
  readonly balanced: boolean;
  /** Everything that does not add up, per member. */
  readonly problems: readonly ReconcileProblem[];
}

function checkMember(state: MemberState, problems: ReconcileProblem[]): void {
  let active = 0;
  let pending = 0;
  for (const lot of state.lots.values()) {
    if (lot.remaining < 0)
      problems.push({ memberId: state.memberId, kind: 'lots', message: `lot ${lot.id} holds ${lot.remaining} points` });
    if (lot.status === 'active') active += lot.remaining;
    else pending += lot.remaining;
  }
  if (active - state.debt !== state.available || pending !== state.pending) {
    problems.push({
      memberId: state.memberId,
      kind: 'lots',
      message: `lots hold ${active} active (less ${state.debt} owed) and ${pending} pending, the accounts ${state.available} and ${state.pending}`,
    });
  }
}

/**
 * Reconciles a points programme stored in a stream store: reads every member stream
 * (`points:member:…`) one at a time, verifies its chain, replays it, checks that each entry's
 * postings sum to zero, that the lots sum to the balances and that the stored snapshot equals the
 * replay at the snapshot's version, and adds up the accounts. Memory stays that of one member; time is linear in the entries.
 *
 * @example
 * ```ts
 * import { reconcile } from '@aisle/points';
 * const report = await reconcile(store);
 * if (!report.balanced) console.error(report.problems);
 * ```
 */
export async function reconcile(store: StreamStore): Promise<ReconcileReport> {
  const problems: ReconcileProblem[] = [];
  const totals = { members: 0, entries: 0, available: 0, pending: 0, debt: 0, issued: 0, redeemed: 0, expired: 0, reversed: 0 };
  let after: string | undefined = MEMBER_STREAM_PREFIX;
  let unbalanced = false;
  while (after !== undefined) {
    const ids: ReadonlyArray<string> = await store.streamIds({ after, limit: 500 });
    after = ids.length === 500 ? ids[ids.length - 1] : undefined;
    for (const streamId of ids) {
      if (!streamId.startsWith(MEMBER_STREAM_PREFIX)) {
        after = undefined;
        break;
      }
      const memberId = streamId.slice(MEMBER_STREAM_PREFIX.length);
      totals.members++;
      // The stored snapshot is compared with the replay at its own version (snapshots are
      // written every `snapshotEvery` entries, so it is often older than the stream). Read before
      // the entries: a concurrent append can only make the stream longer than the snapshot.
      const stored = await store.readSnapshot(streamId);
      const slice = await store.read(streamId);
      totals.entries += slice.entries.length;
      const check = verifyStreamEntries(streamId, slice.entries);
      if (!check.ok) {
        problems.push({ memberId, kind: 'chain', seq: check.seq, message: check.message });
        continue;
      }
      const state = emptyMember(memberId);
      // The version to compare the snapshot at (0: none, or one the stream does not reach) and the replay's snapshot there.
      const compareAt = stored.snapshotVersion <= slice.version ? stored.snapshotVersion : 0;
      let replayedAt: string | undefined;
      if (stored.snapshotVersion > slice.version) {
        problems.push({
          memberId,
          kind: 'snapshot',
          message: `the stored snapshot is of version ${stored.snapshotVersion}, but the stream holds ${slice.version} entries`,
        });
      }
      try {
        for (const entry of slice.entries) {
          const data = entry.data as LedgerPayload;
          let sum = 0;
          for (const p of data.postings) {
            sum += p.points;
            if (p.account === 'programme:issued') totals.issued -= p.points;
            else if (p.account === 'programme:redeemed') totals.redeemed += p.points;
            else if (p.account === 'programme:expired') totals.expired += p.points;
            else if (p.account === 'programme:reversed') totals.reversed += p.points;
          }
          if (sum !== 0) {
            unbalanced = true;
            problems.push({ memberId, kind: 'unbalanced', seq: entry.seq, message: `the postings of entry ${entry.seq} sum to ${sum}` });
          }
          foldEntry(state, entry.seq, data);
          if (entry.seq + 1 === compareAt) replayedAt = canonicalJson(toSnapshot(state));
        }
      } catch (error) {
        if (!AisleError.isInstance(error)) throw error;
        problems.push({ memberId, kind: 'chain', message: error.message });
        continue;
      }
      totals.available += state.available;
      totals.pending += state.pending;
      totals.debt += state.debt;
      checkMember(state, problems);
      if (compareAt > 0 && canonicalJson(stored.snapshot ?? null) !== replayedAt) {
        problems.push({
          memberId,
          kind: 'snapshot',
          message: `the stored snapshot of version ${stored.snapshotVersion} differs from the replay`,
        });
      }
    }
  }
  const outstanding = totals.available + totals.pending;
  const flows = totals.issued - totals.redeemed - totals.expired - totals.reversed;
  return {
    ...totals,
    outstanding,
    balanced: !unbalanced && problems.length === 0 && outstanding === flows,
    problems,
  };
}
