import assert from 'node:assert/strict';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '@aisle/consent';

const key = new Uint8Array(32).fill(7); // in production: 32 random bytes from your key service
const subject = { subjectId: 'psn_4f2a', purposeId: 'marketing.email' };
const token = createUnsubscribeToken({ key, channel: 'email', ...subject, expiresAt: '2027-01-01T00:00:00Z' });
const at = '2026-12-01T00:00:00Z';

// Wrong: an email token presented on the SMS unsubscribe endpoint.
assert.throws(() => verifyUnsubscribeToken({ key, token, channel: 'sms', ...subject, at }), { code: 'CONSENT_TOKEN_WRONG_CHANNEL' });

// Right: verify on the channel the token was issued for.
assert.equal(verifyUnsubscribeToken({ key, token, channel: 'email', ...subject, at }).channel, 'email');
