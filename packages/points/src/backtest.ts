import { checkAmount } from './errors';
import { evaluate } from './evaluate';
import type { EvaluateInput, Evaluation, RuleUsage } from './evaluation';
import { mulDiv } from './internal/rounding';
import type { CompiledRules } from './rules/compile';

/** What one rule did over the log. @example `{ firings: 412, points: 80_120, costFen: 80_120 }` */
export interface RuleCost {
  readonly firings: number;
  readonly points: number;
  /** Points × the point value, rounded half to even once per rule. */
  readonly costFen: number;
}

/**
 * What one rule set did over a log.
 *
 * @example `{ transactions: 1000, pointsIssued: 250_000, liabilityFen: 250_000, perRule: { … } }`
 */
export interface BacktestResult {
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly transactions: number;
  readonly pointsIssued: number;
  readonly qualifyingPoints: number;
  /** The money value of the points issued (the liability they create). */
  readonly liabilityFen: number;
  readonly perRule: Readonly<Record<string, RuleCost>>;
}

/**
 * The difference between two rule sets over the same log.
 *
 * @example `report.comparison?.pointsDelta`
 */
export interface BacktestComparison {
  readonly other: BacktestResult;
  /** `other − this`, in points and fen. */
  readonly pointsDelta: number;
  readonly liabilityFenDelta: number;
  readonly perRuleDelta: Readonly<Record<string, number>>;
  /** Transactions that earn differently. */
  readonly changed: number;
  /** Up to 20 of them: transaction, points under this rule set and under the other. */
  readonly examples: ReadonlyArray<{ readonly transactionId: string; readonly points: number; readonly otherPoints: number }>;
}

/**
 * Input of `backtest`.
 *
 * @example `backtest({ rules, log, compareWith: candidate, pointValue: { fen: 1, points: 1 } })`
 */
export interface BacktestInput {
  readonly rules: CompiledRules;
  /** Historical transactions in time order (usage for caps, once-only bonuses and first purchases is tracked as it goes). */
  readonly log: Iterable<Omit<EvaluateInput, 'usage'>>;
  readonly compareWith?: CompiledRules;
  /** What points cost the programme: `fen` per `points` (default 1 fen per point). */
  readonly pointValue?: { readonly fen: number; readonly points: number };
}

/**
 * The result of `backtest`, with the comparison when another rule set was given.
 *
 * @example `report.comparison === undefined` when no `compareWith` was given
 */
export interface BacktestReport extends BacktestResult {
  readonly comparison?: BacktestComparison;
}

/**
 * Runs a rule set over a historical log: points issued, liability created, cost per rule, and
 * the difference against another rule set run over the same log.
 *
 * @example
 * ```ts
 * import { backtest, compileRules } from '@aisle/points';
 * const report = backtest({ rules: compileRules(current), compareWith: compileRules(proposed), log });
 * report.comparison?.pointsDelta;
 * ```
 */
export function backtest(input: BacktestInput): BacktestReport {
  const value = input.pointValue ?? { fen: 1, points: 1 };
  checkAmount(value.fen, 'pointValue.fen');
  if (checkAmount(value.points, 'pointValue.points') === 0) throw new RangeError('pointValue.points must be positive');
  const runs = [simulation(input.rules)];
  if (input.compareWith !== undefined) runs.push(simulation(input.compareWith));
  let changed = 0;
  const examples: Array<{ transactionId: string; points: number; otherPoints: number }> = [];
  for (const item of input.log) {
    const [a, b] = runs.map((run) => run.step(item));
    if (b !== undefined && a !== undefined && a.points !== b.points) {
      changed++;
      if (examples.length < 20) examples.push({ transactionId: a.transactionId, points: a.points, otherPoints: b.points });
    }
  }
  const [mine, other] = runs.map((run) => run.result(value)) as [BacktestResult, BacktestResult | undefined];
  if (other === undefined) return mine;
  // Rule ids are data: read own keys only and build the result from entries, never `obj[id] =`.
  const pointsOf = (perRule: BacktestResult['perRule'], id: string) => (Object.hasOwn(perRule, id) ? (perRule[id]?.points ?? 0) : 0);
  const deltas: Array<[string, number]> = [];
  for (const id of new Set([...Object.keys(mine.perRule), ...Object.keys(other.perRule)])) {
    deltas.push([id, pointsOf(other.perRule, id) - pointsOf(mine.perRule, id)]);
  }
  return {
    ...mine,
    comparison: {
      other,
      pointsDelta: other.pointsIssued - mine.pointsIssued,
      liabilityFenDelta: other.liabilityFen - mine.liabilityFen,
      perRuleDelta: Object.fromEntries(deltas),
      changed,
      examples,
    },
  };
}

