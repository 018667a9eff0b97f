import { checkAmount, PointsError, PointsErrorCode } from './errors';
import type { Contribution, ContributionLine, EvaluateInput, EvaluateOptions, Evaluation, SkippedRule } from './evaluation';
import { explain } from './explain';
import { businessDate } from './internal/calendar';
import type { EvalContext, LineView } from './internal/context';
import { divideBig, mulDiv, type RoundingStep, roundStep } from './internal/rounding';
import { validateInput } from './internal/validate-input';
import { type CompiledRule, type CompiledRules, internalsOf } from './rules/compile';
import { scopeFor } from './rules/conditions';

interface Draft {
  rule: CompiledRule;
  scope: number[];
  eligibleFen: number;
  points: number;
  rounding: RoundingStep[];
  multipliers: Array<{ ruleId: string; ruleVersion: number; factor: number }>;
  rate: { points: number; perFen: number } | null;
}

type BaseEffect = { points: number; perFen: number; rates?: Array<{ tier?: string; store?: string; points: number; perFen: number }> };

/** The first rate whose tier and store match, else the rule's default rate. */
function rateOf(effect: BaseEffect, ctx: EvalContext): { points: number; perFen: number } {
  if (effect.rates !== undefined) {
    for (const r of effect.rates)
      if ((r.tier === undefined || r.tier === ctx.tier) && (r.store === undefined || r.store === ctx.storeId)) return r;
  }
  return effect;
}

function makeDraft(rule: CompiledRule, scope: number[], eligibleFen: number, points: number, rounding: RoundingStep[]): Draft {
  return { rule, scope, eligibleFen, points, rounding, multipliers: NO_MULTIPLIERS, rate: null };
}

