import { type CatalogueInput, type ConsentEvent, defineCatalogue, type PurposeInput, type SubjectConsent } from '../src/index';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const membership: PurposeInput = {
  id: 'membership',
  name: text('会员服务', 'Membership'),
  description: text('积分与会员权益', 'Points and member benefits'),
  legalBasis: 'contract',
  categories: ['identity', 'contact', 'transaction'],
  function: 'basic',
  retention: { until: 'account-closure' },
  legalRetention: 'P3Y',
};

export const sms: PurposeInput = {
  id: 'marketing.sms',
  name: text('短信营销', 'SMS marketing'),
  description: text('向您发送优惠信息', 'Offers by SMS'),
  legalBasis: 'consent',
  categories: ['contact', 'preferences'],
  function: 'extended',
  retention: 'P2Y',
  channels: ['sms'],
  consentMode: ['ad_user_data'],
};

export const analytics: PurposeInput = {
  id: 'analytics',
  name: text('统计分析', 'Analytics'),
  description: text('改进服务', 'Improve the service'),
  legalBasis: 'consent',
  categories: ['browsing', 'device'],
  function: 'extended',
  retention: 'P1Y',
  consentMode: ['analytics_storage'],
  erasure: 'anonymise',
};

export const face: PurposeInput = {
  id: 'face.check-in',
  name: text('刷脸签到', 'Face check-in'),
  description: text('用人脸识别签到', 'Check in by face'),
  legalBasis: 'consent',
  categories: ['biometric'],
  function: 'extended',
  retention: 'P30D',
  recipients: [{ name: 'Vision Cloud Ltd', role: 'processor', country: 'CN' }],
};

export const kidsClub: PurposeInput = {
  id: 'kids-club',
  name: text('儿童俱乐部', 'Kids club'),
  description: text('儿童活动通知', 'Kids events'),
  legalBasis: 'consent',
  categories: ['identity', 'minor-under-14'],
  function: 'extended',
  retention: { until: 'account-closure' },
};

export const catalogueInput: CatalogueInput = { version: 1, purposes: [membership, sms, analytics, face, kidsClub] };
export const catalogue = defineCatalogue(catalogueInput);
export const NOTICE = { version: 1, hash: 'a'.repeat(64) };

let counter = 0;
/** A valid event with sensible defaults. */
export function event(overrides: Partial<ConsentEvent> = {}): ConsentEvent {
  counter++;
  return {
    id: `ce-${counter}`,
    type: 'given',
    subjectId: 'psn_a',
    purposes: ['marketing.sms'],
    notice: NOTICE,
    consentType: 'general',
    actor: { kind: 'self' },
    channel: 'kiosk',
    locale: 'zh-CN',
    at: '2026-11-21T10:00:00+08:00',
    ...overrides,
  };
}

/** Expects `fn` to throw an AisleError with `code`. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

/** Everything a subject view exposes, as plain data in iteration order: views compare by their fields. */
export function plainSubject(subject: SubjectConsent | undefined) {
  if (subject === undefined) return undefined;
  return {
    subjectId: subject.subjectId,
    lastAt: subject.lastAt,
    eventCount: subject.eventCount,
    purposes: [...subject.purposes],
  };
}

/** Awaits `fn` and returns the code it rejected with, or `undefined`. */
export async function codeOfAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

/** Awaits `fn` and returns what it rejected with (or fails the test when it resolves). */
export async function rejection(fn: () => Promise<unknown>): Promise<{ code: string; details: Record<string, unknown>; message: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { code: string; details: Record<string, unknown>; message: string };
  }
  throw new Error('expected a rejection');
}
