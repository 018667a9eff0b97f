// The README's code blocks, run as written (update both together).
import { createMemoryStreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { capsOf, compileRules, createLedger, type EvaluateInput, evaluate, runDue } from '../src/index';

describe('README', () => {
  it('quickstart: evaluate with the ledger usage, earn, refund the whole receipt', async () => {
    const rules = compileRules({
      id: 'mall',
      version: 1,
      groups: [{ id: 'calendar', mode: 'max' }],
      rules: [
        { id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } },
        {
          id: 'member-day',
          version: 1,
          group: 'calendar',
          when: [{ type: 'weekday', days: [3] }],
          effect: { type: 'multiplier', factor: 2 },
        },
      ],
    });
    const input: EvaluateInput = {
      transaction: {
        id: 'R-1',
        kind: 'purchase',
        storeId: 'sh-001',
        channel: 'pos',
        totalFen: 12_800,
        lines: [{ id: '1', sku: 'A', quantity: 1, amountFen: 12_800 }],
        tenders: [{ method: 'wechat-pay', amountFen: 12_800 }],
      },
      member: { id: 'm-1', tier: 'silver' },
      store: { id: 'sh-001', zone: 'Asia/Shanghai' },
      at: '2026-11-18T14:00:00+08:00',
    };
    const ledger = createLedger({
      store: createMemoryStreamStore(),
      zone: 'Asia/Shanghai',
      expiry: { type: 'fixed', month: 12, day: 31 },
      caps: capsOf(rules),
    });
    const evaluation = evaluate(rules, { ...input, usage: await ledger.usage(input) });
    expect(evaluation.points).toBe(256);
    await ledger.earn({ key: 'earn:R-1', at: input.at, evaluation });
    const refund = await ledger.refund({
      key: 'refund:R-1',
      memberId: 'm-1',
      transactionId: 'R-1',
      receiptFen: 12_800,
      at: '2026-11-20T10:00:00+08:00',
    });
    expect(refund.entry.data.points).toBe(256);
  });

  it('ledger: options, the nightly job and a checkpoint', async () => {
    const store = createMemoryStreamStore();
    const ledger = createLedger({
      store,
      zone: 'Asia/Shanghai',
      expiry: { type: 'fixed', month: 12, day: 31 },
      holdDays: 7,
      refundPolicy: { whenSpent: 'clawback', limit: 500 },
      backdating: { accept: 'flagged', windowDays: 3 },
      caps: [{ ruleId: 'double-11', perDay: 2_000, campaignBudget: 5_000_000 }],
    });
    let runs = 0;
    for (let report = await runDue({ store, at: new Date() }); !report.done; report = await runDue({ store, at: new Date() })) runs++;
    expect(runs).toBe(0);
    const kept = await ledger.checkpoint();
    expect((await ledger.verify({ checkpoint: kept })).ok).toBe(true);
  });
});
