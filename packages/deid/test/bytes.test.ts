import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, fromBase64Url, toBase64Url } from '../src/internal/bytes';

describe('internal base64url', () => {
  it('matches node:buffer base64url and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(Array.from(fromBase64Url(text) ?? [])).toEqual(Array.from(bytes));
      }),
      { numRuns: 300 },
    );
    expect(toBase64Url(Uint8Array.of(1, 2, 3, 4), 2)).toBe(Buffer.from([1, 2]).toString('base64url'));
    expect(fromBase64Url('A')).toBeUndefined();
    expect(fromBase64Url('AB=C')).toBeUndefined();
    expect(fromBase64Url('AB€C')).toBeUndefined();
  });

  it('compares secrets in constant time', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
