import { evaluate } from './evaluate';
import type { EvaluateInput, EvaluateOptions } from './evaluation';
import { spread } from './internal/allocate';
import { businessDate, dateOfDay } from './internal/calendar';
import { EvalContext, type LineView, type TenderView } from './internal/context';
import { divideBig, mulDiv } from './internal/rounding';
import { instantOf, isFen, isId, isKnownZone } from './internal/validate-input';
import { offsetFunction } from './internal/zone-offsets';
import { CheckProgram, computeAtoms, Facts, Names, passes } from './rules/checks';
import { type CompiledInternals, type CompiledRule, type CompiledRules, internalsOf, type Rate } from './rules/compile';
import type { CompiledFilter } from './rules/conditions';
import type { Member, Store, Transaction } from './schema-types';

/**
 * The points of one receipt: what `evaluate(compiled, input).points` gives, without building an
 * evaluation. Made by {@link createPointsEvaluator}.
 *
 * @example
 * ```ts
 * const pointsOf: PointsEvaluator = createPointsEvaluator(compileRules(ruleset));
 * pointsOf({ transaction, member, store, at: '2026-11-18T14:00:00+08:00' }); // 256
 * ```
 */
export type PointsEvaluator = (input: EvaluateInput) => number;

const POINTS: EvaluateOptions = { detail: 'points' };
const NO_LINES: readonly LineView[] = [];
const NO_TENDERS: readonly TenderView[] = [];
const NO_TAGS: readonly string[] = [];
const NO_ZONE: unique symbol = Symbol('no zone');
const NO_OFFSET = (): number => 0;
const DAY = 86_400_000;

/**
 * Compiles a rule set's points into one function for callers that need only the total, such as
 * a POS gateway printing "you earned 256 points" on the receipt: `pointsOf(input)` returns exactly
 * `evaluate(compiled, input, { detail: 'points' }).points` for every input, and throws the same
 * errors for the same bad input (it validates every field `evaluate` validates), without building the evaluation, its
 * contributions or its explanation. Write accruals with `evaluate`: the ledger records the
 * contributions.
 *
 * The input is validated in the same pass that reads it (each field once, dates checked and read
 * by character, each line's item filters matched as it is checked), conditions are compiled into
 * atoms over facts computed once per receipt (kind, channel and tier from tables, calendar facts
 * cached per business day, item, tag and payment atoms from lookup tables by their bit sets), the
 * rules that match are found from tables of the rules each byte of the atom words blocks (a few
 * lookups per 32 rules, no branch per rule), and each matching rule's points are computed from
 * typed per-rule data and stacked as numbers, so next to nothing is allocated per receipt (with
 * `at` in epoch milliseconds; an ISO string is parsed by core's `toInstant`). On the 25-rule
 * retail benchmark it takes about half the time of `evaluate(…, { detail: 'points' })`.
 * Input it does not take on that path (a field
 * that fails a check, a hole in a tag list, a call from inside an input getter) and rule sets
 * that round once at the end (`roundAt: 'end'`) or have more than 31 item filters or rules
 * granted once are evaluated by `evaluate` itself, so the answer, or the error, is always
 * `evaluate`'s. The function keeps reusable buffers of its own: create one per rule set and
 * reuse it.
 *
 * @throws `TypeError` when `compiled` is not the result of `compileRules`; the returned function
 * throws what `evaluate` throws: `POINTS_INVALID_AMOUNT`, `POINTS_UNKNOWN_MEMBER`,
 * `POINTS_UNKNOWN_STORE`, `CORE_VALIDATION`, `CORE_INVALID_INSTANT`.
 *
 * @example
 * ```ts
 * import { compileRules, createPointsEvaluator } from '@aisle/points';
 * const pointsOf = createPointsEvaluator(compileRules(ruleset));
 * const points = pointsOf({
 *   transaction: { id: 'R-1', kind: 'purchase', storeId: 'sh-001', channel: 'pos', totalFen: 12_800,
 *     lines: [{ id: 'l1', sku: 'A', quantity: 1, amountFen: 12_800 }], tenders: [{ method: 'wechat-pay', amountFen: 12_800 }] },
 *   member: { id: 'm-1', tier: 'silver' },
 *   store: { id: 'sh-001', zone: 'Asia/Shanghai' },
 *   at: '2026-11-18T14:00:00+08:00',
 * });
 * points; // 256 on a Wednesday member day (×2), as evaluate(...).points
 * ```
 */
export function createPointsEvaluator(compiled: CompiledRules): PointsEvaluator {
  const inner = internalsOf(compiled);
  const general: PointsEvaluator = (input) => evaluate(compiled, input, POINTS).points;
  if (compiled.ruleset.roundAt === 'end' || !FastPoints.fits(inner)) return general;
  const fast = new FastPoints(compiled, inner);
  return (input) => {
    // One evaluation at a time uses the buffers: a call from inside another (an input getter
    // calling back) takes the general path.
    if (fast.busy) return general(input);
    fast.busy = true;
    let points: number;
    try {
      points = fast.points(input);
    } finally {
      fast.release();
    }
    // NaN: the input left the fast path (a check failed, or a figure needs evaluate's handling).
    return Number.isNaN(points) ? general(input) : points;
  };
}

