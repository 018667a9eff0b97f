import assert from 'node:assert/strict';
import { buildAudience } from '@aisle/segments';

const options = {
  consent: () => true,
  purpose: 'marketing.sms',
  channel: 'sms',
  at: '2026-11-21T19:00:00+08:00',
};

// Wrong: a holdout of 10 (meant as 10 %), where a fraction in [0, 1) is expected.
assert.throws(() => buildAudience(['M1', 'M2'], { ...options, holdout: { fraction: 10, salt: 'baby-week' } }), {
  code: 'SEGMENT_INVALID_OPTIONS',
});

// Right: 10 % is 0.1.
const audience = buildAudience(['M1', 'M2'], { ...options, holdout: { fraction: 0.1, salt: 'baby-week' } });
assert.equal(audience.members.length + audience.holdout.length, 2);
