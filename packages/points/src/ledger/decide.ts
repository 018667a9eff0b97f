import { addLocal, type CounterMove, canonicalJson, hashBody, type Json } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import { mulDiv } from '../internal/rounding';
import { budgetKey, type LedgerConfig, shardLimit } from './config';
import { expiryOf } from './expiry';
import type { Accrual, LotState, MemberState } from './state';
import type {
  ActivatePayload,
  CapCut,
  EarnPayload,
  ExpirePayload,
  LotMovement,
  Posting,
  RedeemPayload,
  RefundPayload,
  RefundRedemptionPayload,
} from './types';

/** The double-entry accounts of one member. */
export const account = {
  available: (memberId: string) => `member:${memberId}:available`,
  pending: (memberId: string) => `member:${memberId}:pending`,
};

const DAY = 86_400_000;

function postings(list: Array<[string, number]>): Posting[] {
  return list.filter(([, points]) => points !== 0).map(([acc, points]) => ({ account: acc, points }));
}

/** A request's fingerprint: the SHA-256 of its canonical JSON (idempotency keys remember it, not the request). */
export function fingerprint(request: Record<string, Json>): string {
  return hashBody(canonicalJson(request));
}

/**
 * Idempotency: the same key with the same fingerprint gives the original entry's position; with a
 * different fingerprint it is an error. Nothing is appended in either case.
 */
export function replayed(state: MemberState, key: string, request: string): number | undefined {
  const seen = state.keys.get(key);
  if (seen === undefined) return undefined;
  if (seen.fingerprint !== request) {
    throw new PointsError(
      PointsErrorCode.IDEMPOTENCY_CONFLICT,
      `Idempotency key "${key.slice(0, 64)}" was already used for a different request of member "${state.memberId.slice(0, 64)}"`,
      { details: { key: key.slice(0, 64), seq: seen.seq } },
    );
  }
  return seen.seq;
}

/** Lots a redemption or clawback may use at `at`, first to expire first. */
export function usableLots(state: MemberState, at: number): LotState[] {
  const usable: LotState[] = [];
  for (const l of state.lots.values()) {
    if (l.status === 'active' && l.remaining > 0 && (l.expiresAt === null || Date.parse(l.expiresAt) > at)) usable.push(l);
  }
  return usable.sort((a, b) => expiryKey(a) - expiryKey(b));
}

function expiryKey(lot: LotState): number {
  return lot.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(lot.expiresAt);
}

function take(lots: readonly LotState[], points: number): LotMovement[] {
  const moved: LotMovement[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const n = Math.min(lot.remaining, left);
    moved.push({ lotId: lot.id, points: n });
    left -= n;
  }
  return moved;
}

/** @internal The checked fields of an earn request. */
export interface EarnInput {
  readonly key: string;
  readonly request: string;
  readonly at: Date;
  readonly memberId: string;
  readonly transactionId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly refundableFen: number;
  readonly receiptFen: number | null;
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly ruleVersions: Readonly<Record<string, number>>;
  readonly rulePoints: ReadonlyMap<string, number>;
  readonly holdDays: number;
  readonly businessDate: string;
  readonly backdated: boolean;
}

function checkBackdating(state: MemberState, config: LedgerConfig, input: EarnInput): boolean {
  if (state.lastAt === null) return false;
  const behind = Date.parse(state.lastAt) - input.at.getTime();
  if (behind <= 0) return false;
  const policy = config.backdating;
  if (policy.accept === 'flagged' && input.backdated && behind <= policy.windowDays * DAY) return true;
  throw new PointsError(
    PointsErrorCode.BACKDATED,
    policy.accept === 'reject'
      ? `Earn at ${input.at.toISOString()} is older than member "${input.memberId.slice(0, 64)}"'s newest operation (${state.lastAt}); the ledger's backdating policy is 'reject'`
      : `Earn at ${input.at.toISOString()} is older than the newest operation (${state.lastAt}): expected backdated: true and at most ${policy.windowDays} days back`,
    { details: { at: input.at.toISOString(), newest: state.lastAt } },
  );
}

/**
 * Applies the ledger's caps to each rule's points at write time: per-member caps from the member's
 * own usage, campaign budgets from the counter values read just before (the append moves the
 * counters conditionally, so a stale read can only make the append fail and be decided again).
 */
