import type { ChainEntry } from '@aisle/core';
import type { LedgerPayload, Lot, LotMovement } from './types';

/** @internal What the ledger remembers about one accrual, for proportional refunds. */
export interface Accrual {
  readonly transactionId: string;
  readonly memberId: string;
  readonly key: string;
  readonly lotId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly refundableFen: number;
  refundedFen: number;
  reversedPoints: number;
  reversedQualifying: number;
  readonly ruleVersions: Readonly<Record<string, number>>;
}

/** @internal */
export interface Redemption {
  readonly redemptionId: string;
  readonly memberId: string;
  readonly points: number;
  readonly consumed: readonly LotMovement[];
  refunded: boolean;
}

/** @internal */
export interface MemberState {
  debt: number;
  readonly lots: Lot[];
  /** Tier-qualifying history: spend and qualifying points by instant (refunds negative). */
  readonly qualifying: Array<{ readonly at: number; readonly spendFen: number; readonly points: number }>;
}

/** @internal The ledger's state: a pure fold of its entries. */
export interface LedgerState {
  length: number;
  head: string;
  readonly members: Map<string, MemberState>;
  readonly lots: Map<string, Lot>;
  readonly accruals: Map<string, Accrual>;
  readonly redemptions: Map<string, Redemption>;
  readonly keys: Map<string, { readonly request: string; readonly seq: number }>;
  readonly accounts: Map<string, number>;
  readonly entries: Array<ChainEntry<LedgerPayload>>;
}

export function emptyState(): LedgerState {
  return {
    length: 0,
    head: '',
    members: new Map(),
    lots: new Map(),
    accruals: new Map(),
    redemptions: new Map(),
    keys: new Map(),
    accounts: new Map(),
    entries: [],
  };
}

export function memberOf(state: LedgerState, memberId: string): MemberState {
  let member = state.members.get(memberId);
  if (member === undefined) {
    member = { debt: 0, lots: [], qualifying: [] };
    state.members.set(memberId, member);
  }
  return member;
}

function lot(state: LedgerState, id: string): Lot {
  const found = state.lots.get(id);
  if (found === undefined) throw new RangeError(`Ledger entry refers to unknown lot ${id}`);
  return found;
}

/** A lot that becomes active pays off the member's negative balance first. */
function settle(member: MemberState, target: Lot): void {
  if (member.debt === 0 || target.status !== 'active') return;
  const paid = Math.min(member.debt, target.remaining);
  target.remaining -= paid;
  member.debt -= paid;
}

function addLot(state: LedgerState, member: MemberState, created: Lot): void {
  state.lots.set(created.id, created);
  member.lots.push(created);
  settle(member, created);
}

/** Applies one committed entry to the state (the only way the state changes). */
export function applyEntry(state: LedgerState, entry: ChainEntry<LedgerPayload>): void {
  const p = entry.payload;
  for (const posting of p.postings) state.accounts.set(posting.account, (state.accounts.get(posting.account) ?? 0) + posting.points);
  switch (p.type) {
    case 'earn': {
      const member = memberOf(state, p.memberId);
      addLot(state, member, {
        id: p.lotId,
        memberId: p.memberId,
        points: p.points,
        remaining: p.points,
        status: p.pendingUntil === null ? 'active' : 'pending',
        earnedAt: p.at,
        expiresAt: p.expiresAt,
        pendingUntil: p.pendingUntil,
        source: p.transactionId,
      });
      state.accruals.set(p.transactionId, {
        transactionId: p.transactionId,
        memberId: p.memberId,
        key: p.key,
        lotId: p.lotId,
        points: p.points,
        qualifyingPoints: p.qualifyingPoints,
        refundableFen: p.refundableFen,
        refundedFen: 0,
        reversedPoints: 0,
        reversedQualifying: 0,
        ruleVersions: p.ruleVersions,
      });
      member.qualifying.push({ at: Date.parse(p.at), spendFen: p.refundableFen, points: p.qualifyingPoints });
      break;
    }
    case 'redeem':
      for (const m of p.consumed) lot(state, m.lotId).remaining -= m.points;
      state.redemptions.set(p.redemptionId, {
        redemptionId: p.redemptionId,
        memberId: p.memberId,
        points: p.points,
        consumed: p.consumed,
        refunded: false,
      });
      break;
    case 'refund': {
      const member = memberOf(state, p.memberId);
      for (const m of p.fromLots) lot(state, m.lotId).remaining -= m.points;
      member.debt += p.debt;
      const accrual = state.accruals.get(p.transactionId) as Accrual;
      accrual.refundedFen += p.refundFen;
      accrual.reversedPoints += p.points;
      accrual.reversedQualifying += p.qualifyingPoints;
      member.qualifying.push({ at: Date.parse(p.at), spendFen: -p.refundFen, points: -p.qualifyingPoints });
      break;
    }
    case 'refund-redemption': {
      const member = memberOf(state, p.memberId);
      for (const m of p.restored) {
        const target = lot(state, m.lotId);
        target.remaining += m.points;
        settle(member, target);
      }
      if (p.newLot !== null) {
        addLot(state, member, {
          id: p.newLot.lotId,
          memberId: p.memberId,
          points: p.points,
          remaining: p.points,
          status: 'active',
          earnedAt: p.at,
          expiresAt: p.newLot.expiresAt,
          pendingUntil: null,
          source: p.redemptionId,
        });
      }
      (state.redemptions.get(p.redemptionId) as Redemption).refunded = true;
      break;
    }
    case 'expire':
      for (const m of p.lots) lot(state, m.lotId).remaining -= m.points;
      break;
    default:
      for (const m of p.lots) {
        const target = lot(state, m.lotId);
        target.status = 'active';
        settle(memberOf(state, m.memberId), target);
      }
  }
  if ('key' in p) state.keys.set(p.key, { request: p.request, seq: entry.seq });
  state.entries.push(entry);
  state.length = entry.seq + 1;
  state.head = entry.hash;
}

export function accountOf(state: LedgerState, account: string): number {
  return state.accounts.get(account) ?? 0;
}
