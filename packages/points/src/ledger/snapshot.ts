import type { Json } from '@aisle/core';
import { type Accrual, emptyMember, type LotState, type MemberState, type Redemption, type RuleUse } from './state';
import type { LotMovement } from './types';

/** The snapshot format this code writes and reads; any other is ignored and the stream replayed. */
export const SNAPSHOT_FORMAT = 'points-member-v1';

/**
 * The member's folded state as plain JSON, written with every append (`AppendOptions.snapshot`)
 * so the next operation needs one indexed read instead of a replay. Derived data, not hash
 * covered: `reconcile` replays every stream and reports a snapshot that differs.
 */
export function toSnapshot(state: MemberState): Json {
  return {
    format: SNAPSHOT_FORMAT,
    memberId: state.memberId,
    version: state.version,
    lastAt: state.lastAt,
    lastDate: state.lastDate,
    debt: state.debt,
    available: state.available,
    pending: state.pending,
    lots: [...state.lots.values()].map((l) => ({
      id: l.id,
      points: l.points,
      remaining: l.remaining,
      status: l.status,
      earnedAt: l.earnedAt,
      expiresAt: l.expiresAt,
      pendingUntil: l.pendingUntil,
      source: l.source,
      expiries: l.expiries,
    })),
    accruals: [...state.accruals.values()].map((a) => ({ ...a })),
    redemptions: [...state.redemptions.values()].map((r) => ({
      redemptionId: r.redemptionId,
      points: r.points,
      consumed: r.consumed.map((m) => ({ lotId: m.lotId, points: m.points })),
      refunded: r.refunded,
    })),
    keys: [...state.keys].map(([key, k]) => [key, k.fingerprint, k.seq]),
    qualifying: state.qualifying.map((q) => [...q]),
    usage: [...state.usage].map(([ruleId, u]) => [ruleId, u.campaign, [...u.days], [...u.months]]),
  };
}

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw new TypeError('not a list');
  return v;
};
const int = (v: unknown): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError('not an integer');
  return v;
};
const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new TypeError('not a string');
  return v;
};
const strOrNull = (v: unknown): string | null => (v === null ? null : str(v));
const intOrNull = (v: unknown): number | null => (v === null ? null : int(v));
const row = (v: unknown): Row => {
  if (!isRow(v)) throw new TypeError('not an object');
  return v;
};
const pairs = (v: unknown): Map<string, number> => new Map(list(v).map((p) => [str(list(p)[0]), int(list(p)[1])]));

/**
 * Reads a stored snapshot back into a state, or `undefined` when it is not one this code wrote
 * for this member (another format, another member, malformed): the caller then replays the stream.
 */
export function fromSnapshot(memberId: string, snapshot: Json | undefined, version: number): MemberState | undefined {
  if (!isRow(snapshot) || snapshot.format !== SNAPSHOT_FORMAT || snapshot.memberId !== memberId || snapshot.version !== version) {
    return undefined;
  }
  try {
    const s = emptyMember(memberId);
    s.version = version;
    s.lastAt = strOrNull(snapshot.lastAt);
    s.lastDate = strOrNull(snapshot.lastDate);
    s.debt = int(snapshot.debt);
    s.available = int(snapshot.available);
    s.pending = int(snapshot.pending);
    for (const item of list(snapshot.lots)) {
      const l = row(item);
      const status = l.status === 'pending' ? 'pending' : l.status === 'active' ? 'active' : undefined;
      if (status === undefined) return undefined;
      const lot: LotState = {
        id: str(l.id),
        points: int(l.points),
        remaining: int(l.remaining),
        status,
        earnedAt: str(l.earnedAt),
        expiresAt: strOrNull(l.expiresAt),
        pendingUntil: strOrNull(l.pendingUntil),
        source: str(l.source),
        expiries: int(l.expiries),
      };
      s.lots.set(lot.id, lot);
    }
    for (const item of list(snapshot.accruals)) {
      const a = row(item);
      const accrual: Accrual = {
        transactionId: str(a.transactionId),
        key: str(a.key),
        lotId: str(a.lotId),
        points: int(a.points),
        qualifyingPoints: int(a.qualifyingPoints),
        refundableFen: int(a.refundableFen),
        receiptFen: intOrNull(a.receiptFen),
        refundedFen: int(a.refundedFen),
        refundedReceiptFen: int(a.refundedReceiptFen),
        reversedPoints: int(a.reversedPoints),
        reversedQualifying: int(a.reversedQualifying),
      };
      s.accruals.set(accrual.transactionId, accrual);
    }
    for (const item of list(snapshot.redemptions)) {
      const r = row(item);
      const consumed: LotMovement[] = list(r.consumed).map((m) => ({ lotId: str(row(m).lotId), points: int(row(m).points) }));
      const redemption: Redemption = { redemptionId: str(r.redemptionId), points: int(r.points), consumed, refunded: r.refunded === true };
      s.redemptions.set(redemption.redemptionId, redemption);
    }
    for (const item of list(snapshot.keys)) {
      const [key, fingerprint, seq] = list(item);
      s.keys.set(str(key), { fingerprint: str(fingerprint), seq: int(seq) });
    }
    for (const item of list(snapshot.qualifying)) {
      const [at, spend, points] = list(item);
      s.qualifying.push([int(at), int(spend), int(points)]);
    }
    for (const item of list(snapshot.usage)) {
      const [ruleId, campaign, days, months] = list(item);
      const use: RuleUse = { campaign: int(campaign), days: pairs(days), months: pairs(months) };
      s.usage.set(str(ruleId), use);
    }
    return s;
  } catch {
    return undefined;
  }
}