/**
 * Evaluates a transaction against compiled rules: synchronous, deterministic, exact.
 *
 * @throws `POINTS_INVALID_AMOUNT` for negative or fractional money or cap usage (a `usage` figure
 * that is not a whole number of at least 0), `POINTS_UNKNOWN_MEMBER`, `POINTS_UNKNOWN_STORE`,
 * `CORE_VALIDATION` for a malformed transaction or member, `CORE_INVALID_INSTANT`.
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
    all: indices(eligible.length),
    scopes: new Array(inner.filterCount),
    tier: member.tier,
    tags: member.tags ?? [],
    birthday: member.birthday,
    joinedOn: member.joinedOn,
    purchaseCount: member.purchaseCount,
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
    const rate = rateOf(rule.rule.effect as BaseEffect, ctx);
    const scope = scopeOf(rule, ctx);
    const fen = sum(scope, eligible);
    base = {
      rule,
      scope,
      eligibleFen: fen,
      points: mulDiv(fen, rate.points, rate.perFen, rule.rounding),
      rounding: full ? [roundStep('base', fen, rate.points, rate.perFen, rule.rounding)] : NO_ROUNDING,
      multipliers: NO_MULTIPLIERS,
      rate: { points: rate.points, perFen: rate.perFen },
    };
    drafts.push(base);
  }

  for (const rule of inner.others) {
    const r = rule.rule;
    if (rule.once && once !== undefined) {
      if (once.includes(r.id)) {
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

  const contributions = stack(drafts, base, input.usage, ctx, full, skipped, inner.groupCount);
  let points = 0;
  let qualifyingPoints = 0;
  for (const c of contributions) {
    if (c.kind === 'points') points += c.points;
    else qualifyingPoints += c.points;
  }
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(qualifyingPoints)) {
    throw new PointsError(PointsErrorCode.INVALID_AMOUNT, `Transaction "${tx.id}" would earn more points than can be represented exactly`);
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
    receiptFen: tx.totalFen,
    contributions,
    skipped,
  };
  return full ? { ...evaluation, explanation: explain(evaluation, compiled) } : evaluation;
}

function effectOf(rule: CompiledRule, ctx: EvalContext, base: Draft | undefined, full: boolean): Draft | SkippedRule['reason'] {
  const r = rule.rule;
  const effect = r.effect;
  switch (effect.type) {
    case 'multiplier': {
      if (base === undefined || base.rate === null) return 'no-base';
      const scope =
        rule.lines === undefined
          ? base.scope
          : base.scope.filter((i) => (rule.lines as (l: LineView) => boolean)(ctx.lines[i] as LineView));
      const fen = sum(scope, ctx.eligible);
      const { points: p, perFen } = base.rate;
      const extra = p * (rule.factor - 100);
      const d = makeDraft(rule, scope, fen, mulDiv(fen, extra, perFen * 100, rule.rounding), full ? [] : NO_ROUNDING);
      d.multipliers = [{ ruleId: r.id, ruleVersion: r.version, factor: rule.factor / 100 }];
      if (full) d.rounding.push(roundStep('multiplier', fen, extra, perFen * 100, rule.rounding));
      return d;
    }
    case 'fixed':
      return makeDraft(rule, NONE, 0, effect.points, NO_ROUNDING);
    case 'perItem': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      if (effect.pointsPerUnit !== undefined) {
        let units = 0;
        for (const i of scope) units += (ctx.lines[i] as LineView).quantity;
        return makeDraft(rule, scope, fen, units * effect.pointsPerUnit, NO_ROUNDING);
      }
      const points = effect.points as number;
      const per = effect.perFen as number;
      return makeDraft(
        rule,
        scope,
        fen,
        mulDiv(fen, points, per, rule.rounding),
        full ? [roundStep('per-item', fen, points, per, rule.rounding)] : NO_ROUNDING,
      );
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
      return best === 0 ? 'no-tier' : makeDraft(rule, NONE, ctx.totalFen, best, NO_ROUNDING);
    }
    case 'tierCredit': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      return makeDraft(
        rule,
        scope,
        fen,
        mulDiv(fen, effect.points, effect.perFen, rule.rounding),
        full ? [roundStep('tier-credit', fen, effect.points, effect.perFen, rule.rounding)] : NO_ROUNDING,
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
  groupCount: number,
): Contribution[] {
  const out: Contribution[] = [];
  let groups: Array<Draft[] | undefined> | undefined;
  for (const d of drafts) {
    const g = d.rule.groupIndex;
    if (g < 0) out.push(finish(d, usage, ctx, full));
    else {
      groups ??= new Array(groupCount);
      const list = groups[g];
      if (list === undefined) groups[g] = [d];
      else list.push(d);
    }
  }
  if (groups === undefined) return out;
  for (const members of groups) {
    if (members === undefined) continue;
    const mode = (members[0] as Draft).rule.mode;
    if (mode === 'sum') {
      for (const d of members) out.push(finish(d, usage, ctx, full));
      continue;
    }
    if (mode === 'multiply') {
      out.push(multiply(members, base as Draft, ctx, full));
      continue;
    }
    if (!full) {
      // Without details only the winner's contribution is built: "first" keeps the first member,
      // "max" the first member with the most capped points (the same choice as below).
      let best = members[0] as Draft;
      if (mode === 'max') {
        let bestPoints = capped(best, usage).points;
        for (let i = 1; i < members.length; i++) {
          const d = members[i] as Draft;
          const p = capped(d, usage).points;
          if (p > bestPoints) {
            best = d;
            bestPoints = p;
          }
        }
      }
      out.push(finish(best, usage, ctx, full));
      continue;
    }
    let winner = finish(members[0] as Draft, usage, ctx, full);
    for (let i = 1; i < members.length; i++) {
      const c = finish(members[i] as Draft, usage, ctx, full);
      const better = mode === 'max' && c.points > winner.points;
      if (full) skipped.push({ ruleId: better ? winner.ruleId : c.ruleId, reason: 'group' });
      if (better) winner = c;
    }
    out.push(winner);
  }
  return out;
}

function multiply(members: Draft[], base: Draft, ctx: EvalContext, full: boolean): Contribution {
  const first = members[0] as Draft;
  const rate = base.rate as { points: number; perFen: number };
  let unit = 1;
  for (let k = 0; k < members.length; k++) unit *= 100;
  // Σ eligible × (Π factors − 100ⁿ) over the base lines any member touches, exactly.
  let num = 0;
  let big: bigint | undefined;
  const scope: number[] = [];
  for (const i of base.scope) {
    let product = 1;
    let touched = false;
    for (const m of members) {
      const inScope = m.rule.lines === undefined || m.rule.lines(ctx.lines[i] as LineView);
      product *= inScope ? m.rule.factor : 100;
      touched ||= inScope;
    }
    if (!touched) continue;
    scope.push(i);
    const add = (ctx.eligible[i] as number) * (product - unit);
    if (big === undefined && Number.isSafeInteger(num + add) && Number.isSafeInteger(product)) num += add;
    else big = (big ?? BigInt(num)) + BigInt(ctx.eligible[i] as number) * (BigInt(product) - BigInt(unit));
  }
  const den = rate.perFen * unit;
  const mode = first.rule.rounding;
  const points =
    big === undefined && Number.isSafeInteger(num * rate.points) && Number.isSafeInteger(den)
      ? mulDiv(num, rate.points, den, mode)
      : Number(divideBig((big ?? BigInt(num)) * BigInt(rate.points), BigInt(den), mode));
  let rounding = NO_ROUNDING;
  if (full) {
    const exact = (big ?? BigInt(num)) * BigInt(rate.points);
    rounding = [
      { stage: 'multiplier', mode, exact: `${exact}/${den}`, value: points, residue: `${exact - BigInt(points) * BigInt(den)}/${den}` },
    ];
  }
  return contribution(first, scope, sum(scope, ctx.eligible), points, points, rounding, multipliersOf(members), ctx, full, null);
}

function multipliersOf(members: Draft[]): Draft['multipliers'] {
  const out: Draft['multipliers'] = [];
  for (const m of members) for (const x of m.multipliers) out.push(x);
  return out;
}

const CAPS = ['perTransaction', 'perDay', 'perMonth', 'perMemberPerCampaign', 'campaignBudget'] as const;
const USED = {
  perTransaction: undefined,
  perDay: 'day',
  perMonth: 'month',
  perMemberPerCampaign: 'campaign',
  campaignBudget: 'budget',
} as const;

/** A draft's points after its caps, and the first cap that bit. */
function capped(d: Draft, usage: EvaluateInput['usage']): { points: number; cappedBy: Contribution['cappedBy'] } {
  let points = d.points;
  let cappedBy: Contribution['cappedBy'] = null;
  const caps = d.rule.rule.caps;
  if (caps !== undefined) {
    // Rule ids are data: read the caller's own key only, never one inherited from
    // Object.prototype (a rule named `constructor` would otherwise read `Object`).
    const id = d.rule.rule.id;
    const used = typeof usage === 'object' && usage !== null && Object.hasOwn(usage, id) ? usage[id] : undefined;
    for (const cap of CAPS) {
      const limit = caps[cap];
      if (limit === undefined) continue;
      const key = USED[cap];
      const spent = key === undefined ? undefined : used?.[key];
      // Usage is the caller's data: NaN, a fraction or a negative number would silently open the cap.
      const room = Math.max(0, limit - (spent === undefined ? 0 : checkAmount(spent, `usage[${JSON.stringify(id)}].${key}`)));
      if (points > room) {
        points = room;
        cappedBy ??= cap;
      }
    }
  }
  return { points, cappedBy };
}

