import { describe, expect, it } from 'vitest';
import { createConsentGate, createMemoryConsentStore } from '../src/index';
import { catalogue, event } from './fixtures';

describe('createConsentGate', () => {
  it('answers allowed or not, and fails closed on errors', () => {
    const store = createMemoryConsentStore({ catalogue });
    store.append(event({ at: '2026-11-21T10:00:00+08:00' }));
    const gate = createConsentGate({ catalogue, state: store });
    expect(gate('psn_a', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(true);
    expect(gate('psn_a', 'analytics', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_b', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'telepathy', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', '2026-11-20T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', 'not a time')).toBe(false);
  });
});
