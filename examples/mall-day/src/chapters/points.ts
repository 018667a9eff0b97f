import { backtest, compileRules, evaluate, quoteRedemption, type RulesetInput } from '@aisle/points';
import type { MallDay } from '../context';
import type { Chapter } from './index';
import type { DayLog } from './opening';

/** The mall's rules, small enough to read: 1 point per yuan, weekend ×1.5, beauty extras, a sign-up bonus, at most 5,000 points a receipt. */
const RULES: RulesetInput = {
  id: 'jingan-mall',
  version: 7,
  caps: { perReceipt: 5_000 },
  groups: [{ id: 'calendar', mode: 'max' }],
  rules: [
    {
      id: 'base',
      version: 3,
      name: { en: 'Base earn', zh: '基础积分' },
      items: { excludeCategories: ['tobacco'] },
      effect: { type: 'base', points: 1, perFen: 100 },
    },
    {
      id: 'weekend',
      version: 1,
      name: { en: 'Weekend ×1.5', zh: '周末 1.5 倍积分' },
      group: 'calendar',
      when: [{ type: 'weekday', days: [6, 7] }],
      effect: { type: 'multiplier', factor: 1.5 },
    },
    {
      id: 'member-day',
      version: 2,
      name: { en: 'Member day ×2', zh: '会员日双倍积分' },
      group: 'calendar',
      when: [{ type: 'weekday', days: [3] }],
      effect: { type: 'multiplier', factor: 2 },
    },
    {
      id: 'beauty',
      version: 1,
      name: { en: 'Beauty: +1 per ¥2', zh: '美妆每 2 元加赠 1 分' },
      items: { categories: ['beauty'] },
      when: [{ type: 'items', filter: { categories: ['beauty'] } }],
      effect: { type: 'perItem', points: 1, perFen: 200 },
    },
    {
      id: 'sign-up',
      version: 1,
      name: { en: 'Sign-up bonus', zh: '注册礼' },
      once: true,
      when: [{ type: 'kind', in: ['sign-up'] }],
      effect: { type: 'fixed', points: 100 },
    },
  ],
};

/**
 * Chapter 3 (points): at the till. A new member's receipt earns points with an explanation the
 * clerk reads out, evaluated on the store's business date in its zone; parking is quoted in
 * points at the exit; the marketing team backtests member day on the day's receipts.
 */
export const pointsChapter: Chapter = {
  name: 'points',
  run(day: MallDay, log: DayLog) {
    day.say('## Points — at the till');
    const rules = compileRules(RULES);
    const store = { id: day.storeId, zone: day.zone, openedOn: '2019-11-21' };
    const member = { id: 'm-0001', tier: 'silver', purchaseCount: 0 };

    day.clock.set('2026-11-21T11:20:00+08:00');
    const signUp = evaluate(rules, {
      transaction: { id: 'SU-0001', kind: 'sign-up', storeId: day.storeId, channel: 'pos', totalFen: 0 },
      member,
      store,
      at: day.clock.now(),
    });
    log.record('points.earned', `Sign-up ${signUp.transactionId}: ${signUp.points} points (rule set ${rules.id} v${rules.version})`);

    day.clock.set('2026-11-21T14:05:00+08:00');
    const receipt = evaluate(rules, {
      transaction: {
        id: 'R-20261121-0107',
        kind: 'purchase',
        storeId: day.storeId,
        channel: 'pos',
        totalFen: 96_500,
        lines: [
          { id: '1', sku: 'LAN-GENIFIQUE-50', brand: 'lancome', category: 'beauty', quantity: 1, amountFen: 89_000 },
          { id: '2', sku: 'ZHONGHUA-SOFT', brand: 'zhonghua', category: 'tobacco', quantity: 1, amountFen: 7_500 },
        ],
        tenders: [
          { method: 'gift-card', amountFen: 20_000 },
          { method: 'wechat-pay', amountFen: 76_500 },
        ],
      },
      member: { ...member, grantedOnce: ['sign-up'] },
      store,
      at: day.clock.now(),
    });
    for (const line of receipt.explanation?.zh ?? []) day.say(`  ${line}`);
    day.say(`  (${receipt.explanation?.en.at(-1)})`);
    log.record('points.earned', `Receipt ${receipt.transactionId}: ${receipt.points} points on business date ${receipt.businessDate}`);

    // A ¥4,200 bangle at the weekend: 4,200 base + 2,100 weekend bonus, but a receipt earns at most 5,000.
    day.clock.set('2026-11-21T16:30:00+08:00');
    const bangle = evaluate(rules, {
      transaction: {
        id: 'R-20261121-0142',
        kind: 'purchase',
        storeId: day.storeId,
        channel: 'pos',
        totalFen: 420_000,
        lines: [{ id: '1', sku: 'CTF-BANGLE-999', brand: 'chow-tai-fook', category: 'jewellery', quantity: 1, amountFen: 420_000 }],
        tenders: [{ method: 'union-pay', amountFen: 420_000 }],
      },
      member: { id: 'm-0002', tier: 'gold' },
      store,
      at: day.clock.now(),
    });
    day.say(`  ${bangle.explanation?.zh.at(-2)}`);
    log.record(
      'points.earned',
      `Receipt ${bangle.transactionId}: ${bangle.points} points (${bangle.receiptCap?.by} cut ${bangle.receiptCap?.requested})`,
    );

    day.clock.set('2026-11-21T18:40:00+08:00');
    const parking = quoteRedemption({
      item: { type: 'parking', id: 'b2-parking', pointsPerHour: 200, freeHours: 1 },
      balance: signUp.points + receipt.points,
      minutes: 7 * 60 + 35,
    });
    day.say(`  Exit gate: ${parking.explanation.zh}${parking.ok ? '' : '（积分不足，请扫码支付）'}`);
    log.record('points.quote', `Parking quote for m-0001: ${parking.points} points, ${parking.ok ? 'ok' : parking.reason}`);

    const report = backtest({
      rules,
      compareWith: compileRules({
        ...RULES,
        version: 8,
        rules: RULES.rules.map((r) => (r.id === 'weekend' ? { ...r, version: 2, effect: { type: 'multiplier', factor: 2 } } : r)),
      }),
      log: [
        {
          transaction: {
            id: 'R-20261121-0107',
            kind: 'purchase',
            storeId: day.storeId,
            channel: 'pos',
            totalFen: 96_500,
            lines: [{ id: '1', sku: 'LAN-GENIFIQUE-50', brand: 'lancome', category: 'beauty', quantity: 1, amountFen: 89_000 }],
            tenders: [{ method: 'wechat-pay', amountFen: 89_000 }],
          },
          member,
          store,
          at: '2026-11-21T14:05:00+08:00',
        },
      ],
    });
    day.say(
      `  Backtest, weekend ×2 instead of ×1.5: ${(report.comparison?.pointsDelta ?? 0) >= 0 ? '+' : ''}${report.comparison?.pointsDelta} points on today's receipt`,
    );
    return {
      signUpPoints: signUp.points,
      receiptPoints: receipt.points,
      businessDate: receipt.businessDate,
      parking,
      backtestDelta: report.comparison?.pointsDelta,
      cappedReceipt: { points: bangle.points, cap: bangle.receiptCap },
      receipt: {
        id: receipt.transactionId,
        points: receipt.points,
        businessDate: receipt.businessDate,
        zh: receipt.explanation?.zh ?? [],
        en: receipt.explanation?.en ?? [],
      },
    };
  },
};