/** A rule set's fast points path, with its reused buffers (one per evaluator; never shared). */
class FastPoints {
  busy = false;
  private readonly ctx: EvalContext;
  private readonly bases: readonly CompiledRule[];
  private readonly others: readonly CompiledRule[];
  private readonly nonEarning: ReadonlySet<string>;
  /** The non-earning tender methods' bits among the check program's method names (-1: too many names, use the set). */
  private readonly nonEarningMask: number;
  /** The last store opening date that passed its check (a string's validity depends only on its text). */
  private lastOpenedOn: string | undefined;
  /** Its month × 100 + day. */
  private lastOpenedOnKey = -1;
  private readonly stores: ReadonlySet<string> | undefined;
  private readonly caps: CompiledRules['ruleset']['caps'];
  /** Per group (priority order): its stacked points, whether a rule of it matched, and a multiply group's members. */
  private readonly groupPoints: Float64Array;
  /** Per group: the evaluation (`groupEpoch`) that last touched it, its mode's code, and whether no member of a multiply group has an item filter. */
  private readonly groupSeenAt: Int32Array;
  private groupEpoch = 0;
  private readonly groupModeCode: Uint8Array;
  private readonly unfiltered: Uint8Array;
  /** Per other rule (by position): what it does (`OP_*`), its group (-1: none), its item filter (-1: none), its figures, whether it has caps. */
  private readonly ops: Uint8Array;
  private readonly groupOf: Int32Array;
  private readonly filterOf: Int32Array;
  private readonly opNum: Float64Array;
  private readonly opDen: Float64Array;
  private readonly hasCaps: Uint8Array;
  /** Scratch: the other rules whose atoms hold, 32 to a word. */
  private readonly fired: Int32Array;
  /** Scratch: the groups touched by this evaluation (the first `seenCount`), in the order they were. */
  private readonly seenGroups: Int32Array;
  private readonly multiplyMembers: CompiledRule[][];
  private readonly multiplyCounts: Int32Array;
  /** A cap usage figure was not a whole number >= 0 (evaluate throws for it). */
  private badUsage = false;
  /** The last two zones found valid; at first a value no input has (an undefined zone must be checked too). */
  private lastZone: unknown = NO_ZONE;
  private otherZone: unknown = NO_ZONE;
  /** Their offset functions (minutes at an instant). */
  private lastOffset: (ms: number) => number = NO_OFFSET;
  private otherOffset: (ms: number) => number = NO_OFFSET;
  /** The rules' conditions as a check program: base rule k is rule number `baseChecks[k]` of it, the others likewise. */
  private readonly checks: CheckProgram;
  private readonly baseChecks: Int32Array;
  private readonly otherChecks: Int32Array;
  private readonly facts = new Facts();
  /** Some condition runs as a compiled closure (which reads the receipt's lists from the context). */
  private readonly closures: boolean;
  /** Item filters (at most 31): per receipt, each line's bits (bit i: filter i selects it) and each filter's earning fen and units. */
  private readonly filters: readonly CompiledFilter[];
  private readonly byField: ReturnType<typeof byField>;
  private lineBits = new Int32Array(16);
  private readonly filterFen: Float64Array;
  private readonly filterUnits: Float64Array;
  /** The receipt's units and eligible fen over all lines. */
  private units = 0;
  private eligibleTotal = 0;
  /** Rules granted once: their ids' bits, the bit of each rule (0 when not once), the member's granted bits. */
  private readonly onceIds = new Names();
  private readonly baseMasks: RuleMasks;
  private readonly otherMasks: RuleMasks;
  private grantedBits = 0;

  constructor(compiled: CompiledRules, inner: CompiledInternals) {
    this.bases = inner.base;
    this.others = inner.others;
    this.nonEarning = inner.nonEarning;
    this.stores = inner.stores;
    this.caps = compiled.ruleset.caps;
    const groups = inner.groupCount;
    this.ctx = new EvalContext(inner.filterCount, groups, businessDate(0, 'UTC', 0));
    this.groupPoints = new Float64Array(groups);
    this.groupSeenAt = new Int32Array(groups);
    const modes: Array<CompiledRule['mode']> = new Array(groups).fill('sum');
    for (const r of [...inner.base, ...inner.others]) if (r.groupIndex >= 0) modes[r.groupIndex] = r.mode;
    this.groupModeCode = Uint8Array.from(modes, (m) => MODE_CODE[m]);
    this.unfiltered = Uint8Array.from(modes, (_, g) =>
      inner.others.some((r) => r.groupIndex === g && r.mode === 'multiply' && r.filter !== undefined) ? 0 : 1,
    );
    const others = inner.others;
    this.ops = Uint8Array.from(others, opOf);
    this.groupOf = Int32Array.from(others, (r) => r.groupIndex);
    this.filterOf = Int32Array.from(others, (r) => (r.filter === undefined ? -1 : r.filter.index));
    this.opNum = Float64Array.from(others, (r) =>
      r.effect === 'multiplier' ? r.factor - 100 : r.effect === 'perItem' && r.perUnit >= 0 ? r.perUnit : r.points,
    );
    this.opDen = Float64Array.from(others, (r) => r.perFen);
    this.hasCaps = Uint8Array.from(others, (r) => (r.caps === undefined ? 0 : 1));
    this.fired = new Int32Array(Math.ceil(others.length / 32));
    this.multiplyMembers = modes.map(() => []);
    this.multiplyCounts = new Int32Array(groups);
    this.checks = new CheckProgram(inner.holidays, inner.filters);
    const program = (rules: readonly CompiledRule[]) => Int32Array.from(rules, (r) => this.checks.add(r.rule.when));
    this.baseChecks = program(inner.base);
    this.otherChecks = program(inner.others);
    // The non-earning methods join the method names before the atom tables are built (they index by the whole bit set).
    this.nonEarningMask = this.checks.methods.mask([...inner.nonEarning]);
    this.checks.finish();
    this.closures = this.checks.op.length > 0;
    this.filters = inner.filters.list();
    this.byField = byField(this.filters);
    this.filterFen = new Float64Array(this.filters.length);
    this.filterUnits = new Float64Array(this.filters.length);
    this.baseMasks = new RuleMasks(inner.base, this.baseChecks, this.checks, this.onceIds);
    this.otherMasks = new RuleMasks(inner.others, this.otherChecks, this.checks, this.onceIds);
    this.seenGroups = new Int32Array(groups);
  }

