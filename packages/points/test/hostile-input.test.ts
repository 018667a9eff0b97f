import { createMemoryStreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { compileRules, createLedger } from '../src/index';
import { accrual } from './fixtures';

const ledger = () => createLedger({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'never' } });
const at = '2026-11-20T10:00:00+08:00';

describe('ledger requests of the wrong shape (fuzzer findings: TypeErrors from deep inside)', () => {
  const good = accrual('R-1', 40);
  const sparse: unknown[] = [good.contributions[0]];
  sparse.length = 3;
  it.each([
    ['a contribution that is false', [good.contributions[0], false], /contributions\[1\] must be an object/],
    ['a hole in the contributions', sparse, /contributions\[1\] must be an object/],
    [
      'multipliers that are not an array',
      [{ ...good.contributions[0], multipliers: 'x' }],
      /contributions\[0\]\.multipliers must be an array/,
    ],
    ['a multiplier without a rule id', [{ ...good.contributions[0], multipliers: [{}] }], /multipliers holds an entry/],
    ['an unknown kind', [{ ...good.contributions[0], kind: 'bonus' }], /kind must be 'points' or 'qualifying'/],
    ['contributions that are not an array', {}, /contributions/],
  ])('earn rejects %s with a TypeError naming the field', (_, contributions, message) => {
    expect(() => ledger().earn({ key: 'e', at, evaluation: { ...good, contributions: contributions as never } })).toThrow(message);
  });

  it('redeem rejects a reference that is not text with a TypeError (it was stored as given)', async () => {
    const l = ledger();
    await l.earn({ key: 'e', at, evaluation: good });
    expect(() => l.redeem({ key: 'r', memberId: 'm-1', points: 10, at, reference: { id: 7 } as never })).toThrow(
      /reference must be a string/,
    );
    expect(await l.balance('m-1')).toMatchObject({ available: 40 });
  });
});

describe('open finding (core parse + zod 4): a length that cannot be compared', () => {
  // zod 4 runs its minLength/maxLength checks on any value with a `length` property, even after
  // the type check failed, and `{ toString: null }` cannot be compared with a number: the schema
  // throws a TypeError, which core's `parse` now reports as CORE_VALIDATION (it was CORE_UNEXPECTED).
  it('a rule id given as { length: { toString: null } } is CORE_VALIDATION', () => {
    const ruleset = JSON.parse('{"id":{"length":{"toString":null}},"version":1,"rules":[]}');
    expect(() => compileRules(ruleset)).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
  });
});
