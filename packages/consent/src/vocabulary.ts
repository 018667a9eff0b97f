/**
 * The built-in data-category vocabulary (GB/T 35273-2020 Annex A and B, PIPL Art. 28). Each
 * value says whether the category is sensitive personal information (separate consent needed);
 * a catalogue may declare more categories of its own.
 *
 * @example
 * ```ts
 * import { DATA_CATEGORIES } from '@aisle/consent';
 *
 * DATA_CATEGORIES.biometric; // true (sensitive)
 * ```
 */
export const DATA_CATEGORIES = {
  identity: false,
  contact: false,
  'id-document': true,
  biometric: true,
  'location-trajectory': true,
  'precise-location': false,
  transaction: false,
  'financial-account': true,
  health: true,
  'specific-identity': true,
  'minor-under-14': true,
  device: false,
  browsing: false,
  preferences: false,
} as const;

/** A built-in data category id. */
export type BuiltInDataCategory = keyof typeof DATA_CATEGORIES;

/**
 * Names of the built-in data categories in zh-CN and en, for notices and forms.
 *
 * @example
 * ```ts
 * import { DATA_CATEGORY_LABELS } from '@aisle/consent';
 *
 * DATA_CATEGORY_LABELS['location-trajectory']['zh-CN']; // '行踪轨迹'
 * ```
 */
export const DATA_CATEGORY_LABELS: Record<BuiltInDataCategory, { readonly 'zh-CN': string; readonly en: string }> = {
  identity: { 'zh-CN': '个人基本资料', en: 'Basic identity (name, gender, nickname)' },
  contact: { 'zh-CN': '联系方式', en: 'Contact details (phone, email, address)' },
  'id-document': { 'zh-CN': '个人身份信息(证件号码)', en: 'Identity document numbers' },
  biometric: { 'zh-CN': '生物识别信息', en: 'Biometrics (face, fingerprint, voiceprint)' },
  'location-trajectory': { 'zh-CN': '行踪轨迹', en: 'Location trajectory' },
  'precise-location': { 'zh-CN': '位置信息', en: 'Point-in-time location' },
  transaction: { 'zh-CN': '交易信息', en: 'Transactions and purchase history' },
  'financial-account': { 'zh-CN': '金融账户', en: 'Financial accounts and payment credentials' },
  health: { 'zh-CN': '医疗健康', en: 'Medical and health data' },
  'specific-identity': { 'zh-CN': '特定身份', en: 'Specific identity (religion, disability, …)' },
  'minor-under-14': { 'zh-CN': '不满十四周岁未成年人的个人信息', en: 'Data of a child under 14' },
  device: { 'zh-CN': '设备信息', en: 'Device identifiers' },
  browsing: { 'zh-CN': '上网浏览记录', en: 'Browsing and app usage' },
  preferences: { 'zh-CN': '偏好与画像', en: 'Preferences and inferred interests' },
};

/**
 * The lawful bases of PIPL Art. 13: consent, contract or HR necessity, legal obligation,
 * emergencies (public health, life and property), news reporting in the public interest,
 * data the person disclosed themselves, other laws.
 *
 * @example
 * ```ts
 * import { LEGAL_BASES } from '@aisle/consent';
 *
 * LEGAL_BASES.includes('contract'); // true
 * ```
 */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'hr-management',
  'legal-obligation',
  'emergency',
  'public-interest-reporting',
  'publicly-disclosed',
  'other-law',
] as const;

/**
 * Where a consent was collected.
 *
 * @example
 * ```ts
 * import { CONSENT_CHANNELS } from '@aisle/consent';
 *
 * CONSENT_CHANNELS.includes('kiosk'); // true
 * ```
 */
export const CONSENT_CHANNELS = ['mini-program', 'app', 'web', 'pos', 'kiosk', 'service-desk', 'paper', 'sms-reply', 'email-link'] as const;

/** A channel a consent was collected on (one of {@link CONSENT_CHANNELS}). */
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * Marketing channels a purpose may use (and an unsubscribe token may be bound to).
 *
 * @example
 * ```ts
 * import { MARKETING_CHANNELS } from '@aisle/consent';
 *
 * MARKETING_CHANNELS; // ['sms', 'email', 'wechat', 'app-push', 'phone']
 * ```
 */
export const MARKETING_CHANNELS = ['sms', 'email', 'wechat', 'app-push', 'phone'] as const;

/**
 * Consent event types. `renewed` counts as `given`.
 *
 * @example
 * ```ts
 * import { CONSENT_EVENT_TYPES } from '@aisle/consent';
 *
 * CONSENT_EVENT_TYPES.includes('withdrawn'); // true
 * ```
 */
export const CONSENT_EVENT_TYPES = ['given', 'refused', 'withdrawn', 'expired', 'renewed'] as const;

/**
 * Consent types: general, separate (单独同意, PIPL Art. 29), written, a guardian's (Art. 31).
 *
 * @example
 * ```ts
 * import { CONSENT_TYPES } from '@aisle/consent';
 *
 * CONSENT_TYPES; // ['general', 'separate', 'written', 'guardian']
 * ```
 */
export const CONSENT_TYPES = ['general', 'separate', 'written', 'guardian'] as const;

/**
 * Google Consent Mode v2 signals a purpose may drive.
 *
 * @example
 * ```ts
 * import { CONSENT_MODE_SIGNALS } from '@aisle/consent';
 *
 * CONSENT_MODE_SIGNALS.length; // 4
 * ```
 */
export const CONSENT_MODE_SIGNALS = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;
