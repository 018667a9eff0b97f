import { addLocal, canonicalJson, type Json } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import { mulDiv } from '../internal/rounding';
import { expiryOf } from './expiry';
import type { Accrual, LedgerState, Redemption } from './state';
import type {
  EarnPayload,
  ExpiryPolicy,
  LedgerPayload,
  Lot,
  LotMovement,
  Posting,
  RedeemPayload,
  RefundPayload,
  RefundPolicy,
} from './types';

/** @internal The ledger's configuration after checks. */
export interface LedgerConfig {
  readonly zone: string;
  readonly expiry: ExpiryPolicy;
  readonly holdDays: number;
  readonly refundPolicy: RefundPolicy;
  readonly redemptionRefund: 'original-expiry' | 'new-expiry';
}

export const account = {
  available: (memberId: string) => `member:${memberId}:available`,
  pending: (memberId: string) => `member:${memberId}:pending`,
};

function postings(list: Array<[string, number]>): Posting[] {
  return list.filter(([, points]) => points !== 0).map(([acc, points]) => ({ account: acc, points }));
}

/** Lots a redemption or clawback may use at `at`, first to expire first. */
export function usableLots(state: LedgerState, memberId: string, at: number): Lot[] {
  const lots = state.members.get(memberId)?.lots ?? [];
  return lots
    .filter((l) => l.status === 'active' && l.remaining > 0 && (l.expiresAt === null || Date.parse(l.expiresAt) > at))
    .sort((a, b) => expiryKey(a) - expiryKey(b));
}

function expiryKey(lot: Lot): number {
  return lot.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(lot.expiresAt);
}

function take(lots: Lot[], points: number): LotMovement[] {
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

/**
 * Idempotency: the same key with the same request returns the original entry's sequence number;
 * with a different request it is an error. Nothing is appended in either case.
 */
export function replayed(state: LedgerState, key: string, request: string): number | undefined {
  const seen = state.keys.get(key);
  if (seen === undefined) return undefined;
  if (seen.request !== request) {
    throw new PointsError(
      PointsErrorCode.IDEMPOTENCY_CONFLICT,
      `Idempotency key "${key.slice(0, 64)}" was already used for a different request`,
      {
        details: { key: key.slice(0, 64), seq: seen.seq },
      },
    );
  }
  return seen.seq;
}

export function fingerprint(request: Record<string, Json>): string {
  return canonicalJson(request);
}

export function requireKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200)
    throw new TypeError('An idempotency key must be a string of 1 to 200 characters');
  return key;
}

export interface EarnInput {
  readonly key: string;
  readonly request: string;
  readonly at: Date;
  readonly memberId: string;
  readonly transactionId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly refundableFen: number;
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly ruleVersions: Readonly<Record<string, number>>;
  readonly rulePoints: Readonly<Record<string, number>>;
  readonly holdDays: number;
  readonly businessDate: string;
}

export function earnPayload(state: LedgerState, config: LedgerConfig, input: EarnInput): EarnPayload {
  const existing = state.accruals.get(input.transactionId);
  if (existing !== undefined) {
    throw new PointsError(
      PointsErrorCode.DUPLICATE_TRANSACTION,
      `Transaction "${input.transactionId}" already earned points (key "${existing.key}")`,
      {
        details: { transactionId: input.transactionId },
      },
    );
  }
  const expires = expiryOf(config.expiry, input.at, config.zone);
  const pendingUntil = input.holdDays > 0 ? addLocal(input.at, { days: input.holdDays }, config.zone) : null;
  const target = pendingUntil === null ? account.available(input.memberId) : account.pending(input.memberId);
  return {
    type: 'earn',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: input.memberId,
    transactionId: input.transactionId,
    points: input.points,
    qualifyingPoints: input.qualifyingPoints,
    refundableFen: input.refundableFen,
    rulesetId: input.rulesetId,
    rulesetVersion: input.rulesetVersion,
    ruleVersions: input.ruleVersions,
    rulePoints: input.rulePoints,
    businessDate: input.businessDate,
    lotId: `lot-${state.length}`,
    expiresAt: expires === null ? null : expires.toISOString(),
    pendingUntil: pendingUntil === null ? null : pendingUntil.toISOString(),
    postings: postings([
      [target, input.points],
      ['programme:issued', -input.points],
    ]),
  };
}

export function redeemPayload(
  state: LedgerState,
  input: { key: string; request: string; at: Date; memberId: string; points: number; reference: string | null },
): RedeemPayload {
  const member = state.members.get(input.memberId);
  if (member === undefined)
    throw new PointsError(PointsErrorCode.UNKNOWN_MEMBER, `The ledger has no member "${input.memberId.slice(0, 64)}"`);
  const lots = usableLots(state, input.memberId, input.at.getTime());
  let usable = -member.debt;
  for (const l of lots) usable += l.remaining;
  if (input.points > usable) {
    throw new PointsError(
      PointsErrorCode.INSUFFICIENT_BALANCE,
      `Redeeming ${input.points} points needs more than the ${Math.max(0, usable)} usable`,
      {
        details: { requested: input.points, usable: Math.max(0, usable) },
      },
    );
  }
  return {
    type: 'redeem',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: input.memberId,
    redemptionId: `red-${state.length}`,
    reference: input.reference,
    points: input.points,
    consumed: take(lots, input.points),
    postings: postings([
      [account.available(input.memberId), -input.points],
      ['programme:redeemed', input.points],
    ]),
  };
}

