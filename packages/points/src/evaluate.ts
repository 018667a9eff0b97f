import { checkAmount, PointsError, PointsErrorCode } from './errors';
import type { Contribution, ContributionLine, EvaluateInput, EvaluateOptions, Evaluation, ReceiptCapCut, SkippedRule } from './evaluation';
import { explain } from './explain';
import { businessDate } from './internal/calendar';
import type { EvalContext, LineView } from './internal/context';
import { divideBig, mulDiv, type RoundingMode, type RoundingStep, roundStep } from './internal/rounding';
import { validateInput } from './internal/validate-input';
import { type CompiledRule, type CompiledRules, internalsOf } from './rules/compile';
import { scopeFor } from './rules/conditions';
import type { Ruleset } from './schema-types';

interface Draft {
  rule: CompiledRule;
  scope: number[];
  eligibleFen: number;
  points: number;
  rounding: RoundingStep[];
  multipliers: Array<{ ruleId: string; ruleVersion: number; factor: number }>;
  rate: { points: number; perFen: number } | null;
  /** The exact points before rounding, kept only when the rule set rounds once at the end. */
  exact: Frac | null;
}

/** An exact non-negative fraction of points. */
interface Frac {
  readonly num: bigint;
  readonly den: bigint;
}

function frac(ctx: EvalContext, a: number, b: number, den: number): Frac | null {
  return ctx.roundOnce ? { num: BigInt(a) * BigInt(b), den: BigInt(den) } : null;
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

function makeDraft(
  rule: CompiledRule,
  scope: number[],
  eligibleFen: number,
  points: number,
  rounding: RoundingStep[],
  exact: Frac | null,
): Draft {
  return { rule, scope, eligibleFen, points, rounding, multipliers: NO_MULTIPLIERS, rate: null, exact };
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
    roundOnce: compiled.ruleset.roundAt === 'end',
  };
  const memberDay = input.memberUsage?.day === undefined ? 0 : checkAmount(input.memberUsage.day, 'memberUsage.day');
  const memberMonth = input.memberUsage?.month === undefined ? 0 : checkAmount(input.memberUsage.month, 'memberUsage.month');
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
      exact: frac(ctx, fen, rate.points, rate.perFen),
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

  const exacts = new Map<Contribution, Frac>();
  let contributions = stack(drafts, base, input.usage, ctx, full, skipped, inner.groupCount, exacts);
  let roundedOnce: Evaluation['roundedOnce'];
  if (ctx.roundOnce) ({ contributions, roundedOnce } = roundOnceAtEnd(contributions, exacts, compiled.ruleset.rounding));
  let receiptCap: Evaluation['receiptCap'];
  const caps = compiled.ruleset.caps;
  if (caps !== undefined) ({ contributions, receiptCap } = capReceipt(contributions, caps, memberDay, memberMonth));
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
    ...(receiptCap === undefined ? {} : { receiptCap }),
    ...(roundedOnce === undefined ? {} : { roundedOnce }),
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
      const d = makeDraft(
        rule,
        scope,
        fen,
        mulDiv(fen, extra, perFen * 100, rule.rounding),
        full ? [] : NO_ROUNDING,
        frac(ctx, fen, extra, perFen * 100),
      );
      d.multipliers = [{ ruleId: r.id, ruleVersion: r.version, factor: rule.factor / 100 }];
      if (full) d.rounding.push(roundStep('multiplier', fen, extra, perFen * 100, rule.rounding));
      return d;
    }
    case 'fixed':
      return makeDraft(rule, NONE, 0, effect.points, NO_ROUNDING, frac(ctx, effect.points, 1, 1));
    case 'perItem': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      if (effect.pointsPerUnit !== undefined) {
        let units = 0;
        for (const i of scope) units += (ctx.lines[i] as LineView).quantity;
        return makeDraft(rule, scope, fen, units * effect.pointsPerUnit, NO_ROUNDING, frac(ctx, units, effect.pointsPerUnit, 1));
      }
      const points = effect.points as number;
      const per = effect.perFen as number;
      return makeDraft(
        rule,
        scope,
        fen,
        mulDiv(fen, points, per, rule.rounding),
        full ? [roundStep('per-item', fen, points, per, rule.rounding)] : NO_ROUNDING,
        frac(ctx, fen, points, per),
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
      return best === 0 ? 'no-tier' : makeDraft(rule, NONE, ctx.totalFen, best, NO_ROUNDING, frac(ctx, best, 1, 1));
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
        null,
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
  exacts: Map<Contribution, Frac>,
): Contribution[] {
  const out: Contribution[] = [];
  const finish = (d: Draft): Contribution => {
    const c = finishDraft(d, usage, ctx, full);
    if (d.exact !== null) exacts.set(c, c.cappedBy === null ? d.exact : { num: BigInt(c.points), den: 1n });
    return c;
  };
  let groups: Array<Draft[] | undefined> | undefined;
  for (const d of drafts) {
    const g = d.rule.groupIndex;
    if (g < 0) out.push(finish(d));
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
      for (const d of members) out.push(finish(d));
      continue;
    }
    if (mode === 'multiply') {
      const c = multiply(members, base as Draft, ctx, full);
      if (ctx.roundOnce) exacts.set(c.contribution, c.exact);
      out.push(c.contribution);
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
      out.push(finish(best));
      continue;
    }
    let winner = finish(members[0] as Draft);
    for (let i = 1; i < members.length; i++) {
      const c = finish(members[i] as Draft);
      const better = mode === 'max' && c.points > winner.points;
      if (full) skipped.push({ ruleId: better ? winner.ruleId : c.ruleId, reason: 'group' });
      if (better) winner = c;
    }
    out.push(winner);
  }
  return out;
}

