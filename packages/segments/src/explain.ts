import { purchaseFilters, type SegmentAst } from './ast';
import { formatDay } from './internal/calendar';
import { compilePlan } from './internal/evaluate';
import { planOf } from './internal/plan';
import type { PredicateOptions } from './predicate';
import { printSegment } from './print';
import { checkProfile, countPurchases, type Profile, readField } from './profile';

/**
 * One clause of an {@link Explanation}: its text, the profile's values it looked at, its
 * three-valued outcome, and its sub-clauses.
 *
 * @example
 * ```ts
 * import type { ExplainNode } from '@aisle/segments';
 *
 * const node: ExplainNode = { clause: 'visits30d >= 2', outcome: 'false', values: { visits30d: 1 }, children: [] };
 * ```
 *
 * @public
 */
export interface ExplainNode {
  readonly clause: string;
  readonly outcome: 'true' | 'false' | 'unknown';
  readonly values: Readonly<Record<string, unknown>>;
  readonly children: readonly ExplainNode[];
}

/**
 * Why a profile is or is not in a segment.
 *
 * @example
 * ```ts
 * import type { Explanation } from '@aisle/segments';
 *
 * declare const why: Explanation;
 * if (!why.inSegment) console.log(`fails at: ${why.nearestFailing?.clause}`);
 * ```
 *
 * @public
 */
export interface Explanation {
  readonly inSegment: boolean;
  readonly root: ExplainNode;
  /** The smallest clause whose outcome would have to change for the profile to qualify (null when it does). */
  readonly nearestFailing: ExplainNode | null;
}

function valuesOf(ast: SegmentAst, profile: Profile, options: PredicateOptions): Record<string, unknown> {
  if (ast.type === 'purchased') {
    const filters = purchaseFilters(ast);
    // `purchased(baby)` for a category alone (as before SKU and brand filters), else every filter.
    const label =
      filters.length === 1 && filters[0]?.[0] === 'category' ? filters[0][1] : filters.map(([k, v]) => `${k} = ${v}`).join(', ');
    return { [`purchased(${label})`]: countPurchases(profile, filters, null) };
  }
  if (ast.type === 'and' || ast.type === 'or' || ast.type === 'not') return {};
  const spec = options.schema.fields[ast.field];
  const v = spec ? readField(profile, ast.field, spec.type) : null;
  if (v instanceof Set) return { [ast.field]: [...v] };
  if (typeof v === 'number' && spec?.type === 'day') return { [ast.field]: formatDay(v) };
  return { [ast.field]: spec?.type === 'date' && typeof v === 'number' ? new Date(v).toISOString() : v };
}

function build(ast: SegmentAst, profile: Profile, options: PredicateOptions): ExplainNode {
  const truth = compilePlan(planOf(ast, options.schema, options))(profile);
  const children = ast.type === 'and' || ast.type === 'or' ? ast.args : ast.type === 'not' ? [ast.arg] : [];
  return {
    clause: printSegment(ast),
    outcome: truth === null ? 'unknown' : truth ? 'true' : 'false',
    values: valuesOf(ast, profile, options),
    children: children.map((c) => build(c, profile, options)),
  };
}

function cost(node: ExplainNode, ast: SegmentAst): number {
  if (node.outcome === 'true') return 0;
  if (ast.type !== 'and' && ast.type !== 'or') return 1;
  const costs = node.children.map((c, i) => cost(c, ast.args[i] as SegmentAst));
  return ast.type === 'or' ? Math.min(...costs) : costs.reduce((x, y) => x + y, 0);
}

function nearest(node: ExplainNode, ast: SegmentAst): ExplainNode {
  if (ast.type !== 'and' && ast.type !== 'or') return node;
  let best: { node: ExplainNode; ast: SegmentAst; cost: number } | undefined;
  node.children.forEach((child, i) => {
    if (child.outcome === 'true') return;
    const childAst = ast.args[i] as SegmentAst;
    const c = cost(child, childAst);
    if (!best || c < best.cost) best = { node: child, ast: childAst, cost: c };
  });
  return best ? nearest(best.node, best.ast) : node;
}

/**
 * Explains a segment for one profile: every clause with the values it read and its outcome
 * (TRUE / FALSE / UNKNOWN), and the nearest failing clause (the cheapest one to change).
 *
 * @example
 * ```ts
 * import { defineProfileSchema, explain, parseSegment } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' }, visits30d: { type: 'number' } });
 * const why = explain(parseSegment("tags CONTAINS 'vip' AND visits30d >= 2"), { id: 'M1', attributes: { tags: ['vip'], visits30d: 1 } }, {
 *   schema, at: Date.now(), zone: 'Asia/Shanghai',
 * });
 * console.log(why.nearestFailing?.clause); // 'visits30d >= 2'
 * ```
 *
 * @public
 */
export function explain(ast: SegmentAst, profile: Profile, options: PredicateOptions): Explanation {
  const root = build(ast, checkProfile(profile), options);
  const inSegment = root.outcome === 'true';
  return { inSegment, root, nearestFailing: inSegment ? null : nearest(root, ast) };
}
