import {
  addLocal,
  assertTimeZone,
  type ChainEntry,
  type ChainVerification,
  GENESIS_HASH,
  hashEntry,
  type InstantInput,
  toInstant,
  verifyChain,
} from '@aisle/core';
import { checkAmount, PointsError, PointsErrorCode } from '../errors';
import type { RuleUsage } from '../evaluation';
import { checkContributions, requireId } from './check-request';
import { checkExpiryPolicy } from './expiry';
import type { LedgerStore, LedgerStoreTransaction } from './memory-store';
import {
  account,
  activatePayload,
  earnPayload,
  expirePayload,
  fingerprint,
  type LedgerConfig,
  redeemPayload,
  refundPayload,
  refundRedemptionPayload,
  replayed,
  requireKey,
} from './operations';
import { accountOf, applyEntry, emptyState, type LedgerState } from './state';
import type {
  ActivatePayload,
  EarnPayload,
  ExpirePayload,
  ExpiryPolicy,
  LedgerPayload,
  Lot,
  RedeemPayload,
  RefundPayload,
  RefundPolicy,
  RefundRedemptionPayload,
} from './types';

/**
 * How a ledger runs: its store, the programme's zone (expiry dates), the expiry policy, the
 * return window during which earned points stay pending, and the refund policies.
 *
 * @example
 * ```ts
 * const options: LedgerOptions = { store: createMemoryLedgerStore(), zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 24 }, holdDays: 7 };
 * ```
 */
