// Chinese validation messages are opt-in (@aisle/core/zh-CN): before registerMessages(zhCN),
// asking for 'zh-CN' fails loudly, naming the import, instead of giving messages in another
// language; after it, every way of asking gives Chinese. This file must not register at load.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { getMessageLocale, registerMessages, safeParse, setMessageLocale, ValidationError } from '../src/index';
import { zhCN } from '../src/zh-CN';

const Schema = zm.object({ kind: zm.enum(['self', 'guardian']) });
const NAMES_THE_IMPORT = /"zh-CN" after registerMessages\(zhCN\) with zhCN from @aisle\/core\/zh-CN, received "zh-CN"/;

function failure(locale?: 'en' | 'zh-CN'): ValidationError {
  const result = safeParse(Schema, { kind: 'staff' }, locale === undefined ? { label: 'actor' } : { label: 'actor', locale });
  if (result.ok || !ValidationError.isInstance(result.error)) throw new Error('expected a validation error');
  return result.error;
}

describe('Chinese validation messages before and after registerMessages(zhCN)', () => {
  it('before: English works; every way of asking for zh-CN throws a RangeError naming the import', () => {
    const error = failure();
    expect(error.message).toBe('Invalid actor: kind: expected one of "self" | "guardian", received "staff"');
    expect(() => failure('zh-CN')).toThrow(RangeError);
    expect(() => failure('zh-CN')).toThrow(NAMES_THE_IMPORT);
    // Also for valid input: the mistake shows on the first call, not on the first bad input.
    expect(() => safeParse(Schema, { kind: 'self' }, { locale: 'zh-CN' })).toThrow(NAMES_THE_IMPORT);
    expect(() => setMessageLocale('zh-CN')).toThrow(NAMES_THE_IMPORT);
    expect(getMessageLocale()).toBe('en');
    expect(() => error.localized('zh-CN')).toThrow(NAMES_THE_IMPORT);
    expect(() => new ValidationError([{ path: ['a'], message: 'x' }], { locale: 'zh-CN' })).toThrow(NAMES_THE_IMPORT);
    expect(() => registerMessages({ locale: 'zh-CN', words: {} })).toThrow(TypeError);
    expect(() => registerMessages(undefined as never)).toThrow(TypeError);
    // No Chinese in anything the unregistered path produced.
    expect(`${error.message}${error.issues[0]?.message}`).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('after: the call option, the realm default and localized() give Chinese, for zod and zod/mini', () => {
    const before = failure();
    registerMessages(zhCN);
    const zh = '应为 "self" | "guardian" 之一，实际为 "staff"';
    expect(failure('zh-CN').message).toBe(`actor 校验失败：kind：${zh}`);
    expect(failure('zh-CN').localized('en').issues[0]?.message).toBe('expected one of "self" | "guardian", received "staff"');
    setMessageLocale('zh-CN');
    try {
      expect(getMessageLocale()).toBe('zh-CN');
      expect(failure().issues[0]?.message).toBe(zh);
      const classic = safeParse(z.object({ n: z.number() }), { n: 'x' });
      expect(classic.ok || classic.error.message).toBe('input 校验失败：n：应为数字，实际为 "x"');
    } finally {
      setMessageLocale('en');
    }
    // An error made before the registration has English only, and says so by giving English.
    expect(before.localized('zh-CN').issues[0]?.message).toBe('expected one of "self" | "guardian", received "staff"');
    expect(before.localized('zh-CN').message).toBe('actor 校验失败：kind：expected one of "self" | "guardian", received "staff"');
  });
});
