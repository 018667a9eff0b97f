import type { CompiledRule, Rate } from '../rules/compile';
import type { BusinessDate } from './calendar';
import type { RoundingStep } from './rounding';

/** A validated line as evaluation sees it. */
export interface LineView {
  readonly id: string;
  readonly sku: string;
  readonly brand?: string | undefined;
  readonly category?: string | undefined;
  readonly quantity: number;
  readonly amountFen: number;
}

/** A tender as evaluation sees it. */
export interface TenderView {
  readonly method: string;
  readonly amountFen: number;
}

/** The indices of the lines a rule applies to: the first `n` entries of `idx`. */
export class Scope {
  idx: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.idx = new Int32Array(capacity);
  }
  /** Room for `n` indices (the contents are not kept). */
  reserve(n: number): Int32Array {
    if (this.idx.length < n) this.idx = new Int32Array(Math.max(n, 2 * this.idx.length));
    return this.idx;
  }
}

/** An exact non-negative fraction of points. */
export interface Frac {
  readonly num: bigint;
  readonly den: bigint;
}

/** One matched rule's points before stacking; pooled in the context (never part of a result). */
export interface Draft {
  rule: CompiledRule;
  scope: Scope;
  eligibleFen: number;
  points: number;
  rounding: RoundingStep[];
  multipliers: ReadonlyArray<{ readonly ruleId: string; readonly ruleVersion: number; readonly factor: number }>;
  rate: Rate | null;
  /** The exact points before rounding, kept only when the rule set rounds once at the end. */
  exact: Frac | null;
}

const NO_LINES: readonly LineView[] = [];
const NO_TENDERS: readonly TenderView[] = [];
const NO_TAGS: readonly string[] = [];

/**
 * Everything a compiled condition reads. One instance per compiled rule set is reused from
 * evaluation to evaluation (a re-entrant evaluation gets its own), so an evaluation allocates no
 * context, no per-line buffers and no scope arrays; every field is set in the constructor so all
 * instances share one hidden class and the compiled conditions' property reads stay monomorphic.
 */
export class EvalContext {
  kind: 'purchase' | 'sign-up' | 'top-up' = 'purchase';
  storeId = '';
  channel = '';
  totalFen = 0;
  lines: readonly LineView[] = NO_LINES;
  /** Number of lines (the valid prefix of `eligible`). */
  lineCount = 0;
  tenders: readonly TenderView[] = NO_TENDERS;
  /** Earning fen of each line after non-earning tenders were allocated away (first `lineCount` entries). */
  eligible: Float64Array = new Float64Array(16);
  eligibleTotal = 0;
  /** Every line index (the scope of rules without an item filter): `idx[i] === i` always. */
  readonly all: Scope = new Scope(0);
  /** Which item filters' scopes were computed in this evaluation (`scopeEpoch[i] === epoch`). */
  readonly scopeEpoch: Uint32Array;
  /** Line scopes of the rule set's item filters, filled lazily during one evaluation (reused buffers). */
  readonly scopes: Scope[];
  epoch = 0;
  tier = '';
  tags: readonly string[] = NO_TAGS;
  birthday: string | undefined = undefined;
  joinedOn: string | undefined = undefined;
  /** Purchases before this one, when the caller knows (first-purchase rules need an explicit 0). */
  purchaseCount: number | undefined = undefined;
  openedOn: string | undefined = undefined;
  date: BusinessDate;
  /** The rule set rounds once at the end (`roundAt: 'end'`): drafts carry their exact values. */
  roundOnce = false;
  /** Drafts of this evaluation, in the order the rules matched: the first `draftCount` of the pool. */
  readonly drafts: Draft[] = [];
  draftCount = 0;
  /** Each group's drafts (the first `groupSizes[g]` of `groupDrafts[g]`), in priority order of the groups. */
  readonly groupDrafts: Draft[][];
  readonly groupSizes: Int32Array;

  constructor(filterCount: number, groupCount: number, date: BusinessDate) {
    this.groupDrafts = [];
    for (let i = 0; i < groupCount; i++) this.groupDrafts.push([]);
    this.groupSizes = new Int32Array(groupCount);
    this.scopeEpoch = new Uint32Array(filterCount);
    this.scopes = [];
    for (let i = 0; i < filterCount; i++) this.scopes.push(new Scope(8));
    this.date = date;
    this.setLineCount(16);
    this.lineCount = 0;
  }

  /** Sets the number of lines, growing the per-line buffers when needed. */
  setLineCount(n: number): void {
    this.lineCount = n;
    if (this.eligible.length < n) this.eligible = new Float64Array(Math.max(n, 2 * this.eligible.length));
    const all = this.all;
    if (all.idx.length < n) {
      const idx = all.reserve(n);
      for (let i = 0; i < idx.length; i++) idx[i] = i;
    }
    all.n = n;
  }
}
