import { parse } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import { fromDayNumber } from '../internal/calendar';
import { EvalContext } from '../internal/context';
import { assertNestingDepth } from '../internal/depth';
import type { RoundingMode } from '../internal/rounding';
import type { Rule, Ruleset, RulesetInput } from '../schema-types';
import { RulesetSchema } from '../schemas';
import {
  type CompiledFilter,
  compileCondition,
  createFilterRegistry,
  type FilterRegistry,
  type Holidays,
  type LinePredicate,
  type Predicate,
} from './conditions';

/** How the rules of one exclusive group combine. */
export type StackingMode = 'sum' | 'max' | 'multiply' | 'first';

/** @internal A rule turned into closures. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly order: number;
  readonly test: Predicate;
  readonly lines: LinePredicate | undefined;
  /** The rule's item filter (`lines` with its scope cache index and shape). */
  readonly filter: CompiledFilter | undefined;
  readonly group: string | undefined;
  /** Index of the group in priority order (-1: no group). */
  groupIndex: number;
  readonly mode: StackingMode;
  readonly rounding: RoundingMode;
  /** Granted at most once per member (`once`, and every top-up bonus). */
  readonly once: boolean;
  /** Multiplier factor in hundredths (1.5 → 150). */
  readonly factor: number;
  /** Base rules: the rates by tier and store, each with the frozen `{ points, perFen }` a contribution reports. */
  readonly rates: ReadonlyArray<{ readonly tier: string | undefined; readonly store: string | undefined; readonly rate: Rate }>;
  /** Base rules: the default rate (frozen, shared by every contribution). */
  readonly rate: Rate | null;
  /** Multiplier rules: the frozen one-element `multipliers` list a contribution reports. */
  readonly multipliers: ReadonlyArray<{ readonly ruleId: string; readonly ruleVersion: number; readonly factor: number }>;
  /** The rule has no conditions (its test always passes). */
  readonly always: boolean;
  /** What a contribution of this rule reports: its id, version, effect type, kind and group. */
  readonly id: string;
  readonly version: number;
  readonly effect: Rule['effect']['type'];
  readonly kind: 'points' | 'qualifying';
  readonly groupName: string | null;
  /** The effect's `points` and `perFen` (fixed, perItem, tierCredit; 0 when absent). */
  readonly points: number;
  readonly perFen: number;
  /** A per-item effect's `pointsPerUnit` (-1 when absent). */
  readonly perUnit: number;
  /** A top-up bonus's tiers (empty otherwise). */
  readonly tiers: ReadonlyArray<{ readonly minFen: number; readonly points: number }>;
  /** Rules with caps: the caps to apply, in `CAPS` order, as [cap name, usage key, limit]. */
  readonly caps: ReadonlyArray<readonly [CapName, UsageKey | undefined, number]> | undefined;
}

/** @internal A base rate as contributions report it. */
export interface Rate {
  readonly points: number;
  readonly perFen: number;
}

/** @internal */
export type CapName = 'perTransaction' | 'perDay' | 'perMonth' | 'perMemberPerCampaign' | 'campaignBudget';
/** @internal */
export type UsageKey = 'day' | 'month' | 'campaign' | 'budget';

const CAPS = ['perTransaction', 'perDay', 'perMonth', 'perMemberPerCampaign', 'campaignBudget'] as const;
const USED = {
  perTransaction: undefined,
  perDay: 'day',
  perMonth: 'month',
  perMemberPerCampaign: 'campaign',
  campaignBudget: 'budget',
} as const;

const rateOf = (points: number, perFen: number): Rate => Object.freeze({ points, perFen });
const NO_RATES: CompiledRule['rates'] = Object.freeze([]);
const NO_MULTIPLIERS: CompiledRule['multipliers'] = Object.freeze([]);

/** @internal */
export interface CompiledInternals {
  readonly base: readonly CompiledRule[];
  readonly others: readonly CompiledRule[];
  readonly nonEarning: ReadonlySet<string>;
  readonly stores: ReadonlySet<string> | undefined;
  /** Number of distinct item filters (the size of each evaluation's scope cache). */
  readonly filterCount: number;
  /** Number of groups (group indices run in priority order). */
  readonly groupCount: number;
  /** The evaluation context kept for the next evaluation (taken while one runs). */
  spare: EvalContext | undefined;
  /** The item filters and holiday sets the conditions were compiled with (for `createPointsEvaluator`). */
  readonly filters: FilterRegistry;
  readonly holidays: Holidays;
}

