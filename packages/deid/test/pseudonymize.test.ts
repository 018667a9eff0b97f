import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymizer, DeidErrorCode, pseudonymVersion } from '../src/index';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);
const make = (over: Partial<Parameters<typeof createPseudonymizer>[0]> = {}) =>
  createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', ...over });

describe('createPseudonymizer', () => {
  it('gives one pseudonym per person across channels and formats', () => {
    const p = make();
    const a = p.pseudonymize('mobile', '13800138000');
    expect(p.pseudonymize('mobile', '+86 138 0013 8000')).toBe(a);
    expect(p.pseudonymize('mobile', '１３８００１３８０００')).toBe(a);
    expect(a).toMatch(/^p1_[A-Za-z0-9_-]{22}$/);
    expect(p.pseudonymize('email', 'Li.Lei@Example.com')).toBe(p.pseudonymize('email', 'li.lei@example.com'));
    expect(p.pseudonymizeCanonical('mobile', '13800138000')).toBe(a);
  });

  it('is linkable within tenant and purpose, unlinkable across them, and versioned', () => {
    const base = make().pseudonymize('mobile', '13800138000');
    expect(make().pseudonymize('mobile', '13800138000')).toBe(base);
    expect(make({ tenant: 'other' }).pseudonymize('mobile', '13800138000')).not.toBe(base);
    expect(make({ purpose: 'marketing' }).pseudonymize('mobile', '13800138000')).not.toBe(base);
    expect(make().pseudonymize('member-id', '13800138000')).not.toBe(base);
    const v2 = make({ keyVersion: 2 }).pseudonymize('mobile', '13800138000');
    expect(v2.startsWith('p2_')).toBe(true);
    expect(v2.slice(3)).not.toBe(base.slice(3));
    expect(pseudonymVersion(v2)).toBe(2);
    expect(pseudonymVersion('not one')).toBeUndefined();
    expect(make({ bytes: 32 }).pseudonymize('mobile', '13800138000')).toHaveLength(3 + 43);
  });

  it('separates kinds and handles long and non-ASCII values', () => {
    const p = make();
    expect(p.pseudonymize('name', '欧阳娜娜')).toMatch(/^p1_/);
    const long = '长'.repeat(300);
    expect(p.pseudonymizeCanonical('note', long)).toBe(p.pseudonymizeCanonical('note', long));
    expect(p.pseudonymizeCanonical('note', long)).not.toBe(p.pseudonymizeCanonical('note', `${long}x`));
    expect(p.pseudonymize('member-id', ' M-001 ')).toBe(p.pseudonymize('member-id', 'M-001'));
  });

  it('throws clear codes for bad keys, empty or oversized values and invalid identifiers', () => {
    expect(() => make({ key: new Uint8Array(16) })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_KEY }));
    expect(() => make({ key: 'secret' as unknown as Uint8Array })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_KEY }));
    const p = make();
    expect(() => p.pseudonymize('mobile', '')).toThrow(expect.objectContaining({ code: DeidErrorCode.EMPTY_VALUE }));
    expect(() => p.pseudonymize('mobile', '1'.repeat(257))).toThrow(expect.objectContaining({ code: DeidErrorCode.VALUE_TOO_LONG }));
    expect(() => p.pseudonymize('resident-id', '110105194912310021')).toThrow(
      expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER, details: { kind: 'resident-id', problem: 'checksum' } }),
    );
    expect(make({ onInvalid: 'accept' }).pseudonymize('resident-id', '110105194912310021')).toMatch(/^p1_/);
    expect(() => make({ keyVersion: -1 })).toThrow(RangeError);
    expect(() => make({ bytes: 8 })).toThrow(RangeError);
  });

  it('never puts key material in errors', () => {
    const secret = new Uint8Array(31).fill(0xab);
    try {
      make({ key: secret });
    } catch (error) {
      expect(JSON.stringify(error)).not.toMatch(/ab,?ab|171/);
      expect(String(error)).not.toContain('171');
    }
  });

  it('is deterministic and injective in practice (property)', () => {
    const p = make();
    const q = make();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ minLength: 1, maxLength: 30 }), (a, b) => {
        fc.pre(a.trim() !== '' && b.trim() !== '');
        expect(p.pseudonymizeCanonical('x', a)).toBe(q.pseudonymizeCanonical('x', a));
        if (a !== b) expect(p.pseudonymizeCanonical('x', a)).not.toBe(p.pseudonymizeCanonical('x', b));
      }),
      { numRuns: 300 },
    );
  });
});
