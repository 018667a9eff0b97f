import { describe, expect, it } from 'vitest';
import {
  createMemoryConsentStore,
  type ErasureCampaignProgress,
  type ErasureTask,
  planErasureCampaign,
  runErasureCampaign,
  verifyErasureCampaign,
} from '../src/index';
import { catalogue, codeOf, event } from './fixtures';

const store = createMemoryConsentStore({ catalogue });
const ids = ['psn_a', 'psn_b', 'psn_c', 'psn_d', 'psn_e'];
for (const [i, subjectId] of ids.entries()) {
  await store.append(event({ subjectId, purposes: ['marketing.sms'], at: `2026-10-0${i + 1}T10:00:00+08:00` }));
  await store.append(event({ subjectId, purposes: ['face.check-in'], consentType: 'separate', at: `2026-10-0${i + 1}T10:01:00+08:00` }));
}

const plan = planErasureCampaign({
  id: 'shutdown-face-and-sms',
  catalogue,
  purposeIds: ['face.check-in', 'marketing.sms'],
  stoppedAt: '2026-11-01T00:00:00+08:00',
  notification: { kind: 'public-notice', at: '2026-11-01T09:00:00+08:00', reference: 'https://mall.example/notice/shutdown' },
  eraseFrom: '2026-12-01T00:00:00+08:00',
  zone: 'Asia/Shanghai',
});

/** An async listing in ascending order after a cursor, like a store query. */
function listing(list: readonly string[] = ids) {
  return async function* (after: string | null) {
    for (const id of [...list].sort()) if (after === null || id > after) yield id;
  };
}

function run(extra: Partial<Parameters<typeof runErasureCampaign>[0]> = {}) {
  const done: ErasureTask[] = [];
  const saved: ErasureCampaignProgress[] = [];
  const promise = runErasureCampaign({
    plan,
    catalogue,
    at: '2026-12-02T00:00:00+08:00',
    subjects: (after) => store.subjectIds({ after: after ?? undefined, limit: 2 }), // pages of two
    consent: (id) => store.subject(id),
    erase: (task) => {
      done.push(task);
    },
    onProgress: (p) => {
      saved.push(p);
    },
    ...extra,
  });
  return { promise, done, saved };
}

