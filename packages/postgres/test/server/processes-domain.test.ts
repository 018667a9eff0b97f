import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replayConsentEvents, subjectConsentToJson } from '@aisle/consent';
import { createCheckpoint, verifyStore } from '@aisle/core';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { createPostgresConsentStore } from '../../src/consent';
import { migrate } from '../../src/index';
import { createPostgresLedger } from '../../src/points';
import { catalogue } from '../support/domain';
import { BUDGET, EXPIRY, MEMBERS, SHARDS, SUBJECTS, T1, WORKERS } from './mixed-plan';
import { describeServer, freshSchema, pool } from './server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = `${root}node_modules/.cache/aisle-postgres/mixed-worker.mjs`;

type Report = { applied: string[]; replayed: number; refused: Record<string, number> };

function worker(args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as Report);
      else reject(new Error(`worker ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** Runs WORKERS processes at once; returns their reports. */
const round = (schema: string, mode: string, ops: number) =>
  Promise.all(Array.from({ length: WORKERS }, (_, w) => worker([schema, mode, String(w), String(ops)])));

function merge(reports: Report[]): { applied: string[]; replayed: number; refused: Map<string, number> } {
  const refused = new Map<string, number>();
  for (const r of reports) for (const [code, n] of Object.entries(r.refused)) refused.set(code, (refused.get(code) ?? 0) + n);
  return { applied: reports.flatMap((r) => r.applied), replayed: reports.reduce((s, r) => s + r.replayed, 0), refused };
}

describeServer('the domain stores across processes (PostgreSQL server)', () => {
  const db = pool(10);

  beforeAll(async () => {
    mkdirSync(`${root}node_modules/.cache/aisle-postgres`, { recursive: true });
    await build({
      entryPoints: [`${root}test/server/mixed-worker.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@aisle/source'],
      external: ['pg'],
      outfile: bundle,
      logLevel: 'error',
    });
  }, 60_000);

  it(`${WORKERS} processes: earn, redeem, refund, then expiry jobs beside new operations, over ${MEMBERS} members with shared keys: every invariant holds`, async () => {
    const schema = freshSchema('mixl');
    await migrate(db, { schema });
    const started = Date.now();
    const a = merge(await round(schema, 'ledger-a', 200));
    const phaseA = Date.now();
    const b = merge(await round(schema, 'ledger-b', 200));
    const phaseB = Date.now();
    const applied = [...a.applied, ...b.applied];
    const refused = new Map([...a.refused]);
    for (const [code, n] of b.refused) refused.set(code, (refused.get(code) ?? 0) + n);
    console.info(
      `ledger across processes: ${applied.length} applied, ${a.replayed + b.replayed} replays of a key another call applied, refused ${JSON.stringify(Object.fromEntries(refused))}`,
    );
    // Only business refusals: never a conflict, an exhausted retry or a broken chain.
    for (const code of refused.keys())
      expect([
        'POINTS_INSUFFICIENT_BALANCE',
        'POINTS_UNKNOWN_REFERENCE',
        'POINTS_REFUND_EXCEEDS_ORIGINAL',
        'POINTS_UNKNOWN_MEMBER',
      ]).toContain(code);
    // Keys were shared: replays happened, and each key (and each lot's expiry) was applied by one call only.
    expect(a.replayed + b.replayed).toBeGreaterThan(100);
    expect(new Set(applied).size).toBe(applied.length);
    const expiredByJobs = applied.filter((k) => k.startsWith('expire:')).length;
    expect(expiredByJobs).toBeGreaterThan(0);
    const { rows: types } = await db.query(`SELECT type, count(*)::int AS n FROM "${schema}".entries GROUP BY type`);
    const byType = new Map(types.map((r) => [String(r.type), Number(r.n)]));
    const count = (prefix: string) => applied.filter((k) => k.startsWith(prefix)).length;
    expect(byType.get('earn') ?? 0).toBe(count('earn-'));
    expect(byType.get('redeem') ?? 0).toBe(count('redeem-'));
    expect(byType.get('refund') ?? 0).toBe(count('refund-'));
    expect(byType.get('expire') ?? 0).toBe(expiredByJobs);

    const ledger = createPostgresLedger(db, {
      schema,
      zone: 'Asia/Shanghai',
      expiry: EXPIRY,
      refundPolicy: { whenSpent: 'clawback' },
      caps: [{ ruleId: 'base', campaignBudget: BUDGET }],
      budgetShards: SHARDS,
    });
    // Nothing left due: another run at the same instant finds nothing.
    expect(await ledger.runDue({ at: T1 })).toMatchObject({ activated: [], expired: [], done: true });
    // Postings sum to zero, lots sum to balances, snapshots equal replays: reconcile reads every member.
    const report = await ledger.reconcile();
    expect(report.problems).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(report.members).toBeGreaterThan(MEMBERS / 2); // members drawn at random from 1000 ids: those never earned have no stream
    expect(report.debt).toBe(0);
    // The campaign budget was asked for more than it holds, and never exceeded, per shard and in total.
    expect(report.issued).toBeLessThanOrEqual(BUDGET);
    expect(report.issued).toBeGreaterThan(BUDGET * 0.9);
    const { rows: shards } = await db.query(`SELECT used, lim FROM "${schema}".counters WHERE key LIKE 'points:budget:base:%'`);
    expect(shards.length).toBe(SHARDS);
    for (const shard of shards) expect(Number(shard.used)).toBeLessThanOrEqual(Number(shard.lim));
    expect(shards.reduce((s, r) => s + Number(r.used), 0)).toBeLessThanOrEqual(BUDGET);
    // No balance below zero (the clawback policy never leaves a debt), lots sum to each balance.
    for (let m = 0; m < MEMBERS; m++) {
      const balance = await ledger.balance(`m-${m}`);
      expect(balance.available).toBeGreaterThanOrEqual(0);
      expect(balance.debt).toBe(0);
      expect(balance.lots.filter((l) => l.status === 'active').reduce((s, l) => s + l.remaining, 0)).toBe(balance.available);
    }
    const checked = Date.now();
    const kept = await ledger.checkpoint();
    const verification = await ledger.verify({ checkpoint: kept });
    console.info(
      `ledger across processes: phase a ${phaseA - started} ms, phase b ${phaseB - phaseA} ms, reconcile and balances ${checked - phaseB} ms, checkpoint and verify ${Date.now() - checked} ms`,
    );
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.uncovered).toEqual([]);
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  }, 300_000);

  it(`${WORKERS} processes appending consents and withdrawals over ${SUBJECTS} subjects with shared event ids: state equals replay for every subject`, async () => {
    const schema = freshSchema('mixc');
    await migrate(db, { schema });
    const started = Date.now();
    const run = merge(await round(schema, 'consent', 160));
    const ran = Date.now();
    console.info(
      `consent across processes: ${run.applied.length} applied, ${run.replayed} duplicates, refused ${JSON.stringify(Object.fromEntries(run.refused))}`,
    );
    for (const code of run.refused.keys()) expect(['CONSENT_OUT_OF_ORDER', 'CONSENT_TIME_BEFORE_STATE']).toContain(code);
    expect(run.replayed).toBeGreaterThan(100);
    expect(new Set(run.applied).size).toBe(run.applied.length);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}".entries`);
    expect(rows[0].n).toBe(run.applied.length);

    const consents = createPostgresConsentStore(db, { schema, catalogue });
    const subjects = await consents.subjectIds({ limit: SUBJECTS + 1 });
    expect(subjects.length).toBeGreaterThan(SUBJECTS * 0.8);
    for (const subject of subjects) {
      const stored = await consents.subject(subject);
      const replay = replayConsentEvents(
        (await consents.log(subject)).entries.map((e) => e.data),
        { catalogue },
      ).subject(subject);
      expect(stored && subjectConsentToJson(stored)).toEqual(replay && subjectConsentToJson(replay));
      expect((await consents.verifySubject(subject)).ok).toBe(true);
    }
    const kept = await createCheckpoint(consents.streamStore);
    console.info(`consent across processes: workers ${ran - started} ms, checks ${Date.now() - ran} ms`);
    expect(await verifyStore(consents.streamStore, { checkpoint: kept })).toMatchObject({ ok: true, problems: [], uncovered: [] });
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  }, 300_000);
});
