import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFf1, createFormatPreserver, DeidErrorCode, FF1_MIN_DOMAIN, parseResidentId, residentIdCheckDigit } from '../src/index';
import { luhnValid } from '../src/internal/values';

const key = Uint8Array.from({ length: 16 }, (_, i) => i * 3);

describe('createFf1', () => {
  it('enforces the domain floor radix^length >= 1,000,000', () => {
    expect(FF1_MIN_DOMAIN).toBe(1_000_000);
    const ten = createFf1({ key, radix: 10 });
    expect(ten.minLength).toBe(6);
    expect(ten.encrypt('123456')).toHaveLength(6);
    expect(() => ten.encrypt('12345')).toThrow(expect.objectContaining({ code: DeidErrorCode.FF1_DOMAIN_TOO_SMALL }));
    expect(createFf1({ key, radix: 2 }).minLength).toBe(20);
    expect(createFf1({ key, radix: 36 }).minLength).toBe(4);
  });

  it('round-trips with per-call tweaks and separates tweaks (property)', () => {
    const ff1 = createFf1({ key, radix: 36, tweak: 'default' });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-z]{4,30}$/), fc.string({ maxLength: 12 }), (pt, tweak) => {
        const ct = ff1.encrypt(pt, tweak);
        expect(ct).toHaveLength(pt.length);
        expect(ct).toMatch(/^[0-9a-z]+$/);
        expect(ff1.decrypt(ct, tweak)).toBe(pt);
        expect(ff1.decrypt(ff1.encrypt(pt))).toBe(pt);
      }),
      { numRuns: 80 },
    );
    expect(ff1.encrypt('0123456789', 'a')).not.toBe(ff1.encrypt('0123456789', 'b'));
    expect(ff1.encrypt('0123456789', new Uint8Array([1]))).toBe(ff1.encrypt('0123456789', new Uint8Array([1])));
    for (let i = 0; i < 70; i++) ff1.encrypt('0123456789', `t${i}`); // cache eviction path
    expect(ff1.decrypt(ff1.encrypt('abcdef', 't0'), 't0')).toBe('abcdef');
  });

  it('supports custom alphabets and validates options and input', () => {
    const hex = createFf1({ key, radix: 16, alphabet: '0123456789ABCDEF' });
    expect(hex.decrypt(hex.encrypt('DEADBEEF'))).toBe('DEADBEEF');
    expect(() => createFf1({ key, radix: 40 })).toThrow(RangeError);
    expect(() => createFf1({ key, radix: 3, alphabet: 'aab' })).toThrow(RangeError);
    expect(() => createFf1({ key, radix: 1 })).toThrow(RangeError);
    expect(() => createFf1({ key: new Uint8Array(15), radix: 10 })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_KEY }));
    const ten = createFf1({ key, radix: 10 });
    expect(() => ten.encrypt('12345a')).toThrow(
      expect.objectContaining({ code: DeidErrorCode.INVALID_CHARACTER, details: { position: 5 } }),
    );
    expect(() => ten.encrypt('1'.repeat(257))).toThrow(expect.objectContaining({ code: DeidErrorCode.VALUE_TOO_LONG }));
    expect(() => ten.encrypt(123456 as unknown as string)).toThrow(TypeError);
  });
});

describe('createFormatPreserver', () => {
  const fpe = createFormatPreserver({ key: new Uint8Array(32).fill(3) });

  it('mobile: keeps the prefix, round-trips, differs per field', () => {
    const ct = fpe.encrypt('mobile', '+86 138 0013 8000', { field: 'phone' });
    expect(ct).toMatch(/^138\d{8}$/);
    expect(ct).not.toBe('13800138000');
    expect(fpe.decrypt('mobile', ct, { field: 'phone' })).toBe('13800138000');
    expect(fpe.encrypt('mobile', '13800138000', { field: 'other' })).not.toBe(ct);
    expect(() => fpe.encrypt('mobile', '12000138000')).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER }));
  });

  it('resident-id: keeps region and sex, stays valid, round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 999 }), (day, seq) => {
        const date = new Date(Date.UTC(1920, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        const first17 = `310106${date}${String(seq).padStart(3, '0')}`;
        const id = first17 + residentIdCheckDigit(first17);
        const ct = fpe.encrypt('resident-id', id);
        const info = parseResidentId(ct);
        expect(info.valid).toBe(true);
        expect(info.regionCode).toBe('310106');
        expect(info.sex).toBe(parseResidentId(id).sex);
        expect(fpe.decrypt('resident-id', ct)).toBe(id);
      }),
      { numRuns: 60 },
    );
    expect(fpe.decrypt('resident-id', fpe.encrypt('resident-id', '440524188001010014'))).toBe('440524188001010014');
    expect(() => fpe.encrypt('resident-id', '310106210001010000')).toThrow(
      expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER }),
    );
    expect(() => fpe.encrypt('resident-id', '110105194912310021')).toThrow(
      expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER }),
    );
  });

  it('bank-card: keeps BIN (and optionally last 4), recomputes Luhn, enforces the floor', () => {
    const card = '6222021234567894';
    const ct = fpe.encrypt('bank-card', card);
    expect(ct.slice(0, 6)).toBe('622202');
    expect(luhnValid(ct)).toBe(true);
    expect(fpe.decrypt('bank-card', ct)).toBe(card);
    const nineteen = '6217000010001234567';
    const fixed = `${nineteen.slice(0, 18)}${[...'0123456789'].find((d) => luhnValid(nineteen.slice(0, 18) + d))}`;
    const keep = fpe.encrypt('bank-card', fixed, { keepLast4: true });
    expect(keep.slice(0, 6)).toBe(fixed.slice(0, 6));
    expect(keep.slice(-4)).toBe(fixed.slice(-4));
    expect(luhnValid(keep)).toBe(true);
    expect(fpe.decrypt('bank-card', keep, { keepLast4: true })).toBe(fixed);
    const all = fpe.encrypt('bank-card', card, { keepBin: false, keepLast4: true });
    expect(all.slice(-4)).toBe(card.slice(-4));
    expect(fpe.decrypt('bank-card', all, { keepBin: false, keepLast4: true })).toBe(card);
    // 16 digits keeping BIN and last 4 leaves 5 encryptable digits: below the floor.
    expect(() => fpe.encrypt('bank-card', card, { keepLast4: true })).toThrow(
      expect.objectContaining({ code: DeidErrorCode.FF1_DOMAIN_TOO_SMALL }),
    );
    expect(() => fpe.encrypt('bank-card', '6222021234567895')).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER }));
  });

  it('mac: optionally keeps the OUI', () => {
    const ct = fpe.encrypt('mac', '00-1A-2B-3C-4D-5E', { keepOui: true });
    expect(ct).toMatch(/^00:1a:2b:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(fpe.decrypt('mac', ct, { keepOui: true })).toBe('00:1a:2b:3c:4d:5e');
    const full = fpe.encrypt('mac', '00:1a:2b:3c:4d:5e');
    expect(fpe.decrypt('mac', full)).toBe('00:1a:2b:3c:4d:5e');
    expect(() => fpe.encrypt('nope' as 'mac', 'x')).toThrow(TypeError);
  });
});
