import { conformanceAssertions } from '@aisle/core/testing';
import { describe, expect, it } from 'vitest';
import { CoreError, CoreErrorCode } from '../src/index';

const assertions = conformanceAssertions('Demo conformance');

describe('conformanceAssertions', () => {
  it('check passes on true and throws a message starting with the suite name on false', () => {
    expect(() => assertions.check(true, 'fine')).not.toThrow();
    expect(() => assertions.check(false, 'the head moved')).toThrow(new Error('Demo conformance: the head moved'));
  });

  it('equal compares canonical JSON: key order does not matter, undefined is a value of its own', () => {
    expect(() => assertions.equal({ b: 2, a: [1, { d: 1, c: 2 }] }, { a: [1, { c: 2, d: 1 }], b: 2 }, 'same')).not.toThrow();
    expect(() => assertions.equal([1], [2], 'one element')).toThrow('Demo conformance: one element: expected [2], received [1]');
    expect(() => assertions.equal(undefined, null, 'missing')).toThrow('expected null, received "<undefined>"');
    expect(() => assertions.equal({ a: undefined }, {}, 'a key holding undefined')).toThrow(/a key holding undefined/);
    expect(() => assertions.equal(undefined, undefined, 'both missing')).not.toThrow();
  });

  it('rejects accepts the expected code only', async () => {
    const failing = () => Promise.reject(new CoreError(CoreErrorCode.STORE_VERSION_CONFLICT, 'stale'));
    await expect(assertions.rejects(failing(), CoreErrorCode.STORE_VERSION_CONFLICT, 'stale version')).resolves.toBeUndefined();
    await expect(assertions.rejects(failing(), CoreErrorCode.CHAIN_BROKEN, 'a broken chain')).rejects.toThrow(
      `Demo conformance: a broken chain: expected ${CoreErrorCode.CHAIN_BROKEN}, received ${CoreErrorCode.STORE_VERSION_CONFLICT}: stale`,
    );
    await expect(assertions.rejects(Promise.reject(new TypeError('boom')), CoreErrorCode.CHAIN_BROKEN, 'a type error')).rejects.toThrow(
      'received boom',
    );
    await expect(assertions.rejects(Promise.resolve(1), CoreErrorCode.CHAIN_BROKEN, 'no error')).rejects.toThrow(
      `Demo conformance: no error: expected ${CoreErrorCode.CHAIN_BROKEN}, but it succeeded`,
    );
  });
});
