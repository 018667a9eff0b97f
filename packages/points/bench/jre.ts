import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Generated } from './generate';
import { allocate, arithmetic, facts } from './hand-written';

const fact = (name: string, operator: string, value: unknown) => ({ fact: name, operator, value });
const rule = (id: string, ...all: ReturnType<typeof fact>[]): RuleProperties => ({ name: id, conditions: { all }, event: { type: id } });
const purchase = fact('kind', 'equal', 'purchase');

/** The same 25 rules as json-rules-engine rules over the precomputed facts. */
export const JRE_RULES: RuleProperties[] = [
  rule('base', fact('always', 'equal', true)),
  rule('tier-credit', fact('always', 'equal', true)),
  rule('cal-wed', fact('weekday', 'equal', 3)),
  rule('cal-birthday', fact('birthdayMonth', 'equal', true)),
  rule('cal-holiday', fact('holiday', 'equal', true)),
  rule('cal-store-anniversary', fact('storeAnniversary', 'equal', true)),
  rule('cal-double-11', fact('date', 'equal', '2026-11-11')),
  rule('boost-vip', fact('vip', 'equal', true)),
  rule('boost-platinum', fact('tier', 'equal', 'platinum')),
  rule('online', fact('channel', 'equal', 'online')),
  rule('brand-lancome', fact('lancome', 'equal', true)),
  rule('brand-nike', fact('nike', 'equal', true)),
  rule('cat-beauty', fact('beauty', 'equal', true)),
  rule('cat-electronics', fact('electronics', 'equal', true)),
  rule('sku-promo', fact('promo', 'equal', true)),
  rule('basket-big', fact('eligibleTotal', 'greaterThanInclusive', 100_000)),
  rule('basket-medium', fact('eligibleTotal', 'greaterThanInclusive', 30_000)),
  rule('mini-program', fact('channel', 'equal', 'mini-program'), purchase),
  rule('first-purchase', fact('firstPurchase', 'equal', true)),
  rule('sign-up', fact('kind', 'equal', 'sign-up')),
  rule('top-up', fact('kind', 'equal', 'top-up')),
  rule('join-anniversary', fact('joinAnniversary', 'equal', true), purchase),
  rule('day-18', fact('day', 'equal', 18), purchase),
  rule('wechat', fact('wechat', 'equal', true), purchase),
  rule('weekend-gold', fact('tier', 'equal', 'gold'), fact('dayOff', 'equal', true), fact('employee', 'equal', false), purchase),
];

export function createJreEngine(): Engine {
  return new Engine(JRE_RULES, { allowUndefinedFacts: true });
}

/** json-rules-engine decides the firings; the points arithmetic runs in plain JS after its events. */
export async function jrePoints(engine: Engine, g: Generated): Promise<{ points: number; qualifying: number }> {
  const eligible = allocate(g);
  const f = facts(g, eligible);
  const { events } = await engine.run({ ...f });
  return arithmetic(new Set(events.map((e) => e.type)), g, eligible, f);
}
