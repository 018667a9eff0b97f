// Imports the package by name, as the rest of the testing entry does (tsup keeps '@aisle/core'
// external here).
import { AisleError, type AisleErrorCode, canonicalJson, type Json } from '@aisle/core';

/**
 * The assertions a conformance suite makes, each throwing an `Error` whose message starts with
 * the suite's name, so a failure reads the same whichever test runner runs the suite.
 *
 * @public
 */
export interface ConformanceAssertions {
  /** Throws `"<suite>: <message>"` unless `condition` holds. */
  check(condition: boolean, message: string): asserts condition;
  /**
   * Throws unless `actual` and `expected` have the same canonical JSON (object keys in any order;
   * an `undefined` value, also inside objects and arrays, is compared as the text `<undefined>`).
   */
  equal(actual: unknown, expected: unknown, message: string): void;
  /** Resolves when `promise` rejects with an `AisleError` of `code`; throws when it resolves or rejects otherwise. */
  rejects(promise: Promise<unknown>, code: AisleErrorCode, message: string): Promise<void>;
}

/**
 * The assertions of a store conformance suite named `suite` (for example `'Consent store
 * conformance'`). Used by every package's `…/testing` suite; an adapter author writing a suite of
 * their own gets the same failure messages.
 *
 * @example
 * ```ts
 * import { conformanceAssertions } from '@aisle/core/testing';
 *
 * const assertions = conformanceAssertions('My store conformance');
 * assertions.equal({ b: 2, a: 1 }, { a: 1, b: 2 }, 'key order does not matter');
 * try {
 *   assertions.equal([1], [2], 'one element');
 * } catch (error) {
 *   console.log((error as Error).message); // My store conformance: one element: expected [2], received [1]
 * }
 * ```
 *
 * @public
 */
export function conformanceAssertions(suite: string): ConformanceAssertions {
  return {
    check(condition, message) {
      if (!condition) throw new Error(`${suite}: ${message}`);
    },
    equal(actual, expected, message) {
      const a = canonicalJson(normalise(actual));
      const e = canonicalJson(normalise(expected));
      if (a !== e) throw new Error(`${suite}: ${message}: expected ${e}, received ${a}`);
    },
    async rejects(promise, code, message) {
      try {
        await promise;
      } catch (error) {
        if (AisleError.isInstance(error, code)) return;
        const received = AisleError.isInstance(error)
          ? `${error.code}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
        throw new Error(`${suite}: ${message}: expected ${code}, received ${received}`);
      }
      throw new Error(`${suite}: ${message}: expected ${code}, but it succeeded`);
    },
  };
}

function normalise(value: unknown): Json {
  return value === undefined
    ? '<undefined>'
    : (JSON.parse(JSON.stringify(value, (_k, v) => (v === undefined ? '<undefined>' : v))) as Json);
}