  /** Whether the fast path can take this rule set (at most 31 item filters and 31 rules granted once). */
  static fits(inner: CompiledInternals): boolean {
    let once = 0;
    for (const r of [...inner.base, ...inner.others]) if (r.once) once++;
    return inner.filterCount <= 31 && once <= 31;
  }

  /** A rule's earning fen: its filter's, or the receipt's. */
  private fenOf(rule: CompiledRule): number {
    return rule.filter === undefined ? this.eligibleTotal : (this.filterFen[rule.filter.index] as number);
  }

  /** The bits of the item filters that select `line` (bit i: filter i); one-value filters compare one field with their value. */
  private bitsOfLine(line: LineView, brand: string | undefined, category: string | undefined, sku: string): number {
    const by = this.byField;
    let bits = 0;
    for (let j = 0; j < by.brands.length; j++) if (brand === by.brands[j]) bits |= by.brandBits[j] as number;
    for (let j = 0; j < by.categories.length; j++) if (category === by.categories[j]) bits |= by.categoryBits[j] as number;
    // SKUs are often built per receipt (not interned): length, then last character, before the full comparison.
    const n = sku.length;
    for (let j = 0; j < by.skus.length; j++)
      if (n === by.skuLengths[j] && sku.charCodeAt(n - 1) === by.skuLast[j] && sku === by.skus[j]) bits |= by.skuBits[j] as number;
    for (let j = 0; j < by.notCategories.length; j++) if (category !== by.notCategories[j]) bits |= by.notCategoryBits[j] as number;
    for (let j = 0; j < by.other.length; j++) {
      const filter = by.other[j] as CompiledFilter;
      if (filter.matches(line)) bits |= 1 << filter.index;
    }
    return bits;
  }

  /** Each filter's earning fen again, from the lines' bits and their earning fen after non-earning tenders were spread. */
  private refilter(n: number, eligible: Float64Array): void {
    const fen = this.filterFen;
    for (let f = 0; f < fen.length; f++) fen[f] = 0;
    const lineBits = this.lineBits;
    for (let i = 0; i < n; i++) {
      const e = eligible[i] as number;
      for (let rest = lineBits[i] as number; rest !== 0; rest &= rest - 1) {
        const f = 31 - Math.clz32(rest & -rest);
        fen[f] = (fen[f] as number) + e;
      }
    }
  }

  /** Drops the references to the caller's data and frees the buffers for the next evaluation. */
  release(): void {
    const ctx = this.ctx;
    if (this.closures) {
      ctx.lines = NO_LINES;
      ctx.tenders = NO_TENDERS;
      ctx.tags = NO_TAGS;
    }
    ctx.birthday = undefined;
    ctx.joinedOn = undefined;
    ctx.openedOn = undefined;
    this.busy = false;
  }

