import {
  AisleError,
  addLocal,
  type Checkpoint,
  CoreErrorCode,
  createCheckpoint,
  type InstantInput,
  type StoreVerification,
  type StreamEntry,
  type StreamStore,
  toInstant,
  verifyStore,
} from '@aisle/core';
import { checkAmount, PointsError, PointsErrorCode } from '../errors';
import type { EvaluateInput, RuleUsage } from '../evaluation';
import { businessDate } from '../internal/calendar';
import { budgetKey, checkConfig, checkHold, type LedgerConfig, MEMBER_STREAM_PREFIX } from './config';
import { decideEarn, decideRedeem, decideRefund, decideRefundRedemption, fingerprint, replayed } from './decide';
import { type DueReport, runDue } from './jobs';
import { loadMember, memberStreamId, type Outcome, runMember } from './member-stream';
import { type ReconcileReport, reconcile } from './reconcile';
import type { MemberState } from './state';
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
  runDue(options: { readonly at: InstantInput; readonly limit?: number }): Promise<DueReport>;
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

function plainText(value: string): boolean {
  if (value.length === 0 || value.length > 128) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || !plainText(value)) {
    throw new TypeError(
      `${what} must be a string of 1 to 128 characters without control characters, got ${typeof value === 'string' ? `"${value.slice(0, 32)}…"` : typeof value}`,
    );
  }
  return value;
}

function requireKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200)
    throw new TypeError('An idempotency key must be a string of 1 to 200 characters');
  return key;
}

/**
 * The id of a keyed entry: its type and the request's fingerprint, which covers the idempotency
 * key too. The same request retried at the same position is recognised by the store as the
 * original write; any other request gets another id, so a concurrent writer meets a version
 * conflict and decides again (and then finds the key, the transaction or the redemption taken).
 */
function keyedId(type: string, request: string): string {
  return `${type}:${request.slice(0, 40)}`;
}

/**
 * Creates a ledger over a `StreamStore`. The ledger object holds no member data: each operation
 * loads the member's snapshot (and any entries after it), decides purely, and appends at the
 * loaded version, so ledgers in several processes over one store never double-spend and never
 * wait on each other across members.
 *
 * @throws `RangeError` / `TypeError` for a bad configuration, `CORE_INVALID_TIME_ZONE` for a zone that is not IANA.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createLedger } from '@aisle/points';
 * const ledger = createLedger({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'fixed', month: 12, day: 31 } });
 * ```
 */
