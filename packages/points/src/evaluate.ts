import type { InstantInput } from '@aisle/core';
import { businessDate } from './internal/calendar';
import type { EvalContext, LineView } from './internal/context';
import { divideBig, mulDiv, type RoundingStep, roundStep } from './internal/rounding';
import { validateInput } from './internal/validate-input';
import { explain } from './explain';
import { type CompiledRule, type CompiledRules, internalsOf } from './rules/compile';
import type { Member, Store, Transaction } from './schemas';

/**
 * What a member has already used of capped rules, per rule id: this business day, this month,
 * this campaign, and the campaign's budget over all members. The ledger's owner (or `backtest`) tracks it.
 *
 * @example `{ 'wed-x2': { day: 300, month: 1200, campaign: 5000, budget: 900_000 } }`
 */
export interface RuleUsage {
  readonly [ruleId: string]: { readonly day?: number; readonly month?: number; readonly campaign?: number; readonly budget?: number };
}

/** @example `const input: EvaluateInput = { transaction, member, store, at: '2026-11-18T14:00:00+08:00' };` */
export interface EvaluateInput {
  readonly transaction: Transaction;
  readonly member: Member;
  readonly store: Store;
  /** When the receipt was issued; its business date in the store's zone drives calendar conditions. */
  readonly at: InstantInput;
  readonly usage?: RuleUsage;
}

/** @example `evaluate(compiled, input, { detail: 'points' })` */
export interface EvaluateOptions {
  /** `full` (default): lines, rounding steps and the zh-CN / en explanation; `points`: totals and per-rule points only. */
  readonly detail?: 'full' | 'points';
}

/** A line's share of a contribution. @example `{ lineId: 'l1', eligibleFen: 12_800 }` */
export interface ContributionLine {
  readonly lineId: string;
  readonly eligibleFen: number;
}

/**
 * One rule's contribution to an evaluation.
 *
 * @example `{ ruleId: 'base', ruleVersion: 1, effect: 'base', kind: 'points', eligibleFen: 12_800, points: 128, … }`
 */
export interface Contribution {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly effect: 'base' | 'multiplier' | 'fixed' | 'perItem' | 'topUpBonus' | 'tierCredit';
  /** `qualifying` contributions count toward tiers, not toward the balance. */
  readonly kind: 'points' | 'qualifying';
  readonly group?: string;
  readonly eligibleFen: number;
  readonly lines: readonly ContributionLine[];
  /** For base earn: the rate used (`points` per `perFen`). */
  readonly rate?: { readonly points: number; readonly perFen: number };
  /** Each multiplier applied, in order (a `multiply` group lists all of its rules). */
  readonly multipliers: ReadonlyArray<{ readonly ruleId: string; readonly factor: number }>;
  readonly rounding: readonly RoundingStep[];
  /** Points before caps. */
  readonly uncapped: number;
  readonly cappedBy?: 'perTransaction' | 'perDay' | 'perMonth' | 'perMemberPerCampaign' | 'campaignBudget';
  readonly points: number;
}

/** A rule that matched but gave nothing, and why. @example `{ ruleId: 'vip-x15', reason: 'group' }` */
export interface SkippedRule {
  readonly ruleId: string;
  readonly reason: 'once' | 'group' | 'superseded' | 'no-base' | 'no-tier' | 'zero';
}

/**
 * The result of `evaluate`: points, tier-qualifying points, one contribution per rule and an
 * explanation a clerk can read. Plain JSON: store it with the accrual.
 *
 * @example `evaluation.points; evaluation.explanation?.zh.join('\n');`
 */
export interface Evaluation {
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly transactionId: string;
  readonly memberId: string;
  readonly businessDate: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  /** Fen that earn (after stored value, points and gift-card tenders were taken out). */
  readonly eligibleFen: number;
  readonly contributions: readonly Contribution[];
  readonly skipped: readonly SkippedRule[];
  /** The version of each rule that contributed. */
  readonly ruleVersions: Readonly<Record<string, number>>;
  readonly explanation?: { readonly en: readonly string[]; readonly zh: readonly string[] };
}

interface Draft {
  rule: CompiledRule;
  scope: number[];
  eligibleFen: number;
  points: number;
  rounding: RoundingStep[];
  multipliers: Array<{ ruleId: string; factor: number }>;
  rate?: { points: number; perFen: number };
}

