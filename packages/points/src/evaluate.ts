import { checkAmount, PointsError, PointsErrorCode } from './errors';
import type { Contribution, ContributionLine, EvaluateInput, EvaluateOptions, Evaluation, ReceiptCapCut, SkippedRule } from './evaluation';
import { explain } from './explain';
import { allocate } from './internal/allocate';
import { type BusinessDate, businessDate } from './internal/calendar';
import { type Draft, EvalContext, type Frac, type LineView, Scope, type TenderView } from './internal/context';
import { divideBig, mulDiv, type RoundingMode, type RoundingStep, roundStep } from './internal/rounding';
import { validateInput } from './internal/validate-input';
import { type CompiledInternals, type CompiledRule, type CompiledRules, internalsOf, type Rate } from './rules/compile';
import { type LinePredicate, scopeFor } from './rules/conditions';
import type { Ruleset } from './schema-types';

function frac(ctx: EvalContext, a: number, b: number, den: number): Frac | null {
  return ctx.roundOnce ? { num: BigInt(a) * BigInt(b), den: BigInt(den) } : null;
}

/** The first rate whose tier and store match, else the rule's default rate (frozen, shared). */
function rateOf(rule: CompiledRule, ctx: EvalContext): Rate {
  const rates = rule.rates;
  for (let i = 0; i < rates.length; i++) {
    const r = rates[i] as CompiledRule['rates'][number];
    if ((r.tier === undefined || r.tier === ctx.tier) && (r.store === undefined || r.store === ctx.storeId)) return r.rate;
  }
  return rule.rate as Rate;
}

/** A draft from the context's pool (drafts never leave an evaluation, so they are reused). */
function makeDraft(
  ctx: EvalContext,
  rule: CompiledRule,
  scope: Scope,
  eligibleFen: number,
  points: number,
  rounding: RoundingStep[],
  exact: Frac | null,
): Draft {
  const pool = ctx.drafts;
  let d = pool[ctx.draftCount];
  if (d === undefined) {
    d = { rule, scope, eligibleFen, points, rounding, multipliers: NO_MULTIPLIERS, rate: null, exact };
    pool.push(d);
  } else {
    d.rule = rule;
    d.scope = scope;
    d.eligibleFen = eligibleFen;
    d.points = points;
    d.rounding = rounding;
    d.multipliers = NO_MULTIPLIERS;
    d.rate = null;
    d.exact = exact;
  }
  ctx.draftCount++;
  return d;
}

// The last compiled rule set and its internals (a stream of evaluations uses one rule set).
let lastCompiled: CompiledRules | undefined;
let lastInner: CompiledInternals | undefined;

