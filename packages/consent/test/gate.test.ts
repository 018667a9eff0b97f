import { describe, expect, it } from 'vitest';
import { createConsentGate, createMemoryConsentStore } from '../src/index';
import { catalogue, event } from './fixtures';

describe('createConsentGate', () => {
  it('answers allowed or not, and fails closed on errors', async () => {
    const store = createMemoryConsentStore({ catalogue });
    await store.append(event({ at: '2026-11-21T10:00:00+08:00' }));
    // The gate is synchronous (a campaign run filters thousands of ids): load the subjects first.
    const loaded = await store.subjects(['psn_a', 'psn_b']);
    const gate = createConsentGate({ catalogue, state: { subject: (id) => loaded.get(id) } });
    expect(gate('psn_a', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(true);
    expect(gate('psn_a', 'analytics', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_b', 'marketing.sms', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'telepathy', '2026-11-21T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', '2026-11-20T11:00:00+08:00')).toBe(false);
    expect(gate('psn_a', 'marketing.sms', 'not a time')).toBe(false);
  });
});
