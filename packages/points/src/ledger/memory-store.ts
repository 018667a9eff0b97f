import { appendEntry, type ChainEntry, verifyChain } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import type { LedgerPayload } from './types';

/**
 * The view of the store inside one atomic `transact` call.
 *
 * @example
 * ```ts
 * await store.transact(async (tx) => { const entries = await tx.read(0); return entries.length; });
 * ```
 */
export interface LedgerStoreTransaction {
  /** Committed entries from sequence number `from` on. */
  read(from: number): Promise<ReadonlyArray<ChainEntry<LedgerPayload>>>;
  /** Appends a hash-chained entry; it becomes visible to others only when `transact` commits. */
  append(payload: LedgerPayload): ChainEntry<LedgerPayload>;
}

/**
 * The persistence port of the ledger. `transact` must be atomic (all appends of a call commit
 * or none do) and serialisable (calls behave as if run one after another, even when their
 * work awaits); a database adapter typically uses one transaction with a lock on the head row.
 *
 * @example
 * ```ts
 * const store: LedgerStore = createMemoryLedgerStore();
 * ```
 */
export interface LedgerStore {
  transact<T>(work: (tx: LedgerStoreTransaction) => Promise<T> | T): Promise<T>;
}

/**
 * Options of `createMemoryLedgerStore`.
 *
 * @example `createMemoryLedgerStore({ entries: exported })`
 */
export interface MemoryLedgerStoreOptions {
  /** Entries to start from (e.g. an export); their hash chain is verified. */
  readonly entries?: ReadonlyArray<ChainEntry<LedgerPayload>>;
}

/**
 * An in-memory `LedgerStore`: a hash chain behind a promise queue, so concurrent async
 * `transact` calls run one at a time and a failed call leaves nothing behind.
 *
 * @throws `POINTS_LEDGER_CORRUPT` when the starting entries fail hash-chain verification.
 *
 * @example
 * ```ts
 * import { createLedger, createMemoryLedgerStore } from '@aisle/points';
 * const ledger = createLedger({ store: createMemoryLedgerStore(), zone: 'Asia/Shanghai', expiry: { type: 'fixed', month: 12, day: 31 } });
 * ```
 */
export function createMemoryLedgerStore(options: MemoryLedgerStoreOptions = {}): LedgerStore {
  const initial = options.entries ?? [];
  const check = verifyChain(initial);
  if (!check.ok) {
    throw new PointsError(PointsErrorCode.LEDGER_CORRUPT, `The ledger entries do not verify: ${check.message}`, {
      details: { index: check.index, reason: check.reason },
    });
  }
  const committed: Array<ChainEntry<LedgerPayload>> = [...initial];
  let queue: Promise<unknown> = Promise.resolve();
  return {
    transact<T>(work: (tx: LedgerStoreTransaction) => Promise<T> | T): Promise<T> {
      const run = async (): Promise<T> => {
        const staged: Array<ChainEntry<LedgerPayload>> = [];
        const tx: LedgerStoreTransaction = {
          read: async (from) => committed.slice(from),
          append(payload) {
            const entry = appendEntry(staged.at(-1) ?? committed.at(-1), payload);
            staged.push(entry);
            return entry;
          },
        };
        const result = await work(tx);
        committed.push(...staged);
        return result;
      };
      const next = queue.then(run, run);
      queue = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    },
  };
}