/**
 * Evaluates a transaction against compiled rules: synchronous, deterministic, exact.
 *
 * @throws `POINTS_INVALID_AMOUNT` for negative or fractional money, `POINTS_UNKNOWN_MEMBER`,
 * `POINTS_UNKNOWN_STORE`, `CORE_VALIDATION` for a malformed transaction, `CORE_INVALID_INSTANT`.
 *
 * @example
 * ```ts
 * import { compileRules, evaluate } from '@aisle/points';
 * const compiled = compileRules(ruleset);
 * const result = evaluate(compiled, {
 *   transaction: { id: 'R-1', kind: 'purchase', storeId: 'sh-001', channel: 'pos', totalFen: 12_800,
 *     lines: [{ id: 'l1', sku: 'A', quantity: 1, amountFen: 12_800 }], tenders: [{ method: 'wechat-pay', amountFen: 12_800 }] },
 *   member: { id: 'm-1', tier: 'silver' },
 *   store: { id: 'sh-001', zone: 'Asia/Shanghai' },
 *   at: '2026-11-18T14:00:00+08:00',
 * });
 * result.points; // 256 on a Wednesday member day (×2)
 * ```
 */
export function evaluate(compiled: CompiledRules, input: EvaluateInput, options: EvaluateOptions = {}): Evaluation {
  const inner = internalsOf(compiled);
  const { transaction: tx, member, store } = input;
  const ms = validateInput(tx, member, store, input.at, inner.stores);
  const full = options.detail !== 'points';
  const lines = (tx.lines ?? []) as readonly LineView[];
  const tenders = tx.tenders ?? [];
  const eligible = allocate(lines, tenders, inner.nonEarning);
  let eligibleTotal = 0;
  for (const e of eligible) eligibleTotal += e;
  const ctx: EvalContext = {
    kind: tx.kind,
    storeId: tx.storeId,
    channel: tx.channel,
    totalFen: tx.totalFen,
    lines,
    tenders,
    eligible,
    eligibleTotal,
    tier: member.tier,
    tags: member.tags ?? [],
    birthday: member.birthday,
    joinedOn: member.joinedOn,
    purchaseCount: member.purchaseCount ?? 0,
    openedOn: store.openedOn,
    date: businessDate(ms, store.zone, store.dayStartsAtHour ?? 0),
  };
  const once = member.grantedOnce;
  const skipped: SkippedRule[] = [];
  const drafts: Draft[] = [];

  let base: Draft | undefined;
  for (const rule of inner.base) {
    if (once !== undefined && rule.rule.once === true && once.includes(rule.rule.id)) continue;
    if (!rule.test(ctx)) continue;
    if (base !== undefined) {
      if (full) skipped.push({ ruleId: rule.rule.id, reason: 'superseded' });
      continue;
    }
    const effect = rule.rule.effect as { points: number; perFen: number; rates?: Array<{ tier?: string; store?: string; points: number; perFen: number }> };
    const rate = effect.rates?.find((r) => (r.tier === undefined || r.tier === ctx.tier) && (r.store === undefined || r.store === ctx.storeId)) ?? effect;
    const scope = scopeOf(rule, ctx);
    const fen = sum(scope, eligible);
    base = {
      rule,
      scope,
      eligibleFen: fen,
      points: mulDiv(fen, rate.points, rate.perFen, rule.rounding),
      rounding: full ? [roundStep('base', fen, rate.points, rate.perFen, rule.rounding)] : [],
      multipliers: [],
      rate: { points: rate.points, perFen: rate.perFen },
    };
    drafts.push(base);
  }

  for (const rule of inner.others) {
    const r = rule.rule;
    if (r.once === true || r.effect.type === 'topUpBonus') {
      if (once?.includes(r.id)) {
        if (full && rule.test(ctx)) skipped.push({ ruleId: r.id, reason: 'once' });
        continue;
      }
    }
    if (!rule.test(ctx)) continue;
    const draft = effectOf(rule, ctx, base, full);
    if (typeof draft === 'string') {
      if (full) skipped.push({ ruleId: r.id, reason: draft });
      continue;
    }
    drafts.push(draft);
  }

  const contributions = stack(drafts, base, input.usage, ctx, full, skipped, inner.groupPriority);
  let points = 0;
  let qualifyingPoints = 0;
  const ruleVersions: Record<string, number> = {};
  for (const c of contributions) {
    if (c.kind === 'points') points += c.points;
    else qualifyingPoints += c.points;
    ruleVersions[c.ruleId] = c.ruleVersion;
    for (const m of c.multipliers) ruleVersions[m.ruleId] = compiled.ruleVersions[m.ruleId] as number;
  }
  const evaluation: Evaluation = {
    rulesetId: compiled.id,
    rulesetVersion: compiled.version,
    transactionId: tx.id,
    memberId: member.id,
    businessDate: ctx.date.iso,
    points,
    qualifyingPoints,
    eligibleFen: eligibleTotal,
    contributions,
    skipped,
    ruleVersions,
  };
  return full ? { ...evaluation, explanation: explain(evaluation, compiled) } : evaluation;
}

