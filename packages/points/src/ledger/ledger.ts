import {
  AisleError,
  addLocal,
  assertTimeZone,
  CoreErrorCode,
  createCheckpoint,
  isTimeZone,
  type StreamEntry,
  toInstant,
  verifyStore,
} from '@aisle/core';
import { checkAmount, PointsError, PointsErrorCode } from '../errors';
import { businessDate } from '../internal/calendar';
import type { Ledger, LedgerOptions, LedgerResult } from './api';
import { checkContributions } from './check-request';
import { budgetKey, checkConfig, checkHold, type LedgerConfig, MEMBER_STREAM_PREFIX } from './config';
import { decideRedeem, decideRefund, decideRefundRedemption, fingerprint, replayed } from './decide';
import { decideEarn } from './decide-earn';
import { runDue } from './jobs';
import { loadMember, MemberCache, memberStreamId, type Outcome, runMember } from './member-stream';
import { reconcile } from './reconcile';
import type { Accrual, MemberState } from './state';
import type { EarnPayload, LedgerPayload, Lot, RedeemPayload, RefundPayload, RefundRedemptionPayload } from './types';

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

function keyConflict(memberId: string, key: string): PointsError {
  return new PointsError(
    PointsErrorCode.IDEMPOTENCY_CONFLICT,
    `Idempotency key "${key.slice(0, 64)}" was already used for a different request of member "${memberId.slice(0, 64)}"`,
    { details: { key: key.slice(0, 64) } },
  );
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
  const cacheSize = options.memberCache ?? 0;
  if (!Number.isInteger(cacheSize) || cacheSize < 0 || cacheSize > MAX_MEMBER_CACHE)
    throw new RangeError(`memberCache must be a whole number from 0 to ${MAX_MEMBER_CACHE}, got ${cacheSize}`);
  // What this ledger last wrote per member, for the next operation's first attempt (see MemberCache).
  const cache = cacheSize === 0 ? undefined : new MemberCache(cacheSize);
  const snapshotEvery = options.snapshotEvery === undefined ? 'auto' : options.snapshotEvery;
  if (snapshotEvery !== 'auto' && (!Number.isInteger(snapshotEvery) || snapshotEvery < 1 || snapshotEvery > MAX_SNAPSHOT_EVERY)) {
    throw new RangeError(
      `snapshotEvery must be 'auto' or a whole number from 1 to ${MAX_SNAPSHOT_EVERY}, got ${typeof snapshotEvery === 'string' ? JSON.stringify(String(snapshotEvery).slice(0, 20)) : snapshotEvery}`,
    );
  }

  async function keyed<P extends LedgerPayload>(
    memberId: string,
    key: string,
    request: string,
    decide: (
      state: MemberState,
      history: ReadonlyArray<StreamEntry<LedgerPayload>> | undefined,
    ) => Omit<Outcome<number | undefined>, 'result'>,
    withHistory = false,
  ): Promise<LedgerResult<P>> {
    // Set when the key is not in the state but older keys were dropped from it (KEY_DAYS): a
    // decision that fails may then be a replay of an old request, looked up in the stream.
    let unsure = false;
    let outcome: Awaited<ReturnType<typeof runMember<number | undefined>>>;
    try {
      outcome = await runMember(
        store,
        memberId,
        (state, history) => {
          const seq = replayed(state, key, request);
          if (seq !== undefined) return { entries: [], result: seq };
          unsure = state.archived;
          // The store's own key catches a replay the state no longer remembers; nothing is written twice.
          const idempotency = { scope: `points:key:${memberId}`, key, fingerprint: request };
          return { ...decide(state, history), idempotency, result: undefined };
        },
        maxAttempts,
        withHistory,
        cache,
        snapshotEvery,
      );
    } catch (error) {
      if (AisleError.isInstance(error, CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT)) throw keyConflict(memberId, key);
      if (unsure && error instanceof PointsError) {
        const original = await findKeyed<P>(memberId, key);
        if (original !== undefined) {
          if ((original.data as { request: string }).request !== request) throw keyConflict(memberId, key);
          return { entry: original, replayed: true };
        }
      }
      throw error;
    }
    const { result, append } = outcome;
    if (result !== undefined) {
      const slice = await store.read<LedgerPayload>(memberStreamId(memberId), { from: result, limit: 1 });
      return { entry: slice.entries[0] as StreamEntry<P>, replayed: true };
    }
    const written = append as NonNullable<typeof append>;
    return { entry: written.entries[0] as StreamEntry<P>, replayed: written.duplicate };
  }

  /** The entry an old idempotency key wrote, read from the member's stream (rare: past KEY_DAYS and the decision failed). */
  async function findKeyed<P extends LedgerPayload>(memberId: string, key: string): Promise<StreamEntry<P> | undefined> {
    const slice = await store.read<LedgerPayload>(memberStreamId(memberId));
    for (const entry of slice.entries) if ('key' in entry.data && entry.data.key === key) return entry as StreamEntry<P>;
    return undefined;
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
      checkContributions(e.contributions);
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
              // One earn entry per transaction, ever: the store refuses the id again even after the
              // accrual left the state (ACCRUAL_DAYS).
              return { entries: [{ id: `earn:${transactionId}`, type: 'earn', data: payload }], counters };
            });
          } catch (error) {
            if (AisleError.isInstance(error, CoreErrorCode.STORE_DUPLICATE_ID)) {
              throw new PointsError(
                PointsErrorCode.DUPLICATE_TRANSACTION,
                `Transaction "${transactionId.slice(0, 64)}" already earned points`,
                { details: { transactionId: transactionId.slice(0, 64) } },
              );
            }
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
      const reference = request.reference === undefined ? null : requireText(request.reference, 'reference');
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
      const decide = (s: MemberState, history: ReadonlyArray<StreamEntry<LedgerPayload>> | undefined) => {
        if (!s.accruals.has(transactionId) && s.archived) {
          if (history === undefined) throw NEEDS_HISTORY;
          const accrual = archivedAccrual(history, transactionId);
          if (accrual !== undefined) s.accruals.set(transactionId, accrual);
        }
        return {
          entries: [
            {
              id: keyedId('refund', req),
              type: 'refund',
              data: decideRefund(s, config, { key, request: req, at, transactionId, refundFen, receiptFen }),
            },
          ],
        };
      };
      // A transaction older than ACCRUAL_DAYS is no longer in the state: decide from the stream.
      return keyed<RefundPayload>(memberId, key, req, decide).catch((error: unknown) => {
        if (error !== NEEDS_HISTORY) throw error;
        return keyed<RefundPayload>(memberId, key, req, decide, true);
      });
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
      return runDue({ store, at: job.at, limit: job.limit, concurrency: job.concurrency, maxAttempts });
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

const NEEDS_HISTORY = Symbol('points.needs-history');

/**
 * The largest `LedgerOptions.memberCache`. A kept member costs its folded state as objects
 * (measured for the snapshot objects kept before, no smaller: about 2 KB of heap with one lot,
 * 8.5 KB with ten and 23 KB with thirty).
 */
const MAX_MEMBER_CACHE = 100_000;
/** The largest fixed `LedgerOptions.snapshotEvery`. */
const MAX_SNAPSHOT_EVERY = 1000;

/** An accrual past the retention window, rebuilt from its earn entry and the refunds after it. */
function archivedAccrual(history: ReadonlyArray<StreamEntry<LedgerPayload>>, transactionId: string): Accrual | undefined {
  let accrual: Accrual | undefined;
  for (const { data: p } of history) {
    if (p.type === 'earn' && p.transactionId === transactionId) {
      accrual = {
        transactionId,
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
      };
    } else if (p.type === 'refund' && p.transactionId === transactionId && accrual !== undefined) {
      accrual.refundedFen += p.refundFen;
      accrual.refundedReceiptFen += p.receiptFen ?? 0;
      accrual.reversedPoints += p.points;
      accrual.reversedQualifying += p.qualifyingPoints;
    }
  }
  return accrual;
}

function assertZone(zone: string): string {
  // Core's zone rules: the runtime's Intl, an injected provider, or the bundled Chinese zones.
  if (isTimeZone(zone)) return zone;
  let why = '';
  try {
    assertTimeZone(zone);
  } catch (error) {
    if (error instanceof Error) why = ` (${error.message})`;
  }
  throw new PointsError(
    PointsErrorCode.UNKNOWN_STORE,
    `store.zone: expected an IANA time zone, received "${String(zone).slice(0, 64)}"${why}`,
  );
}
