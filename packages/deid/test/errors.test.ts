import { AisleError } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { DeidError, DeidErrorCode } from '../src/index';

describe('DeidError', () => {
  it('is an AisleError with a DEID_ code and the DeidError name', () => {
    const error = new DeidError(DeidErrorCode.INVALID_KEY, 'key must be 32 bytes (got 16)', { details: { length: 16 } });
    expect(AisleError.isInstance(error, 'DEID_INVALID_KEY')).toBe(true);
    expect(error.name).toBe('DeidError');
    expect(error.toJSON()).toEqual({
      name: 'DeidError',
      code: 'DEID_INVALID_KEY',
      message: 'key must be 32 bytes (got 16)',
      details: { length: 16 },
    });
  });

  it('has unique, prefixed codes (each is triggered in its own test file)', () => {
    const codes = Object.values(DeidErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^DEID_[A-Z0-9_]+$/);
  });
});