function effectOf(rule: CompiledRule, ctx: EvalContext, base: Draft | undefined, full: boolean): Draft | SkippedRule['reason'] {
  const r = rule.rule;
  const effect = r.effect;
  const draft = (scope: number[], fen: number, points: number, rounding: RoundingStep[] = []): Draft => ({
    rule,
    scope,
    eligibleFen: fen,
    points,
    rounding,
    multipliers: [],
  });
  switch (effect.type) {
    case 'multiplier': {
      if (base === undefined || base.rate === undefined) return 'no-base';
      const scope = rule.lines === undefined ? base.scope : base.scope.filter((i) => (rule.lines as (l: LineView) => boolean)(ctx.lines[i] as LineView));
      const fen = sum(scope, ctx.eligible);
      const { points: p, perFen } = base.rate;
      const extra = p * (rule.factor - 100);
      const d = draft(scope, fen, mulDiv(fen, extra, perFen * 100, rule.rounding));
      d.multipliers.push({ ruleId: r.id, factor: rule.factor / 100 });
      if (full) d.rounding.push(roundStep('multiplier', fen, extra, perFen * 100, rule.rounding));
      return d;
    }
    case 'fixed':
      return draft([], 0, effect.points);
    case 'perItem': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      if (effect.pointsPerUnit !== undefined) {
        let units = 0;
        for (const i of scope) units += (ctx.lines[i] as LineView).quantity;
        return draft(scope, fen, units * effect.pointsPerUnit);
      }
      const points = effect.points as number;
      const per = effect.perFen as number;
      return draft(scope, fen, mulDiv(fen, points, per, rule.rounding), full ? [roundStep('per-item', fen, points, per, rule.rounding)] : []);
    }
    case 'topUpBonus': {
      if (ctx.kind !== 'top-up') return 'zero';
      let best = 0;
      let bestMin = -1;
      for (const tier of effect.tiers) {
        if (tier.minFen <= ctx.totalFen && tier.minFen > bestMin) {
          best = tier.points;
          bestMin = tier.minFen;
        }
      }
      return best === 0 ? 'no-tier' : draft([], ctx.totalFen, best);
    }
    case 'tierCredit': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      return draft(
        scope,
        fen,
        mulDiv(fen, effect.points, effect.perFen, rule.rounding),
        full ? [roundStep('tier-credit', fen, effect.points, effect.perFen, rule.rounding)] : [],
      );
    }
    /* v8 ignore next 2: base rules are handled before this function */
    default:
      return 'superseded';
  }
}

function stack(
  drafts: Draft[],
  base: Draft | undefined,
  usage: EvaluateInput['usage'],
  ctx: EvalContext,
  full: boolean,
  skipped: SkippedRule[],
  groupPriority: ReadonlyMap<string, number>,
): Contribution[] {
  const out: Contribution[] = [];
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.rule.group === undefined) out.push(finish(d, usage, ctx, full));
    else {
      const list = groups.get(d.rule.group);
      if (list === undefined) groups.set(d.rule.group, [d]);
      else list.push(d);
    }
  }
  const ordered = [...groups].sort((a, b) => (groupPriority.get(b[0]) ?? 0) - (groupPriority.get(a[0]) ?? 0));
  for (const [, members] of ordered) {
    const mode = (members[0] as Draft).rule.mode;
    if (mode === 'sum') {
      for (const d of members) out.push(finish(d, usage, ctx, full));
      continue;
    }
    if (mode === 'multiply') {
      out.push(multiply(members, base as Draft, ctx, full));
      continue;
    }
    const finished = members.map((d) => finish(d, usage, ctx, full));
    let winner = finished[0] as Contribution;
    if (mode === 'max') for (const c of finished) if (c.points > winner.points) winner = c;
    out.push(winner);
    if (full) for (const c of finished) if (c !== winner) skipped.push({ ruleId: c.ruleId, reason: 'group' });
  }
  return out;
}