function applyCaps(
  state: MemberState,
  config: LedgerConfig,
  input: EarnInput,
  budgetUsed: ReadonlyMap<string, number>,
): { rulePoints: Record<string, number>; cuts: CapCut[]; counters: CounterMove[] } {
  const rulePoints: Record<string, number> = {};
  const cuts: CapCut[] = [];
  const counters: CounterMove[] = [];
  const month = input.businessDate.slice(0, 7);
  for (const ruleId of [...input.rulePoints.keys()].sort()) {
    const requested = input.rulePoints.get(ruleId) as number;
    let granted = requested;
    let by: CapCut['by'] | undefined;
    const cap = config.caps.get(ruleId);
    if (cap !== undefined && requested > 0) {
      const use = state.usage.get(ruleId);
      const limit = (bound: number | undefined, used: number, name: CapCut['by']) => {
        if (bound === undefined) return;
        const room = Math.max(0, bound - used);
        if (granted > room) {
          granted = room;
          by = name;
        }
      };
      limit(cap.perDay, use?.days.get(input.businessDate) ?? 0, 'perDay');
      limit(cap.perMonth, use?.months.get(month) ?? 0, 'perMonth');
      limit(cap.perMemberPerCampaign, use?.campaign ?? 0, 'perMemberPerCampaign');
      if (cap.campaignBudget !== undefined) {
        const shards = config.budgetShards;
        let room = 0;
        for (let i = 0; i < shards; i++) {
          room += Math.max(0, shardLimit(cap.campaignBudget, shards, i) - (budgetUsed.get(budgetKey(ruleId, i, shards)) ?? 0));
        }
        limit(cap.campaignBudget, cap.campaignBudget - room, 'campaignBudget');
        // Spread the grant over the shards, starting at the member's own shard so members spread.
        let left = granted;
        const start = shardOf(state.memberId, shards);
        for (let n = 0; n < shards && left > 0; n++) {
          const i = (start + n) % shards;
          const key = budgetKey(ruleId, i, shards);
          const limitI = shardLimit(cap.campaignBudget, shards, i);
          const free = Math.max(0, limitI - (budgetUsed.get(key) ?? 0));
          const move = Math.min(free, left);
          if (move > 0) counters.push({ key, delta: move, limit: limitI });
          left -= move;
        }
      }
    }
    rulePoints[ruleId] = granted;
    if (by !== undefined) cuts.push({ ruleId, requested, granted, by });
  }
  counters.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rulePoints, cuts, counters };
}

/** The shard a member's budget moves start at: a stable hash of the member id. */
export function shardOf(memberId: string, shards: number): number {
  let h = 2166136261;
  for (let i = 0; i < memberId.length; i++) h = Math.imul(h ^ memberId.charCodeAt(i), 16777619);
  return (h >>> 0) % shards;
}

export function decideEarn(
  state: MemberState,
  config: LedgerConfig,
  input: EarnInput,
  budgetUsed: ReadonlyMap<string, number>,
): { payload: EarnPayload; counters: CounterMove[] } {
  const existing = state.accruals.get(input.transactionId);
  if (existing !== undefined) {
    throw new PointsError(
      PointsErrorCode.DUPLICATE_TRANSACTION,
      `Transaction "${input.transactionId.slice(0, 64)}" already earned points (key "${existing.key.slice(0, 64)}")`,
      { details: { transactionId: input.transactionId.slice(0, 64) } },
    );
  }
  const backdated = checkBackdating(state, config, input);
  const { rulePoints, cuts, counters } = applyCaps(state, config, input, budgetUsed);
  let cut = 0;
  for (const c of cuts) cut += c.requested - c.granted;
  const points = Math.max(0, input.points - cut);
  const expires = expiryOf(config.expiry, input.at, config.zone);
  const pendingUntil = input.holdDays > 0 ? addLocal(input.at, { days: input.holdDays }, config.zone) : null;
  const target = pendingUntil === null ? account.available(input.memberId) : account.pending(input.memberId);
  return {
    payload: {
      type: 'earn',
      key: input.key,
      request: input.request,
      at: input.at.toISOString(),
      memberId: input.memberId,
      transactionId: input.transactionId,
      points,
      qualifyingPoints: input.qualifyingPoints,
      refundableFen: input.refundableFen,
      receiptFen: input.receiptFen,
      rulesetId: input.rulesetId,
      rulesetVersion: input.rulesetVersion,
      ruleVersions: input.ruleVersions,
      rulePoints,
      cuts,
      businessDate: input.businessDate,
      backdated,
      lotId: `lot-${state.version}`,
      expiresAt: expires === null ? null : expires.toISOString(),
      pendingUntil: pendingUntil === null ? null : pendingUntil.toISOString(),
      postings: postings([
        [target, points],
        ['programme:issued', -points],
      ]),
    },
    counters,
  };
}