/**
 * Evaluates a transaction against compiled rules: synchronous, deterministic, exact.
 *
 * With `detail: 'points'` an evaluation allocates little beyond the result it returns: the
 * evaluation context and its per-line buffers are kept with the compiled rule set and reused.
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
export function evaluate(compiled: CompiledRules, input: EvaluateInput, options?: EvaluateOptions): Evaluation {
  let inner: CompiledInternals;
  if (compiled === lastCompiled) inner = lastInner as CompiledInternals;
  else {
    inner = internalsOf(compiled);
    lastCompiled = compiled;
    lastInner = inner;
  }
  const tx = input.transaction;
  const member = input.member;
  const store = input.store;
  const ms = validateInput(tx, member, store, input.at, inner.stores);
  const full = options === undefined || options.detail !== 'points';
  const date = businessDate(ms, store.zone, store.dayStartsAtHour ?? 0);
  const memberUsage = input.memberUsage;
  const memberDay = memberUsage?.day === undefined ? 0 : checkAmount(memberUsage.day, 'memberUsage.day');
  const memberMonth = memberUsage?.month === undefined ? 0 : checkAmount(memberUsage.month, 'memberUsage.month');
  // The context is reused between evaluations; one evaluation entered from inside another (an
  // input getter calling evaluate) gets a fresh one.
  let ctx = inner.spare;
  if (ctx === undefined) ctx = new EvalContext(inner.filterCount, inner.groupCount, date);
  else inner.spare = undefined;
  try {
    return run(compiled, inner, ctx, input, date, full, memberDay, memberMonth);
  } finally {
    // Drop references to the caller's data before the context waits for the next evaluation.
    const pool = ctx.drafts;
    for (let k = 0; k < ctx.draftCount; k++) (pool[k] as Draft).exact = null;
    ctx.draftCount = 0;
    ctx.lines = NO_LINE_VIEWS;
    ctx.tenders = NO_TENDER_VIEWS;
    ctx.tags = NO_TAGS;
    ctx.birthday = undefined;
    ctx.joinedOn = undefined;
    ctx.openedOn = undefined;
    inner.spare = ctx;
  }
}

function run(
  compiled: CompiledRules,
  inner: CompiledInternals,
  ctx: EvalContext,
  input: EvaluateInput,
  date: BusinessDate,
  full: boolean,
  memberDay: number,
  memberMonth: number,
): Evaluation {
  const tx = input.transaction;
  const member = input.member;
  const store = input.store;
  const lines = (tx.lines ?? NO_LINE_VIEWS) as readonly LineView[];
  const tenders = tx.tenders ?? NO_TENDER_VIEWS;
  const n = lines.length;
  ctx.kind = tx.kind;
  ctx.storeId = tx.storeId;
  ctx.channel = tx.channel;
  ctx.totalFen = tx.totalFen;
  ctx.lines = lines;
  ctx.setLineCount(n);
  ctx.tenders = tenders;
  const eligible = ctx.eligible;
  allocate(lines, tenders, inner.nonEarning, eligible);
  let eligibleTotal = 0;
  for (let i = 0; i < n; i++) eligibleTotal += eligible[i] as number;
  ctx.eligibleTotal = eligibleTotal;
  if (ctx.epoch === 0xffff_ffff) {
    ctx.scopeEpoch.fill(0);
    ctx.epoch = 0;
  }
  ctx.epoch++;
  ctx.tier = member.tier;
  ctx.tags = member.tags ?? NO_TAGS;
  ctx.birthday = member.birthday;
  ctx.joinedOn = member.joinedOn;
  ctx.purchaseCount = member.purchaseCount;
  ctx.openedOn = store.openedOn;
  ctx.date = date;
  ctx.roundOnce = compiled.ruleset.roundAt === 'end';
  const once = member.grantedOnce;
  const skipped: SkippedRule[] = [];
  ctx.draftCount = 0;

  let base: Draft | undefined;
  const bases = inner.base;
  for (let k = 0; k < bases.length; k++) {
    const rule = bases[k] as CompiledRule;
    if (once !== undefined && rule.once && once.includes(rule.id)) continue;
    if (!rule.always && !rule.test(ctx)) continue;
    if (base !== undefined) {
      if (full) skipped.push({ ruleId: rule.id, reason: 'superseded' });
      continue;
    }
    const rate = rateOf(rule, ctx);
    const scope = scopeOf(rule, ctx);
    const fen = sum(scope, eligible);
    base = makeDraft(
      ctx,
      rule,
      scope,
      fen,
      mulDiv(fen, rate.points, rate.perFen, rule.rounding),
      full ? [roundStep('base', fen, rate.points, rate.perFen, rule.rounding)] : NO_ROUNDING,
      frac(ctx, fen, rate.points, rate.perFen),
    );
    base.rate = rate;
  }

  const others = inner.others;
  for (let k = 0; k < others.length; k++) {
    const rule = others[k] as CompiledRule;
    if (rule.once && once !== undefined) {
      if (once.includes(rule.id)) {
        if (full && rule.test(ctx)) skipped.push({ ruleId: rule.id, reason: 'once' });
        continue;
      }
    }
    if (!rule.always && !rule.test(ctx)) continue;
    const draft = effectOf(rule, ctx, base, full);
    if (typeof draft === 'string' && full) skipped.push({ ruleId: rule.id, reason: draft });
  }

  const exacts = ctx.roundOnce ? new Map<Contribution, Frac>() : undefined;
  let contributions = stack(base, input.usage, ctx, full, skipped, exacts);
  let roundedOnce: Evaluation['roundedOnce'];
  if (exacts !== undefined) ({ contributions, roundedOnce } = roundOnceAtEnd(contributions, exacts, compiled.ruleset.rounding));
  let receiptCap: Evaluation['receiptCap'];
  const caps = compiled.ruleset.caps;
  if (caps !== undefined) ({ contributions, receiptCap } = capReceipt(contributions, caps, memberDay, memberMonth));
  let points = 0;
  let qualifyingPoints = 0;
  for (let k = 0; k < contributions.length; k++) {
    const c = contributions[k] as Contribution;
    if (c.kind === 'points') points += c.points;
    else qualifyingPoints += c.points;
  }
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(qualifyingPoints)) {
    throw new PointsError(PointsErrorCode.INVALID_AMOUNT, `Transaction "${tx.id}" would earn more points than can be represented exactly`);
  }
  // The common lean result: one object literal, one hidden class.
  const lean: Evaluation = {
    rulesetId: compiled.id,
    rulesetVersion: compiled.version,
    transactionId: tx.id,
    memberId: member.id,
    businessDate: date.iso,
    points,
    qualifyingPoints,
    eligibleFen: eligibleTotal,
    receiptFen: tx.totalFen,
    contributions,
    skipped,
  };
  if (receiptCap === undefined && roundedOnce === undefined && !full) return lean;
  const evaluation: Evaluation = {
    ...lean,
    ...(receiptCap === undefined ? {} : { receiptCap }),
    ...(roundedOnce === undefined ? {} : { roundedOnce }),
  };
  return full ? { ...evaluation, explanation: explain(evaluation, compiled) } : evaluation;
}

function effectOf(rule: CompiledRule, ctx: EvalContext, base: Draft | undefined, full: boolean): Draft | SkippedRule['reason'] {
  // Effect data is read from the compiled rule (one hidden class), not from the rule's effect object.
  switch (rule.effect) {
    case 'multiplier': {
      if (base === undefined || base.rate === null) return 'no-base';
      const scope = rule.lines === undefined ? base.scope : filterScope(base.scope, rule.lines, ctx.lines);
      const fen = sum(scope, ctx.eligible);
      const p = base.rate.points;
      const perFen = base.rate.perFen;
      const extra = p * (rule.factor - 100);
      const d = makeDraft(
        ctx,
        rule,
        scope,
        fen,
        mulDiv(fen, extra, perFen * 100, rule.rounding),
        full ? [roundStep('multiplier', fen, extra, perFen * 100, rule.rounding)] : NO_ROUNDING,
        frac(ctx, fen, extra, perFen * 100),
      );
      d.multipliers = rule.multipliers;
      return d;
    }
    case 'fixed':
      return makeDraft(ctx, rule, NONE, 0, rule.points, NO_ROUNDING, frac(ctx, rule.points, 1, 1));
    case 'perItem': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      if (rule.perUnit >= 0) {
        let units = 0;
        for (let k = 0; k < scope.n; k++) units += (ctx.lines[scope.idx[k] as number] as LineView).quantity;
        return makeDraft(ctx, rule, scope, fen, units * rule.perUnit, NO_ROUNDING, frac(ctx, units, rule.perUnit, 1));
      }
      const points = rule.points;
      const per = rule.perFen;
      return makeDraft(
        ctx,
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
      for (const tier of rule.tiers) {
        if (tier.minFen <= ctx.totalFen && tier.minFen > bestMin) {
          best = tier.points;
          bestMin = tier.minFen;
        }
      }
      return best === 0 ? 'no-tier' : makeDraft(ctx, rule, NONE, ctx.totalFen, best, NO_ROUNDING, frac(ctx, best, 1, 1));
    }
    case 'tierCredit': {
      const scope = scopeOf(rule, ctx);
      const fen = sum(scope, ctx.eligible);
      return makeDraft(
        ctx,
        rule,
        scope,
        fen,
        mulDiv(fen, rule.points, rule.perFen, rule.rounding),
        full ? [roundStep('tier-credit', fen, rule.points, rule.perFen, rule.rounding)] : NO_ROUNDING,
        null,
      );
    }
    /* v8 ignore next 2: base rules are handled before this function */
    default:
      return 'superseded';
  }
}