function multiply(members: Draft[], base: Draft, ctx: EvalContext, full: boolean): Contribution {
  const first = members[0] as Draft;
  const rate = base.rate as { points: number; perFen: number };
  const unit = 100n ** BigInt(members.length);
  let num = 0n;
  const scope: number[] = [];
  for (const i of base.scope) {
    let product = 1n;
    let touched = false;
    for (const m of members) {
      const inScope = m.rule.lines === undefined || m.rule.lines(ctx.lines[i] as LineView);
      product *= BigInt(inScope ? m.rule.factor : 100);
      touched ||= inScope;
    }
    if (!touched) continue;
    scope.push(i);
    num += BigInt(ctx.eligible[i] as number) * (product - unit);
  }
  const exact = num * BigInt(rate.points);
  const den = BigInt(rate.perFen) * unit;
  const points = Number(divideBig(exact, den, first.rule.rounding));
  const rounding: RoundingStep[] = full
    ? [{ stage: 'multiplier', mode: first.rule.rounding, exact: `${exact}/${den}`, value: points, residue: `${exact - BigInt(points) * den}/${den}` }]
    : [];
  return contribution(first, scope, sum(scope, ctx.eligible), points, points, rounding, members.flatMap((m) => m.multipliers), ctx, full, undefined);
}

const CAPS = ['perTransaction', 'perDay', 'perMonth', 'perMemberPerCampaign', 'campaignBudget'] as const;
const USED = { perTransaction: undefined, perDay: 'day', perMonth: 'month', perMemberPerCampaign: 'campaign', campaignBudget: 'budget' } as const;

function finish(d: Draft, usage: EvaluateInput['usage'], ctx: EvalContext, full: boolean): Contribution {
  let points = d.points;
  let cappedBy: Contribution['cappedBy'];
  const caps = d.rule.rule.caps;
  if (caps !== undefined) {
    const used = usage?.[d.rule.rule.id];
    for (const cap of CAPS) {
      const limit = caps[cap];
      if (limit === undefined) continue;
      const key = USED[cap];
      const room = Math.max(0, limit - (key === undefined ? 0 : (used?.[key] ?? 0)));
      if (points > room) {
        points = room;
        cappedBy ??= cap;
      }
    }
  }
  return contribution(d, d.scope, d.eligibleFen, d.points, points, d.rounding, d.multipliers, ctx, full, cappedBy);
}

function contribution(
  d: Draft,
  scope: number[],
  eligibleFen: number,
  uncapped: number,
  points: number,
  rounding: RoundingStep[],
  multipliers: Draft['multipliers'],
  ctx: EvalContext,
  full: boolean,
  cappedBy: Contribution['cappedBy'],
): Contribution {
  const r = d.rule.rule;
  return {
    ruleId: r.id,
    ruleVersion: r.version,
    effect: r.effect.type,
    kind: r.effect.type === 'tierCredit' ? 'qualifying' : 'points',
    ...(r.group === undefined ? {} : { group: r.group }),
    eligibleFen,
    lines: full ? scope.map((i) => ({ lineId: (ctx.lines[i] as LineView).id, eligibleFen: ctx.eligible[i] as number })) : [],
    ...(d.rate === undefined ? {} : { rate: d.rate }),
    multipliers,
    rounding,
    uncapped,
    ...(cappedBy === undefined ? {} : { cappedBy }),
    points,
  };
}

function scopeOf(rule: CompiledRule, ctx: EvalContext): number[] {
  const scope: number[] = [];
  for (let i = 0; i < ctx.lines.length; i++) if (rule.lines === undefined || rule.lines(ctx.lines[i] as LineView)) scope.push(i);
  return scope;
}

function sum(scope: readonly number[], eligible: readonly number[]): number {
  let total = 0;
  for (const i of scope) total += eligible[i] as number;
  return total;
}

/**
 * Each line's earning fen: the non-earning tenders (stored value, points, gift cards) are spread
 * over the lines in proportion to their amounts, by largest remainder, so the parts add up exactly.
 */
function allocate(lines: readonly LineView[], tenders: ReadonlyArray<{ method: string; amountFen: number }>, nonEarning: ReadonlySet<string>): number[] {
  let excluded = 0;
  for (const t of tenders) if (nonEarning.has(t.method)) excluded += t.amountFen;
  const amounts = lines.map((l) => l.amountFen);
  if (excluded === 0) return amounts;
  let total = 0;
  for (const a of amounts) total += a;
  const earning = Math.max(0, total - excluded);
  if (earning === 0 || total === 0) return amounts.map(() => 0);
  const shares = amounts.map((a) => mulDiv(a, earning, total, 'floor'));
  let left = earning;
  for (const s of shares) left -= s;
  const remainders = amounts
    .map((a, i) => ({ i, r: BigInt(a) * BigInt(earning) - BigInt(shares[i] as number) * BigInt(total) }))
    .sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (let k = 0; k < left; k++) {
    const at = (remainders[k] as { i: number }).i;
    shares[at] = (shares[at] as number) + 1;
  }
  return shares;
}