describe('service shutdown erasure campaign', () => {
  it('erases every affected purpose of every subject, keeping what another purpose still rests on', async () => {
    const { promise, done, saved } = run();
    const result = await promise;
    expect(result.record?.subjects).toBe(5);
    expect(done).toHaveLength(10);
    const sms = done.find((t) => t.subjectId === 'psn_c' && t.purposeId === 'marketing.sms');
    // contact stays: membership (a contract) still rests on it.
    expect(sms).toMatchObject({
      action: 'delete',
      categories: ['preferences'],
      kept: { contact: ['membership'] },
      trigger: 'service-shutdown',
    });
    expect(done.find((t) => t.purposeId === 'face.check-in')?.categories).toEqual(['biometric']);
    expect(saved.at(-1)?.done).toBe(true);
    expect((await verifyErasureCampaign({ plan, record: defined(result.record), subjects: listing() })).ok).toBe(true);
  });

  it('resumes after a stop or a failure and ends with the same record digests as one uninterrupted run', async () => {
    const whole = defined((await run().promise).record);
    const first = await run({ limit: 2 }).promise;
    expect(first.record).toBeUndefined();
    expect(first.progress).toMatchObject({ subjects: 2, cursor: 'psn_b', done: false });
    let calls = 0;
    const failing = run({
      resume: first.progress,
      erase: () => {
        calls++;
        if (calls === 3) throw new Error('deid service unavailable');
      },
    });
    await expect(failing.promise).rejects.toThrow('deid service unavailable');
    const last = defined(failing.saved.at(-1));
    expect(last.cursor).toBe('psn_c');
    const resumed = run({ resume: last });
    const end = await resumed.promise;
    expect(resumed.done.map((t) => t.subjectId)).toEqual(['psn_d', 'psn_d', 'psn_e', 'psn_e']);
    expect(end.record?.subjectsDigest).toBe(whole.subjectsDigest);
    expect(end.record?.tasksDigest).toBe(whole.tasksDigest);
    expect(end.record?.subjects).toBe(5);
  });

  it('detects a tampered record, a record of another plan, and a listing that differs from what was covered', async () => {
    const record = defined((await run().promise).record);
    expect((await verifyErasureCampaign({ plan, record: { ...record, subjects: 4 } })).problems).toContain(
      'The record does not match its own hash',
    );
    const other = planErasureCampaign({ ...planInput(), id: 'another' });
    expect((await verifyErasureCampaign({ plan: other, record })).ok).toBe(false);
    const more = await verifyErasureCampaign({ plan, record, subjects: listing([...ids, 'psn_f']) });
    expect(more.problems).toEqual(['The listing has 6 subjects, the record covers 5']);
    const swapped = await verifyErasureCampaign({ plan, record, subjects: listing(['psn_a', 'psn_b', 'psn_c', 'psn_d', 'psn_x']) });
    expect(swapped.problems).toEqual(['The listed subjects differ from those the record covers']);
  });

  it('refuses to erase before customers were told, a listing out of order, and a resume of another plan', async () => {
    await expect(run({ at: '2026-11-15T00:00:00+08:00' }).promise).rejects.toMatchObject({ code: 'CONSENT_INVALID_INPUT' });
    await expect(run({ subjects: () => ['psn_a', 'psn_b'] }).promise).rejects.toMatchObject({ code: 'CONSENT_INVALID_INPUT' }); // ignores the cursor
    await expect(run({ subjects: () => ['psn_b', 'psn_a'] }).promise).rejects.toMatchObject({ code: 'CONSENT_INVALID_INPUT' });
    await expect(run({ subjects: () => ['psn_a', { toString: () => 'x' } as never] }).promise).rejects.toMatchObject({
      code: 'CONSENT_INVALID_INPUT',
    });
    const progress = (await run({ limit: 1 }).promise).progress;
    await expect(run({ resume: { ...progress, planHash: 'f'.repeat(64) } }).promise).rejects.toMatchObject({
      code: 'CONSENT_INVALID_INPUT',
    });
    await expect(run({ plan: { ...plan, purposeIds: ['marketing.sms'] } }).promise).rejects.toMatchObject({
      code: 'CONSENT_INVALID_INPUT',
    });
  });

  it('validates the plan', () => {
    expect(codeOf(() => planErasureCampaign({ ...planInput(), purposeIds: [] }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => planErasureCampaign({ ...planInput(), purposeIds: ['telepathy'] }))).toBe('CONSENT_UNKNOWN_PURPOSE');
    expect(codeOf(() => planErasureCampaign({ ...planInput(), eraseFrom: '2026-10-01T00:00:00+08:00' }))).toBe('CONSENT_INVALID_INPUT');
    expect(
      codeOf(() =>
        planErasureCampaign({ ...planInput(), notification: { kind: 'carrier-pigeon' as never, at: '2026-11-01T09:00:00+08:00' } }),
      ),
    ).toBe('CONSENT_INVALID_INPUT');
  });

  it('restricts a purpose under a legal retention duty until the duty ends', async () => {
    const p = planErasureCampaign({ ...planInput(), id: 'close-membership', purposeIds: ['membership'] });
    const done: ErasureTask[] = [];
    await runErasureCampaign({
      plan: p,
      catalogue,
      at: '2026-12-02T00:00:00+08:00',
      subjects: (after) => (after === null ? ['psn_a'] : []),
      consent: (id) => store.subject(id),
      erase: (t) => void done.push(t),
    });
    expect(done[0]).toMatchObject({ action: 'restrict', restrictUntil: '2029-10-31T16:00:00.000Z' });
  });
});

function planInput() {
  return {
    id: 'shutdown-face-and-sms',
    catalogue,
    purposeIds: ['face.check-in', 'marketing.sms'],
    stoppedAt: '2026-11-01T00:00:00+08:00',
    notification: { kind: 'public-notice' as const, at: '2026-11-01T09:00:00+08:00', reference: 'https://mall.example/notice/shutdown' },
    eraseFrom: '2026-12-01T00:00:00+08:00',
    zone: 'Asia/Shanghai',
  };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