/** The indices of `scope` whose lines `matches` selects (a new scope: a multiplier's own). */
function filterScope(scope: Scope, matches: LinePredicate, lines: readonly LineView[]): Scope {
  const out = new Scope(scope.n);
  let n = 0;
  for (let k = 0; k < scope.n; k++) {
    const i = scope.idx[k] as number;
    if (matches(lines[i] as LineView)) out.idx[n++] = i;
  }
  out.n = n;
  return out;
}

function finish(
  d: Draft,
  usage: EvaluateInput['usage'],
  ctx: EvalContext,
  full: boolean,
  exacts: Map<Contribution, Frac> | undefined,
): Contribution {
  const c = finishDraft(d, usage, ctx, full);
  if (exacts !== undefined && d.exact !== null) exacts.set(c, c.cappedBy === null ? d.exact : { num: BigInt(c.points), den: 1n });
  return c;
}

function stack(
  base: Draft | undefined,
  usage: EvaluateInput['usage'],
  ctx: EvalContext,
  full: boolean,
  skipped: SkippedRule[],
  exacts: Map<Contribution, Frac> | undefined,
): Contribution[] {
  const out: Contribution[] = [];
  const drafts = ctx.drafts;
  const sizes = ctx.groupSizes;
  const buckets = ctx.groupDrafts;
  let grouped = false;
  for (let k = 0; k < ctx.draftCount; k++) {
    const d = drafts[k] as Draft;
    const g = d.rule.groupIndex;
    if (g < 0) out.push(finish(d, usage, ctx, full, exacts));
    else {
      if (!grouped) {
        for (let i = 0; i < sizes.length; i++) sizes[i] = 0;
        grouped = true;
      }
      (buckets[g] as Draft[])[sizes[g] as number] = d;
      sizes[g] = (sizes[g] as number) + 1;
    }
  }
  if (!grouped) return out;
  for (let g = 0; g < buckets.length; g++) {
    const count = sizes[g] as number;
    if (count === 0) continue;
    const members = buckets[g] as Draft[];
    const mode = (members[0] as Draft).rule.mode;
    if (mode === 'sum') {
      for (let k = 0; k < count; k++) out.push(finish(members[k] as Draft, usage, ctx, full, exacts));
      continue;
    }
    if (mode === 'multiply') {
      const c = multiply(members, count, base as Draft, ctx, full);
      if (exacts !== undefined) exacts.set(c.contribution, c.exact);
      out.push(c.contribution);
      continue;
    }
    if (!full) {
      // Without details only the winner's contribution is built: "first" keeps the first member,
      // "max" the first member with the most capped points (the same choice as below).
      let best = members[0] as Draft;
      if (mode === 'max') {
        let bestPoints = cappedPoints(best, usage);
        for (let i = 1; i < count; i++) {
          const d = members[i] as Draft;
          const p = cappedPoints(d, usage);
          if (p > bestPoints) {
            best = d;
            bestPoints = p;
          }
        }
      }
      out.push(finish(best, usage, ctx, full, exacts));
      continue;
    }
    let winner = finish(members[0] as Draft, usage, ctx, full, exacts);
    for (let i = 1; i < count; i++) {
      const c = finish(members[i] as Draft, usage, ctx, full, exacts);
      const better = mode === 'max' && c.points > winner.points;
      skipped.push({ ruleId: better ? winner.ruleId : c.ruleId, reason: 'group' });
      if (better) winner = c;
    }
    out.push(winner);
  }
  return out;
}

