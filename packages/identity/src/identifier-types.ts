import type { IdentifierType } from './types';

const digits = (raw: string) => raw.replace(/[\s\-()]/g, '');

/** Mainland mobile numbers: drops `+86`/`0086`, spaces and dashes; 11 digits starting 1[3-9]. */
function canonicalPhone(raw: string): string | undefined {
  let value = digits(raw);
  if (value.startsWith('+86')) value = value.slice(3);
  else if (value.startsWith('0086')) value = value.slice(4);
  return /^1[3-9]\d{9}$/.test(value) ? value : undefined;
}

/** Test numbers and placeholders that forms and tills fill in. */
const PHONE_PLACEHOLDERS = ['13800138000', '13800000000', '13000000000', '13888888888', '18888888888', '12345678901', '13912345678'];

/** 1 followed by one digit repeated (13333333333, 10000000000-like fillers). */
function sameDigit(value: string): boolean {
  return /^(\d)\1+$/.test(value.slice(1));
}

const token = (max: number) => (raw: string) => {
  const value = raw.trim();
  return value.length > 0 && value.length <= max && /^[\w\-.:@]+$/.test(value) ? value : undefined;
};

/**
 * The identifier types a Chinese mall's membership platform meets, with conservative defaults
 * (override any field by mapping over the array):
 *
 * | type | namespaced | priority | per profile | notes |
 * | --- | --- | --- | --- | --- |
 * | `member` | no | 100 | 1 | the member account; login, immutable; two are never merged |
 * | `wechat-unionid` | by open-platform account | 90 | 1 | login |
 * | `wechat-openid` | by `appid` | 80 | 3 | login |
 * | `alipay-user-id` | no | 80 | 1 | `2088…` user id; login |
 * | `alipay-open-id` | by app | 80 | 3 | what Alipay sends to apps instead of `user_id`; login |
 * | `phone` | no | 60 | 2 | reassignable (carriers reissue numbers), links valid 365 days from verification; test numbers blocked |
 * | `email` | no | 50 | 3 | lower-cased |
 * | `card` | no | 40 | 3 | a physical member card; links valid 730 days; shared family cards are held |
 * | `plate` | no | 30 | 3 | a car plate; links valid 365 days |
 * | `cookie` | by site | 10 | 20 | hub above 3 distinct neighbours |
 * | `device` | by site | 10 | 5 | a device id; hub above 3 distinct neighbours (shared kiosks) |
 *
 * @example
 * ```ts
 * import { defaultIdentifierTypes } from '@aisle/identity';
 *
 * const types = defaultIdentifierTypes().map((t) => (t.type === 'phone' ? { ...t, linkTtlDays: 180 } : t));
 * ```
 *
 * @public
 */
export function defaultIdentifierTypes(): IdentifierType[] {
  const base = { login: false, immutable: false, reassignable: false, hubThreshold: 5 } as const;
  return [
    { ...base, type: 'member', namespaced: false, priority: 100, maxPerProfile: 1, login: true, immutable: true, canonicalise: token(64) },
    { ...base, type: 'wechat-unionid', namespaced: true, priority: 90, maxPerProfile: 1, login: true, canonicalise: token(64) },
    { ...base, type: 'wechat-openid', namespaced: true, priority: 80, maxPerProfile: 3, login: true, canonicalise: token(64) },
    {
      ...base,
      type: 'alipay-user-id',
      namespaced: false,
      priority: 80,
      maxPerProfile: 1,
      login: true,
      canonicalise: (raw) => (/^2088\d{12}$/.test(raw.trim()) ? raw.trim() : undefined),
    },
    { ...base, type: 'alipay-open-id', namespaced: true, priority: 80, maxPerProfile: 3, login: true, canonicalise: token(64) },
    {
      ...base,
      type: 'phone',
      namespaced: false,
      priority: 60,
      maxPerProfile: 2,
      reassignable: true,
      linkTtlDays: 365,
      canonicalise: canonicalPhone,
      isBlocked: (value) => PHONE_PLACEHOLDERS.includes(value) || sameDigit(value),
    },
    {
      ...base,
      type: 'email',
      namespaced: false,
      priority: 50,
      maxPerProfile: 3,
      canonicalise: (raw) => {
        const value = raw.trim().toLowerCase();
        return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : undefined;
      },
    },
    {
      ...base,
      type: 'card',
      namespaced: false,
      priority: 40,
      maxPerProfile: 3,
      linkTtlDays: 730,
      canonicalise: (raw) => {
        const value = digits(raw).toUpperCase();
        return /^[0-9A-Z]{6,32}$/.test(value) ? value : undefined;
      },
      isBlocked: (value) => /^(.)\1+$/.test(value),
    },
    {
      ...base,
      type: 'plate',
      namespaced: false,
      priority: 30,
      maxPerProfile: 3,
      linkTtlDays: 365,
      canonicalise: (raw) => {
        const value = raw.replace(/[\s·•.-]/g, '').toUpperCase();
        return /^[\u4e00-\u9fa5][A-Z][A-Z0-9\u4e00-\u9fa5]{4,7}$/.test(value) ? value : undefined;
      },
    },
    { ...base, type: 'cookie', namespaced: true, priority: 10, maxPerProfile: 20, hubThreshold: 3, canonicalise: token(128) },
    {
      ...base,
      type: 'device',
      namespaced: true,
      priority: 10,
      maxPerProfile: 5,
      hubThreshold: 3,
      canonicalise: token(128),
      // All-zero and placeholder device ids (unset IDFA/AAID, 00:00:00:00:00:00, 02:00:00:00:00:00).
      isBlocked: (value) => /^[0:-]+$/.test(value) || value === '02:00:00:00:00:00',
    },
  ];
}
