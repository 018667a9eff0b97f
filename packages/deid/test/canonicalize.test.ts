import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, DeidErrorCode, type IdentifierKind, parseResidentId, residentIdCheckDigit } from '../src/index';

describe('canonicalize', () => {
  it('brings CN mobiles to 11 digits from +86, 0086, spaces and full-width digits', () => {
    for (const raw of [
      '13800138000',
      '+86 138 0013 8000',
      '0086-138-0013-8000',
      '８６１３８００１３８０００',
      '１３８ ００１３ ８０００',
      '(138)0013.8000',
    ]) {
      expect(canonicalize('mobile', raw)).toEqual({ kind: 'mobile', value: '13800138000', valid: true });
    }
    expect(canonicalize('mobile', '12000138000')).toMatchObject({ valid: false, problem: 'prefix' });
    expect(canonicalize('mobile', '1380013800')).toMatchObject({ valid: false, problem: 'format' });
    expect(canonicalize('mobile', '14012345678').valid).toBe(false);
    expect(canonicalize('mobile', '19912345678').valid).toBe(true);
  });

  it('canonicalises MACs and flags locally administered (randomised) ones as unstable', () => {
    expect(canonicalize('mac', '00-1A-2B-3C-4D-5E')).toEqual({ kind: 'mac', value: '00:1a:2b:3c:4d:5e', valid: true, unstable: false });
    expect(canonicalize('mac', '001a.2b3c.4d5e').value).toBe('00:1a:2b:3c:4d:5e');
    expect(canonicalize('mac', 'DA:A1:19:00:00:01')).toMatchObject({ valid: true, unstable: true });
    expect(canonicalize('mac', '01:00:5e:00:00:01')).toMatchObject({ valid: false, problem: 'multicast' });
    expect(canonicalize('mac', 'zz:00:5e:00:00:01')).toMatchObject({ valid: false, problem: 'format' });
  });

  it('canonicalises emails, plates, bank cards, names and opaque ids', () => {
    expect(canonicalize('email', ' Li.Lei@Example.COM ')).toEqual({ kind: 'email', value: 'li.lei@example.com', valid: true });
    expect(canonicalize('email', 'no-at-sign').valid).toBe(false);
    expect(canonicalize('email', 'a@b@c.com').valid).toBe(false);
    expect(canonicalize('plate', '沪a·12345')).toEqual({ kind: 'plate', value: '沪A12345', valid: true });
    expect(canonicalize('plate', '粤B D12345').valid).toBe(true); // new energy, 6 after the letter
    expect(canonicalize('plate', '粤B12345D').valid).toBe(true);
    expect(canonicalize('plate', '京A1234学').valid).toBe(true);
    expect(canonicalize('plate', 'XX12345').valid).toBe(false);
    expect(canonicalize('bank-card', '6222 0212 3456 7894')).toMatchObject({ value: '6222021234567894' });
    expect(canonicalize('bank-card', '4111-1111-1111-1111').valid).toBe(true);
    expect(canonicalize('bank-card', '4111111111111112')).toMatchObject({ valid: false, problem: 'checksum' });
    expect(canonicalize('bank-card', '41111')).toMatchObject({ valid: false, problem: 'format' });
    expect(canonicalize('name', '  欧阳　娜娜 ')).toMatchObject({ value: '欧阳 娜娜', valid: true });
    expect(canonicalize('name', '迪丽热巴・迪力木拉提').value).toBe('迪丽热巴·迪力木拉提');
    expect(canonicalize('wechat-openid', ' oUpF8uMuAJO_M2pxb1Q9zNjWeS6o ')).toMatchObject({
      value: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      valid: true,
    });
    expect(canonicalize('wechat-unionid', 'o6_bmasdasdsad6_2sgVt7hMZOPfL').valid).toBe(true);
    expect(canonicalize('alipay-id', '2088102146225135').valid).toBe(true);
    expect(canonicalize('alipay-id', '1088102146225135').valid).toBe(false);
    expect(canonicalize('wechat-openid', 'has spaces inside').valid).toBe(false);
  });

  it('upgrades resident ids and reports bad ones without throwing', () => {
    expect(canonicalize('resident-id', '11010519491231002x')).toMatchObject({ value: '11010519491231002X', valid: true });
    expect(canonicalize('resident-id', '110105491231002')).toMatchObject({ value: '11010519491231002X', valid: true });
    expect(canonicalize('resident-id', '110105194912310021')).toMatchObject({ valid: false, problem: 'checksum' });
    expect(canonicalize('resident-id', 'abc')).toMatchObject({ value: 'ABC', valid: false, problem: 'format' });
  });

  it('rejects empty, oversized and unknown input with clear codes', () => {
    expect(() => canonicalize('mobile', '   ')).toThrow(expect.objectContaining({ code: DeidErrorCode.EMPTY_VALUE }));
    expect(() => canonicalize('email', 'x'.repeat(300))).toThrow(expect.objectContaining({ code: DeidErrorCode.VALUE_TOO_LONG }));
    expect(() => canonicalize('nope' as IdentifierKind, 'x')).toThrow(TypeError);
    expect(() => canonicalize('mobile', 42 as unknown as string)).toThrow(TypeError);
  });

  it('is idempotent for every kind (property)', () => {
    const kinds: IdentifierKind[] = ['mobile', 'email', 'mac', 'plate', 'bank-card', 'name', 'wechat-openid', 'alipay-id'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.string({ minLength: 1, maxLength: 40 }), (kind, raw) => {
        fc.pre(raw.trim() !== '');
        const once = canonicalize(kind, raw);
        fc.pre(once.value.trim() !== '');
        expect(canonicalize(kind, once.value).value).toBe(once.value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseResidentId', () => {
  it('parses legacy numbers, permits and flags problems', () => {
    expect(parseResidentId('110105491231002')).toMatchObject({
      valid: true,
      upgradedFromLegacy: true,
      birthDate: '1949-12-31',
      sex: 'female',
    });
    const hk = `81000019900101123`;
    expect(parseResidentId(hk + residentIdCheckDigit(hk))).toMatchObject({ valid: true, kind: 'hk-macao-permit', province: '香港' });
    const mo = `82000019900101123`;
    expect(parseResidentId(mo + residentIdCheckDigit(mo)).kind).toBe('hk-macao-permit');
    const tw = `83000019900101124`;
    expect(parseResidentId(tw + residentIdCheckDigit(tw))).toMatchObject({ valid: true, kind: 'taiwan-permit', sex: 'female' });
    const badRegion = `99010519491231002`;
    expect(parseResidentId(badRegion + residentIdCheckDigit(badRegion))).toMatchObject({ valid: false, problem: 'region' });
    const badDate = `11010519490231002`;
    expect(parseResidentId(badDate + residentIdCheckDigit(badDate))).toMatchObject({ valid: false, problem: 'birth-date' });
    const old = `11010517991231002`;
    expect(parseResidentId(old + residentIdCheckDigit(old)).problem).toBe('birth-date');
    const future = `11010520300101002`;
    expect(parseResidentId(future + residentIdCheckDigit(future), { at: new Date('2026-11-21T00:00:00Z') }).problem).toBe('birth-date');
    expect(parseResidentId(future + residentIdCheckDigit(future)).valid).toBe(true);
    expect(parseResidentId('1234')).toEqual({ valid: false, problem: 'format', upgradedFromLegacy: false });
    expect(() => residentIdCheckDigit('123')).toThrow(RangeError);
  });

  it('accepts every number with a correct check character and rejects every wrong one (property)', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), digits(3), fc.constantFrom('110105', '310106', '440305'), (day, seq, region) => {
        const date = new Date(Date.UTC(1900, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        const first17 = region + date + seq;
        const check = residentIdCheckDigit(first17);
        expect(parseResidentId(first17 + check).valid).toBe(true);
        const wrong = check === '0' ? '1' : '0';
        expect(parseResidentId(first17 + wrong)).toMatchObject({ valid: false, problem: 'checksum' });
      }),
      { numRuns: 300 },
    );
  });
});
