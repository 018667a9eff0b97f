/**
 * Arbitraries for hostile input, shared by every package's fuzz suites.
 */
import fc from 'fast-check';
import { define } from './codec';

/** Names that reach a prototype when data is used as a key on a plain object. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
  'length',
  'then',
] as const;

/** One of {@link HOSTILE_KEYS}. */
export const hostileKey = (): fc.Arbitrary<string> => fc.constantFrom(...HOSTILE_KEYS);

/** A short identifier-like string, or a hostile key, about half the time each. */
export const hostileId = (): fc.Arbitrary<string> => fc.oneof(hostileKey(), fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/));

/** Strings that break naive parsers and renderers: control characters, markup, surrogates, long runs. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    hostileKey(),
    fc.constantFrom(
      '',
      ' ',
      '\r\n',
      '\u0000',
      '\ud800',
      '<script>alert(1)</script>',
      '"\'><img src=x onerror=1>',
      '=cmd|"/c calc"!A1',
      '\t=1+1',
      '$' + '{x}',
      '{{x}}',
      '%s%n',
      '\u202e',
      '１２３',
    ),
    fc.integer({ min: 0, max: 5000 }).map((n) => 'a'.repeat(n)),
  );

/** Numbers that break arithmetic: NaN, ±Infinity, -0, fractions, huge and unsafe integers. */
export const hostileNumber = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0.5,
      -1,
      2 ** 53,
      2 ** 53 + 2,
      1e300,
      -1e300,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
    ),
    fc.integer(),
    fc.double(),
  );

/** Arbitrary JSON-like data whose object keys are often hostile (own `__proto__` keys included). */
export const hostileJson = (maxDepth = 4): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constant(null),
      fc.boolean(),
      hostileNumber(),
      hostileString(),
      fc.constant(undefined),
      fc.array(tie('value'), { maxLength: 5 }),
      tie('object'),
    ),
    object: fc.array(fc.tuple(fc.oneof(hostileKey(), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 6 }).map((entries) => {
      const out = {};
      for (const [key, value] of entries) define(out, key, value);
      return out;
    }),
  })).value;

/**
 * A valid value with some of its fields replaced by hostile data, some removed, and hostile
 * extra keys: the shape most boundary bugs need (almost valid, wrong in one place).
 */
export function mutated<T extends object>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), fc.oneof(hostileJson(2), hostileKey())), { maxLength: 3 }),
      fc.array(fc.tuple(hostileKey(), hostileJson(1)), { maxLength: 2 }),
    )
    .map(([value, edits, extras]) => {
      const copy = structuredClone(value) as Record<string, unknown>;
      const paths = collectObjects(copy);
      for (const [at, replacement] of edits) {
        const target = paths[at % paths.length] as Record<string, unknown>;
        const keys = Object.keys(target);
        if (keys.length === 0) continue;
        const key = keys[at % keys.length] as string;
        if (at % 5 === 0) delete target[key];
        else tryDefine(target, key, replacement);
      }
      for (const [key, value] of extras) tryDefine(paths[key.length % paths.length] as object, key, value);
      return copy;
    });
}

/** `define`, except where the target refuses (an array's `length` set to a non-length). */
function tryDefine(target: object, key: string, value: unknown): void {
  if (Array.isArray(target) && key === 'length') return;
  define(target, key, value);
}

function collectObjects(root: object): object[] {
  const out: object[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < 200) {
    const next = stack.pop();
    if (typeof next === 'object' && next !== null) {
      out.push(next);
      for (const value of Object.values(next)) stack.push(value);
    }
  }
  return out;
}