function multiply(
  members: Draft[],
  count: number,
  base: Draft,
  ctx: EvalContext,
  full: boolean,
): { contribution: Contribution; exact: Frac } {
  const first = members[0] as Draft;
  const rate = base.rate as Rate;
  let unit = 1;
  for (let k = 0; k < count; k++) unit *= 100;
  // Σ eligible × (Π factors − 100ⁿ) over the base lines any member touches, exactly.
  let num = 0;
  let fen = 0;
  let big: bigint | undefined;
  const baseScope = base.scope;
  const scope = full ? new Scope(baseScope.n) : NONE;
  const eligible = ctx.eligible;
  for (let s = 0; s < baseScope.n; s++) {
    const i = baseScope.idx[s] as number;
    let product = 1;
    let touched = false;
    for (let k = 0; k < count; k++) {
      const m = (members[k] as Draft).rule;
      const inScope = m.lines === undefined || m.lines(ctx.lines[i] as LineView);
      product *= inScope ? m.factor : 100;
      touched ||= inScope;
    }
    if (!touched) continue;
    if (full) scope.idx[scope.n++] = i;
    const e = eligible[i] as number;
    fen += e;
    const add = e * (product - unit);
    if (big === undefined && Number.isSafeInteger(num + add) && Number.isSafeInteger(product)) num += add;
    else big = (big ?? BigInt(num)) + BigInt(e) * (BigInt(product) - BigInt(unit));
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
    contribution: contribution(first, scope, fen, points, points, rounding, multipliersOf(members, count), ctx, full, null),
    exact: ctx.roundOnce ? { num: (big ?? BigInt(num)) * BigInt(rate.points), den: BigInt(den) } : NO_FRAC,
  };
}