export interface LedgerOptions {
  readonly store: LedgerStore;
  readonly zone: string;
  readonly expiry: ExpiryPolicy;
  /** Days earned points stay pending (the return window); 0 (default) activates them at once. */
  readonly holdDays?: number;
  /** Default `{ whenSpent: 'negative-balance' }`. */
  readonly refundPolicy?: RefundPolicy;
  /** Whether a refunded redemption's points return to their lots with their original expiry (default) or to a new lot. */
  readonly redemptionRefund?: 'original-expiry' | 'new-expiry';
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
 * Request of `ledger.earn`: an idempotency key, the instant and the evaluation to accrue.
 *
 * @example `{ key: 'earn:R-1', at: '2026-11-21T10:00:00+08:00', evaluation }`
 */
export interface EarnRequest {
  readonly key: string;
  readonly at: InstantInput;
  readonly evaluation: AccrualSource;
  /** The fen a refund is measured against (default: the evaluation's eligible fen). */
  readonly refundableFen?: number;
  /** Overrides the ledger's return window for this accrual. */
  readonly holdDays?: number;
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
 * Request of `ledger.refund`: fen refunded on an accrued transaction.
 *
 * @example `{ key: 'refund:R-1:1', transactionId: 'R-1', refundFen: 5_000, at }`
 */
export interface RefundRequest {
  readonly key: string;
  readonly transactionId: string;
  readonly refundFen: number;
  readonly at: InstantInput;
}

/**
 * Request of `ledger.refundRedemption`.
 *
 * @example `{ key: 'unredeem:red-4', redemptionId: 'red-4', at }`
 */
export interface RefundRedemptionRequest {
  readonly key: string;
  readonly redemptionId: string;
  readonly at: InstantInput;
  readonly restore?: 'original-expiry' | 'new-expiry';
}

/** A ledger operation's result: the entry (new, or the original one when the key was replayed). @example `result.entry.payload.points` */
export interface LedgerResult<P extends LedgerPayload> {
  readonly entry: ChainEntry<P>;
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
  readonly lots: readonly Readonly<Lot>[];
}

/** The programme's liability: points owed to members against the programme's accounts. @example `(await ledger.liability()).balanced` */
export interface LiabilityReport {
  readonly outstanding: number;
  readonly issued: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly reversed: number;
  /** Every entry's postings sum to zero, so the report always balances; `false` would mean corruption. */
  readonly balanced: boolean;
}

/** Rolling 12-month tier qualification of a member. @example `{ spendFen: 1_280_000, qualifyingPoints: 12_800 }` */
export interface Qualification {
  readonly spendFen: number;
  readonly qualifyingPoints: number;
}

/**
 * Request of `ledger.usage`: the member and the business date of the transaction about to be evaluated.
 *
 * @example `{ memberId: 'm-1', businessDate: '2026-11-18' }`
 */
export interface UsageRequest {
  readonly memberId: string;
  readonly businessDate: string;
}

/**
 * The points ledger: append-only hash-chained entries with double-entry postings, lots with
 * expiry, pending holds, FIFO redemption, proportional refunds and idempotency keys.
 *
 * @example
 * ```ts
 * const { entry } = await ledger.earn({ key: 'earn:R-1', at, evaluation });
 * await ledger.redeem({ key: 'park:1', memberId: 'm-1', points: 100, at });
 * ```
 */
export interface Ledger {
  earn(request: EarnRequest): Promise<LedgerResult<EarnPayload>>;
  redeem(request: RedeemRequest): Promise<LedgerResult<RedeemPayload>>;
  refund(request: RefundRequest): Promise<LedgerResult<RefundPayload>>;
  refundRedemption(request: RefundRedemptionRequest): Promise<LedgerResult<RefundRedemptionPayload>>;
  /** Activates pending lots whose hold ended by `at`; `undefined` when none (safe to rerun). */
  activatePending(at: InstantInput): Promise<ChainEntry<ActivatePayload> | undefined>;
  /** Expires lots whose expiry passed by `at`; `undefined` when none (idempotent). */
  expire(at: InstantInput): Promise<ChainEntry<ExpirePayload> | undefined>;
  balance(memberId: string): Promise<Balance>;
  /** The member's available balance as of a past instant, from the postings. */
  balanceAt(memberId: string, at: InstantInput): Promise<number>;
  liability(): Promise<LiabilityReport>;
  /**
   * What each rule has granted, for the caps of the next evaluation: to this member on this
   * business date, in its month, in total (campaign), and to all members (budget). Points granted,
   * before any refunds.
   */
  usage(request: UsageRequest): Promise<RuleUsage>;
  /** Spend and tier-qualifying points over the 12 months (in the programme's zone) ending at `at`. */
  qualification(memberId: string, at: InstantInput): Promise<Qualification>;
  entries(): Promise<ReadonlyArray<ChainEntry<LedgerPayload>>>;
  verify(): Promise<ChainVerification>;
}

/**
 * Creates a ledger over a `LedgerStore`. The ledger's view is a fold of the store's committed
 * entries; every operation runs inside one `transact`, so concurrent calls never double-spend.
 *
 * @example
 * ```ts
 * import { createLedger, createMemoryLedgerStore } from '@aisle/points';
 * const ledger = createLedger({ store: createMemoryLedgerStore(), zone: 'Asia/Shanghai', expiry: { type: 'fixed', month: 12, day: 31 } });
 * ```
 */
export function createLedger(options: LedgerOptions): Ledger {
  const config: LedgerConfig = {
    zone: assertTimeZone(options.zone),
    expiry: options.expiry,
    holdDays: options.holdDays ?? 0,
    refundPolicy: options.refundPolicy ?? { whenSpent: 'negative-balance' },
    redemptionRefund: options.redemptionRefund ?? 'original-expiry',
  };
  checkExpiryPolicy(config.expiry);
  checkHold(config.holdDays);
  const state = emptyState();
  const { store } = options;

  async function catchUp(tx: LedgerStoreTransaction): Promise<LedgerState> {
    for (const entry of await tx.read(state.length)) {
      const prev = state.length === 0 ? GENESIS_HASH : state.head;
      if (entry.seq !== state.length || entry.prev !== prev || hashEntry(entry.seq, entry.prev, entry.payload) !== entry.hash) {
        throw new PointsError(PointsErrorCode.LEDGER_CORRUPT, `Ledger entry ${entry.seq} does not continue the hash chain`, {
          details: { seq: entry.seq },
        });
      }
      applyEntry(state, entry);
    }
    return state;
  }

  function keyed<P extends LedgerPayload>(key: string, request: string, build: (s: LedgerState) => P): Promise<LedgerResult<P>> {
    return store.transact(async (tx) => {
      const s = await catchUp(tx);
      const seq = replayed(s, key, request);
      if (seq !== undefined) return { entry: s.entries[seq] as ChainEntry<P>, replayed: true };
      return { entry: tx.append(build(s)) as ChainEntry<P>, replayed: false };
    });
  }

  function job<P extends LedgerPayload>(build: (s: LedgerState) => P | undefined): Promise<ChainEntry<P> | undefined> {
    return store.transact(async (tx) => {
      const payload = build(await catchUp(tx));
      return payload === undefined ? undefined : (tx.append(payload) as ChainEntry<P>);
    });
  }

  const read = <T>(fn: (s: LedgerState) => T): Promise<T> => store.transact(async (tx) => fn(await catchUp(tx)));

  return {
    earn(request) {
      const key = requireKey(request.key);
      const at = toInstant(request.at);
      const e = request.evaluation;
      if (typeof e !== 'object' || e === null || typeof e.memberId !== 'string' || typeof e.transactionId !== 'string') {
        throw new TypeError('earn() needs the evaluation of the transaction');
      }
      if (typeof e.businessDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.businessDate)) {
        throw new TypeError("earn() needs the evaluation's businessDate (YYYY-MM-DD)");
      }
      const points = checkAmount(e.points, 'evaluation.points');
      const qualifyingPoints = checkAmount(e.qualifyingPoints, 'evaluation.qualifyingPoints');
      const refundableFen = checkAmount(request.refundableFen ?? e.eligibleFen, 'refundableFen');
      const holdDays = request.holdDays ?? config.holdDays;
      checkHold(holdDays);
      checkContributions(e.contributions);
      // Rule ids are data: collected in Maps, written as own keys (never through a prototype).
      const pointsByRule = new Map<string, number>();
      const versionByRule = new Map<string, number>();
      for (const c of e.contributions) {
        versionByRule.set(c.ruleId, c.ruleVersion);
        for (const m of c.multipliers) versionByRule.set(m.ruleId, m.ruleVersion);
        if (c.kind === 'points') pointsByRule.set(c.ruleId, (pointsByRule.get(c.ruleId) ?? 0) + c.points);
      }
      const rulePoints: Record<string, number> = Object.fromEntries(pointsByRule);
      const ruleVersions: Record<string, number> = Object.fromEntries(versionByRule);
      const fields = {
        memberId: e.memberId,
        transactionId: e.transactionId,
        points,
        qualifyingPoints,
        refundableFen,
        at: at.toISOString(),
        holdDays,
        businessDate: e.businessDate,
      };
      const req = fingerprint({ op: 'earn', ...fields, ruleVersions });
      return keyed(key, req, (s) =>
        earnPayload(s, config, {
          ...fields,
          key,
          request: req,
          at,
          rulesetId: e.rulesetId,
          rulesetVersion: e.rulesetVersion,
          ruleVersions,
          rulePoints,
        }),
      );
    },
    redeem(request) {
      const key = requireKey(request.key);
      const at = toInstant(request.at);
      const points = checkAmount(request.points, 'points');
      if (points === 0) throw new PointsError(PointsErrorCode.INVALID_AMOUNT, 'A redemption needs at least one point');
      requireId(request.memberId, 'redeem(): memberId');
      const reference = request.reference === undefined ? null : requireId(request.reference, 'redeem(): reference');
      const req = fingerprint({ op: 'redeem', memberId: request.memberId, points, at: at.toISOString(), reference });
      return keyed(key, req, (s) => redeemPayload(s, { key, request: req, at, memberId: request.memberId, points, reference }));
    },
    refund(request) {
      const key = requireKey(request.key);
      const at = toInstant(request.at);
      const refundFen = checkAmount(request.refundFen, 'refundFen');
      requireId(request.transactionId, 'refund(): transactionId');
      const req = fingerprint({ op: 'refund', transactionId: request.transactionId, refundFen, at: at.toISOString() });
      return keyed(key, req, (s) => refundPayload(s, config, { key, request: req, at, transactionId: request.transactionId, refundFen }));
    },
    refundRedemption(request) {
      const key = requireKey(request.key);
      const at = toInstant(request.at);
      const restore = request.restore ?? config.redemptionRefund;
      const req = fingerprint({ op: 'refund-redemption', redemptionId: request.redemptionId, at: at.toISOString(), restore });
      return keyed(
        key,
        req,
        (s) =>
          refundRedemptionPayload(s, config, {
            key,
            request: req,
            at,
            redemptionId: request.redemptionId,
            restore,
          }) as RefundRedemptionPayload,
      );
    },
    activatePending(at) {
      const when = toInstant(at);
      return job((s) => activatePayload(s, when) as ActivatePayload | undefined);
    },
    expire(at) {
      const when = toInstant(at);
      return job((s) => expirePayload(s, when) as ExpirePayload | undefined);
    },
    balance(memberId) {
      return read((s) => {
        const member = s.members.get(memberId);
        const lots = (member?.lots ?? []).filter((l) => l.remaining > 0).map((l) => Object.freeze({ ...l }));
        return {
          memberId,
          available: accountOf(s, account.available(memberId)),
          pending: accountOf(s, account.pending(memberId)),
          debt: member?.debt ?? 0,
          lots,
        };
      });
    },
    balanceAt(memberId, at) {
      const t = toInstant(at).getTime();
      const target = account.available(memberId);
      return read((s) => {
        let total = 0;
        for (const entry of s.entries) {
          if (Date.parse(entry.payload.at) > t) continue;
          for (const p of entry.payload.postings) if (p.account === target) total += p.points;
        }
        return total;
      });
    },
    liability() {
      return read((s) => {
        let outstanding = 0;
        let all = 0;
        for (const [name, points] of s.accounts) {
          all += points;
          if (name.startsWith('member:')) outstanding += points;
        }
        return {
          outstanding,
          issued: 0 - accountOf(s, 'programme:issued'),
          redeemed: accountOf(s, 'programme:redeemed'),
          expired: accountOf(s, 'programme:expired'),
          reversed: accountOf(s, 'programme:reversed'),
          balanced: all === 0,
        };
      });
    },
    usage({ memberId, businessDate }) {
      const month = businessDate.slice(0, 7);
      return read((s) => {
        // Rule ids are data: a Map, never a plain object's keys (a rule named `constructor`
        // would otherwise add to `Object` itself and read back NaN, which disables its caps).
        const usage = new Map<string, { day: number; month: number; campaign: number; budget: number }>();
        for (const entry of s.entries) {
          const p = entry.payload;
          if (p.type !== 'earn') continue;
          for (const [ruleId, points] of Object.entries(p.rulePoints)) {
            let u = usage.get(ruleId);
            if (u === undefined) {
              u = { day: 0, month: 0, campaign: 0, budget: 0 };
              usage.set(ruleId, u);
            }
            u.budget += points;
            if (p.memberId !== memberId) continue;
            u.campaign += points;
            if (p.businessDate.slice(0, 7) === month) u.month += points;
            if (p.businessDate === businessDate) u.day += points;
          }
        }
        return Object.fromEntries(usage);
      });
    },
    qualification(memberId, at) {
      const end = toInstant(at);
      const start = addLocal(end, { months: -12 }, config.zone).getTime();
      return read((s) => {
        let spendFen = 0;
        let qualifyingPoints = 0;
        for (const q of s.members.get(memberId)?.qualifying ?? []) {
          if (q.at <= start || q.at > end.getTime()) continue;
          spendFen += q.spendFen;
          qualifyingPoints += q.points;
        }
        return { spendFen, qualifyingPoints };
      });
    },
    entries: () => read((s) => Object.freeze([...s.entries])),
    verify: () => read((s) => verifyChain(s.entries)),
  };
}

function checkHold(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > 366) throw new RangeError(`holdDays must be an integer from 0 to 366, got ${days}`);
}
