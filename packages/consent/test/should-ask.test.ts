import { describe, expect, it } from 'vitest';
import { createConsentState, DEFAULT_COOL_DOWN_MS, shouldAsk } from '../src/index';
import { catalogue, codeOf, event } from './fixtures';

const refusedAt = '2026-11-21T10:00:00+08:00';
const consentOf = (...events: ReturnType<typeof event>[]) => {
  const state = createConsentState({ catalogue });
  for (const e of events) state.apply(e);
  return state.subject('psn_a');
};
const refused = consentOf(event({ type: 'refused', at: refusedAt }));

describe('shouldAsk', () => {
  it('asks when never asked, and says how for sensitive purposes and children', () => {
    const advice = shouldAsk({ catalogue, purposeId: 'face.check-in', at: refusedAt, consent: undefined, facts: { ageBand: 'under-14' } });
    expect(advice).toMatchObject({ ask: true, how: { separate: true, guardian: true } });
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: undefined }).how).toEqual({
      separate: false,
      guardian: false,
    });
  });

  it('does not ask when consent stands or is not needed', () => {
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: consentOf(event({ at: refusedAt })) }).ask).toBe(
      false,
    );
    expect(shouldAsk({ catalogue, purposeId: 'membership', at: refusedAt, consent: undefined }).ask).toBe(false);
  });

  it('waits 48 hours after a refusal by default', () => {
    expect(DEFAULT_COOL_DOWN_MS).toBe(172_800_000);
    const early = shouldAsk({ catalogue, purposeId: 'marketing.sms', at: '2026-11-23T09:59:59+08:00', consent: refused });
    expect(early).toMatchObject({ ask: false, nextAskAt: '2026-11-23T02:00:00.000Z' });
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at: '2026-11-23T10:00:00+08:00', consent: refused }).ask).toBe(true);
  });

  it('honours a configured cool-down, customer-initiated only, and the customer starting it', () => {
    const at = '2026-11-21T11:00:00+08:00';
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: refused, policy: { coolDown: 30 * 60_000 } }).ask).toBe(true);
    const never = { coolDown: 'customer-initiated' as const };
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at: '2027-11-21T11:00:00+08:00', consent: refused, policy: never }).ask).toBe(
      false,
    );
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: refused, policy: never, initiatedBy: 'customer' }).ask).toBe(
      true,
    );
    expect(() => shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: refused, policy: { coolDown: -1 } })).toThrow(RangeError);
  });

  it('never makes an extended purpose a condition of a basic function', () => {
    const advice = shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: undefined, gates: 'membership' });
    expect(advice.ask).toBe(false);
    expect(advice.reason).toMatch(/PIPL Art\. 16/);
    expect(shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: undefined, gates: 'analytics' }).ask).toBe(true);
    expect(codeOf(() => shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: undefined, gates: 'nope' }))).toBe(
      'CONSENT_UNKNOWN_PURPOSE',
    );
  });
});
