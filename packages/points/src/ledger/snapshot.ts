import type { Json } from '@aisle/core';
import { type Accrual, emptyMember, type LotState, type MemberState, type Redemption, type RuleUse } from './state';
import type { LotMovement } from './types';

/** The snapshot format this code writes and reads; any other is ignored and the stream replayed. */
export const SNAPSHOT_FORMAT = 'points-member-v2';

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
    archived: state.archived,
    // Rows as tuples, not objects: the snapshot is written with every append, so its size matters.
    lots: [...state.lots.values()].map((l) => [
      l.id,
      l.points,
      l.remaining,
      l.status,
      l.earnedAt,
      l.expiresAt,
      l.pendingUntil,
      l.source,
      l.expiries,
    ]),
    accruals: [...state.accruals.values()].map((a) => [
      a.transactionId,
      a.key,
      a.lotId,
      a.points,
      a.qualifyingPoints,
      a.refundableFen,
      a.receiptFen,
      a.at,
      a.refundedFen,
      a.refundedReceiptFen,
      a.reversedPoints,
      a.reversedQualifying,
    ]),
    redemptions: [...state.redemptions.values()].map((r) => [
      r.redemptionId,
      r.points,
      r.refunded,
      r.at,
      r.consumed.map((m) => [m.lotId, m.points]),
    ]),
    keys: [...state.keys].map(([key, k]) => [key, k.fingerprint, k.seq, k.at]),
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
    if (typeof snapshot.archived !== 'boolean') return undefined;
    s.archived = snapshot.archived;
    for (const item of list(snapshot.lots)) {
      const [id, points, remaining, status, earnedAt, expiresAt, pendingUntil, source, expiries] = list(item);
      if (status !== 'pending' && status !== 'active') return undefined;
      const lot: LotState = {
        id: str(id),
        points: int(points),
        remaining: int(remaining),
        status,
        earnedAt: str(earnedAt),
        expiresAt: strOrNull(expiresAt),
        pendingUntil: strOrNull(pendingUntil),
        source: str(source),
        expiries: int(expiries),
      };
      s.lots.set(lot.id, lot);
    }
    for (const item of list(snapshot.accruals)) {
      const a = list(item);
      const accrual: Accrual = {
        transactionId: str(a[0]),
        key: str(a[1]),
        lotId: str(a[2]),
        points: int(a[3]),
        qualifyingPoints: int(a[4]),
        refundableFen: int(a[5]),
        receiptFen: intOrNull(a[6]),
        at: str(a[7]),
        refundedFen: int(a[8]),
        refundedReceiptFen: int(a[9]),
        reversedPoints: int(a[10]),
        reversedQualifying: int(a[11]),
      };
      s.accruals.set(accrual.transactionId, accrual);
    }
    for (const item of list(snapshot.redemptions)) {
      const [redemptionId, points, refunded, at, consumed] = list(item);
      const moved: LotMovement[] = list(consumed).map((m) => ({ lotId: str(list(m)[0]), points: int(list(m)[1]) }));
      const redemption: Redemption = {
        redemptionId: str(redemptionId),
        points: int(points),
        consumed: moved,
        at: str(at),
        refunded: refunded === true,
      };
      s.redemptions.set(redemption.redemptionId, redemption);
    }
    for (const item of list(snapshot.keys)) {
      const [key, fingerprint, seq, at] = list(item);
      s.keys.set(str(key), { fingerprint: str(fingerprint), seq: int(seq), at: str(at) });
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
