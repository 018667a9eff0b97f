import type { Checkpoint, InstantInput, StoreVerification, StreamEntry, StreamStore } from '@aisle/core';
import type { EvaluateInput, RuleUsage } from '../evaluation';
import type { DueReport } from './jobs';
import type { ReconcileReport } from './reconcile';
import type {
  BackdatingPolicy,
  EarnPayload,
  ExpiryPolicy,
  LedgerCap,
  LedgerPayload,
  Lot,
  RedeemPayload,
  RefundPayload,
  RefundPolicy,
  RefundRedemptionPayload,
} from './types';

/**
 * How a ledger runs: its stream store, the programme's zone (expiry dates), the expiry policy,
 * the return window during which earned points stay pending, the refund and backdating
 * policies, and the caps and campaign budgets it enforces at write time.
 *
 * @example
 * ```ts
 * const options: LedgerOptions = { store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 24 }, holdDays: 7 };
 * ```
 */
export interface LedgerOptions {
  /** Where member streams live: `createMemoryStreamStore()` from `@aisle/core`, or the PostgreSQL stream store of `@aisle/postgres`. */
  readonly store: StreamStore;
  readonly zone: string;
  readonly expiry: ExpiryPolicy;
  /** Days earned points stay pending (the return window); 0 (default) activates them at once. */
  readonly holdDays?: number;
  /** Default `{ whenSpent: 'negative-balance' }`. */
  readonly refundPolicy?: RefundPolicy;
  /** Whether a refunded redemption's points return to their lots with their original expiry (default) or to a new lot. */
  readonly redemptionRefund?: 'original-expiry' | 'new-expiry';
  /** Earns dated before the member's newest operation: default `{ accept: 'reject' }`. */
  readonly backdating?: BackdatingPolicy;
  /** Caps and campaign budgets enforced when an accrual is written (see `capsOf`). */
  readonly caps?: ReadonlyArray<LedgerCap>;
  /** Counters each campaign budget is split over (default 8; fixed for the life of a budget). */
  readonly budgetShards?: number;
  /** Decide-and-retry attempts per operation on version conflicts (default 8). */
  readonly maxAttempts?: number;
  /**
   * How many members' last-written state this ledger keeps in memory (default 0: none; at most
   * 100,000), least recently used dropped first. The next earn, redemption or refund of a kept
   * member decides on that copy without reading the store, and appends at its version: the store
   * checks the version, so a copy made stale by another process or ledger only costs a version
   * conflict and a fresh read. A decision on a copy counts only when its append succeeds: a
   * refusal (insufficient balance, a duplicate transaction, a cap), a replayed key or a decision
   * that writes nothing is made again on a fresh read before it is answered. Worth it when a
   * member's operations tend to reach the same process (a member's till, a sticky session).
   */
  readonly memberCache?: number;
  /**
   * How often a member's state is stored as the stream's snapshot, besides with the stream's first
   * append. `'auto'` (the default): once the entries appended since the stored snapshot are about
   * as large as the snapshot would be, that is after `k` entries once `8 × k` reaches the rows the
   * state keeps (lots, accruals, redemptions, keys, qualifying rows and per-rule usage; an entry's
   * stored body is about as large as 8 such rows), so a load reads at most about a snapshot's worth
   * of entries after the snapshot, and snapshots add at most about an entry's worth to each
   * append: a member with a small state gets one with (nearly) every append, one whose state keeps
   * 200 rows with every 25th entry. A number `n` (1 to 1,000): with every `n`-th entry (1: every
   * append). The snapshot holds the member's whole state, so storing it with every append makes
   * each append write more the longer the member's history; a load reads the snapshot and the
   * entries after it in the same read (with a store that returns `readSnapshot`'s `tail`, as
   * core's memory store and `@aisle/postgres` do; another store gets a second read). `reconcile`
   * checks the stored snapshot against the replay at its version.
   */
  readonly snapshotEvery?: number | 'auto';
}

/**
 * The part of an `Evaluation` an accrual records (the rule versions used, per-rule points), so
 * that refunds reverse what was granted, whatever today's rules say.
 *
 * @example `ledger.earn({ key: 'earn:R-1', at, evaluation: evaluate(compiled, input) })`
 */