  /** The points of `input`, or NaN when it must take the general path. */
  points(input: EvaluateInput): number {
    if (typeof input !== 'object' || input === null) return Number.NaN;
    const tx: Transaction = input.transaction;
    const member: Member = input.member;
    const store: Store = input.store;
    if (typeof tx !== 'object' || tx === null || typeof member !== 'object' || member === null) return Number.NaN;
    if (typeof store !== 'object' || store === null) return Number.NaN;
    // The checks of validateInput, each field read once: every failure goes to evaluate, which
    // throws the error it names.
    const kind = tx.kind;
    // Checked and coded at once (the codes of KIND_CODE and CHANNEL_CODE; no keyed lookup by name).
    const kindCode = kind === 'purchase' ? 0 : kind === 'sign-up' ? 1 : kind === 'top-up' ? 2 : -1;
    if (kindCode < 0) return Number.NaN;
    const channel = tx.channel;
    const channelCode = channel === 'pos' ? 0 : channel === 'online' ? 1 : channel === 'mini-program' ? 2 : -1;
    if (channelCode < 0) return Number.NaN;
    const totalFen = tx.totalFen;
    if (!isId(tx.id) || !isFen(totalFen)) return Number.NaN;
    const storeId = store.id;
    if (tx.storeId !== storeId || !isId(storeId) || (this.stores !== undefined && !this.stores.has(storeId))) return Number.NaN;
    const zone = store.zone;
    if (zone !== this.lastZone) {
      // The last two zones found valid (a zone's validity depends only on its text), each with its offset function.
      const offset = this.lastOffset;
      if (zone === this.otherZone) this.lastOffset = this.otherOffset;
      else {
        if (!isKnownZone(zone)) return Number.NaN;
        this.lastOffset = offsetFunction(zone);
      }
      this.otherZone = this.lastZone;
      this.otherOffset = offset;
      this.lastZone = zone;
    }
    const openedOn = store.openedOn;
    if (openedOn !== undefined && openedOn !== this.lastOpenedOn) {
      const key = isoDateKey(openedOn);
      if (key < 0) return Number.NaN;
      this.lastOpenedOn = openedOn;
      this.lastOpenedOnKey = key;
    }
    const startsAt = store.dayStartsAtHour;
    if (startsAt !== undefined && !(Number.isInteger(startsAt) && startsAt >= 0 && startsAt <= 12)) return Number.NaN;
    const hour = startsAt ?? 0;
    const tier = member.tier;
    if (!isId(member.id) || !isId(tier)) return Number.NaN;
    const facts = this.facts;
    const checks = this.checks;
    const tags = member.tags;
    let tagBits = 0;
    if (tags !== undefined) {
      if (!Array.isArray(tags) || tags.length > 10_000) return Number.NaN;
      for (let i = 0; i < tags.length; i++) {
        const tag = tags[i];
        // A hole (valid, skipped by evaluate) or a bad tag: the general path.
        if (!isId(tag)) return Number.NaN;
        tagBits |= checks.tags.bitsOf(tag);
      }
    }
    const granted = member.grantedOnce;
    let grantedBits = 0;
    if (granted !== undefined) {
      if (!Array.isArray(granted) || granted.length > 10_000) return Number.NaN;
      const once = this.onceIds;
      for (let i = 0; i < granted.length; i++) {
        const id = granted[i];
        if (!isId(id)) return Number.NaN;
        grantedBits |= once.bitsOf(id);
      }
    }
    // Dates are checked and read in one pass (month × 100 + day; -1: not a date).
    const birthday = member.birthday;
    let birthdayKey = -1;
    if (birthday !== undefined) {
      birthdayKey = typeof birthday === 'string' && birthday.length === 5 ? monthDayKey(birthday, 0) : isoDateKey(birthday);
      if (birthdayKey < 0) return Number.NaN;
    }
    const joinedOn = member.joinedOn;
    let joinedOnKey = -1;
    if (joinedOn !== undefined) {
      joinedOnKey = isoDateKey(joinedOn);
      if (joinedOnKey < 0) return Number.NaN;
    }
    const purchaseCount = member.purchaseCount;
    if (purchaseCount !== undefined && !isCount(purchaseCount)) return Number.NaN;

    const tenders = tx.tenders ?? NO_TENDERS;
    if (!Array.isArray(tenders)) return Number.NaN;
    let excluded = 0;
    let paymentBits = 0;
    const nonEarning = this.nonEarning;
    const nonEarningMask = this.nonEarningMask;
    const methods = checks.methods;
    for (let i = 0; i < tenders.length; i++) {
      const t: TenderView = tenders[i];
      if (typeof t !== 'object' || t === null) return Number.NaN;
      const method = t.method;
      const amount = t.amountFen;
      if (!isId(method) || !isFen(amount)) return Number.NaN;
      const bit = methods.bitsOf(method);
      if (nonEarningMask < 0 ? nonEarning.has(method) : (bit & nonEarningMask) !== 0) excluded += amount;
      if (amount > 0) paymentBits |= bit;
    }
    const lines = (tx.lines ?? NO_LINES) as readonly LineView[];
    if (!Array.isArray(lines)) return Number.NaN;
    const n = lines.length;
    const ctx = this.ctx;
    ctx.setLineCount(n);
    const eligible = ctx.eligible;
    let total = 0;
    let units = 0;
    // One pass over the lines: each is checked, and its filter bits and each matching filter's
    // fen and units are summed in line order (as evaluate sums a scope).
    if (this.lineBits.length < n) this.lineBits = new Int32Array(Math.max(n, 2 * this.lineBits.length));
    const lineBits = this.lineBits;
    const filterFen = this.filterFen;
    const filterUnits = this.filterUnits;
    for (let f = 0; f < filterFen.length; f++) {
      filterFen[f] = 0;
      filterUnits[f] = 0;
    }
    let anyBits = 0;
    for (let i = 0; i < n; i++) {
      const line: LineView = lines[i] as LineView;
      if (typeof line !== 'object' || line === null) return Number.NaN;
      const sku = line.sku;
      if (!isId(line.id) || !isId(sku)) return Number.NaN;
      const brand = line.brand;
      const category = line.category;
      if ((brand !== undefined && !isId(brand)) || (category !== undefined && !isId(category))) return Number.NaN;
      const amount = line.amountFen;
      const quantity = line.quantity;
      if (!isFen(amount) || !Number.isSafeInteger(quantity) || quantity <= 0) return Number.NaN;
      eligible[i] = amount;
      total += amount;
      units += quantity;
      const bits = this.bitsOfLine(line, brand, category, sku);
      lineBits[i] = bits;
      anyBits |= bits;
      for (let rest = bits; rest !== 0; rest &= rest - 1) {
        const f = 31 - Math.clz32(rest & -rest);
        filterFen[f] = (filterFen[f] as number) + amount;
        filterUnits[f] = (filterUnits[f] as number) + quantity;
      }
    }
    let eligibleTotal = total;
    if (excluded !== 0) {
      spread(lines, total, excluded, eligible);
      eligibleTotal = 0;
      for (let i = 0; i < n; i++) eligibleTotal += eligible[i] as number;
      if (anyBits !== 0) this.refilter(n, eligible);
    }
    const memberUsage = input.memberUsage;
    const memberDay = memberUsage?.day;
    const memberMonth = memberUsage?.month;
    if ((memberDay !== undefined && !isCount(memberDay)) || (memberMonth !== undefined && !isCount(memberMonth))) return Number.NaN;
    // Every check passed, so evaluate would get this far too: its instant and business date.
    const ms = instantOf(input.at);
    const date = dateOfDay(Math.floor((ms + this.lastOffset(ms) * 60_000 - hour * 3_600_000) / DAY));

    facts.birthday = birthdayKey;
    facts.joinedOn = joinedOnKey;
    facts.openedOn = openedOn === undefined ? -1 : this.lastOpenedOnKey;
    facts.kind = kindCode;
    facts.channel = channelCode;
    facts.tierBits = checks.tiers.bitsOf(tier);
    facts.tierIndex = facts.tierBits === 0 ? 0 : 32 - Math.clz32(facts.tierBits);
    facts.tagBits = tagBits;
    facts.paymentBits = paymentBits;
    facts.filterBits = anyBits;
    this.units = units;
    this.grantedBits = grantedBits;
    ctx.kind = kind;
    ctx.storeId = storeId;
    ctx.channel = channel;
    ctx.totalFen = totalFen;
    if (this.closures) {
      // Only compiled conditions read the lists themselves (the checks read their bits).
      ctx.lines = lines;
      ctx.tenders = tenders;
      ctx.tags = tags ?? NO_TAGS;
    }
    ctx.eligibleTotal = eligibleTotal;
    this.eligibleTotal = eligibleTotal;
    if (this.closures) {
      // A new evaluation for the closures' scope cache.
      if (ctx.epoch === 0xffff_ffff) {
        ctx.scopeEpoch.fill(0);
        ctx.epoch = 0;
      }
      ctx.epoch++;
    }
    ctx.tier = tier;
    ctx.birthday = birthday;
    ctx.joinedOn = joinedOn;
    ctx.purchaseCount = purchaseCount;
    ctx.openedOn = openedOn;
    ctx.date = date;
    ctx.roundOnce = false;
    computeAtoms(checks, facts, ctx);
    return this.stack(ctx, input.usage, memberDay ?? 0, memberMonth ?? 0);
  }