function multiply(members: Draft[], base: Draft, ctx: EvalContext, full: boolean): { contribution: Contribution; exact: Frac } {
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
  return {
    contribution: contribution(first, scope, sum(scope, ctx.eligible), points, points, rounding, multipliersOf(members), ctx, full, null),
    exact: { num: (big ?? BigInt(num)) * BigInt(rate.points), den: BigInt(den) },
  };
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

function finishDraft(d: Draft, usage: EvaluateInput['usage'], ctx: EvalContext, full: boolean): Contribution {
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

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * `roundAt: 'end'`: adds the exact values of the points stages and rounds the sum once; each
 * rule keeps the floor of its exact value and the points rounding added go, one each, to the rules
 * with the largest fractions (earlier rules first on a tie), so the rules still add up to the total.
 * A rule cut by its own cap keeps its capped (integer) points.
 */
function roundOnceAtEnd(
  contributions: Contribution[],
  exacts: ReadonlyMap<Contribution, Frac>,
  mode: RoundingMode,
): { contributions: Contribution[]; roundedOnce: Evaluation['roundedOnce'] } {
  let num = 0n;
  let den = 1n;
  const parts: Array<{ i: number; floor: bigint; rest: bigint; den: bigint }> = [];
  contributions.forEach((c, i) => {
    const e = exacts.get(c);
    if (e === undefined || c.kind !== 'points') return;
    num = num * e.den + e.num * den;
    den *= e.den;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
    const floor = e.num / e.den;
    parts.push({ i, floor, rest: e.num - floor * e.den, den: e.den });
  });
  if (parts.length === 0) return { contributions, roundedOnce: undefined };
  const total = divideBig(num, den, mode);
  let extra = total;
  for (const p of parts) extra -= p.floor;
  const order = [...parts].sort((a, b) => {
    const l = a.rest * b.den;
    const r = b.rest * a.den;
    return l === r ? a.i - b.i : l > r ? -1 : 1;
  });
  const plus = new Set<number>();
  for (const p of order) {
    if (extra <= 0n || p.rest === 0n) break;
    plus.add(p.i);
    extra -= 1n;
  }
  const out = [...contributions];
  for (const p of parts) {
    const c = out[p.i] as Contribution;
    const points = Number(p.floor) + (plus.has(p.i) ? 1 : 0);
    out[p.i] = { ...c, points, uncapped: c.cappedBy === null ? points : c.uncapped };
  }
  return { contributions: out, roundedOnce: { exact: `${num}/${den}`, value: Number(total) } };
}

/**
 * The rule set's caps across rules: the tightest of the per-receipt room and the member's day and
 * month rooms bounds the receipt's points; the excess is taken from the last rules first.
 */
function capReceipt(
  contributions: Contribution[],
  caps: NonNullable<Ruleset['caps']>,
  day: number,
  month: number,
): { contributions: Contribution[]; receiptCap: ReceiptCapCut | undefined } {
  let requested = 0;
  for (const c of contributions) if (c.kind === 'points') requested += c.points;
  let by: ReceiptCapCut['by'] | undefined;
  let room = Number.POSITIVE_INFINITY;
  const consider = (name: ReceiptCapCut['by'], limit: number | undefined, used: number) => {
    if (limit === undefined) return;
    const left = Math.max(0, limit - used);
    if (left < room) {
      room = left;
      by = name;
    }
  };
  consider('perReceipt', caps.perReceipt, 0);
  consider('perMemberPerDay', caps.perMemberPerDay, day);
  consider('perMemberPerMonth', caps.perMemberPerMonth, month);
  if (by === undefined || requested <= room) return { contributions, receiptCap: undefined };
  let excess = requested - room;
  const out = [...contributions];
  const taken: Array<{ ruleId: string; points: number }> = [];
  for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
    const c = out[i] as Contribution;
    if (c.kind !== 'points' || c.points === 0) continue;
    const take = Math.min(c.points, excess);
    out[i] = { ...c, points: c.points - take, cappedBy: by };
    taken.push({ ruleId: c.ruleId, points: take });
    excess -= take;
  }
  return { contributions: out, receiptCap: { by, room, requested, granted: room, taken } };
}