export interface AccrualSource {
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly eligibleFen: number;
  /** The receipt's total in fen (every tender); recorded so a refund can be stated as receipt fen returned. */
  readonly receiptFen?: number | undefined;
  /** The receipt's business date in the store's zone (`YYYY-MM-DD`), for cap usage. */
  readonly businessDate: string;
  readonly contributions: ReadonlyArray<{
    readonly ruleId: string;
    readonly ruleVersion: number;
    readonly kind: 'points' | 'qualifying';
    readonly points: number;
    readonly multipliers: ReadonlyArray<{ readonly ruleId: string; readonly ruleVersion: number }>;
  }>;
}

/**
 * Request of `ledger.earn`: an idempotency key (unique per member), the instant and the evaluation to accrue.
 *
 * @example `{ key: 'earn:R-1', at: '2026-11-21T10:00:00+08:00', evaluation }`
 */
export interface EarnRequest {
  readonly key: string;
  readonly at: InstantInput;
  readonly evaluation: AccrualSource;
  /** The fen a refund in earning fen is measured against (default: the evaluation's eligible fen). */
  readonly refundableFen?: number;
  /** Overrides the ledger's return window for this accrual. */
  readonly holdDays?: number;
  /** Accept this earn although it is older than the member's newest operation (only under a `flagged` backdating policy). */
  readonly backdated?: boolean;
}

/**
 * Request of `ledger.redeem`.
 *
 * @example `{ key: 'redeem:P-9', memberId: 'm-1', points: 200, at, reference: 'parking:沪A12345' }`
 */
export interface RedeemRequest {
  readonly key: string;
  readonly memberId: string;
  readonly points: number;
  readonly at: InstantInput;
  readonly reference?: string;
}

/**
 * Request of `ledger.refund`: the amount returned on an accrued transaction, stated either in
 * earning fen (`refundFen`) or as receipt fen returned (`receiptFen`, converted through the
 * receipt total recorded at earn time, so a mixed-tender receipt refunded whole reverses
 * exactly what it earned). Exactly one of the two.
 *
 * @example `{ key: 'refund:R-1:1', memberId: 'm-1', transactionId: 'R-1', receiptFen: 25_650, at }`
 */
export interface RefundRequest {
  /** Idempotency key, unique per member. */
  readonly key: string;
  /** The member whose stream holds the accrual. */
  readonly memberId: string;
  /** The accrued transaction. */
  readonly transactionId: string;
  /** Earning fen refunded (the unit of `evaluation.eligibleFen`). */
  readonly refundFen?: number;
  /** Receipt fen returned (the unit of `transaction.totalFen`), for accruals that recorded the receipt total. */
  readonly receiptFen?: number;
  readonly at: InstantInput;
}

/**
 * Request of `ledger.refundRedemption`.
 *
 * @example `{ key: 'unredeem:red-4', memberId: 'm-1', redemptionId: 'red-4', at }`
 */
export interface RefundRedemptionRequest {
  readonly key: string;
  /** The member whose stream holds the redemption. */
  readonly memberId: string;
  readonly redemptionId: string;
  readonly at: InstantInput;
  readonly restore?: 'original-expiry' | 'new-expiry';
}

/** A ledger operation's result: the entry of the member's stream (new, or the original one when the key was replayed). @example `result.entry.data.points` */
export interface LedgerResult<P extends LedgerPayload> {
  readonly entry: StreamEntry<P>;
  /** `true` when the idempotency key was seen before and nothing new was written. */
  readonly replayed: boolean;
}

/** A member's balance: active points, pending points, negative balance, and the lots behind them. @example `(await ledger.balance('m-1')).available` */
export interface Balance {
  readonly memberId: string;
  /** Active lots minus any negative balance (what `balanceAt` reports). */
  readonly available: number;
  readonly pending: number;
  readonly debt: number;
  /** Lots with points left, in the order they were created. */
  readonly lots: readonly Readonly<Lot>[];
}

