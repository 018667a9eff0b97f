import assert from 'node:assert/strict';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '@aisle/consent';

const key = new Uint8Array(32).fill(7); // in production: 32 random bytes from your key service
const token = createUnsubscribeToken({
  key,
  channel: 'email',
  subjectId: 'psn_4f2a',
  purposeId: 'marketing.email',
  expiresAt: '2027-01-01T00:00:00Z',
});
const at = '2026-12-01T00:00:00Z';

// Wrong: withdrawing for another subject than the one the token names (a link forwarded, or a guessed id).
assert.throws(() => verifyUnsubscribeToken({ key, token, channel: 'email', subjectId: 'psn_9999', purposeId: 'marketing.email', at }), {
  code: 'CONSENT_TOKEN_MISMATCH',
});

// Right: the subject and purpose the token was issued for.
assert.ok(verifyUnsubscribeToken({ key, token, channel: 'email', subjectId: 'psn_4f2a', purposeId: 'marketing.email', at }));