  /** The rules' points stacked as `evaluate` stacks them (same caps, same group choices), as numbers. */
  private stack(ctx: EvalContext, usage: EvaluateInput['usage'], day: number, month: number): number {
    const facts = this.facts;
    this.badUsage = false;
    let points = 0;
    let qualifying = 0;
    let base: CompiledRule | undefined;
    let baseBit = 0;
    let baseRate: Rate | undefined;
    let baseFen = 0;
    const lo = facts.lo;
    const hi = facts.hi;
    const granted = this.grantedBits;
    {
      const bases = this.bases;
      const bm = this.baseMasks;
      const baseChecks = this.baseChecks;
      for (let k = 0; k < bases.length; k++) {
        if (!bm.holds(k, lo, hi, granted) || (bm.own[k] === 1 && !this.ownChecks(baseChecks[k] as number, ctx))) continue;
        const rule = bases[k] as CompiledRule;
        // The highest-priority matching base rule wins (the others are superseded).
        base = rule;
        baseRate = rule.rates.length === 0 ? (rule.rate as Rate) : rateFor(rule, ctx);
        baseBit = bitOf(rule);
        baseFen = this.fenOf(rule);
        points = mulDiv(baseFen, baseRate.points, baseRate.perFen, rule.rounding);
        if (rule.caps !== undefined) points = this.capped(rule, points, usage);
        break;
      }
    }
    // The other rules, by position: their atom masks and what each does (typed arrays, read in one pass).
    const om = this.otherMasks;
    const masks = om.packed;
    const own = om.own;
    const ops = this.ops;
    const groupOf = this.groupOf;
    const num = this.opNum;
    const den = this.opDen;
    const hasCaps = this.hasCaps;
    const filterOf = this.filterOf;
    const others = this.others;
    const groupSeen = this.groupSeenAt;
    let epoch = this.groupEpoch + 1;
    if (epoch > 0x3fff_ffff) {
      groupSeen.fill(0);
      epoch = 1;
    }
    this.groupEpoch = epoch;
    const stacked = this.groupPoints;
    const seen = this.seenGroups;
    let seenCount = 0;
    // Which rules' atoms hold (those they need hold, those they exclude do not, not granted
    // already), 32 rules to a word, without a branch per rule; then the matching ones in order.
    const fired = this.fired;
    const blockLo = om.blockLo;
    for (let w = 0; w < fired.length; w++) {
      if (blockLo.length !== 0) {
        // The rules (of this word of 32) that an atom's value blocks, from tables by each byte of
        // the atom words and of the granted bits: eight to twelve lookups for 32 rules, no branch.
        const t = 1024 * w;
        let blocked =
          (blockLo[t + (lo & 255)] as number) |
          (blockLo[t + 256 + ((lo >>> 8) & 255)] as number) |
          (blockLo[t + 512 + ((lo >>> 16) & 255)] as number) |
          (blockLo[t + 768 + ((lo >>> 24) & 255)] as number);
        const blockHi = om.blockHi;
        if (blockHi.length !== 0)
          blocked |=
            (blockHi[t + (hi & 255)] as number) |
            (blockHi[t + 256 + ((hi >>> 8) & 255)] as number) |
            (blockHi[t + 512 + ((hi >>> 16) & 255)] as number) |
            (blockHi[t + 768 + ((hi >>> 24) & 255)] as number);
        const blockOnce = om.blockOnce;
        if (blockOnce.length !== 0)
          blocked |=
            (blockOnce[t + (granted & 255)] as number) |
            (blockOnce[t + 256 + ((granted >>> 8) & 255)] as number) |
            (blockOnce[t + 512 + ((granted >>> 16) & 255)] as number) |
            (blockOnce[t + 768 + ((granted >>> 24) & 255)] as number);
        fired[w] = ~blocked & (om.present[w] as number);
        continue;
      }
      let word = 0;
      const end = Math.min(ops.length, 32 * w + 32);
      for (let k = 32 * w; k < end; k++) {
        const m = 5 * k;
        const nl = masks[m] as number;
        const nh = masks[m + 1] as number;
        const fail =
          ((lo & nl) ^ nl) |
          ((hi & nh) ^ nh) |
          (lo & (masks[m + 2] as number)) |
          (hi & (masks[m + 3] as number)) |
          (granted & (masks[m + 4] as number));
        word |= (((fail | (0 - fail)) >>> 31) ^ 1) << (k & 31);
      }
      fired[w] = word;
    }
    let w = 0;
    for (let rest = fired[0] ?? 0; ; rest &= rest - 1) {
      while (rest === 0) {
        if (++w >= fired.length) break;
        rest = fired[w] as number;
      }
      if (rest === 0) break;
      const k = 32 * w + 31 - Math.clz32(rest & -rest);
      if (own[k] === 1 && !this.ownChecks(this.otherChecks[k] as number, ctx)) continue;
      let p: number;
      switch (ops[k]) {
        case OP_FIXED:
          p = num[k] as number;
          break;
        case OP_MULTIPLIER: {
          if (base === undefined) continue; // no base points to multiply
          const rate = baseRate as Rate;
          p = mulDiv(baseFen, rate.points * (num[k] as number), rate.perFen * 100, (others[k] as CompiledRule).rounding);
          break;
        }
        case OP_MULTIPLIER_FILTERED: {
          if (base === undefined) continue;
          // The base rule's lines that the multiplier's filter selects.
          const bits = baseBit | (1 << (filterOf[k] as number));
          const lineBits = this.lineBits;
          const eligible = ctx.eligible;
          let fen = 0;
          for (let i = 0; i < ctx.lineCount; i++) if (((lineBits[i] as number) & bits) === bits) fen += eligible[i] as number;
          const rate = baseRate as Rate;
          p = mulDiv(fen, rate.points * (num[k] as number), rate.perFen * 100, (others[k] as CompiledRule).rounding);
          break;
        }
        case OP_MULTIPLY_GROUP: {
          if (base === undefined) continue;
          const g = groupOf[k] as number;
          if (groupSeen[g] !== epoch) {
            groupSeen[g] = epoch;
            this.multiplyCounts[g] = 0;
            seen[seenCount++] = g;
          }
          const count = this.multiplyCounts[g] as number;
          (this.multiplyMembers[g] as CompiledRule[])[count] = others[k] as CompiledRule;
          this.multiplyCounts[g] = count + 1;
          continue;
        }
        case OP_PER_UNIT: {
          const f = filterOf[k] as number;
          p = (f < 0 ? this.units : (this.filterUnits[f] as number)) * (num[k] as number);
          break;
        }
        case OP_PER_FEN: {
          const f = filterOf[k] as number;
          p = mulDiv(
            f < 0 ? this.eligibleTotal : (this.filterFen[f] as number),
            num[k] as number,
            den[k] as number,
            (others[k] as CompiledRule).rounding,
          );
          break;
        }
        case OP_TOP_UP: {
          if (ctx.kind !== 'top-up') continue;
          let best = 0;
          let bestMin = -1;
          const tiers = (others[k] as CompiledRule).tiers;
          for (let t = 0; t < tiers.length; t++) {
            const tier = tiers[t] as CompiledRule['tiers'][number];
            if (tier.minFen <= ctx.totalFen && tier.minFen > bestMin) {
              best = tier.points;
              bestMin = tier.minFen;
            }
          }
          if (best === 0) continue;
          p = best;
          break;
        }
        case OP_TIER_CREDIT: {
          // Tier-qualifying points (never in a group): not part of the points, but evaluate
          // checks their caps' usage and that their sum is a safe integer, so this does too. Without
          // caps only that check needs them: fen × points bounds the rounded fen × points / perFen
          // (perFen is a whole number >= 1), and a bound that is not a safe integer sends the receipt
          // to evaluate, which computes them exactly.
          const f = filterOf[k] as number;
          const fen = f < 0 ? this.eligibleTotal : (this.filterFen[f] as number);
          if (hasCaps[k] === 0) qualifying += fen * (num[k] as number);
          else
            qualifying += this.capped(
              others[k] as CompiledRule,
              mulDiv(fen, num[k] as number, den[k] as number, (others[k] as CompiledRule).rounding),
              usage,
            );
          continue;
        }
        /* v8 ignore next 2: every rule other than a base rule has an op */
        default:
          continue;
      }
      const g = groupOf[k] as number;
      if (g < 0) {
        points += hasCaps[k] === 1 ? this.capped(others[k] as CompiledRule, p, usage) : p;
        continue;
      }
      const first = groupSeen[g] !== epoch;
      if (first) {
        groupSeen[g] = epoch;
        seen[seenCount++] = g;
      }
      switch (this.groupModeCode[g]) {
        case MODE_SUM:
          stacked[g] = (first ? 0 : (stacked[g] as number)) + (hasCaps[k] === 1 ? this.capped(others[k] as CompiledRule, p, usage) : p);
          break;
        case MODE_MAX: {
          // The first rule with the most points after its caps (every member's caps are read).
          const c = hasCaps[k] === 1 ? this.capped(others[k] as CompiledRule, p, usage) : p;
          if (first || c > (stacked[g] as number)) stacked[g] = c;
          break;
        }
        default:
          // 'first': the highest-priority member (rules run in priority order); only its caps are read.
          if (first) stacked[g] = hasCaps[k] === 1 ? this.capped(others[k] as CompiledRule, p, usage) : p;
      }
    }
    for (let i = 0; i < seenCount; i++) {
      const g = seen[i] as number;
      if (this.groupModeCode[g] !== MODE_MULTIPLY) points += stacked[g] as number;
      else {
        const members = this.multiplyMembers[g] as CompiledRule[];
        const count = this.multiplyCounts[g] as number;
        points +=
          this.unfiltered[g] === 1
            ? multipliedUnfiltered(members, count, baseFen, baseRate as Rate, ctx, baseBit, this.lineBits)
            : multiplied(members, count, baseBit, baseRate as Rate, ctx, this.lineBits);
      }
    }
    if (this.badUsage || !Number.isSafeInteger(points) || !Number.isSafeInteger(qualifying)) return Number.NaN;
    const caps = this.caps;
    if (caps !== undefined) {
      // The rule set's caps across rules: the tightest room bounds the receipt's points.
      if (caps.perReceipt !== undefined) points = Math.min(points, Math.max(0, caps.perReceipt));
      if (caps.perMemberPerDay !== undefined) points = Math.min(points, Math.max(0, caps.perMemberPerDay - day));
      if (caps.perMemberPerMonth !== undefined) points = Math.min(points, Math.max(0, caps.perMemberPerMonth - month));
    }
    return points;
  }