/** Rolling 12-month tier qualification of a member. @example `{ spendFen: 1_280_000, qualifyingPoints: 12_800 }` */
export interface Qualification {
  readonly spendFen: number;
  readonly qualifyingPoints: number;
}

/**
 * Request of `ledger.usage`: the input about to be passed to `evaluate` (its `usage` is ignored).
 * The business date is computed in the store's zone, as `evaluate` computes it.
 *
 * @example `await ledger.usage({ transaction, member, store, at })`
 */
export type UsageRequest = Omit<EvaluateInput, 'usage'>;

/**
 * The points ledger: one hash-chained stream per member account with double-entry postings,
 * lots with expiry, pending holds, FIFO redemption, proportional refunds, idempotency keys per
 * member, caps and sharded campaign budgets enforced in the append's transaction, and due-timer
 * jobs for activation and expiry. Every operation loads only its member's stream.
 *
 * @example
 * ```ts
 * const { entry } = await ledger.earn({ key: 'earn:R-1', at, evaluation });
 * await ledger.redeem({ key: 'park:1', memberId: 'm-1', points: 100, at });
 * ```
 */
export interface Ledger {
  /**
   * Accrues an evaluation to its member as a new lot, applying the ledger's caps and budgets at
   * write time. Throws at once (`TypeError`, `POINTS_INVALID_AMOUNT`) for a malformed request;
   * rejects with `POINTS_DUPLICATE_TRANSACTION`, `POINTS_IDEMPOTENCY_CONFLICT`, `POINTS_BACKDATED`,
   * or a store error (`CORE_STORE_UNAVAILABLE`: retry with the same key).
   */
  earn(request: EarnRequest): Promise<LedgerResult<EarnPayload>>;
  /** Spends usable points first-to-expire first; rejects with `POINTS_INSUFFICIENT_BALANCE` or `POINTS_UNKNOWN_MEMBER`. */
  redeem(request: RedeemRequest): Promise<LedgerResult<RedeemPayload>>;
  /** Reverses the points of a refunded amount; rejects with `POINTS_UNKNOWN_REFERENCE` or `POINTS_REFUND_EXCEEDS_ORIGINAL`. */
  refund(request: RefundRequest): Promise<LedgerResult<RefundPayload>>;
  /** Gives a redemption's points back; rejects with `POINTS_UNKNOWN_REFERENCE`, or `POINTS_REFUND_EXCEEDS_ORIGINAL` when already refunded. */
  refundRedemption(request: RefundRedemptionRequest): Promise<LedgerResult<RefundRedemptionPayload>>;
  /** Activates and expires the lots due by `at` (the `runDue` job on this ledger's store). */
  runDue(options: { readonly at: InstantInput; readonly limit?: number; readonly concurrency?: number }): Promise<DueReport>;
  balance(memberId: string): Promise<Balance>;
  /** The member's available balance as of a past instant, from the postings of the member's stream. */
  balanceAt(memberId: string, at: InstantInput): Promise<number>;
  /**
   * What each rule has granted, for the caps of the next evaluation: to this member on the
   * business date of `at` in the store's zone, in its month, in total (campaign), and, for rules
   * with a `campaignBudget` cap, to all members (budget). Points granted, before any refunds.
   */
  usage(request: UsageRequest): Promise<RuleUsage>;
  /** Spend and tier-qualifying points over the 12 months (in the programme's zone) ending at `at`. */
  qualification(memberId: string, at: InstantInput): Promise<Qualification>;
  /** The member's entries, oldest first. */
  history(memberId: string): Promise<ReadonlyArray<StreamEntry<LedgerPayload>>>;
  /** Programme totals derived from every member stream, and anything that does not add up (see `reconcile`). */
  reconcile(): Promise<ReconcileReport>;
  /** A checkpoint over every stream head of the store (`createCheckpoint`): keep it outside the store. */
  checkpoint(): Promise<Checkpoint>;
  /** Verifies every stream of the store and, when given, against a checkpoint kept outside (`verifyStore`). */
  verify(options?: { readonly checkpoint?: Checkpoint | undefined }): Promise<StoreVerification>;
}
