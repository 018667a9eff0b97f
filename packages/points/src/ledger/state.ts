import { AisleError, CoreErrorCode } from '@aisle/core';
import type { LedgerPayload, LotMovement } from './types';

/**
 * @internal A lot inside a member's folded state. Mutable: the state is a private working copy of
 * one operation (made from the stored snapshot), never shared between operations.
 */
export interface LotState {
  readonly id: string;
  readonly points: number;
  remaining: number;
  status: 'pending' | 'active';
  readonly earnedAt: string;
  readonly expiresAt: string | null;
  readonly pendingUntil: string | null;
  readonly source: string;
  /** How many `expire` entries this lot has had (a restored redemption can expire again). */
  expiries: number;
}

/** @internal What the ledger remembers about one accrual, for proportional refunds. */
export interface Accrual {
  readonly transactionId: string;
  readonly key: string;
  readonly lotId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly refundableFen: number;
  readonly receiptFen: number | null;
  /** The earn's instant: the accrual is kept in the state for {@link ACCRUAL_DAYS} after it. */
  readonly at: string;
  refundedFen: number;
  refundedReceiptFen: number;
  reversedPoints: number;
  reversedQualifying: number;
}

/** @internal */
export interface Redemption {
  readonly redemptionId: string;
  readonly points: number;
  readonly consumed: readonly LotMovement[];
  /** The redemption's instant: kept in the state for {@link REDEMPTION_DAYS} after it. */
  readonly at: string;
  refunded: boolean;
}

/** @internal An idempotency key the state remembers (for {@link KEY_DAYS} after its operation). */
export interface KeyUse {
  readonly fingerprint: string;
  readonly seq: number;
  readonly at: string;
}

/** @internal Points one rule granted this member: in total, per business date and per month (recent ones only). */
export interface RuleUse {
  campaign: number;
  readonly days: Map<string, number>;
  readonly months: Map<string, number>;
}

/**
 * @internal A member's ledger state: a pure fold of the member's stream. Everything keyed by
 * caller text (lot, transaction, redemption ids, idempotency keys, rule ids) lives in `Map`s.
 */
export interface MemberState {
  readonly memberId: string;
  /** Entries folded (the stream version this state describes). */
  version: number;
  /** The newest instant a caller stated (earn, redeem, refund), for the backdating policy. */
  lastAt: string | null;
  /** The newest business date earned on (usage older than a window is dropped). */
  lastDate: string | null;
  debt: number;
  available: number;
  pending: number;
  readonly lots: Map<string, LotState>;
  readonly accruals: Map<string, Accrual>;
  readonly redemptions: Map<string, Redemption>;
  readonly keys: Map<string, KeyUse>;
  /**
   * True once the retention windows dropped an accrual, a redemption or a key from the state:
   * older ones are then answered from the stream itself (see `retention` in the README).
   */
  archived: boolean;
  /** Tier-qualifying history: [instant ms, spend fen, qualifying points] (refunds negative). */
  readonly qualifying: Array<[number, number, number]>;
  readonly usage: Map<string, RuleUse>;
}

const DAY_MS = 86_400_000;

/**
 * Retention windows of the folded state, in days before the member's newest operation (`lastAt`).
 * They bound the snapshot written with every append by the member's recent activity instead of
 * their whole history. They are part of the fold (replay and snapshot agree), so they are
 * constants, not options:
 * - accruals (the facts a refund needs) for `ACCRUAL_DAYS`; a refund of an older transaction is
 *   decided from the earn and refund entries read back from the member's stream;
 * - redemptions for `REDEMPTION_DAYS`; an older redemption cannot be refunded (`POINTS_UNKNOWN_REFERENCE`);
 * - idempotency keys for `KEY_DAYS`; an older replay is caught by the store's own idempotency key
 *   (scope `points:key:{memberId}`), or, when the decision fails first, found in the stream;
 * - tier-qualifying history for `QUALIFYING_DAYS` (rolling 12-month qualification stays exact
 *   for instants up to a year before the newest operation);
 * - lots while they hold points, are pending, or belong to a kept accrual or unrefunded redemption.
 */
export const ACCRUAL_DAYS = 100;
/** @see ACCRUAL_DAYS */
export const REDEMPTION_DAYS = 180;
/** @see ACCRUAL_DAYS */
export const KEY_DAYS = 35;
/** @see ACCRUAL_DAYS */
export const QUALIFYING_DAYS = 740;

/**
 * The ledger's retention windows, in days before a member's newest operation: how long the
 * member's snapshot keeps accruals (refund facts), redemptions, idempotency keys and
 * tier-qualifying history. Older refunds are decided from the member's stream, older key
 * replays are caught by the store's idempotency keys, and older redemptions cannot be refunded.
 *
 * @example
 * ```ts
 * import { LEDGER_RETENTION } from '@aisle/points';
 * LEDGER_RETENTION.keyDays; // 35
 * ```
 */