  /** Whether rule number `r` of the check program's own checks (closures, atoms past the 62nd) hold. */
  private ownChecks(r: number, ctx: EvalContext): boolean {
    const p = this.checks;
    return passes(p, p.from[r] as number, p.to[r] as number, this.facts, ctx);
  }

  /** `points` after the rule's own caps, as `evaluate` applies them; flags a bad usage figure. */
  private capped(rule: CompiledRule, points: number, usage: EvaluateInput['usage']): number {
    const caps = rule.caps;
    if (caps === undefined) return points;
    // Rule ids are data: only the caller's own key is read (as evaluate does).
    const id = rule.id;
    const used = typeof usage === 'object' && usage !== null && Object.hasOwn(usage, id) ? usage[id] : undefined;
    for (let k = 0; k < caps.length; k++) {
      const cap = caps[k] as NonNullable<CompiledRule['caps']>[number];
      const key = cap[1];
      const limit = cap[2];
      const spent = key === undefined ? undefined : used?.[key];
      if (spent !== undefined && !isCount(spent)) {
        this.badUsage = true;
        return 0;
      }
      const room = Math.max(0, limit - (spent ?? 0));
      if (points > room) points = room;
    }
    return points;
  }
}

const OP_FIXED = 1;
const OP_MULTIPLIER = 2;
const OP_MULTIPLIER_FILTERED = 3;
const OP_MULTIPLY_GROUP = 4;
const OP_PER_UNIT = 5;
const OP_PER_FEN = 6;
const OP_TOP_UP = 7;
const OP_TIER_CREDIT = 8;

