import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { getMessageLocale, registerMessages, type SchemaLike, safeParse, setMessageLocale, ValidationError } from '../src/index';
import { zhCN } from '../src/zh-CN';

// Chinese messages are opt-in (test/locale-registration.test.ts covers the time before this).
registerMessages(zhCN);

/** The one issue's message in both languages, and its code. */
function messages(schema: SchemaLike, input: unknown): { code: string; en: string; zh: string; error: ValidationError } {
  const result = safeParse(schema, input, { label: 'form' });
  if (result.ok || !ValidationError.isInstance(result.error)) throw new Error('expected a validation error');
  const error = result.error;
  expect(error.issues).toHaveLength(1);
  const issue = error.issues[0];
  if (issue === undefined) throw new Error('no issue');
  return { code: issue.code, en: issue.message, zh: error.localized('zh-CN').issues[0]?.message ?? '', error };
}

afterEach(() => setMessageLocale('en'));

describe('validation messages (zod/mini)', () => {
  it('enum: names the allowed values and the received one', () => {
    const m = messages(zm.object({ function: zm.enum(['necessary', 'basic', 'extended']) }), { function: 'premium' });
    expect(m.code).toBe('invalid_value');
    expect(m.en).toBe('expected one of "necessary" | "basic" | "extended", received "premium"');
    expect(m.zh).toBe('应为 "necessary" | "basic" | "extended" 之一，实际为 "premium"');
    expect(m.error.message).toBe('Invalid form: function: expected one of "necessary" | "basic" | "extended", received "premium"');
    expect(m.error.localized('zh-CN').message).toBe(
      'form 校验失败：function：应为 "necessary" | "basic" | "extended" 之一，实际为 "premium"',
    );
  });

  it('literal: one allowed value', () => {
    const m = messages(zm.literal('self'), 'staff');
    expect([m.en, m.zh]).toEqual(['expected "self", received "staff"', '应为 "self"，实际为 "staff"']);
  });

  it('type: names the expected type and what came instead, and a missing value', () => {
    const m = messages(zm.object({ qty: zm.number() }), { qty: '3' });
    expect(m.code).toBe('invalid_type');
    expect([m.en, m.zh]).toEqual(['expected a number, received "3"', '应为数字，实际为 "3"']);
    const missing = messages(zm.object({ sku: zm.string() }), {});
    expect([missing.en, missing.zh]).toEqual(['expected a string, received nothing (undefined)', '应为字符串，实际缺少该值（undefined）']);
    const int = messages(zm.int(), 1.5);
    expect([int.en, int.zh]).toEqual(['expected an integer, received 1.5', '应为整数，实际为 1.5']);
    const array = messages(zm.string(), [1, 2, 3]);
    expect([array.en, array.zh]).toEqual(['expected a string, received an array of 3 items', '应为字符串，实际为含 3 项的数组']);
  });

  it('string format and pattern: the format, or the schema’s own words, and the value', () => {
    const date = messages(zm.iso.date(), '2014-13-01');
    expect(date.code).toBe('invalid_format');
    expect([date.en, date.zh]).toEqual([
      'expected a date as YYYY-MM-DD, received "2014-13-01"',
      '应为 YYYY-MM-DD 格式的日期，实际为 "2014-13-01"',
    ]);
    const country = messages(zm.string().check(zm.regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')), 'cn');
    expect([country.en, country.zh]).toEqual([
      'expected an ISO 3166-1 alpha-2 code, received "cn"',
      '应为匹配 /^[A-Z]{2}$/ 的字符串（an ISO 3166-1 alpha-2 code），实际为 "cn"',
    ]);
    const bare = messages(zm.string().check(zm.regex(/^[a-z]+$/)), 'A1');
    expect([bare.en, bare.zh]).toEqual([
      'expected a string matching /^[a-z]+$/, received "A1"',
      '应为匹配 /^[a-z]+$/ 的字符串，实际为 "A1"',
    ]);
  });

  it('min/max: the bound and the size or value received', () => {
    const short = messages(zm.array(zm.string()).check(zm.minLength(1)), []);
    expect(short.code).toBe('too_small');
    expect([short.en, short.zh]).toEqual(['expected at least 1 item, received 0', '应为至少 1 项，实际为 0 项']);
    const long = messages(zm.string().check(zm.maxLength(3)), 'abcdef');
    expect(long.code).toBe('too_big');
    expect([long.en, long.zh]).toEqual(['expected at most 3 characters, received 6', '应为至多 3 个字符，实际为 6 个字符']);
    const low = messages(zm.int().check(zm.minimum(1)), 0);
    expect([low.en, low.zh]).toEqual(['expected a number >= 1, received 0', '应为 ≥ 1 的数，实际为 0']);
    const high = messages(zm.number().check(zm.lt(10)), 10);
    expect([high.en, high.zh]).toEqual(['expected a number < 10, received 10', '应为 < 10 的数，实际为 10']);
  });

  it('unknown keys: lists them, escaped', () => {
    const m = messages(zm.strictObject({ a: zm.string() }), { a: 'x', extra: 1, 'we"ird': 2 });
    expect(m.code).toBe('unrecognized_keys');
    expect([m.en, m.zh]).toEqual(['expected no other keys, received "extra", "we\\"ird"', '不允许的字段："extra", "we\\"ird"']);
  });

  it('union: the alternatives, the discriminator’s values, or the closest alternative', () => {
    const Actor = zm.discriminatedUnion('kind', [
      zm.object({ kind: zm.literal('self') }),
      zm.object({ kind: zm.literal('staff-assisted'), staffId: zm.string() }),
    ]);
    const actor = messages(zm.object({ actor: Actor }), { actor: { kind: 'staff' } });
    expect(actor.code).toBe('invalid_union');
    expect(actor.error.issues[0]?.path).toEqual(['actor', 'kind']);
    expect([actor.en, actor.zh]).toEqual([
      'expected one of "self" | "staff-assisted", received "staff"',
      '应为 "self" | "staff-assisted" 之一，实际为 "staff"',
    ]);
    const scalar = messages(zm.union([zm.string(), zm.number()]), true);
    expect([scalar.en, scalar.zh]).toEqual(['expected a string or a number, received true', '应为字符串或数字，实际为 true']);
    const literals = messages(zm.union([zm.literal(0.9), zm.literal(0.95)]), 0.5);
    expect([literals.en, literals.zh]).toEqual(['expected one of 0.9 | 0.95, received 0.5', '应为 0.9 | 0.95 之一，实际为 0.5']);
    const shapes = messages(zm.union([zm.object({ a: zm.string() }), zm.object({ b: zm.number(), c: zm.number() })]), { a: 1 });
    expect(shapes.en).toBe(
      'expected a value matching one of 2 alternatives, received an object (closest: a: expected a string, received 1)',
    );
    expect(shapes.zh).toBe('应为符合 2 种形式之一的值，实际为对象（最接近的一种：a: 应为字符串，实际为 1）');
  });

  it('custom refinement: the schema’s words, or a generic text', () => {
    const unique = (list: string[]) => new Set(list).size === list.length;
    const named = messages(zm.array(zm.string()).check(zm.refine(unique, 'purposes must be unique')), ['a', 'a']);
    expect(named.code).toBe('custom');
    expect([named.en, named.zh]).toEqual(['purposes must be unique', '未通过校验：purposes must be unique']);
    const bare = messages(zm.array(zm.string()).check(zm.refine(unique)), ['a', 'a']);
    expect([bare.en, bare.zh]).toEqual(['failed a check of the schema', '未通过校验']);
  });

  it('also writes the messages for zod classic schemas (whose English locale is loaded)', () => {
    const m = messages(z.object({ kind: z.enum(['self', 'guardian']) }), { kind: 'staff' });
    expect(m.en).toBe('expected one of "self" | "guardian", received "staff"');
  });
});

describe('received values are summarised safely', () => {
  it('never prints the value of a key, token, secret or personal-data field', () => {
    const Schema = zm.object({
      apiKey: zm.string().check(zm.minLength(64)),
      auth: zm.object({ token: zm.literal('x') }),
      phone: zm.string().check(zm.regex(/^1\d{10}$/)),
      birthDate: zm.iso.date(),
    });
    const result = safeParse(Schema, { apiKey: 'sk_live_abc', auth: { token: 'hunter2' }, phone: '555-0100', birthDate: '1990/01/02' });
    expect(result.ok).toBe(false);
    if (result.ok || !ValidationError.isInstance(result.error)) return;
    const all = `${result.error.message}\n${result.error.localized('zh-CN').message}`;
    for (const secret of ['sk_live_abc', 'hunter2', '555-0100', '1990/01/02']) expect(all).not.toContain(secret);
    expect(result.error.issues.map((issue) => issue.message)).toEqual([
      'expected at least 64 characters, received 11',
      'expected "x", received a string of 7 characters (not shown)',
      'expected a string matching /^1\\d{10}$/, received a string of 8 characters (not shown)',
      'expected a date as YYYY-MM-DD, received a string of 10 characters (not shown)',
    ]);
  });

  it('hides values that look like a key, a hash, an identifier or an e-mail address under any name', () => {
    const Schema = zm.object({ note: zm.literal('ok') });
    for (const value of ['q'.repeat(30), '110101199003071234', 'wang@example.com']) {
      const m = messages(Schema, { note: value });
      expect(m.en).toBe(`expected "ok", received a string of ${value.length} characters (not shown)`);
      expect(m.zh).toBe(`应为 "ok"，实际为长度为 ${value.length} 的字符串（不显示）`);
    }
  });

  it('escapes quotes, control, invisible and reordering characters, and cuts long strings', () => {
    const m = messages(zm.literal('ok'), 'a"b\n\u202ecod.exe');
    expect(m.en).toBe('expected "ok", received "a\\"b\\n\\u202ecod.exe"');
    const long = messages(zm.literal('ok'), 'word '.repeat(40));
    expect(long.en).toBe(`expected "ok", received "${'word '.repeat(8)}…" (200 characters)`);
    expect(long.zh).toBe(`应为 "ok"，实际为 "${'word '.repeat(8)}…"（共 200 个字符）`);
  });

  it('cuts and escapes hostile keys in the path', () => {
    const result = safeParse(zm.record(zm.string(), zm.number()), { [`\u202e${'k'.repeat(100)}`]: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(`Invalid input: ["\\u202e${'k'.repeat(63)}…"]: expected a number, received "x"`);
  });

  it('keeps every message short and free of the input, whatever string is sent (property)', () => {
    const Schema = zm.object({ secretKey: zm.literal('never'), name: zm.literal('never') });
    const unsafe = /[\u202a-\u202e\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 300, unit: 'binary' }), (value) => {
        const result = safeParse(Schema, { secretKey: value, name: value });
        if (result.ok || !ValidationError.isInstance(result.error)) return false;
        const [secret, shown] = result.error.issues;
        const message = result.error.message;
        // The sensitive field never shows the value; any shown value is at most 40 characters of it, escaped.
        return (
          secret?.message === `expected "never", received a string of ${value.length} characters (not shown)` &&
          (shown?.message.length ?? 0) < 160 &&
          [...message].every((c) => c >= ' ' && !unsafe.test(c))
        );
      }),
      { numRuns: 60 },
    );
  }, 30_000);
});

describe('message locale', () => {
  it('is English by default; a call-level locale wins; setMessageLocale sets the default', () => {
    const Schema = zm.object({ n: zm.number() });
    expect(getMessageLocale()).toBe('en');
    const call = safeParse(Schema, { n: 'x' }, { locale: 'zh-CN' });
    if (!call.ok) expect(call.error.message).toBe('input 校验失败：n：应为数字，实际为 "x"');
    setMessageLocale('zh-CN');
    expect(getMessageLocale()).toBe('zh-CN');
    const realm = safeParse(Schema, { n: 'x' });
    if (!realm.ok && ValidationError.isInstance(realm.error)) {
      expect(realm.error.locale).toBe('zh-CN');
      expect(realm.error.message).toBe('input 校验失败：n：应为数字，实际为 "x"');
      expect(realm.error.localized('en').message).toBe('Invalid input: n: expected a number, received "x"');
    }
    const english = safeParse(Schema, { n: 'x' }, { locale: 'en' });
    if (!english.ok) expect(english.error.message).toBe('Invalid input: n: expected a number, received "x"');
  });

  it('refuses a locale it has no messages for', () => {
    expect(() => setMessageLocale('fr' as never)).toThrow(RangeError);
    expect(() => safeParse(zm.number(), 1, { locale: 'de' as never })).toThrow(RangeError);
  });

  it('finds the validation error inside a package error', () => {
    const result = safeParse(zm.number(), 'x');
    if (result.ok) throw new Error('expected a failure');
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: result.error }) });
    expect(ValidationError.find(wrapped)).toBe(result.error);
    expect(ValidationError.find(new Error('plain'))).toBeUndefined();
    expect(ValidationError.find('x')).toBeUndefined();
  });

  it('keeps hand-written issues as given, with code custom unless named', () => {
    const error = new ValidationError([
      { path: ['a'], message: 'expected a string, received 1' },
      { path: ['b'], code: 'too_big', message: { en: 'expected at most 2 items, received 3', 'zh-CN': '应为至多 2 项，实际为 3 项' } },
    ]);
    expect(error.issues).toEqual([
      { path: ['a'], code: 'custom', message: 'expected a string, received 1' },
      { path: ['b'], code: 'too_big', message: 'expected at most 2 items, received 3' },
    ]);
    expect(error.localized('zh-CN').issues[1]?.message).toBe('应为至多 2 项，实际为 3 项');
    expect(Object.isFrozen(error.issues[0])).toBe(true);
    expect(Object.isFrozen(error.issues[0]?.path)).toBe(true);
  });
});