export const LEDGER_RETENTION: {
  readonly accrualDays: number;
  readonly redemptionDays: number;
  readonly keyDays: number;
  readonly qualifyingDays: number;
} = Object.freeze({ accrualDays: ACCRUAL_DAYS, redemptionDays: REDEMPTION_DAYS, keyDays: KEY_DAYS, qualifyingDays: QUALIFYING_DAYS });

/** Per-day usage older than this many days before the newest business date is dropped (the backdating window is at most 31). */
export const USAGE_DAYS = 62;
/** Per-month usage older than this many months before the newest business date is dropped. */
export const USAGE_MONTHS = 13;

export function emptyMember(memberId: string): MemberState {
  return {
    memberId,
    version: 0,
    lastAt: null,
    lastDate: null,
    debt: 0,
    available: 0,
    pending: 0,
    lots: new Map(),
    accruals: new Map(),
    redemptions: new Map(),
    keys: new Map(),
    archived: false,
    qualifying: [],
    usage: new Map(),
  };
}

/** Thrown when stored entries cannot be folded: the one broken-chain code, with the package context. */
export function replayError(state: MemberState, seq: number, message: string): AisleError {
  return new AisleError(CoreErrorCode.CHAIN_BROKEN, `Member "${state.memberId.slice(0, 64)}" entry ${seq} does not replay: ${message}`, {
    details: { context: 'points', memberId: state.memberId.slice(0, 64), index: seq, reason: 'replay' },
  });
}

function lotOf(state: MemberState, seq: number, id: string): LotState {
  const found = state.lots.get(id);
  if (found === undefined) throw replayError(state, seq, `unknown lot ${id}`);
  return found;
}

/** A lot that becomes active pays off the member's negative balance first. */
function settle(state: MemberState, target: LotState): void {
  if (state.debt === 0 || target.status !== 'active') return;
  const paid = Math.min(state.debt, target.remaining);
  target.remaining -= paid;
  state.debt -= paid;
}

function later(a: string | null, b: string): string {
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
}

function recordUsage(state: MemberState, date: string, rulePoints: Readonly<Record<string, number>>): void {
  const month = date.slice(0, 7);
  for (const ruleId of Object.keys(rulePoints)) {
    const points = rulePoints[ruleId] as number;
    let use = state.usage.get(ruleId);
    if (use === undefined) {
      use = { campaign: 0, days: new Map(), months: new Map() };
      state.usage.set(ruleId, use);
    }
    use.campaign += points;
    use.days.set(date, (use.days.get(date) ?? 0) + points);
    use.months.set(month, (use.months.get(month) ?? 0) + points);
  }
  state.lastDate = state.lastDate === null || date > state.lastDate ? date : state.lastDate;
  const newest = state.lastDate;
  for (const use of state.usage.values()) {
    for (const d of use.days.keys()) if (daysBetween(d, newest) > USAGE_DAYS) use.days.delete(d);
    for (const m of use.months.keys()) if (monthIndex(newest.slice(0, 7)) - monthIndex(m) > USAGE_MONTHS) use.months.delete(m);
  }
}

function post(state: MemberState, payload: LedgerPayload): void {
  const available = `member:${state.memberId}:available`;
  const pending = `member:${state.memberId}:pending`;
  for (const p of payload.postings) {
    if (p.account === available) state.available += p.points;
    else if (p.account === pending) state.pending += p.points;
  }
}

/**
 * Drops what the retention windows no longer need (see {@link ACCRUAL_DAYS}). Runs after every
 * keyed entry, on replay and on decision alike, so a snapshot always equals the replay.
 */
function prune(state: MemberState): void {
  if (state.lastAt === null) return;
  const now = Date.parse(state.lastAt);
  const accrualCut = now - ACCRUAL_DAYS * DAY_MS;
  const redemptionCut = now - REDEMPTION_DAYS * DAY_MS;
  const keyCut = now - KEY_DAYS * DAY_MS;
  const qualifyingCut = now - QUALIFYING_DAYS * DAY_MS;
  for (const [id, a] of state.accruals) {
    if (Date.parse(a.at) < accrualCut) {
      state.accruals.delete(id);
      state.archived = true;
    }
  }
  for (const [id, r] of state.redemptions) {
    if (Date.parse(r.at) < redemptionCut) {
      state.redemptions.delete(id);
      state.archived = true;
    }
  }
  for (const [key, k] of state.keys) {
    if (Date.parse(k.at) < keyCut) {
      state.keys.delete(key);
      state.archived = true;
    }
  }
  if (state.qualifying.some((q) => q[0] < qualifyingCut)) {
    const kept = state.qualifying.filter((q) => q[0] >= qualifyingCut);
    state.qualifying.length = 0;
    state.qualifying.push(...kept);
  }
  // Spent lots are dropped unless a kept accrual (its own lot, for refunds) or an unrefunded
  // redemption (restored to its original lots) still names them.
  const needed = new Set<string>();
  for (const a of state.accruals.values()) needed.add(a.lotId);
  for (const r of state.redemptions.values()) if (!r.refunded) for (const m of r.consumed) needed.add(m.lotId);
  for (const [id, lot] of state.lots) {
    if (lot.remaining === 0 && lot.status === 'active' && !needed.has(id)) state.lots.delete(id);
  }
}