/** What a non-base rule does, as an `OP_*` code (0: a base rule, never among the others). */
function opOf(rule: CompiledRule): number {
  switch (rule.effect) {
    case 'fixed':
      return OP_FIXED;
    case 'multiplier':
      return rule.mode === 'multiply' ? OP_MULTIPLY_GROUP : rule.filter === undefined ? OP_MULTIPLIER : OP_MULTIPLIER_FILTERED;
    case 'perItem':
      return rule.perUnit >= 0 ? OP_PER_UNIT : OP_PER_FEN;
    case 'topUpBonus':
      return OP_TOP_UP;
    case 'tierCredit':
      return OP_TIER_CREDIT;
    /* v8 ignore next 2: base rules are not among the others */
    default:
      return 0;
  }
}

const MODE_SUM = 0;
const MODE_MAX = 1;
const MODE_FIRST = 2;
const MODE_MULTIPLY = 3;
const MODE_CODE: Readonly<Record<CompiledRule['mode'], number>> = {
  sum: MODE_SUM,
  max: MODE_MAX,
  first: MODE_FIRST,
  multiply: MODE_MULTIPLY,
};

/** A digit's value at `i` of `text` (-100 for anything else, so a sum with one is negative). */
const digitAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};

/** Month × 100 + day of `MM-DD` at `at` of `text` (digits and the dash only), or a negative number. */
function monthDayKey(text: string, at: number): number {
  if (text.charCodeAt(at + 2) !== 45) return -1;
  const m = digitAt(text, at) * 10 + digitAt(text, at + 1);
  const d = digitAt(text, at + 3) * 10 + digitAt(text, at + 4);
  return m < 0 || d < 0 ? -1 : m * 100 + d;
}

/** Month × 100 + day of a `YYYY-MM-DD` date (`isIsoDate`'s check), or a negative number. */
function isoDateKey(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45) return -1;
  if (digitAt(value, 0) + digitAt(value, 1) + digitAt(value, 2) + digitAt(value, 3) < 0) return -1;
  return monthDayKey(value, 5);
}

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function rateFor(rule: CompiledRule, ctx: EvalContext): Rate {
  const rates = rule.rates;
  for (let i = 0; i < rates.length; i++) {
    const r = rates[i] as CompiledRule['rates'][number];
    if ((r.tier === undefined || r.tier === ctx.tier) && (r.store === undefined || r.store === ctx.storeId)) return r.rate;
  }
  return rule.rate as Rate;
}

/**
 * A list of rules' conditions as masks, by position in the list: the atoms that must hold and must
 * not (low and high words), the bit of a rule granted once, and whether it has checks of its own.
 */