interface Counter {
  day: Map<string, number>;
  month: Map<string, number>;
  campaign: Map<string, number>;
  budget: Map<string, number>;
}

function simulation(rules: CompiledRules) {
  const perRule = new Map<string, { firings: number; points: number }>();
  const used: Counter = { day: new Map(), month: new Map(), campaign: new Map(), budget: new Map() };
  const purchases = new Map<string, number>();
  const once = new Map<string, Set<string>>();
  const capped = rules.ruleset.rules.filter((r) => r.caps !== undefined).map((r) => r.id);
  let transactions = 0;
  let points = 0;
  let qualifying = 0;
  return {
    step(item: Omit<EvaluateInput, 'usage'>): Evaluation {
      const memberId = item.member.id;
      const date = (d: string) => `${memberId}|${d}`;
      const granted = once.get(memberId) ?? new Set(item.member.grantedOnce ?? []);
      const known = item.member.purchaseCount;
      const member = {
        ...item.member,
        grantedOnce: [...granted],
        ...(known === undefined ? {} : { purchaseCount: known + (purchases.get(memberId) ?? 0) }),
      };
      // Usage is keyed by business date, which is only known after evaluation: evaluate once to
      // learn it when capped rules exist, then with the usage of that day and month.
      let result = evaluate(rules, { ...item, member }, { detail: 'points' });
      if (capped.length > 0) {
        const usage: RuleUsage = Object.fromEntries(
          capped.map((id) => [
            id,
            {
              day: used.day.get(`${id}|${date(result.businessDate)}`) ?? 0,
              month: used.month.get(`${id}|${date(result.businessDate.slice(0, 7))}`) ?? 0,
              campaign: used.campaign.get(`${id}|${memberId}`) ?? 0,
              budget: used.budget.get(id) ?? 0,
            },
          ]),
        );
        result = evaluate(rules, { ...item, member, usage }, { detail: 'points' });
      }
      transactions++;
      points += result.points;
      qualifying += result.qualifyingPoints;
      if (item.transaction.kind === 'purchase') purchases.set(memberId, (purchases.get(memberId) ?? 0) + 1);
      for (const c of result.contributions) {
        const r = perRule.get(c.ruleId) ?? { firings: 0, points: 0 };
        r.firings++;
        r.points += c.points;
        perRule.set(c.ruleId, r);
        const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + c.points);
        add(used.day, `${c.ruleId}|${date(result.businessDate)}`);
        add(used.month, `${c.ruleId}|${date(result.businessDate.slice(0, 7))}`);
        add(used.campaign, `${c.ruleId}|${memberId}`);
        add(used.budget, c.ruleId);
        const rule = rules.ruleset.rules.find((x) => x.id === c.ruleId);
        if (rule?.once === true || rule?.effect.type === 'topUpBonus') {
          granted.add(c.ruleId);
          once.set(memberId, granted);
        }
      }
      return result;
    },
    result(value: { fen: number; points: number }): BacktestResult {
      const costOf = (p: number) => mulDiv(p, value.fen, value.points, 'half-even');
      return {
        rulesetId: rules.id,
        rulesetVersion: rules.version,
        transactions,
        pointsIssued: points,
        qualifyingPoints: qualifying,
        liabilityFen: costOf(points),
        perRule: Object.fromEntries([...perRule].map(([id, r]) => [id, { ...r, costFen: costOf(r.points) }])),
      };
    },
  };
}
