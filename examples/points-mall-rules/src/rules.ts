import type { CatalogueItem, RulesetInput } from '@aisle/points';
import { CN_HOLIDAYS_2026 } from './cn-holidays-2026';

/**
 * The loyalty rules of a Shanghai shopping mall (静安 flagship), as its marketing team would
 * write them: 1 point per yuan (gold 1.5), member day on Wednesdays ×2 or birthday month ×3
 * (whichever is higher), VIP ×1.5 on top, brand extras, a 100-point sign-up bonus, a one-time
 * top-up bonus, and tier credit of 1 per yuan. Tobacco and stored-value payments earn nothing.
 */
export const MALL_RULES: RulesetInput = {
  id: 'jingan-mall',
  version: 7,
  holidays: CN_HOLIDAYS_2026,
  groups: [{ id: 'calendar', mode: 'max', priority: 10 }],
  rules: [
    {
      id: 'base',
      version: 3,
      name: { en: 'Base earn', zh: '基础积分' },
      items: { excludeCategories: ['tobacco'] },
      effect: { type: 'base', points: 1, perFen: 100, rates: [{ tier: 'gold', points: 3, perFen: 200 }] },
    },
    {
      id: 'member-day',
      version: 2,
      name: { en: 'Member day (Wednesday) ×2', zh: '周三会员日双倍积分' },
      group: 'calendar',
      when: [{ type: 'weekday', days: [3] }],
      effect: { type: 'multiplier', factor: 2 },
    },
    {
      id: 'birthday-month',
      version: 1,
      name: { en: 'Birthday month ×3', zh: '生日月三倍积分' },
      group: 'calendar',
      when: [{ type: 'birthday', period: 'month' }],
      effect: { type: 'multiplier', factor: 3 },
    },
    {
      id: 'vip',
      version: 1,
      name: { en: 'VIP ×1.5', zh: 'VIP 1.5 倍积分' },
      when: [{ type: 'tags', any: ['vip'] }],
      effect: { type: 'multiplier', factor: 1.5 },
    },
    {
      id: 'lancome-extra',
      version: 1,
      name: { en: 'Lancôme: +50 per item', zh: '兰蔻每件加赠 50 分' },
      items: { brands: ['lancome'] },
      when: [{ type: 'items', filter: { brands: ['lancome'] } }],
      effect: { type: 'perItem', pointsPerUnit: 50 },
      caps: { perTransaction: 500 },
    },
    {
      id: 'estee-extra',
      version: 1,
      name: { en: 'Estée Lauder: +1 per yuan', zh: '雅诗兰黛每元加赠 1 分' },
      items: { brands: ['estee-lauder'] },
      when: [{ type: 'items', filter: { brands: ['estee-lauder'] } }],
      effect: { type: 'perItem', points: 1, perFen: 100 },
    },
    {
      id: 'sign-up',
      version: 1,
      name: { en: 'Sign-up bonus', zh: '注册礼' },
      once: true,
      when: [{ type: 'kind', in: ['sign-up'] }],
      effect: { type: 'fixed', points: 100 },
    },
    {
      id: 'top-up',
      version: 1,
      name: { en: 'Stored-value top-up bonus', zh: '储值赠分' },
      when: [{ type: 'kind', in: ['top-up'] }],
      effect: {
        type: 'topUpBonus',
        tiers: [
          { minFen: 50_000, points: 50 },
          { minFen: 100_000, points: 150 },
          { minFen: 500_000, points: 1_000 },
        ],
      },
    },
    { id: 'tier-credit', version: 1, name: { en: 'Tier credit', zh: '定级积分' }, effect: { type: 'tierCredit', points: 1, perFen: 100 } },
  ],
};

/** The proposed change the marketing team wants to backtest: member day ×3 instead of ×2. */
export const PROPOSED_RULES: RulesetInput = {
  ...MALL_RULES,
  version: 8,
  rules: MALL_RULES.rules.map((rule) =>
    rule.id === 'member-day'
      ? {
          ...rule,
          version: 3,
          name: { en: 'Member day (Wednesday) ×3', zh: '周三会员日三倍积分' },
          effect: { type: 'multiplier', factor: 3 },
        }
      : rule,
  ),
};

/** Parking: 200 points per started hour after the first free hour, at most 8 hours. */
export const PARKING: CatalogueItem = { type: 'parking', id: 'b2-parking', pointsPerHour: 200, freeHours: 1, maxHours: 8 };