class RuleMasks {
  readonly needLo: Int32Array;
  readonly needHi: Int32Array;
  readonly notLo: Int32Array;
  readonly notHi: Int32Array;
  readonly once: Int32Array;
  readonly own: Uint8Array;
  /** Per rule, five words side by side: need (low, high), not (low, high), once. */
  readonly packed: Int32Array;
  /** Per word of 32 rules, the rules that exist (bit k & 31 of word k >>> 5). */
  readonly present: Int32Array;
  /** Blocking tables by byte of the low atom word, of the high one (empty when no rule uses it) and of the granted bits (empty without once-rules); empty for more than 256 rules. */
  readonly blockLo: Int32Array;
  readonly blockHi: Int32Array;
  readonly blockOnce: Int32Array;
  constructor(rules: readonly CompiledRule[], numbers: Int32Array, p: CheckProgram, onceIds: Names) {
    const at = (list: readonly number[]) => Int32Array.from(numbers, (r) => list[r] as number);
    this.needLo = at(p.needLo);
    this.needHi = at(p.needHi);
    this.notLo = at(p.notLo);
    this.notHi = at(p.notHi);
    this.once = Int32Array.from(rules, (r) => (r.once ? onceIds.mask([r.id]) : 0));
    this.own = Uint8Array.from(numbers, (r) => (p.from[r] === p.to[r] ? 0 : 1));
    // The blocking tables (for up to 256 rules): for rule word w, byte b of a word and its value v,
    // the rules that v blocks: a needed atom of byte b not in v, an excluded one in v (and for the
    // granted bits, an already granted once-rule).
    const words = Math.ceil(rules.length / 32);
    this.present = new Int32Array(words);
    for (let k = 0; k < rules.length; k++) this.present[k >>> 5] = (this.present[k >>> 5] as number) | (1 << (k & 31));
    const table = (need: ArrayLike<number>, not: ArrayLike<number> | undefined): Int32Array => {
      const out = new Int32Array(1024 * words);
      for (let k = 0; k < rules.length; k++) {
        const bit = 1 << (k & 31);
        const t = 1024 * (k >>> 5);
        for (let b = 0; b < 4; b++) {
          const n = ((need[k] as number) >>> (8 * b)) & 255;
          const x = not === undefined ? 0 : ((not[k] as number) >>> (8 * b)) & 255;
          if (n === 0 && x === 0) continue;
          for (let v = 0; v < 256; v++) if ((v & n) !== n || (v & x) !== 0) out[t + 256 * b + v] = (out[t + 256 * b + v] as number) | bit;
        }
      }
      return out;
    };
    const tabled = rules.length <= 256;
    const wide = this.needHi.some((x) => x !== 0) || this.notHi.some((x) => x !== 0);
    const onceRules = this.once.some((x) => x !== 0);
    this.blockLo = tabled ? table(this.needLo, this.notLo) : new Int32Array(0);
    this.blockHi = tabled && wide ? table(this.needHi, this.notHi) : new Int32Array(0);
    // A once-rule is blocked when its bit is granted: the "not" of a table with no need.
    this.blockOnce = tabled && onceRules ? table(new Int32Array(rules.length), this.once) : new Int32Array(0);
    this.packed = new Int32Array(5 * rules.length);
    for (let k = 0; k < rules.length; k++) {
      this.packed.set(
        [this.needLo[k] as number, this.needHi[k] as number, this.notLo[k] as number, this.notHi[k] as number, this.once[k] as number],
        5 * k,
      );
    }
  }
  /** Rule k's atoms hold for the receipt's (lo, hi) and it was not granted already. */
  holds(k: number, lo: number, hi: number, granted: number): boolean {
    const needLo = this.needLo[k] as number;
    const needHi = this.needHi[k] as number;
    return (
      (lo & needLo) === needLo &&
      (hi & needHi) === needHi &&
      (lo & (this.notLo[k] as number)) === 0 &&
      (hi & (this.notHi[k] as number)) === 0 &&
      (granted & (this.once[k] as number)) === 0
    );
  }
}

/** Item filters by the field they compare (one-value filters), each value with its filter's bit; the rest as predicates. */
function byField(filters: readonly CompiledFilter[]) {
  const of = (field: CompiledFilter['field']) => filters.filter((f) => f.field === field);
  const values = (field: CompiledFilter['field']) => of(field).map((f) => f.value);
  const bits = (field: CompiledFilter['field']) => Int32Array.from(of(field), (f) => 1 << f.index);
  return {
    brands: values(1),
    brandBits: bits(1),
    categories: values(2),
    categoryBits: bits(2),
    skus: values(3),
    skuBits: bits(3),
    skuLengths: Int32Array.from(values(3), (v) => v.length),
    skuLast: Int32Array.from(values(3), (v) => v.charCodeAt(v.length - 1)),
    notCategories: values(4),
    notCategoryBits: bits(4),
    other: of(0),
  };
}

/** The bit of a rule's item filter in the receipt's line bits (0: no filter, every line). */
const bitOf = (rule: CompiledRule): number => (rule.filter === undefined ? 0 : 1 << rule.filter.index);

/**
 * A `multiply` group's points when no member has an item filter: every base line is touched by
 * every member, so Σ eligible × (Π factors − 100ⁿ) is the base rule's fen × (Π − 100ⁿ), computed
 * exactly as {@link multiplied} does whenever the figures are safe integers (otherwise it is used).
 */
function multipliedUnfiltered(
  members: CompiledRule[],
  count: number,
  baseFen: number,
  rate: Rate,
  ctx: EvalContext,
  baseBit: number,
  lineBits: Int32Array,
): number {
  let unit = 1;
  let product = 1;
  for (let k = 0; k < count; k++) {
    unit *= 100;
    product *= (members[k] as CompiledRule).factor;
  }
  const num = baseFen * (product - unit);
  const den = rate.perFen * unit;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(num) && Number.isSafeInteger(num * rate.points) && Number.isSafeInteger(den))
    return mulDiv(num, rate.points, den, (members[0] as CompiledRule).rounding);
  return multiplied(members, count, baseBit, rate, ctx, lineBits);
}

/** A `multiply` group's points: Σ eligible × (Π factors − 100ⁿ) over the base lines any member touches, exactly (as evaluate). */
function multiplied(members: CompiledRule[], count: number, baseBit: number, rate: Rate, ctx: EvalContext, lineBits: Int32Array): number {
  let unit = 1;
  for (let k = 0; k < count; k++) unit *= 100;
  let num = 0;
  let big: bigint | undefined;
  const eligible = ctx.eligible;
  for (let i = 0; i < ctx.lineCount; i++) {
    const bits = lineBits[i] as number;
    if ((bits & baseBit) !== baseBit) continue;
    let product = 1;
    let touched = false;
    for (let k = 0; k < count; k++) {
      const m = members[k] as CompiledRule;
      const own = bitOf(m);
      const inScope = (bits & own) === own;
      product *= inScope ? m.factor : 100;
      touched ||= inScope;
    }
    if (!touched) continue;
    const e = eligible[i] as number;
    const add = e * (product - unit);
    if (big === undefined && Number.isSafeInteger(num + add) && Number.isSafeInteger(product)) num += add;
    else big = (big ?? BigInt(num)) + BigInt(e) * (BigInt(product) - BigInt(unit));
  }
  const den = rate.perFen * unit;
  const mode = (members[0] as CompiledRule).rounding;
  return big === undefined && Number.isSafeInteger(num * rate.points) && Number.isSafeInteger(den)
    ? mulDiv(num, rate.points, den, mode)
    : Number(divideBig((big ?? BigInt(num)) * BigInt(rate.points), BigInt(den), mode));
}
