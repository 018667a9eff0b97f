import assert from 'node:assert/strict';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '@aisle/consent';

const key = new Uint8Array(32).fill(7); // in production: 32 random bytes from your key service
const claims = { channel: 'email', subjectId: 'psn_4f2a', purposeId: 'marketing.email' } as const;
const token = createUnsubscribeToken({ key, ...claims, expiresAt: '2027-01-01T00:00:00Z' });
const at = '2026-12-01T00:00:00Z';

// Wrong: a token that was altered (or signed with another key).
const forged = `${token.slice(0, -2)}AA`;
assert.throws(() => verifyUnsubscribeToken({ key, token: forged, ...claims, at }), { code: 'CONSENT_TOKEN_INVALID' });

// Right: the token exactly as issued, verified with the key that signed it.
assert.equal(verifyUnsubscribeToken({ key, token, ...claims, at }).subjectId, 'psn_4f2a');