/**
 * A rule set compiled once into closures for synchronous evaluation (no `eval`, no `new Function`).
 * Pass it to `evaluate` and `backtest`; it is immutable and safe to share.
 *
 * @example
 * ```ts
 * const compiled = compileRules(ruleset);
 * compiled.ruleVersions; // { base: 1, 'wed-x2': 2, … }
 * ```
 */
export interface CompiledRules {
  readonly id: string;
  readonly version: number;
  /** The validated rule set, defaults applied. */
  readonly ruleset: Ruleset;
  /** The version of every rule, recorded with each accrual. */
  readonly ruleVersions: Readonly<Record<string, number>>;
}

/** How deeply a rule set may nest (documented on {@link compileRules}). */
const MAX_RULESET_DEPTH = 64;

const internals = new WeakMap<CompiledRules, CompiledInternals>();

/** @internal */
export function internalsOf(compiled: CompiledRules): CompiledInternals {
  const found = internals.get(compiled);
  if (found === undefined) throw new TypeError('Not a compiled rule set: pass the result of compileRules()');
  return found;
}

/**
 * Validates a rule set and compiles every condition and item filter into closures.
 *
 * A rule set may nest at most 64 levels deep in all (the rule set object is level 1; each `any`
 * adds two, each `not` one), far more than any real condition needs; deeper input is rejected
 * before it is parsed.
 *
 * @throws `CORE_VALIDATION` for a malformed or too deeply nested rule set, `POINTS_INVALID_RULES` for duplicate rule
 * ids or unknown groups, `POINTS_CONTRADICTORY_STACKING` when groups contradict each other.
 *
 * @example
 * ```ts
 * import { compileRules } from '@aisle/points';
 * const compiled = compileRules({
 *   id: 'mall', version: 1,
 *   rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }],
 * });
 * ```
 */
export function compileRules(input: RulesetInput): CompiledRules {
  assertNestingDepth(input, MAX_RULESET_DEPTH, 'rule set');
  const ruleset = parse(RulesetSchema, input, { label: 'rule set' });
  const modes = new Map<string, StackingMode>();
  for (const group of ruleset.groups) {
    const previous = modes.get(group.id);
    if (previous !== undefined) {
      throw new PointsError(
        PointsErrorCode.CONTRADICTORY_STACKING,
        `Group "${group.id}" is declared twice${previous === group.mode ? '' : ` (as "${previous}" and "${group.mode}")`}`,
        { details: { group: group.id } },
      );
    }
    modes.set(group.id, group.mode);
  }
  const holidays = { holidays: new Set(ruleset.holidays?.holidays ?? []), workdays: new Set(ruleset.holidays?.workdays ?? []) };
  for (const day of holidays.workdays) {
    if (holidays.holidays.has(day)) {
      throw new PointsError(PointsErrorCode.INVALID_RULES, `${day} is listed both as a holiday and as an adjusted working day`);
    }
  }
  const seen = new Set<string>();
  const filters = createFilterRegistry();
  const compiled: CompiledRule[] = ruleset.rules.map((rule, order) => {
    if (seen.has(rule.id))
      throw new PointsError(PointsErrorCode.INVALID_RULES, `Rule id "${rule.id}" is used twice`, { details: { rule: rule.id } });
    seen.add(rule.id);
    const mode = rule.group === undefined ? 'sum' : modes.get(rule.group);
    if (mode === undefined) {
      throw new PointsError(
        PointsErrorCode.INVALID_RULES,
        `Rule "${rule.id}" names group "${rule.group}", which is not declared in groups`,
        {
          details: { rule: rule.id },
        },
      );
    }
    checkStacking(rule, mode);
    const tests = rule.when.map((c) => compileCondition(c, holidays, filters));
    const lines = rule.items === undefined ? undefined : filters.get(rule.items);
    const [t0, t1, t2] = tests as [Predicate, Predicate, Predicate];
    const test: Predicate =
      tests.length === 1
        ? t0
        : tests.length === 2
          ? (ctx) => t0(ctx) && t1(ctx)
          : tests.length === 3
            ? (ctx) => t0(ctx) && t1(ctx) && t2(ctx)
            : (ctx) => {
                for (const t of tests) if (!t(ctx)) return false;
                return true;
              };
    return {
      rule,
      order,
      test: tests.length === 0 ? () => true : test,
      lines: lines?.matches,
      filter: lines,
      group: rule.group,
      groupIndex: -1,
      once: rule.once === true || rule.effect.type === 'topUpBonus',
      mode,
      rounding: rule.rounding ?? ruleset.rounding,
      factor: rule.effect.type === 'multiplier' ? Math.round(rule.effect.factor * 100) : 100,
      rates:
        rule.effect.type === 'base' && rule.effect.rates !== undefined
          ? Object.freeze(rule.effect.rates.map((r) => Object.freeze({ tier: r.tier, store: r.store, rate: rateOf(r.points, r.perFen) })))
          : NO_RATES,
      rate: rule.effect.type === 'base' ? rateOf(rule.effect.points, rule.effect.perFen) : null,
      multipliers:
        rule.effect.type === 'multiplier'
          ? Object.freeze([
              Object.freeze({ ruleId: rule.id, ruleVersion: rule.version, factor: Math.round(rule.effect.factor * 100) / 100 }),
            ])
          : NO_MULTIPLIERS,
      caps: capsOf(rule),
      always: tests.length === 0,
      id: rule.id,
      version: rule.version,
      effect: rule.effect.type,
      kind: rule.effect.type === 'tierCredit' ? 'qualifying' : 'points',
      groupName: rule.group ?? null,
      ...effectData(rule.effect),
    };
  });
  const groupOrder = [...ruleset.groups].sort((a, b) => b.priority - a.priority).map((g) => g.id);
  for (const c of compiled) c.groupIndex = c.group === undefined ? -1 : groupOrder.indexOf(c.group);
  const byPriority = [...compiled].sort((a, b) => b.rule.priority - a.rule.priority || a.order - b.order);
  const result: CompiledRules = Object.freeze({
    id: ruleset.id,
    version: ruleset.version,
    ruleset,
    ruleVersions: Object.freeze(Object.fromEntries(ruleset.rules.map((r) => [r.id, r.version]))),
  });
  internals.set(result, {
    base: byPriority.filter((r) => r.rule.effect.type === 'base'),
    others: byPriority.filter((r) => r.rule.effect.type !== 'base'),
    nonEarning: new Set(ruleset.nonEarningTenders),
    stores: ruleset.stores === undefined ? undefined : new Set(ruleset.stores),
    groupCount: groupOrder.length,
    filterCount: filters.size,
    spare: new EvalContext(filters.size, groupOrder.length, fromDayNumber(0)),
    filters,
    holidays,
  });
  return result;
}