export function decideRedeem(
  state: MemberState,
  input: { key: string; request: string; at: Date; points: number; reference: string | null },
): RedeemPayload {
  if (state.version === 0) {
    throw new PointsError(PointsErrorCode.UNKNOWN_MEMBER, `The ledger has no member "${state.memberId.slice(0, 64)}"`);
  }
  const lots = usableLots(state, input.at.getTime());
  let usable = -state.debt;
  for (const l of lots) usable += l.remaining;
  if (input.points > usable) {
    throw new PointsError(
      PointsErrorCode.INSUFFICIENT_BALANCE,
      `Redeeming ${input.points} points needs more than the ${Math.max(0, usable)} usable`,
      { details: { requested: input.points, usable: Math.max(0, usable) } },
    );
  }
  return {
    type: 'redeem',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    redemptionId: `red-${state.version}`,
    reference: input.reference,
    points: input.points,
    consumed: take(lots, input.points),
    postings: postings([
      [account.available(state.memberId), -input.points],
      ['programme:redeemed', input.points],
    ]),
  };
}

/** Earning fen this refund reverses, from a refund stated in earning fen or in receipt fen. */
function refundedEarningFen(accrual: Accrual, input: { refundFen: number | null; receiptFen: number | null }): number {
  const tooMuch = (what: string) =>
    new PointsError(
      PointsErrorCode.REFUND_EXCEEDS_ORIGINAL,
      `Refunding ${what} would exceed what remains refundable on "${accrual.transactionId.slice(0, 64)}"`,
      {
        details: { transactionId: accrual.transactionId.slice(0, 64) },
      },
    );
  if (input.receiptFen !== null) {
    if (accrual.receiptFen === null) {
      throw new PointsError(
        PointsErrorCode.INVALID_AMOUNT,
        `The accrual of "${accrual.transactionId.slice(0, 64)}" recorded no receipt total: state the refund as refundFen (earning fen)`,
        { details: { field: 'receiptFen' } },
      );
    }
    const before = accrual.refundedReceiptFen;
    const after = before + input.receiptFen;
    if (after > accrual.receiptFen) throw tooMuch(`${input.receiptFen} receipt fen`);
    // Cumulative conversion: returning the whole receipt reverses exactly the whole earning amount.
    const delta =
      mulDiv(accrual.refundableFen, after, accrual.receiptFen, 'floor') -
      mulDiv(accrual.refundableFen, before, accrual.receiptFen, 'floor');
    return Math.min(delta, accrual.refundableFen - accrual.refundedFen);
  }
  const fen = input.refundFen as number;
  if (accrual.refundedFen + fen > accrual.refundableFen) throw tooMuch(`${fen} fen`);
  return fen;
}

