import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: consent chapter', () => {
  it('opts in at the service desk, withdraws by SMS reply, and leaves evidence', async () => {
    const result = await runMallDay({ quiet: true });
    expect(result.chapters.consent).toEqual({
      allowedAtSignUp: true,
      stateAfterReply: 'withdrawn',
      nextAskAt: '2026-11-23T05:00:00.000Z',
      erasures: 1,
      verified: true,
    });
    expect(result.lines).toContain('Sign-up at the service desk: marketing.sms allowed (given)');
    expect(result.lines).toContain('Erasure due: marketing.sms -> delete preferences');
    expect(result.verified).toBe(true);
  });
});
