// A worker process of the across-processes test (processes-domain.test.ts): mixed points-ledger or
// consent operations against one server, over keys that other workers use too. Prints one JSON
// line: the keys (ledger) or event ids (consent) this process applied, how many were replays, and
// the refusal codes it met. The test bundles it with esbuild (node starts in ~0.1 s).
// Usage: node mixed-worker.mjs <schema> <ledger-a|ledger-b|consent> <worker> <ops>
import { AisleError } from '@aisle/core';
import pg from 'pg';
import { createPostgresConsentStore } from '../../src/consent';
import { createPostgresLedger } from '../../src/points';
import { accrual, catalogue, consentEvent, PURPOSES } from '../support/domain';
import { BUDGET, EXPIRY, MEMBERS, SHARDS, SLOTS, SUBJECTS, T0, T1 } from './mixed-plan';

const [schema, mode, workerArg, opsArg] = process.argv.slice(2) as [string, string, string, string];
const worker = Number(workerArg);
const ops = Number(opsArg);
const pool = new pg.Pool({ connectionString: process.env.AISLE_PG_URL, max: 4, application_name: 'aisle-mixed-worker' });
// Odd workers run with named prepared statements, even ones without: both race on the same rows.
const preparedStatements = worker % 2 === 1;

// A seeded generator (mulberry32): test data only, never security.
let seed = 0x9e3779b9 ^ (worker * 7919) ^ (mode.length * 104729);
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n: number) => Math.floor(random() * n);

const applied: string[] = [];
let replayed = 0;
const refused = new Map<string, number>();
const refuse = (error: unknown) => {
  if (!AisleError.isInstance(error)) throw error;
  refused.set(error.code, (refused.get(error.code) ?? 0) + 1);
};

if (mode === 'consent') {
  const consents = createPostgresConsentStore(pool, { schema, catalogue, preparedStatements });
  for (let i = 0; i < ops; i++) {
    const subject = pick(SUBJECTS);
    const slot = pick(SLOTS);
    // Same id, same content in every worker: the event's content is a function of its id.
    const id = `ce-${subject}-${slot}`;
    const withdraw = (subject + slot) % 3 === 2;
    const event = consentEvent(id, `psn_${subject}`, {
      type: withdraw ? 'withdrawn' : 'given',
      purposes: [PURPOSES[(subject * 31 + slot) % PURPOSES.length] as string],
      at: T0 + slot * 60_000,
    });
    try {
      const result = await consents.append(event);
      if (result.duplicate) replayed += 1;
      else applied.push(id);
    } catch (error) {
      refuse(error);
    }
  }
} else {
  const ledger = createPostgresLedger(pool, {
    schema,
    preparedStatements,
    zone: 'Asia/Shanghai',
    expiry: EXPIRY,
    refundPolicy: { whenSpent: 'clawback' },
    caps: [{ ruleId: 'base', campaignBudget: BUDGET }],
    budgetShards: SHARDS,
    maxAttempts: 50,
    // Workers 0, 1, 4, 5… keep what they last wrote for up to 200 of the 1,000 members and decide on
    // those copies, which the other workers keep making stale: the invariants must hold all the same.
    memberCache: worker % 4 < 2 ? 200 : 0,
  });
  const phase = mode === 'ledger-a' ? 'a' : 'b';
  const at = phase === 'a' ? T0 : T1;
  const track = (result: { replayed: boolean; entry: { data: { key?: string } } }, key: string) => {
    if (result.replayed) replayed += 1;
    else applied.push(key);
  };
  const due = async () => {
    let report: Awaited<ReturnType<typeof ledger.runDue>>;
    do {
      report = await ledger.runDue({ at: T1, limit: 200, concurrency: 4 });
      for (const e of report.expired) applied.push(`expire:${e.memberId}:${e.lotId}`);
    } while (!report.done);
  };
  for (let i = 0; i < ops; i++) {
    if (phase === 'b' && i === 0) await due();
    const member = pick(MEMBERS);
    const memberId = `m-${member}`;
    const slot = pick(SLOTS);
    const kind = random();
    try {
      if (kind < 0.5) {
        const key = `earn-${phase}:${member}:${slot}`;
        const points = 10 + ((member * 7 + slot * 13) % 90);
        track(await ledger.earn({ key, at, evaluation: accrual(`R${phase}-${member}-${slot}`, memberId, points) }), key);
      } else if (kind < 0.8) {
        const key = `redeem-${phase}:${member}:${slot}`;
        track(await ledger.redeem({ key, memberId, points: 5 + ((member + slot * 11) % 40), at }), key);
      } else {
        const key = `refund-${phase}:${member}:${slot}`;
        const points = 10 + ((member * 7 + slot * 13) % 90);
        track(
          await ledger.refund({
            key,
            memberId,
            transactionId: `R${phase}-${member}-${slot}`,
            refundFen: Math.ceil((points * 100) / 2),
            at,
          }),
          key,
        );
      }
    } catch (error) {
      refuse(error);
    }
  }
  if (phase === 'b') await due();
}
await pool.end();
process.stdout.write(`${JSON.stringify({ applied, replayed, refused: Object.fromEntries(refused) })}\n`);
