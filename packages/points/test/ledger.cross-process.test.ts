// Eight worker processes, each with its own ledger, over one store served by this process:
// mixed earns, redemptions, refunds and due-timer runs over 1,000 members with overlapping
// idempotency keys. Afterwards every invariant holds (lots sum to balances, postings sum to zero,
// each key applied once, budgets kept, every snapshot equals its replay, chains verify).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryStreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createLedger } from '../src/index';
import { serveStore } from './cross-process/ipc-store';
import { BUDGET, MEMBERS, START } from './cross-process/worker';
import { checkLedger } from './ledger-invariants';

const WORKERS = 8;
const PER_WORKER = 150;

describe('the ledger across processes', () => {
  it('eight processes over one store: every key once, budgets kept, everything reconciles and verifies', async () => {
    const store = createMemoryStreamStore();
    const worker = fileURLToPath(new URL('./cross-process/worker.ts', import.meta.url));
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, index) => {
        const child = fork(worker, [String(index), String(WORKERS), String(PER_WORKER)], {
          // From the package folder, where tsx (a dev dependency) resolves.
          cwd: fileURLToPath(new URL('..', import.meta.url)),
          execArgv: ['--conditions=@aisle/source', '--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        serveStore(store, child);
        return new Promise<Record<string, number>>((resolve, reject) => {
          child.on('message', (message: { done?: Record<string, number>; failed?: string }) => {
            if (message?.done !== undefined) resolve(message.done);
            if (message?.failed !== undefined) reject(new Error(message.failed));
            if (message?.done !== undefined || message?.failed !== undefined) child.disconnect();
          });
          child.on('exit', (code) => reject(new Error(`worker ${index} exited with ${code} before reporting`)));
        });
      }),
    );
    const total: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r)) total[k] = (total[k] ?? 0) + v;
    // Every request got an answer it may get: written, a replay of a key another process sent, or
    // a domain refusal (a redemption or refund that reached the store before its member's earn).
    for (const code of Object.keys(total)) {
      expect(['written', 'replayed', 'POINTS_INSUFFICIENT_BALANCE', 'POINTS_UNKNOWN_MEMBER', 'POINTS_UNKNOWN_REFERENCE']).toContain(code);
    }
    expect(total.replayed).toBeGreaterThan(0);
    expect(total.written).toBeGreaterThan(WORKERS * PER_WORKER * 0.5);
    const ledger = createLedger({ store, zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 1 } });
    for (let report = await ledger.runDue({ at: START + 60 * 86_400_000 }); !report.done; ) {
      report = await ledger.runDue({ at: START + 60 * 86_400_000 });
    }
    const members = (await store.streamIds({ limit: 5_000 })).map((id) => id.slice('points:member:'.length));
    expect(members.length).toBeGreaterThan(100);
    expect(members.length).toBeLessThanOrEqual(MEMBERS);
    await checkLedger({ store, ledger, members, policy: { whenSpent: 'negative-balance' }, budget: BUDGET });
    // The budget ran out during the run and was used exactly, never beyond.
    const shards = await store.counters(Array.from({ length: BUDGET.shards }, (_, i) => `points:budget:base:${i}/${BUDGET.shards}`));
    expect([...shards.values()].reduce((sum, n) => sum + n, 0)).toBe(BUDGET.points);
    const checkpoint = await ledger.checkpoint();
    expect(await ledger.verify({ checkpoint })).toMatchObject({ ok: true, problems: [] });
  }, 180_000);
});
