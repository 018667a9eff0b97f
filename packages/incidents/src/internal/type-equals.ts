/**
 * Compile-time only: `true` when `A` and `B` are the same type — identical to the compiler and
 * mutually assignable (the identity check alone misses `?: T` against `?: T | undefined` under
 * `exactOptionalPropertyTypes`). The schema files assert with it that each hand-written public
 * type equals what its schema parses and accepts, so the two cannot drift.
 */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? [A] extends [B]
      ? [B] extends [A]
        ? true
        : false
      : false
    : false;

/** Compile-time only: fails to compile unless every element is `true`. */
export type AssertAll<T extends readonly true[]> = T;