export function createLedger(options: LedgerOptions): Ledger {
  const config: LedgerConfig = checkConfig(options);
  const { store } = options;
  if (typeof store?.append !== 'function') throw new TypeError('createLedger() needs a StreamStore as `store`');
  const maxAttempts = options.maxAttempts ?? 8;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)
    throw new RangeError(`maxAttempts must be 1 to 100, got ${maxAttempts}`);

  async function keyed<P extends LedgerPayload>(
    memberId: string,
    key: string,
    request: string,
    decide: (state: MemberState) => Omit<Outcome<number | undefined>, 'result'>,
  ): Promise<LedgerResult<P>> {
    const { result, append } = await runMember(
      store,
      memberId,
      (state) => {
        const seq = replayed(state, key, request);
        if (seq !== undefined) return { entries: [], result: seq };
        return { ...decide(state), result: undefined };
      },
      maxAttempts,
    );
    if (result !== undefined) {
      const slice = await store.read<LedgerPayload>(memberStreamId(memberId), { from: result, limit: 1 });
      return { entry: slice.entries[0] as StreamEntry<P>, replayed: true };
    }
    const written = append as NonNullable<typeof append>;
    return { entry: written.entries[0] as StreamEntry<P>, replayed: written.duplicate };
  }

  /** Budget counters of the rules an accrual touches, read just before deciding. */
  async function budgetUse(ruleIds: Iterable<string>): Promise<ReadonlyMap<string, number>> {
    const keys: string[] = [];
    for (const ruleId of ruleIds) {
      if (config.caps.get(ruleId)?.campaignBudget === undefined) continue;
      for (let i = 0; i < config.budgetShards; i++) keys.push(budgetKey(ruleId, i, config.budgetShards));
    }
    return keys.length === 0 ? new Map() : store.counters(keys);
  }

  async function history(memberId: string): Promise<ReadonlyArray<StreamEntry<LedgerPayload>>> {
    const slice = await store.read<LedgerPayload>(memberStreamId(requireText(memberId, 'memberId')));
    return slice.entries;
  }

  const read = async <T>(memberId: string, fn: (s: MemberState) => T): Promise<T> =>
    fn(await loadMember(store, requireText(memberId, 'memberId')));

  return {
    earn(request) {
      const key = requireKey(request.key);
      const at = toInstant(request.at);
      const e = request.evaluation;
      if (typeof e !== 'object' || e === null || typeof e.memberId !== 'string' || typeof e.transactionId !== 'string') {
        throw new TypeError('earn() needs the evaluation of the transaction');
      }
      if (!Array.isArray(e.contributions) || typeof e.rulesetId !== 'string' || !Number.isSafeInteger(e.rulesetVersion)) {
        throw new TypeError('earn() needs the evaluation of the transaction (rulesetId, rulesetVersion, contributions)');
      }
      const memberId = requireText(e.memberId, 'evaluation.memberId');
      const transactionId = requireText(e.transactionId, 'evaluation.transactionId');
      if (typeof e.businessDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.businessDate)) {
        throw new TypeError("earn() needs the evaluation's businessDate (YYYY-MM-DD)");
      }
      const points = checkAmount(e.points, 'evaluation.points');
      const qualifyingPoints = checkAmount(e.qualifyingPoints, 'evaluation.qualifyingPoints');
      const refundableFen = checkAmount(request.refundableFen ?? e.eligibleFen, 'refundableFen');
      const receiptFen = e.receiptFen === undefined ? null : checkAmount(e.receiptFen, 'evaluation.receiptFen');
      const holdDays = request.holdDays ?? config.holdDays;
      checkHold(holdDays);
      const backdated = request.backdated === true;
      const rulePoints = new Map<string, number>();
      const ruleVersions: Record<string, number> = Object.create(null);
      for (const c of e.contributions) {
        ruleVersions[c.ruleId] = c.ruleVersion;
        for (const m of c.multipliers) ruleVersions[m.ruleId] = m.ruleVersion;
        if (c.kind === 'points') rulePoints.set(c.ruleId, (rulePoints.get(c.ruleId) ?? 0) + checkAmount(c.points, 'contribution.points'));
      }
      const fields = {
        memberId,
        transactionId,
        points,
        qualifyingPoints,
        refundableFen,
        receiptFen,
        at: at.toISOString(),
        holdDays,
        businessDate: e.businessDate,
        backdated,
      };
      const req = fingerprint({ op: 'earn', key, ...fields, ruleVersions: { ...ruleVersions } });
      const input = {
        ...fields,
        key,
        request: req,
        at,
        rulesetId: e.rulesetId,
        rulesetVersion: e.rulesetVersion,
        ruleVersions: { ...ruleVersions },
        rulePoints,
      };
      // A budget counter full since it was read fails the append (nothing written): read again and decide again.
      const run = async (): Promise<LedgerResult<EarnPayload>> => {
        for (let attempt = 1; ; attempt++) {
          const used = await budgetUse(rulePoints.keys());
          try {
            return await keyed<EarnPayload>(memberId, key, req, (s) => {
              const { payload, counters } = decideEarn(s, config, input, used);
              return { entries: [{ id: keyedId('earn', req), type: 'earn', data: payload }], counters };
            });
          } catch (error) {
            if (!AisleError.isInstance(error, CoreErrorCode.STORE_LIMIT_EXCEEDED) || attempt >= maxAttempts) throw error;
          }
        }
      };
      return run();
    },
    redeem(request) {
      const key = requireKey(request.key);
      const memberId = requireText(request.memberId, 'memberId');
      const at = toInstant(request.at);
      const points = checkAmount(request.points, 'points');
      if (points === 0) throw new PointsError(PointsErrorCode.INVALID_AMOUNT, 'A redemption needs at least one point');
      const reference = request.reference ?? null;
      const req = fingerprint({ op: 'redeem', key, memberId, points, at: at.toISOString(), reference });
      return keyed<RedeemPayload>(memberId, key, req, (s) => ({
        entries: [{ id: keyedId('redeem', req), type: 'redeem', data: decideRedeem(s, { key, request: req, at, points, reference }) }],
      }));
    },
    refund(request) {
      const key = requireKey(request.key);
      const memberId = requireText(request.memberId, 'memberId');
      const transactionId = requireText(request.transactionId, 'transactionId');
      const at = toInstant(request.at);
      if ((request.refundFen === undefined) === (request.receiptFen === undefined)) {
        throw new PointsError(
          PointsErrorCode.INVALID_AMOUNT,
          'A refund states exactly one of refundFen (earning fen) and receiptFen (receipt fen returned)',
        );
      }
      const refundFen = request.refundFen === undefined ? null : checkAmount(request.refundFen, 'refundFen');
      const receiptFen = request.receiptFen === undefined ? null : checkAmount(request.receiptFen, 'receiptFen');
      if (refundFen === 0 || receiptFen === 0)
        throw new PointsError(PointsErrorCode.INVALID_AMOUNT, 'A refund must return a positive amount');
      const req = fingerprint({ op: 'refund', key, memberId, transactionId, refundFen, receiptFen, at: at.toISOString() });
      return keyed<RefundPayload>(memberId, key, req, (s) => ({
        entries: [
          {
            id: keyedId('refund', req),
            type: 'refund',
            data: decideRefund(s, config, { key, request: req, at, transactionId, refundFen, receiptFen }),
          },
        ],
      }));
    },
    refundRedemption(request) {
      const key = requireKey(request.key);
      const memberId = requireText(request.memberId, 'memberId');
      const redemptionId = requireText(request.redemptionId, 'redemptionId');
      const at = toInstant(request.at);
      const restore = request.restore ?? config.redemptionRefund;
      if (restore !== 'original-expiry' && restore !== 'new-expiry')
        throw new TypeError(`restore must be 'original-expiry' or 'new-expiry'`);
      const req = fingerprint({ op: 'refund-redemption', key, memberId, redemptionId, at: at.toISOString(), restore });
      return keyed<RefundRedemptionPayload>(memberId, key, req, (s) => ({
        entries: [
          {
            id: keyedId('unredeem', req),
            type: 'refund-redemption',
            data: decideRefundRedemption(s, config, { key, request: req, at, redemptionId, restore }),
          },
        ],
      }));
    },
    runDue(job) {
      return runDue({ store, at: job.at, limit: job.limit, maxAttempts });
    },
    balance(memberId) {
      return read(memberId, (s) => {
        const lots: Lot[] = [];
        for (const l of s.lots.values()) {
          if (l.remaining <= 0) continue;
          lots.push(
            Object.freeze({
              id: l.id,
              memberId: s.memberId,
              points: l.points,
              remaining: l.remaining,
              status: l.status,
              earnedAt: l.earnedAt,
              expiresAt: l.expiresAt,
              pendingUntil: l.pendingUntil,
              source: l.source,
            }),
          );
        }
        return { memberId: s.memberId, available: s.available, pending: s.pending, debt: s.debt, lots };
      });
    },
    async balanceAt(memberId, at) {
      const t = toInstant(at).getTime();
      const target = `member:${requireText(memberId, 'memberId')}:available`;
      let total = 0;
      for (const entry of await history(memberId)) {
        if (Date.parse(entry.data.at) > t) continue;
        for (const p of entry.data.postings) if (p.account === target) total += p.points;
      }
      return total;
    },
    async usage(input) {
      if (typeof input !== 'object' || input === null || typeof input.member?.id !== 'string' || typeof input.store?.zone !== 'string') {
        throw new TypeError('usage() needs the input about to be evaluated: { transaction, member, store, at }');
      }
      const ms = toInstant(input.at).getTime();
      const zone = input.store.zone;
      const date = businessDate(ms, config.zone === zone ? zone : assertZone(zone), input.store.dayStartsAtHour ?? 0).iso;
      const month = date.slice(0, 7);
      const state = await loadMember(store, requireText(input.member.id, 'member.id'));
      const usage: Record<string, { day: number; month: number; campaign: number; budget?: number }> = Object.create(null);
      for (const [ruleId, use] of state.usage) {
        usage[ruleId] = { day: use.days.get(date) ?? 0, month: use.months.get(month) ?? 0, campaign: use.campaign };
      }
      const counters = await budgetUse(config.caps.keys());
      for (const [ruleId, cap] of config.caps) {
        if (cap.campaignBudget === undefined) continue;
        let budget = 0;
        for (let i = 0; i < config.budgetShards; i++) budget += counters.get(budgetKey(ruleId, i, config.budgetShards)) ?? 0;
        usage[ruleId] = { ...(usage[ruleId] ?? { day: 0, month: 0, campaign: 0 }), budget };
      }
      return { ...usage };
    },
    qualification(memberId, at) {
      const end = toInstant(at);
      const start = addLocal(end, { months: -12 }, config.zone).getTime();
      return read(memberId, (s) => {
        let spendFen = 0;
        let qualifyingPoints = 0;
        for (const [when, spend, points] of s.qualifying) {
          if (when <= start || when > end.getTime()) continue;
          spendFen += spend;
          qualifyingPoints += points;
        }
        return { spendFen, qualifyingPoints };
      });
    },
    history,
    reconcile: () => reconcile(store),
    checkpoint: () => createCheckpoint(store),
    verify: (verifyOptions = {}) => verifyStore(store, { checkpoint: verifyOptions.checkpoint, prefix: MEMBER_STREAM_PREFIX }),
  };
}

function assertZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new PointsError(PointsErrorCode.UNKNOWN_STORE, `store.zone: expected an IANA time zone, received "${zone.slice(0, 64)}"`);
  }
}
