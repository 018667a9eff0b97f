import { addLocal, type CounterMove } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import { budgetKey, type LedgerConfig, shardLimit } from './config';
import { account, postings } from './decide';
import { expiryOf } from './expiry';
import type { MemberState } from './state';
import type { CapCut, EarnPayload } from './types';

const DAY = 86_400_000;

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
  // Rule ids are data: a null-prototype record, so a rule named `__proto__` is an own key (with
  // `{}` the assignment below would replace the prototype and the rule's points would vanish).
  const rulePoints: Record<string, number> = Object.create(null);
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
