import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: consent chapter', () => {
  it('opts in at the service desk, withdraws by SMS reply, and leaves evidence', async () => {
    const result = await runMallDay({ quiet: true });
    expect(result.chapters.consent).toMatchObject({
      allowedAtSignUp: true,
      stateAfterReply: 'withdrawn',
      nextAskAt: '2026-11-23T05:00:00.000Z',
      erasures: 1,
      verified: true,
      subjectId: 'psn_c0ffee',
    });
    // The timeline the HTML day report draws: opt-in, allowed, the 退订 reply, denied, the re-ask date, the erasure.
    const timeline = (result.chapters.consent as { timeline: { at: string; what: string }[] }).timeline;
    expect(timeline.map((e) => e.at)).toEqual([
      '2026-11-21T02:00:00.000Z',
      '2026-11-21T02:00:00.000Z',
      '2026-11-21T05:00:00.000Z',
      '2026-11-21T05:00:00.000Z',
      '2026-11-23T05:00:00.000Z',
      '2026-11-21T05:00:00.000Z',
    ]);
    expect(timeline[2]?.what).toBe('SMS reply "退订": marketing.sms withdrawn');
    expect(timeline[3]?.what).toBe('Decision: marketing.sms denied (withdrawn)');
    expect(result.lines).toContain('Sign-up at the service desk: marketing.sms allowed (given)');
    expect(result.lines).toContain('Erasure due: marketing.sms -> delete preferences');
    expect(result.verified).toBe(true);
  });
});
