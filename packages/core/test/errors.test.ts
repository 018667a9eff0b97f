import { describe, expect, it } from 'vitest';
import { AisleError, CoreError, CoreErrorCode, errorCodes, toAisleError, ValidationError } from '../src/index';

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

describe('package error classes (AisleError subclasses with their codes)', () => {
  const ShelfErrorCode = { EMPTY: 'SHELF_EMPTY', FULL: 'SHELF_FULL' } as const;
  type ShelfErrorCode = (typeof ShelfErrorCode)[keyof typeof ShelfErrorCode];
  class ShelfError extends AisleError<ShelfErrorCode> {
    static override readonly codes = errorCodes(ShelfErrorCode);
    override name = 'ShelfError';
  }
  const TillErrorCode = { CLOSED: 'TILL_CLOSED' } as const;
  class TillError extends AisleError<(typeof TillErrorCode)[keyof typeof TillErrorCode]> {
    static override readonly codes = errorCodes(TillErrorCode);
    override name = 'TillError';
  }

  it('makes AisleErrors with the class name, code, details and cause', () => {
    const cause = new Error('sensor');
    const error = new ShelfError('SHELF_EMPTY', 'Shelf A3 is empty', { cause, details: { shelf: 'A3' } });
    expect(error).toBeInstanceOf(ShelfError);
    expect(error).toBeInstanceOf(AisleError);
    expect(error.name).toBe('ShelfError');
    expect([error.code, error.message, error.cause, error.details]).toEqual(['SHELF_EMPTY', 'Shelf A3 is empty', cause, { shelf: 'A3' }]);
    expect([...ShelfError.codes]).toEqual(['SHELF_EMPTY', 'SHELF_FULL']);
    expect(error.toJSON()).toEqual({ name: 'ShelfError', code: 'SHELF_EMPTY', message: 'Shelf A3 is empty', details: { shelf: 'A3' } });
    expect(AisleError.isInstance(error)).toBe(true);
  });

  it('narrows isInstance to the class’s own codes', () => {
    const till = new TillError('TILL_CLOSED', 'closed');
    expect(TillError.isInstance(till)).toBe(true);
    expect(TillError.isInstance(till, 'TILL_CLOSED')).toBe(true);
    expect(ShelfError.isInstance(till)).toBe(false);
    expect(ShelfError.isInstance(new ShelfError('SHELF_FULL', 'full'), 'SHELF_EMPTY')).toBe(false);
    expect(ShelfError.isInstance(new AisleError(CoreErrorCode.INVALID_ID, 'x'))).toBe(false);
    expect(CoreError.isInstance(new AisleError(CoreErrorCode.INVALID_ID, 'x'))).toBe(true);
    expect(CoreError.isInstance(till)).toBe(false);
    expect(CoreError.isInstance(new ValidationError([]))).toBe(true);
  });

  it('recognises an error from another copy of the package (shared brand, same code), and no other package’s', () => {
    // What a second copy of the package would make: another class, the same Symbol.for brand,
    // the same code string.
    class OtherCopy extends AisleError<ShelfErrorCode> {
      static override readonly codes = errorCodes(ShelfErrorCode);
      override name = 'ShelfError';
    }
    const foreign = new OtherCopy('SHELF_FULL', 'full');
    expect(foreign).not.toBeInstanceOf(ShelfError);
    expect(ShelfError.isInstance(foreign, 'SHELF_FULL')).toBe(true);
    const bare = Object.assign(new Error('from an old copy'), { code: 'TILL_CLOSED' });
    Object.defineProperty(bare, Symbol.for('aisle.error'), { value: true });
    expect(TillError.isInstance(bare)).toBe(true);
    expect(ShelfError.isInstance(bare)).toBe(false);
    expect(TillError.isInstance({ code: 'TILL_CLOSED' })).toBe(false);
  });

  it('refuses a code that is not the class’s, and an empty or malformed code map', () => {
    expect(() => new ShelfError('TILL_CLOSED' as never, 'x')).toThrow(TypeError);
    expect(() => errorCodes({})).toThrow(TypeError);
    expect(() => errorCodes({ A: 'lower_case' })).toThrow(TypeError);
  });

  it('types codes: only registered codes compile (checked by the repo typecheck)', () => {
    const error: unknown = new AisleError(CoreErrorCode.CHAIN_BROKEN, 'broken');
    if (AisleError.isInstance(error, 'CORE_CHAIN_BROKEN')) {
      const code: 'CORE_CHAIN_BROKEN' = error.code;
      expect(code).toBe('CORE_CHAIN_BROKEN');
    }
    // @ts-expect-error a misspelt code does not compile
    expect(AisleError.isInstance(error, 'CORE_CHAIN_BROKNE')).toBe(false);
    // @ts-expect-error a class accepts only its own codes
    expect(ShelfError.isInstance(error, 'TILL_CLOSED')).toBe(false);
    // @ts-expect-error nor constructs with another's
    expect(() => new ShelfError('TILL_CLOSED', 'x')).toThrow(TypeError);
    const shelf: unknown = new ShelfError('SHELF_EMPTY', 'empty');
    if (ShelfError.isInstance(shelf)) {
      const code: 'SHELF_EMPTY' | 'SHELF_FULL' = shelf.code;
      expect(code).toBe('SHELF_EMPTY');
    }
  });

  it('keeps CORE_CHAIN_BROKEN the only broken-chain code', () => {
    const chainCodes = Object.values(CoreErrorCode).filter((code) => /CHAIN|TAMPER/.test(code));
    expect(chainCodes).toEqual(['CORE_CHAIN_BROKEN']);
  });
});