export function decideRefund(
  state: MemberState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; transactionId: string; refundFen: number | null; receiptFen: number | null },
): RefundPayload {
  const accrual = state.accruals.get(input.transactionId);
  if (accrual === undefined) {
    throw new PointsError(
      PointsErrorCode.UNKNOWN_REFERENCE,
      `No accrual for transaction "${input.transactionId.slice(0, 64)}" of member "${state.memberId.slice(0, 64)}"`,
    );
  }
  const refundFen = refundedEarningFen(accrual, input);
  const refunded = accrual.refundedFen + refundFen;
  const receiptDone = accrual.receiptFen !== null && accrual.refundedReceiptFen + (input.receiptFen ?? 0) === accrual.receiptFen;
  const target = (total: number) =>
    accrual.refundableFen > 0 ? mulDiv(total, refunded, accrual.refundableFen, 'floor') : receiptDone ? total : 0;
  // Cumulative proportional reversal: after refunding everything, exactly everything is reversed.
  const points = target(accrual.points) - accrual.reversedPoints;
  const qualifying = target(accrual.qualifyingPoints) - accrual.reversedQualifying;
  const own = state.lots.get(accrual.lotId) as LotState;
  const fromOwn = Math.min(own.remaining, points);
  const fromLots: LotMovement[] = fromOwn > 0 ? [{ lotId: own.id, points: fromOwn }] : [];
  let shortfall = points - fromOwn;
  let clawedBack = 0;
  let forgiven = 0;
  if (shortfall > 0 && config.refundPolicy.whenSpent === 'clawback') {
    const others = usableLots(state, input.at.getTime()).filter((l) => l.id !== own.id);
    let available = 0;
    for (const l of others) available += l.remaining;
    clawedBack = Math.min(shortfall, config.refundPolicy.limit ?? Number.POSITIVE_INFINITY, available);
    fromLots.push(...take(others, clawedBack));
    forgiven = shortfall - clawedBack;
    shortfall = 0;
  }
  const debt = shortfall;
  const pendingPart = own.status === 'pending' ? fromOwn : 0;
  const availablePart = fromOwn - pendingPart + clawedBack + debt;
  return {
    type: 'refund',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    transactionId: accrual.transactionId,
    refundFen,
    receiptFen: input.receiptFen,
    points,
    qualifyingPoints: qualifying,
    fromLots,
    clawedBack,
    debt,
    forgiven,
    postings: postings([
      [account.pending(state.memberId), -pendingPart],
      [account.available(state.memberId), -availablePart],
      ['programme:reversed', pendingPart + availablePart],
    ]),
  };
}

export function decideRefundRedemption(
  state: MemberState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; redemptionId: string; restore: 'original-expiry' | 'new-expiry' },
): RefundRedemptionPayload {
  const redemption = state.redemptions.get(input.redemptionId);
  if (redemption === undefined) {
    throw new PointsError(
      PointsErrorCode.UNKNOWN_REFERENCE,
      `No redemption "${input.redemptionId.slice(0, 64)}" of member "${state.memberId.slice(0, 64)}"`,
    );
  }
  if (redemption.refunded) {
    throw new PointsError(PointsErrorCode.REFUND_EXCEEDS_ORIGINAL, `Redemption "${redemption.redemptionId}" was already refunded`);
  }
  const fresh = input.restore === 'new-expiry';
  const expires = fresh ? expiryOf(config.expiry, input.at, config.zone) : null;
  return {
    type: 'refund-redemption',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    redemptionId: redemption.redemptionId,
    points: redemption.points,
    restored: fresh ? [] : redemption.consumed,
    newLot: fresh ? { lotId: `lot-${state.version}`, expiresAt: expires === null ? null : expires.toISOString() } : null,
    postings: postings([
      [account.available(state.memberId), redemption.points],
      ['programme:redeemed', -redemption.points],
    ]),
  };
}

/** Activation of one pending lot whose return window ended by `at`, or `undefined`. */
export function decideActivate(state: MemberState, lot: LotState, at: number): ActivatePayload | undefined {
  if (lot.status !== 'pending' || Date.parse(lot.pendingUntil as string) > at) return undefined;
  return {
    type: 'activate',
    at: lot.pendingUntil as string,
    memberId: state.memberId,
    lotId: lot.id,
    points: lot.remaining,
    postings: postings([
      [account.pending(state.memberId), -lot.remaining],
      [account.available(state.memberId), lot.remaining],
    ]),
  };
}

/** Expiry of what is left of one active lot whose expiry passed by `at`, or `undefined`. */
export function decideExpire(state: MemberState, lot: LotState, at: number): ExpirePayload | undefined {
  if (lot.status !== 'active' || lot.remaining === 0 || lot.expiresAt === null || Date.parse(lot.expiresAt) > at) return undefined;
  return {
    type: 'expire',
    at: lot.expiresAt,
    memberId: state.memberId,
    lotId: lot.id,
    points: lot.remaining,
    postings: postings([
      [account.available(state.memberId), -lot.remaining],
      ['programme:expired', lot.remaining],
    ]),
  };
}
