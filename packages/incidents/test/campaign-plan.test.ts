import { describe, expect, it } from 'vitest';
import {
  campaignProgress,
  createCampaign,
  createIncident,
  createResponsePlan,
  openReviewTask,
  planReviewStatus,
  recordAttempt,
  reviseResponsePlan,
  transition,
} from '../src/index';
import { leak } from './fixtures';

describe('notification campaign', () => {
  const start = () =>
    createCampaign({
      incidentId: 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA',
      maxAttemptsPerChannel: 2,
      recipients: [
        { id: 'm-1', channels: ['sms', 'email'] },
        { id: 'm-2', channels: ['sms'] },
        { id: 'm-3', channels: ['push', 'letter'] },
      ],
    });

  it('tracks attempts per recipient and channel, falls back through channels, then to the public notice', () => {
    let c = start();
    c = recordAttempt(c, { recipient: 'm-1', channel: 'sms', at: '2026-04-05T10:00:00+08:00', outcome: 'failed', evidence: 'smsc:1' });
    c = recordAttempt(c, { recipient: 'm-1', channel: 'sms', at: '2026-04-05T11:00:00+08:00', outcome: 'failed', evidence: 'smsc:2' });
    c = recordAttempt(c, {
      recipient: 'm-1',
      channel: 'email',
      at: '2026-04-05T12:00:00+08:00',
      outcome: 'delivered',
      evidence: 'smtp:250 queued',
    });
    c = recordAttempt(c, { recipient: 'm-2', channel: 'sms', at: '2026-04-05T10:00:00+08:00', outcome: 'failed' });
    c = recordAttempt(c, { recipient: 'm-2', channel: 'sms', at: '2026-04-05T10:30:00+08:00', outcome: 'failed' });
    const progress = campaignProgress(c);
    expect(progress).toMatchObject({ total: 3, delivered: 1, pending: 1, exhausted: 1, publicNoticeNeeded: true });
    expect(progress.recipients[0]).toMatchObject({
      state: 'delivered',
      attempts: 3,
      deliveredAt: '2026-04-05T04:00:00.000Z',
      evidence: ['smsc:1', 'smsc:2', 'smtp:250 queued'],
    });
    expect(progress.recipients[2]).toMatchObject({ state: 'pending', next: 'push' });
  });

  it('rejects attempts out of turn, after delivery, for unknown recipients, or going back in time', () => {
    let c = start();
    const code = { code: 'INCIDENTS_CAMPAIGN' };
    expect(() => recordAttempt(c, { recipient: 'm-9', channel: 'sms', at: '2026-04-05T10:00:00+08:00', outcome: 'failed' })).toThrow(
      expect.objectContaining(code),
    );
    expect(() => recordAttempt(c, { recipient: 'm-1', channel: 'email', at: '2026-04-05T10:00:00+08:00', outcome: 'failed' })).toThrow(
      expect.objectContaining(code),
    );
    c = recordAttempt(c, { recipient: 'm-1', channel: 'sms', at: '2026-04-05T10:00:00+08:00', outcome: 'delivered' });
    expect(() => recordAttempt(c, { recipient: 'm-1', channel: 'sms', at: '2026-04-05T11:00:00+08:00', outcome: 'failed' })).toThrow(
      expect.objectContaining(code),
    );
    c = recordAttempt(c, { recipient: 'm-3', channel: 'push', at: '2026-04-05T10:00:00+08:00', outcome: 'failed' });
    expect(() => recordAttempt(c, { recipient: 'm-3', channel: 'push', at: '2026-04-05T09:00:00+08:00', outcome: 'failed' })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_TIME_ORDER' }),
    );
  });

  it('validates the campaign itself', () => {
    expect(() =>
      createCampaign({
        incidentId: 'x',
        recipients: [
          { id: 'a', channels: ['sms'] },
          { id: 'a', channels: ['sms'] },
        ],
      }),
    ).toThrow(/Duplicate/);
    expect(() => createCampaign({ incidentId: 'x', recipients: [{ id: 'a', channels: [] }] })).toThrow(/no channel/);
    expect(() => createCampaign({ incidentId: 'x', recipients: [], maxAttemptsPerChannel: 0 })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }),
    );
  });
});