function finish(d: Draft, usage: EvaluateInput['usage'], ctx: EvalContext, full: boolean): Contribution {
  if (d.rule.rule.caps === undefined)
    return contribution(d, d.scope, d.eligibleFen, d.points, d.points, d.rounding, d.multipliers, ctx, full, null);
  const { points, cappedBy } = capped(d, usage);
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
    group: r.group ?? null,
    eligibleFen,
    lines: full ? scope.map((i) => ({ lineId: (ctx.lines[i] as LineView).id, eligibleFen: ctx.eligible[i] as number })) : NO_LINES,
    rate: d.rate,
    multipliers,
    rounding,
    uncapped,
    cappedBy: cappedBy ?? null,
    points,
  };
}

const NONE: number[] = [];
const INDICES: number[][] = [];

/** `[0, 1, …, n − 1]`, shared between evaluations (never mutated). */
function indices(n: number): number[] {
  let found = INDICES[n];
  if (found === undefined) {
    found = Array.from({ length: n }, (_, i) => i);
    if (n <= 256) INDICES[n] = found;
  }
  return found;
}
const NO_LINES: ContributionLine[] = [];
const NO_ROUNDING: RoundingStep[] = [];
const NO_MULTIPLIERS: Draft['multipliers'] = [];

function scopeOf(rule: CompiledRule, ctx: EvalContext): number[] {
  return rule.lines === undefined ? ctx.all : scopeFor(ctx, rule.linesIndex, rule.lines);
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
function allocate(
  lines: readonly LineView[],
  tenders: ReadonlyArray<{ method: string; amountFen: number }>,
  nonEarning: ReadonlySet<string>,
): number[] {
  let excluded = 0;
  for (const t of tenders) if (nonEarning.has(t.method)) excluded += t.amountFen;
  const amounts: number[] = [];
  for (let i = 0; i < lines.length; i++) amounts.push((lines[i] as LineView).amountFen);
  if (excluded === 0) return amounts;
  let total = 0;
  for (const a of amounts) total += a;
  const earning = Math.max(0, total - excluded);
  if (earning === 0 || total === 0) return amounts.map(() => 0);
  const shares = amounts.map((a) => mulDiv(a, earning, total, 'floor'));
  let left = earning;
  for (const s of shares) left -= s;
  if (left === 0) return shares;
  let small = true;
  for (const a of amounts) if (!Number.isSafeInteger(a * earning)) small = false;
  if (small) {
    // Every product is a safe integer, so the remainders are exact in plain numbers.
    const rest = amounts.map((a, i) => ({ i, r: a * earning - (shares[i] as number) * total })).sort((x, y) => y.r - x.r || x.i - y.i);
    for (let k = 0; k < left; k++) {
      const at = (rest[k] as { i: number }).i;
      shares[at] = (shares[at] as number) + 1;
    }
    return shares;
  }
  const remainders = amounts
    .map((a, i) => ({ i, r: BigInt(a) * BigInt(earning) - BigInt(shares[i] as number) * BigInt(total) }))
    .sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (let k = 0; k < left; k++) {
    const at = (remainders[k] as { i: number }).i;
    shares[at] = (shares[at] as number) + 1;
  }
  return shares;
}