/**
 * Folds one entry of the member's stream into the state (the only way the state changes). Pure
 * apart from updating `state` in place; throws `CORE_CHAIN_BROKEN` when the entry cannot follow.
 */
export function foldEntry(state: MemberState, seq: number, p: LedgerPayload): MemberState {
  if (seq !== state.version) throw replayError(state, seq, `expected entry ${state.version}`);
  if (p.memberId !== state.memberId) throw replayError(state, seq, 'the entry names another member');
  post(state, p);
  switch (p.type) {
    case 'earn': {
      const lot: LotState = {
        id: p.lotId,
        points: p.points,
        remaining: p.points,
        status: p.pendingUntil === null ? 'active' : 'pending',
        earnedAt: p.at,
        expiresAt: p.expiresAt,
        pendingUntil: p.pendingUntil,
        source: p.transactionId,
        expiries: 0,
      };
      state.lots.set(lot.id, lot);
      settle(state, lot);
      state.accruals.set(p.transactionId, {
        transactionId: p.transactionId,
        key: p.key,
        lotId: p.lotId,
        points: p.points,
        qualifyingPoints: p.qualifyingPoints,
        refundableFen: p.refundableFen,
        receiptFen: p.receiptFen,
        at: p.at,
        refundedFen: 0,
        refundedReceiptFen: 0,
        reversedPoints: 0,
        reversedQualifying: 0,
      });
      state.qualifying.push([Date.parse(p.at), p.refundableFen, p.qualifyingPoints]);
      recordUsage(state, p.businessDate, p.rulePoints);
      break;
    }
    case 'redeem':
      for (const m of p.consumed) lotOf(state, seq, m.lotId).remaining -= m.points;
      state.redemptions.set(p.redemptionId, {
        redemptionId: p.redemptionId,
        points: p.points,
        consumed: p.consumed,
        at: p.at,
        refunded: false,
      });
      break;
    case 'refund': {
      const accrual = state.accruals.get(p.transactionId);
      // An accrual past its retention window is no longer in the state: the refund was decided
      // from the stream's own entries, and only its lot movements and debt change the state.
      if (accrual === undefined && !state.archived) throw replayError(state, seq, `refund of unknown transaction ${p.transactionId}`);
      for (const m of p.fromLots) lotOf(state, seq, m.lotId).remaining -= m.points;
      state.debt += p.debt;
      if (accrual !== undefined) {
        accrual.refundedFen += p.refundFen;
        accrual.refundedReceiptFen += p.receiptFen ?? 0;
        accrual.reversedPoints += p.points;
        accrual.reversedQualifying += p.qualifyingPoints;
      }
      state.qualifying.push([Date.parse(p.at), -p.refundFen, -p.qualifyingPoints]);
      break;
    }
    case 'refund-redemption': {
      const redemption = state.redemptions.get(p.redemptionId);
      if (redemption === undefined) throw replayError(state, seq, `refund of unknown redemption ${p.redemptionId}`);
      for (const m of p.restored) {
        const target = lotOf(state, seq, m.lotId);
        target.remaining += m.points;
        settle(state, target);
      }
      if (p.newLot !== null) {
        const lot: LotState = {
          id: p.newLot.lotId,
          points: p.points,
          remaining: p.points,
          status: 'active',
          earnedAt: p.at,
          expiresAt: p.newLot.expiresAt,
          pendingUntil: null,
          source: p.redemptionId,
          expiries: 0,
        };
        state.lots.set(lot.id, lot);
        settle(state, lot);
      }
      redemption.refunded = true;
      break;
    }
    case 'expire': {
      const lot = lotOf(state, seq, p.lotId);
      lot.remaining -= p.points;
      lot.expiries += 1;
      break;
    }
    case 'activate': {
      const lot = lotOf(state, seq, p.lotId);
      lot.status = 'active';
      settle(state, lot);
      break;
    }
    default:
      throw replayError(state, seq, 'unknown entry type');
  }
  if (p.type !== 'expire' && p.type !== 'activate') {
    state.keys.set(p.key, { fingerprint: p.request, seq, at: p.at });
    state.lastAt = later(state.lastAt, p.at);
    prune(state);
  }
  state.version = seq + 1;
  return state;
}

/** @internal A due-time index entry of one lot. */
export interface LotTimer {
  readonly key: string;
  readonly dueAt: string;
}

/** The timers a lot needs: activation while pending, expiry while it holds points that expire. */
export function timersOf(lot: LotState): LotTimer[] {
  if (lot.status === 'pending') return [{ key: `activate:${lot.id}`, dueAt: lot.pendingUntil as string }];
  if (lot.remaining > 0 && lot.expiresAt !== null) return [{ key: `expire:${lot.id}`, dueAt: lot.expiresAt }];
  return [];
}