describe('versioned response plan', () => {
  const closed = () => {
    const by = (at: string) => ({ actor: 'S-014', at });
    let i = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    for (const [to, at] of [
      ['triaged', '2026-04-03T23:45:00+08:00'],
      ['contained', '2026-04-04T00:30:00+08:00'],
      ['reported', '2026-04-04T01:00:00+08:00'],
      ['notified', '2026-04-05T10:00:00+08:00'],
      ['closed', '2026-04-20T10:00:00+08:00'],
    ] as const) {
      i = transition(i, to, by(at));
    }
    return i;
  };

  it('a closed incident opens a review task that the next revision resolves and links', () => {
    let plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'v1' });
    plan = openReviewTask(plan, closed());
    expect(plan.tasks[0]).toMatchObject({
      incidentId: 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA',
      planVersion: 1,
      openedAt: '2026-04-20T02:00:00.000Z',
    });
    expect(planReviewStatus(plan, { now: '2026-05-01T00:00:00Z', maxAgeMonths: 12, zone: 'Asia/Shanghai' }).openTasks).toHaveLength(1);
    const id = plan.tasks[0]?.id ?? '';
    plan = reviseResponsePlan(plan, {
      approvedAt: '2026-05-10T10:00:00+08:00',
      approvedBy: 'CISO',
      summary: 'Bucket policy checks',
      resolves: [id],
    });
    expect(plan).toMatchObject({ version: 2, resolves: [id], history: [{ version: 1, summary: 'v1' }] });
    expect(plan.tasks[0]?.resolvedBy).toBe(2);
    expect(planReviewStatus(plan, { now: '2026-05-11T00:00:00Z', maxAgeMonths: 12, zone: 'Asia/Shanghai' }).openTasks).toHaveLength(0);
  });

  it('flags a plan not reviewed for N months', () => {
    const plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'v1' });
    const before = planReviewStatus(plan, { now: '2027-01-05T09:59:00+08:00', maxAgeMonths: 12, zone: 'Asia/Shanghai' });
    expect(before).toMatchObject({ stale: false, reviewDueAt: '2027-01-05T02:00:00.000Z' });
    expect(planReviewStatus(plan, { now: '2027-01-05T10:00:00+08:00', maxAgeMonths: 12, zone: 'Asia/Shanghai' }).stale).toBe(true);
    expect(() => planReviewStatus(plan, { now: '2027-01-05T10:00:00+08:00', maxAgeMonths: 0, zone: 'Asia/Shanghai' })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }),
    );
  });

  it('rejects review tasks for open incidents, duplicates, unknown tasks and back-dated revisions', () => {
    const plan = createResponsePlan({ approvedAt: '2026-01-05T10:00:00+08:00', approvedBy: 'CISO', summary: 'v1' });
    const open = createIncident(leak(), { actor: 'x', at: '2026-04-03T23:40:00+08:00' });
    expect(() => openReviewTask(plan, open)).toThrow(expect.objectContaining({ code: 'INCIDENTS_PLAN' }));
    const withTask = openReviewTask(plan, closed());
    expect(() => openReviewTask(withTask, closed())).toThrow(/already exists/);
    expect(() =>
      reviseResponsePlan(withTask, { approvedAt: '2026-05-10T10:00:00+08:00', approvedBy: 'CISO', summary: 'v2', resolves: ['nope'] }),
    ).toThrow(expect.objectContaining({ code: 'INCIDENTS_PLAN' }));
    expect(() => reviseResponsePlan(withTask, { approvedAt: '2025-05-10T10:00:00+08:00', approvedBy: 'CISO', summary: 'v2' })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_TIME_ORDER' }),
    );
  });
});