const NO_FRAC: Frac = { num: 0n, den: 1n };

function multipliersOf(members: Draft[], count: number): Draft['multipliers'] {
  if (count === 1) return (members[0] as Draft).multipliers;
  const out: Array<Draft['multipliers'][number]> = [];
  for (let k = 0; k < count; k++) for (const x of (members[k] as Draft).multipliers) out.push(x);
  return out;
}

// The cap that cut the points `cappedPoints` returned last (no object per call).
let cutBy: Contribution['cappedBy'] = null;

/** A draft's points after its caps; the first cap that bit is left in `cutBy`. */
function cappedPoints(d: Draft, usage: EvaluateInput['usage']): number {
  let points = d.points;
  cutBy = null;
  const caps = d.rule.caps;
  if (caps !== undefined) {
    // Rule ids are data: read the caller's own key only, never one inherited from
    // Object.prototype (a rule named `constructor` would otherwise read `Object`).
    const id = d.rule.id;
    const used = typeof usage === 'object' && usage !== null && Object.hasOwn(usage, id) ? usage[id] : undefined;
    for (let k = 0; k < caps.length; k++) {
      const [cap, key, limit] = caps[k] as NonNullable<CompiledRule['caps']>[number];
      const spent = key === undefined ? undefined : used?.[key];
      // Usage is the caller's data: NaN, a fraction or a negative number would silently open the cap.
      const room = Math.max(0, limit - (spent === undefined ? 0 : checkAmount(spent, `usage[${JSON.stringify(id)}].${key}`)));
      if (points > room) {
        points = room;
        cutBy ??= cap;
      }
    }
  }
  return points;
}

function finishDraft(d: Draft, usage: EvaluateInput['usage'], ctx: EvalContext, full: boolean): Contribution {
  if (d.rule.caps === undefined)
    return contribution(d, d.scope, d.eligibleFen, d.points, d.points, d.rounding, d.multipliers, ctx, full, null);
  const points = cappedPoints(d, usage);
  return contribution(d, d.scope, d.eligibleFen, d.points, points, d.rounding, d.multipliers, ctx, full, cutBy);
}

function contribution(
  d: Draft,
  scope: Scope,
  eligibleFen: number,
  uncapped: number,
  points: number,
  rounding: RoundingStep[],
  multipliers: Draft['multipliers'],
  ctx: EvalContext,
  full: boolean,
  cappedBy: Contribution['cappedBy'],
): Contribution {
  const r = d.rule;
  return {
    ruleId: r.id,
    ruleVersion: r.version,
    effect: r.effect,
    kind: r.kind,
    group: r.groupName,
    eligibleFen,
    lines: full ? linesOf(scope, ctx) : NO_LINES,
    rate: d.rate,
    multipliers,
    rounding,
    uncapped,
    cappedBy: cappedBy ?? null,
    points,
  };
}

function linesOf(scope: Scope, ctx: EvalContext): ContributionLine[] {
  const out: ContributionLine[] = [];
  for (let k = 0; k < scope.n; k++) {
    const i = scope.idx[k] as number;
    out.push({ lineId: (ctx.lines[i] as LineView).id, eligibleFen: ctx.eligible[i] as number });
  }
  return out;
}

/** The empty scope (fixed points and top-up bonuses; never written). */
const NONE = new Scope(0);
// Shared by every lean contribution, so frozen: no caller can change another's result.
const NO_LINES: readonly ContributionLine[] = Object.freeze([]);
const NO_ROUNDING = Object.freeze([]) as unknown as RoundingStep[];
const NO_MULTIPLIERS: Draft['multipliers'] = Object.freeze([]);
const NO_LINE_VIEWS: readonly LineView[] = [];
const NO_TENDER_VIEWS: readonly TenderView[] = [];
const NO_TAGS: readonly string[] = [];

function scopeOf(rule: CompiledRule, ctx: EvalContext): Scope {
  return rule.filter === undefined ? ctx.all : scopeFor(ctx, rule.filter);
}

function sum(scope: Scope, eligible: Float64Array): number {
  let total = 0;
  const idx = scope.idx;
  for (let k = 0; k < scope.n; k++) total += eligible[idx[k] as number] as number;
  return total;
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
