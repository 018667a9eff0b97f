import { describe, expect, it } from 'vitest';
import { AisleError, CoreErrorCode, toAisleError } from '../src/index';

describe('AisleError', () => {
  it('carries a stable code, a message, details and the cause', () => {
    const cause = new Error('disk full');
    const error = new AisleError(CoreErrorCode.UNEXPECTED, 'Saving failed', { cause, details: { store: 'sh-001' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('CORE_UNEXPECTED');
    expect(error.message).toBe('Saving failed');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ store: 'sh-001' });
    expect(error.name).toBe('AisleError');
  });

  it('is recognised across duplicate installs through the Symbol.for brand', () => {
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('aisle.error'), { value: true });
    Object.assign(foreign, { code: 'CORE_INVALID_ID' });
    expect(AisleError.isInstance(foreign)).toBe(true);
    expect(AisleError.isInstance(foreign, 'CORE_INVALID_ID')).toBe(true);
    expect(AisleError.isInstance(foreign, 'CORE_VALIDATION')).toBe(false);
  });

  it('rejects look-alikes without the brand', () => {
    expect(AisleError.isInstance({ code: 'CORE_VALIDATION', message: 'x' })).toBe(false);
    expect(AisleError.isInstance(new Error('plain'))).toBe(false);
    expect(AisleError.isInstance(null)).toBe(false);
    expect(AisleError.isInstance('CORE_VALIDATION')).toBe(false);
  });

  it('serialises without the cause, which may hold secrets', () => {
    const error = new AisleError('DEID_BAD_KEY', 'Key must be 32 bytes', { cause: { key: 'secret' } });
    const json = JSON.stringify(error);
    expect(json).not.toContain('secret');
    expect(JSON.parse(json)).toEqual({ name: 'AisleError', code: 'DEID_BAD_KEY', message: 'Key must be 32 bytes' });
  });

  it('does not set a cause property when none is given', () => {
    expect('cause' in new AisleError('X', 'y')).toBe(false);
  });

  it('has codes that are unique and prefixed', () => {
    const codes = Object.values(CoreErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^CORE_[A-Z_]+$/);
  });
});

describe('toAisleError', () => {
  it('passes Aisle errors through unchanged', () => {
    const error = new AisleError('X', 'y');
    expect(toAisleError(error)).toBe(error);
  });

  it.each([
    ['a string', 'boom', 'a thrown string'],
    ['undefined', undefined, 'a thrown undefined'],
    ['null', null, 'a thrown null'],
    ['an array', [1], 'a thrown array'],
    ['an Error', new TypeError('bad'), 'TypeError: bad'],
  ])('wraps %s as CORE_UNEXPECTED with the original as cause', (_label, thrown, described) => {
    const error = toAisleError(thrown, 'Loading the catalogue failed');
    expect(error.code).toBe(CoreErrorCode.UNEXPECTED);
    expect(error.cause).toBe(thrown);
    expect(error.message).toBe(`Loading the catalogue failed (${described})`);
  });
});