export function refundPayload(
  state: LedgerState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; transactionId: string; refundFen: number },
): RefundPayload {
  const accrual = state.accruals.get(input.transactionId);
  if (accrual === undefined)
    throw new PointsError(PointsErrorCode.UNKNOWN_REFERENCE, `No accrual for transaction "${input.transactionId.slice(0, 64)}"`);
  if (input.refundFen === 0) throw new PointsError(PointsErrorCode.INVALID_AMOUNT, 'refundFen must be positive');
  const refunded = accrual.refundedFen + input.refundFen;
  if (refunded > accrual.refundableFen) {
    throw new PointsError(
      PointsErrorCode.REFUND_EXCEEDS_ORIGINAL,
      `Refunding ${input.refundFen} fen would exceed the ${accrual.refundableFen - accrual.refundedFen} fen still refundable on "${accrual.transactionId}"`,
      { details: { transactionId: accrual.transactionId } },
    );
  }
  const points = proportional(accrual.points, refunded, accrual) - accrual.reversedPoints;
  const qualifying = proportional(accrual.qualifyingPoints, refunded, accrual) - accrual.reversedQualifying;
  const own = state.lots.get(accrual.lotId) as Lot;
  const fromOwn = Math.min(own.remaining, points);
  const fromLots: LotMovement[] = fromOwn > 0 ? [{ lotId: own.id, points: fromOwn }] : [];
  let shortfall = points - fromOwn;
  let clawedBack = 0;
  let debt = 0;
  let forgiven = 0;
  if (shortfall > 0 && config.refundPolicy.whenSpent === 'clawback') {
    const others = usableLots(state, accrual.memberId, input.at.getTime()).filter((l) => l.id !== own.id);
    let available = 0;
    for (const l of others) available += l.remaining;
    clawedBack = Math.min(shortfall, config.refundPolicy.limit ?? Number.POSITIVE_INFINITY, available);
    fromLots.push(...take(others, clawedBack));
    forgiven = shortfall - clawedBack;
    shortfall = 0;
  }
  debt = shortfall;
  const pendingPart = own.status === 'pending' ? fromOwn : 0;
  const availablePart = fromOwn - pendingPart + clawedBack + debt;
  return {
    type: 'refund',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: accrual.memberId,
    transactionId: accrual.transactionId,
    refundFen: input.refundFen,
    points,
    qualifyingPoints: qualifying,
    fromLots,
    clawedBack,
    debt,
    forgiven,
    postings: postings([
      [account.pending(accrual.memberId), -pendingPart],
      [account.available(accrual.memberId), -availablePart],
      ['programme:reversed', pendingPart + availablePart],
    ]),
  };
}

/** Cumulative proportional reversal: after refunding everything, exactly everything is reversed. */
function proportional(points: number, refundedFen: number, accrual: Accrual): number {
  return mulDiv(points, refundedFen, accrual.refundableFen, 'floor');
}

export function refundRedemptionPayload(
  state: LedgerState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; redemptionId: string; restore: 'original-expiry' | 'new-expiry' },
): LedgerPayload {
  const redemption = state.redemptions.get(input.redemptionId) as Redemption | undefined;
  if (redemption === undefined)
    throw new PointsError(PointsErrorCode.UNKNOWN_REFERENCE, `No redemption "${input.redemptionId.slice(0, 64)}"`);
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
    memberId: redemption.memberId,
    redemptionId: redemption.redemptionId,
    points: redemption.points,
    restored: fresh ? [] : redemption.consumed,
    newLot: fresh ? { lotId: `lot-${state.length}`, expiresAt: expires === null ? null : expires.toISOString() } : null,
    postings: postings([
      [account.available(redemption.memberId), redemption.points],
      ['programme:redeemed', -redemption.points],
    ]),
  };
}

/** Expires every active lot whose expiry has passed; `undefined` when there is nothing to do (idempotent). */
export function expirePayload(state: LedgerState, at: Date): LedgerPayload | undefined {
  const lots: Array<LotMovement & { memberId: string }> = [];
  const list: Array<[string, number]> = [];
  let total = 0;
  for (const lot of state.lots.values()) {
    if (lot.status !== 'active' || lot.remaining === 0 || lot.expiresAt === null || Date.parse(lot.expiresAt) > at.getTime()) continue;
    lots.push({ lotId: lot.id, points: lot.remaining, memberId: lot.memberId });
    list.push([account.available(lot.memberId), -lot.remaining]);
    total += lot.remaining;
  }
  if (lots.length === 0) return undefined;
  return { type: 'expire', at: at.toISOString(), lots, postings: postings([...list, ['programme:expired', total]]) };
}

/** Activates pending lots whose return window has ended; `undefined` when there is nothing to do. */
export function activatePayload(state: LedgerState, at: Date): LedgerPayload | undefined {
  const lots: Array<LotMovement & { memberId: string }> = [];
  const list: Array<[string, number]> = [];
  for (const lot of state.lots.values()) {
    if (lot.status !== 'pending' || Date.parse(lot.pendingUntil as string) > at.getTime()) continue;
    lots.push({ lotId: lot.id, points: lot.remaining, memberId: lot.memberId });
    list.push([account.pending(lot.memberId), -lot.remaining], [account.available(lot.memberId), lot.remaining]);
  }
  if (lots.length === 0) return undefined;
  return { type: 'activate', at: at.toISOString(), lots, postings: postings(list) };
}