function effectData(effect: Rule['effect']): Pick<CompiledRule, 'points' | 'perFen' | 'perUnit' | 'tiers'> {
  switch (effect.type) {
    case 'fixed':
      return { points: effect.points, perFen: 0, perUnit: -1, tiers: NO_TIERS };
    case 'perItem':
      return { points: effect.points ?? 0, perFen: effect.perFen ?? 0, perUnit: effect.pointsPerUnit ?? -1, tiers: NO_TIERS };
    case 'topUpBonus':
      return { points: 0, perFen: 0, perUnit: -1, tiers: effect.tiers };
    case 'tierCredit':
      return { points: effect.points, perFen: effect.perFen, perUnit: -1, tiers: NO_TIERS };
    default:
      return { points: 0, perFen: 0, perUnit: -1, tiers: NO_TIERS };
  }
}
const NO_TIERS: CompiledRule['tiers'] = Object.freeze([]);

function capsOf(rule: Rule): CompiledRule['caps'] {
  const caps = rule.caps;
  if (caps === undefined) return undefined;
  const out: Array<readonly [CapName, UsageKey | undefined, number]> = [];
  for (const cap of CAPS) {
    const limit = caps[cap];
    if (limit !== undefined) out.push([cap, USED[cap], limit]);
  }
  return out;
}

function checkStacking(rule: Rule, mode: StackingMode): void {
  const contradiction = (why: string) =>
    new PointsError(PointsErrorCode.CONTRADICTORY_STACKING, `Rule "${rule.id}" in group "${rule.group}": ${why}`, {
      details: { rule: rule.id },
    });
  if (rule.effect.type === 'base' && rule.group !== undefined) {
    throw contradiction('base earn rules compete by priority among themselves and cannot join a group');
  }
  if (mode === 'multiply' && rule.effect.type !== 'multiplier') throw contradiction('a "multiply" group can only hold multipliers');
  if (mode === 'multiply' && rule.caps !== undefined)
    throw contradiction('caps apply per rule and cannot be split across a "multiply" group');
  if (
    rule.effect.type === 'perItem' &&
    rule.effect.pointsPerUnit === undefined &&
    (rule.effect.points === undefined || rule.effect.perFen === undefined)
  ) {
    throw new PointsError(PointsErrorCode.INVALID_RULES, `Rule "${rule.id}": a per-item extra needs pointsPerUnit, or points and perFen`, {
      details: { rule: rule.id },
    });
  }
  if (rule.effect.type === 'tierCredit' && rule.group !== undefined)
    throw contradiction('tier-qualifying credit does not stack with points');
}
