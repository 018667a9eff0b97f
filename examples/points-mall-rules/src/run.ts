import { createMemoryStreamStore, type InstantInput } from '@aisle/core';
import {
  backtest,
  capsOf,
  compileRules,
  createLedger,
  type EvaluateInput,
  evaluate,
  type Member,
  quoteRedemption,
  redeemQuote,
  type Store,
  type Transaction,
} from '@aisle/points';
import { MALL_RULES, PARKING, PROPOSED_RULES } from './rules';

const store: Store = { id: 'sh-jingan-001', zone: 'Asia/Shanghai', openedOn: '2019-11-21' };
const wang: Member = { id: 'm-0001', tier: 'silver', tags: ['vip'], birthday: '11-08', joinedOn: '2026-11-18', purchaseCount: 0 };

const receipt = (
  id: string,
  kind: Transaction['kind'],
  lines: NonNullable<Transaction['lines']>,
  tenders: NonNullable<Transaction['tenders']>,
  totalFen?: number,
): Transaction => ({
  id,
  kind,
  storeId: store.id,
  channel: 'pos',
  totalFen: totalFen ?? lines.reduce((sum, line) => sum + line.amountFen, 0),
  lines,
  tenders,
});

/** One member's month at the mall, printed as it happens; returns what the test checks. */
export async function runMallRules(options: { quiet?: boolean } = {}) {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    if (!options.quiet) console.log(line);
  };
  const rules = compileRules(MALL_RULES);
  // One stream per member in a stream store: in memory here; `@aisle/postgres` keeps the same streams in PostgreSQL.
  const streams = createMemoryStreamStore();
  const ledger = createLedger({
    store: streams,
    zone: store.zone as string,
    expiry: { type: 'fixed', month: 12, day: 31 },
    holdDays: 7,
    refundPolicy: { whenSpent: 'negative-balance' },
    // The rules' per-member caps and budgets, applied again when an accrual is written.
    caps: capsOf(rules),
  });
  say(`# ${rules.id} v${rules.version}: ${rules.ruleset.rules.length} rules compiled`);

  const earn = async (transaction: Transaction, at: InstantInput, holdDays?: number) => {
    const input: EvaluateInput = { transaction, member: wang, store, at };
    // What the capped rules already granted, on this receipt's business date in the store's zone.
    const evaluation = evaluate(rules, { ...input, usage: await ledger.usage(input) });
    for (const line of evaluation.explanation?.zh ?? []) say(`  ${line}`);
    for (const line of evaluation.explanation?.en ?? []) say(`  ${line}`);
    const { entry } = await ledger.earn({ key: `earn:${transaction.id}`, at, evaluation, ...(holdDays === undefined ? {} : { holdDays }) });
    say(
      `  → lot ${entry.data.lotId}: ${entry.data.points} points, ${entry.data.pendingUntil === null ? 'active' : `pending until ${entry.data.pendingUntil}`}, expires ${entry.data.expiresAt}`,
    );
    return evaluation;
  };

  say('## Wednesday 18 November: sign-up, top-up, then a purchase on member day in her birthday month (×2 or ×3: the higher wins)');
  const signUp = await earn(receipt('SU-0001', 'sign-up', [], []), '2026-11-18T10:05:00+08:00', 0);
  const topUp = await earn(
    receipt('TU-0001', 'top-up', [], [{ method: 'wechat-pay', amountFen: 100_000 }], 100_000),
    '2026-11-18T10:10:00+08:00',
    0,
  );
  const purchase = await earn(
    receipt(
      'R-20261118-0042',
      'purchase',
      [
        { id: '1', sku: 'LAN-GENIFIQUE-50', brand: 'lancome', category: 'beauty', quantity: 2, amountFen: 178_000 },
        { id: '2', sku: 'EL-ANR-30', brand: 'estee-lauder', category: 'beauty', quantity: 1, amountFen: 72_000 },
        { id: '3', sku: 'ZHONGHUA-SOFT', brand: 'zhonghua', category: 'tobacco', quantity: 1, amountFen: 6_500 },
      ],
      [
        { method: 'stored-value', amountFen: 50_000 },
        { method: 'wechat-pay', amountFen: 206_500 },
      ],
    ),
    '2026-11-18T15:42:00+08:00',
  );

  say('## Friday 20 November: one Lancôme bottle comes back (inside the return window)');
  // Refunds are measured in earning fen: the returned bottle's share of the line's eligible amount.
  const bottleFen = (purchase.contributions.find((c) => c.ruleId === 'lancome-extra')?.eligibleFen ?? 0) / 2;
  const refund = await ledger.refund({
    key: 'refund:R-20261118-0042:1',
    memberId: wang.id,
    transactionId: 'R-20261118-0042',
    refundFen: bottleFen,
    at: '2026-11-20T11:00:00+08:00',
  });
  say(
    `  refund of ¥${(bottleFen / 100).toFixed(2)} earning amount reverses ${refund.entry.data.points} points (from the accrual snapshot, rule versions ${JSON.stringify(purchase.contributions.map((c) => `${c.ruleId}@v${c.ruleVersion}`))})`,
  );

  say('## Saturday 21 November: a receipt paid partly with stored value, returned whole the next day');
  const mixed = await earn(
    receipt(
      'R-20261121-0007',
      'purchase',
      [{ id: '1', sku: 'HOUSE-TEA-250', brand: 'house', category: 'grocery', quantity: 2, amountFen: 30_000 }],
      [
        { method: 'stored-value', amountFen: 10_000 },
        { method: 'alipay', amountFen: 20_000 },
      ],
    ),
    '2026-11-21T16:20:00+08:00',
  );
  // The till states what went back over the counter: the receipt total. The accrual recorded the
  // receipt total and its earning amount, so the whole receipt reverses exactly what it earned.
  const returned = await ledger.refund({
    key: 'refund:R-20261121-0007',
    memberId: wang.id,
    transactionId: 'R-20261121-0007',
    receiptFen: 30_000,
    at: '2026-11-22T11:00:00+08:00',
  });
  say(
    `  returned ¥300.00 (¥100.00 of it stored value): ${returned.entry.data.refundFen / 100} yuan of earning amount, ${returned.entry.data.points} of ${mixed.points} points reversed`,
  );

  say('## Saturday 28 November: points activate, 2 h 30 min of parking paid with points');
  // The due-timer job (run by a scheduler on any number of workers) activates lots whose return window ended.
  const activated = await ledger.runDue({ at: '2026-11-28T00:00:00+08:00' });
  say(`  activated ${activated.activated.map((lot) => `${lot.lotId} (${lot.points})`).join(', ')}`);
  const balance = await ledger.balance(wang.id);
  const quote = quoteRedemption({ item: PARKING, balance: balance.available, minutes: 150 });
  say(`  balance ${balance.available}; ${quote.explanation.zh}; ${quote.explanation.en}`);
  const parked = await redeemQuote(ledger, {
    key: 'park:沪A·D12345:2026-11-28',
    memberId: wang.id,
    at: '2026-11-28T18:30:00+08:00',
    quote,
  });
  const retried = await redeemQuote(ledger, {
    key: 'park:沪A·D12345:2026-11-28',
    memberId: wang.id,
    at: '2026-11-28T18:30:00+08:00',
    quote,
  });
  say(
    `  redeemed ${parked.entry.data.points} points from ${parked.entry.data.consumed.map((c) => c.lotId).join(', ')}; the gate's retry was ${retried.replayed ? 'recognised, nothing charged twice' : 'CHARGED TWICE'}`,
  );

  say('## 1 January 2027: year-end expiry and the liability report');
  const checkpoint = await ledger.checkpoint();
  const expired = await ledger.runDue({ at: '2027-01-01T00:00:00+08:00' });
  const again = await ledger.runDue({ at: '2027-01-01T00:00:00+08:00' });
  const liability = await ledger.reconcile();
  say(
    `  expired ${expired.expired.reduce((sum, lot) => sum + lot.points, 0)} points; a second run expired ${again.expired.length === 0 ? 'nothing' : 'MORE'}`,
  );
  say(
    `  liability: issued ${liability.issued}, redeemed ${liability.redeemed}, reversed ${liability.reversed}, expired ${liability.expired}, outstanding ${liability.outstanding}, balanced: ${liability.balanced ? 'yes' : 'NO'}`,
  );
  say(
    `  balance on 30 Nov 2026: ${await ledger.balanceAt(wang.id, '2026-11-30T23:59:59+08:00')}; member streams verified against the December checkpoint: ${(await ledger.verify({ checkpoint })).ok ? 'yes' : 'NO'}`,
  );

  say('## Backtest: what would member day ×3 have cost over November?');
  const log = Array.from({ length: 30 }, (_, day) => ({
    transaction: receipt(
      `BT-${day}`,
      'purchase',
      [{ id: '1', sku: 'X', brand: 'house', category: 'grocery', quantity: 1, amountFen: 10_000 + day * 1_000 }],
      [{ method: 'alipay', amountFen: 10_000 + day * 1_000 }],
    ),
    member: { id: `m-${day % 7}`, tier: day % 3 === 0 ? 'gold' : 'silver' },
    store,
    at: `2026-11-${String(day + 1).padStart(2, '0')}T12:00:00+08:00`,
  }));
  const report = backtest({ rules, compareWith: compileRules(PROPOSED_RULES), log, pointValue: { fen: 1, points: 1 } });
  say(
    `  current: ${report.pointsIssued} points (¥${(report.liabilityFen / 100).toFixed(2)} liability); proposed: ${report.comparison?.other.pointsIssued} points`,
  );
  say(
    `  difference: +${report.comparison?.pointsDelta} points on ${report.comparison?.changed} transactions, all from member-day (${report.comparison?.perRuleDelta['member-day']})`,
  );

  return {
    lines,
    signUp,
    topUp,
    purchase,
    refund: refund.entry.data,
    mixed,
    returned: returned.entry.data,
    parked: parked.entry.data,
    retried: retried.replayed,
    liability,
    report,
  };
}
