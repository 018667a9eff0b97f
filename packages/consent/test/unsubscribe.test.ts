import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeToken, isOneClickUnsubscribe, listUnsubscribeHeaders, verifyUnsubscribeToken } from '../src/index';
import { codeOf } from './fixtures';

const key = new Uint8Array(32).map((_, i) => i + 1);
const otherKey = new Uint8Array(32).fill(7);
const claims = { channel: 'email' as const, subjectId: 'psn_4f2a', purposeId: 'marketing.email', expiresAt: '2026-12-31T16:00:00Z' };
const token = createUnsubscribeToken({ key, ...claims });
const at = '2026-11-21T10:00:00+08:00';
const who = { subjectId: claims.subjectId, purposeId: claims.purposeId };

describe('unsubscribe tokens', () => {
  it('round-trips and is an HMAC-SHA256 over the claims (checked against node:crypto)', () => {
    expect(verifyUnsubscribeToken({ key, token, ...who, channel: 'email', at })).toEqual({
      ...claims,
      expiresAt: '2026-12-31T16:00:00.000Z',
    });
    const [prefix, body, mac] = token.split('.');
    expect(prefix).toBe('u1');
    const expected = createHmac('sha256', key).update(`aisle/consent/unsubscribe/v1.${body}`).digest('base64url');
    expect(mac).toBe(expected);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('rejects forged, tampered and foreign-key tokens', () => {
    const [prefix, body, mac] = token.split('.') as [string, string, string];
    const swapped = Buffer.from(JSON.stringify(['email', 'psn_other', 'marketing.email', 1798732800])).toString('base64url');
    expect(codeOf(() => verifyUnsubscribeToken({ key, token: `${prefix}.${swapped}.${mac}`, ...who, channel: 'email', at }))).toBe(
      'CONSENT_TOKEN_INVALID',
    );
    const flipped = mac.slice(0, -2) + (mac.at(-2) === 'A' ? 'B' : 'A') + mac.at(-1);
    expect(codeOf(() => verifyUnsubscribeToken({ key, token: `${prefix}.${body}.${flipped}`, ...who, channel: 'email', at }))).toBe(
      'CONSENT_TOKEN_INVALID',
    );
    expect(codeOf(() => verifyUnsubscribeToken({ key: otherKey, token, ...who, channel: 'email', at }))).toBe('CONSENT_TOKEN_INVALID');
    for (const bad of ['', 'u1', 'u1..', `u2.${body}.${mac}`, `${token}.x`, 'u1.!!.??', 'x'.repeat(5000), 42 as unknown as string]) {
      expect(codeOf(() => verifyUnsubscribeToken({ key, token: bad, ...who, channel: 'email', at }))).toBe('CONSENT_TOKEN_INVALID');
    }
    // A correctly signed token whose claims are not ours is still refused.
    const junk = Buffer.from('{"not":"claims"}').toString('base64url');
    const signed = createHmac('sha256', key).update(`aisle/consent/unsubscribe/v1.${junk}`).digest('base64url');
    expect(codeOf(() => verifyUnsubscribeToken({ key, token: `u1.${junk}.${signed}`, ...who, channel: 'email', at }))).toBe(
      'CONSENT_TOKEN_INVALID',
    );
  });

  it('rejects expired and cross-channel tokens', () => {
    expect(codeOf(() => verifyUnsubscribeToken({ key, token, ...who, ...who, channel: 'email', at: '2026-12-31T16:00:00Z' }))).toBe(
      'CONSENT_TOKEN_EXPIRED',
    );
    expect(codeOf(() => verifyUnsubscribeToken({ key, token, ...who, channel: 'sms', at }))).toBe('CONSENT_TOKEN_WRONG_CHANNEL');
  });

  it('requires the expected subject and purpose, and refuses a valid token for someone else', () => {
    const other = createUnsubscribeToken({ key, ...claims, subjectId: 'psn_other' });
    const error = (() => {
      try {
        verifyUnsubscribeToken({ key, token: other, ...who, channel: 'email', at });
      } catch (e) {
        return e as { code: string; details: { field: string } };
      }
      return undefined;
    })();
    expect(error?.code).toBe('CONSENT_TOKEN_MISMATCH');
    expect(error?.details.field).toBe('subjectId');
    expect(codeOf(() => verifyUnsubscribeToken({ key, token, ...who, purposeId: 'marketing.sms', channel: 'email', at }))).toBe(
      'CONSENT_TOKEN_MISMATCH',
    );
    expect(() => verifyUnsubscribeToken({ key, token, channel: 'email', at } as never)).toThrow(RangeError);
    expect(() => verifyUnsubscribeToken({ key, token, ...who, purposeId: '', channel: 'email', at })).toThrow(RangeError);
  });

  it('refuses weak keys and bad claims at creation', () => {
    expect(() => createUnsubscribeToken({ ...claims, key: new Uint8Array(16) })).toThrow(RangeError);
    expect(() => verifyUnsubscribeToken({ key: 'secret' as never, token, ...who, channel: 'email', at })).toThrow(RangeError);
    expect(() => createUnsubscribeToken({ ...claims, key, channel: 'fax' as never })).toThrow(RangeError);
    expect(() => createUnsubscribeToken({ ...claims, key, subjectId: '' })).toThrow(RangeError);
  });
});

describe('RFC 8058 headers', () => {
  it('builds List-Unsubscribe and List-Unsubscribe-Post', () => {
    expect(listUnsubscribeHeaders({ url: `https://mall.example/u?t=${token}`, mailto: 'mailto:unsub@mall.example' })).toEqual({
      'List-Unsubscribe': `<https://mall.example/u?t=${token}>, <mailto:unsub@mall.example>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(listUnsubscribeHeaders({ url: 'https://mall.example/u' })['List-Unsubscribe']).toBe('<https://mall.example/u>');
    expect(() => listUnsubscribeHeaders({ url: 'http://mall.example/u' })).toThrow(RangeError);
    expect(() => listUnsubscribeHeaders({ url: 'https://mall.example/u', mailto: 'unsub@mall.example' })).toThrow(RangeError);
  });

  it('recognises the one-click POST body', () => {
    expect(isOneClickUnsubscribe('List-Unsubscribe=One-Click')).toBe(true);
    expect(isOneClickUnsubscribe('a=1&List-Unsubscribe=One-Click')).toBe(true);
    expect(isOneClickUnsubscribe('List-Unsubscribe=Two-Click')).toBe(false);
    expect(isOneClickUnsubscribe(undefined as never)).toBe(false);
  });
});
