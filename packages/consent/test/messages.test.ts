import { AisleError, registerMessages, setMessageLocale, ValidationError } from '@aisle/core';
import { zhCN } from '@aisle/core/zh-CN';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsentError, type ConsentEvent, createMemoryConsentStore, defineCatalogue, type PurposeInput } from '../src/index';
import { catalogue, event, sms } from './fixtures';

// Chinese validation messages are opt-in: one import and one call.
registerMessages(zhCN);

/** What a public call threw: the consent error, and its validation messages in both languages. */
async function rejection(call: () => unknown): Promise<{ error: ConsentError; en: string; zh: string }> {
  try {
    await call();
  } catch (error) {
    if (!ConsentError.isInstance(error, 'CONSENT_INVALID_INPUT')) throw error;
    const validation = ValidationError.find(error);
    if (validation === undefined) throw new Error('no validation error in the cause');
    return { error, en: validation.message, zh: validation.localized('zh-CN').message };
  }
  throw new Error('expected the call to throw');
}

const append = (overrides: Record<string, unknown>) => () =>
  createMemoryConsentStore({ catalogue }).append(event(overrides as Partial<ConsentEvent>));

afterEach(() => setMessageLocale('en'));

describe('validation messages through the public API, in English and Chinese', () => {
  it('enum: a purpose function that does not exist', async () => {
    const premium = { ...sms, function: 'premium' } as unknown as PurposeInput;
    const { error, en, zh } = await rejection(() => defineCatalogue({ version: 1, purposes: [premium] }));
    expect(error.message).toBe(en);
    expect(en).toBe('Invalid catalogue: purposes[0].function: expected one of "basic" | "extended", received "premium"');
    expect(zh).toBe('catalogue 校验失败：purposes[0].function：应为 "basic" | "extended" 之一，实际为 "premium"');
    expect(error.details?.issues).toEqual([
      { path: ['purposes', 0, 'function'], code: 'invalid_value', message: 'expected one of "basic" | "extended", received "premium"' },
    ]);
  });

  it('union: an actor kind that does not exist', async () => {
    const { en, zh } = await rejection(append({ actor: { kind: 'staff' } }));
    expect(en).toBe('Invalid consent event: actor.kind: expected one of "self" | "guardian" | "staff-assisted", received "staff"');
    expect(zh).toBe('consent event 校验失败：actor.kind：应为 "self" | "guardian" | "staff-assisted" 之一，实际为 "staff"');
  });

  it('type: a catalogue version that is a string', async () => {
    const { en, zh } = await rejection(() => defineCatalogue({ version: '3' as unknown as number, purposes: [] }));
    expect(en).toBe('Invalid catalogue: version: expected a number, received "3"');
    expect(zh).toBe('catalogue 校验失败：version：应为数字，实际为 "3"');
  });

  it('string format: a locale that is not a BCP 47 tag', async () => {
    const { en, zh } = await rejection(append({ locale: 'ZH_cn' }));
    expect(en).toBe('Invalid consent event: locale: expected a BCP 47 language tag, received "ZH_cn"');
    expect(zh).toBe(
      'consent event 校验失败：locale：应为匹配 /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/ 的字符串（a BCP 47 language tag），实际为 "ZH_cn"',
    );
  });

  it('min/max: an event without purposes, and a notice version of 0', async () => {
    const empty = await rejection(append({ purposes: [] }));
    expect(empty.en).toBe('Invalid consent event: purposes: expected at least 1 item, received 0');
    expect(empty.zh).toBe('consent event 校验失败：purposes：应为至少 1 项，实际为 0 项');
    const zero = await rejection(append({ notice: { version: 0, hash: 'a'.repeat(64) } }));
    expect(zero.en).toBe('Invalid consent event: notice.version: expected a number >= 1, received 0');
    expect(zero.zh).toBe('consent event 校验失败：notice.version：应为 ≥ 1 的数，实际为 0');
  });

  it('custom refinement: a purpose listed twice', async () => {
    const { en, zh } = await rejection(append({ purposes: ['marketing.sms', 'marketing.sms'] }));
    expect(en).toBe('Invalid consent event: purposes: purposes must be unique');
    expect(zh).toBe('consent event 校验失败：purposes：未通过校验：purposes must be unique');
  });

  it('uses the realm’s locale for the thrown message once set', async () => {
    setMessageLocale('zh-CN');
    const { error } = await rejection(append({ actor: { kind: 'staff' } }));
    expect(error.message).toBe('consent event 校验失败：actor.kind：应为 "self" | "guardian" | "staff-assisted" 之一，实际为 "staff"');
  });
});

describe('ConsentError', () => {
  it('recognises only consent codes, also from another copy of the package', () => {
    const pointsError = Object.assign(new Error('not enough points'), { code: 'POINTS_INSUFFICIENT_BALANCE', name: 'PointsError' });
    Object.defineProperty(pointsError, Symbol.for('aisle.error'), { value: true });
    expect(AisleError.isInstance(pointsError)).toBe(true);
    expect(ConsentError.isInstance(pointsError)).toBe(false);
    const otherCopy = Object.assign(new Error('out of order'), { code: 'CONSENT_OUT_OF_ORDER' });
    Object.defineProperty(otherCopy, Symbol.for('aisle.error'), { value: true });
    expect(ConsentError.isInstance(otherCopy, 'CONSENT_OUT_OF_ORDER')).toBe(true);
    expect(ConsentError.isInstance(new ConsentError('CONSENT_TOKEN_EXPIRED', 'expired'))).toBe(true);
  });

  it('types codes: a misspelt code does not compile (checked by the repo typecheck)', () => {
    const error: unknown = new ConsentError('CONSENT_UNKNOWN_PURPOSE', 'Unknown purpose "x"');
    expect(AisleError.isInstance(error, 'CONSENT_UNKNOWN_PURPOSE')).toBe(true);
    // @ts-expect-error CONSENT_UNKOWN_PURPOSE is not a registered code
    expect(AisleError.isInstance(error, 'CONSENT_UNKOWN_PURPOSE')).toBe(false);
    // @ts-expect-error ConsentError.isInstance takes consent codes only
    expect(ConsentError.isInstance(error, 'POINTS_INSUFFICIENT_BALANCE')).toBe(false);
  });
});
