import { describe, expect, it } from 'vitest';
import { createConsentState, decide, shouldAsk } from '../src/index';
import { catalogue, event } from './fixtures';

describe('times a Date cannot hold (fuzzer finding: a RangeError escaped)', () => {
  const state = createConsentState({ catalogue });
  state.apply(event({ id: 'e-1', purposes: ['marketing.sms'], at: '2026-11-01T10:00:00+08:00' }));
  const consent = state.subject('psn_a');
  it.each([-8_640_000_000_000_001, 8.64e15 + 1, 1e300, Number.NaN, Number.NEGATIVE_INFINITY])(
    'decide and shouldAsk reject at = %s with CORE_INVALID_INSTANT',
    (at) => {
      const invalid = expect.objectContaining({ code: 'CORE_INVALID_INSTANT' });
      expect(() => decide({ catalogue, purposeId: 'marketing.sms', at, consent })).toThrow(invalid);
      expect(() => shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent })).toThrow(invalid);
    },
  );

  it('still decides at the edge of the range', () => {
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: 8.64e15, consent }).allowed).toBe(true);
  });
});
