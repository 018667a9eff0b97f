import assert from 'node:assert/strict';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '@aisle/consent';

const key = new Uint8Array(32).fill(7); // in production: 32 random bytes from your key service
const claims = { channel: 'email', subjectId: 'psn_4f2a', purposeId: 'marketing.email' } as const;
const token = createUnsubscribeToken({ key, ...claims, expiresAt: '2027-01-01T00:00:00Z' });

// Wrong: a link clicked after the expiry it was issued with.
assert.throws(() => verifyUnsubscribeToken({ key, token, ...claims, at: '2027-02-01T00:00:00Z' }), { code: 'CONSENT_TOKEN_EXPIRED' });

// Right: issue links that outlive the campaign (and offer a sign-in path when an old link expires).
const fresh = createUnsubscribeToken({ key, ...claims, expiresAt: '2027-06-01T00:00:00Z' });
assert.equal(verifyUnsubscribeToken({ key, token: fresh, ...claims, at: '2027-02-01T00:00:00Z' }).purposeId, 'marketing.email');
