import type { SchemaResult } from './validation';

/**
 * A validation schema as Aisle publishes it: the Standard Schema v1 interface
 * (https://standardschema.dev), written here so that no validator's own types (zod's included)
 * appear in Aisle's public API.
 *
 * Every schema an Aisle package exports has this type. Validate with `parse` / `safeParse` from
 * `@aisle/core` (which throw or return `AisleError`s), through `schema['~standard'].validate`, or
 * hand the schema to any library that accepts Standard Schemas (tRPC, TanStack Form, Hono…).
 * `types` carries the input and output types for such libraries
 * (`StandardSchemaV1.InferOutput<typeof schema>` is `Output`); it is never present at run time.
 *
 * @typeParam Output - what a successful validation returns (defaults filled in, values normalised).
 * @typeParam Input - what the schema accepts as written by callers.
 *
 * @example
 * ```ts
 * import { parse, type Schema } from '@aisle/core';
 *
 * // Any object with a `~standard` property is a schema; zod 4 schemas are, and so is this one.
 * const Sku: Schema<string> = {
 *   '~standard': {
 *     version: 1,
 *     vendor: 'example',
 *     validate: (value) =>
 *       typeof value === 'string' && value.length > 0 ? { value } : { issues: [{ message: 'expected a non-empty string' }] },
 *   },
 * };
 * const result = Sku['~standard'].validate('SKU-1'); // { value: 'SKU-1' }
 * const sku: string = parse(Sku, 'SKU-1', { label: 'SKU' });
 * ```
 *
 * @public
 */
export interface Schema<Output, Input = unknown> {
  /** The Standard Schema v1 properties. */
  readonly '~standard': {
    /** The version of the Standard Schema interface: 1. */
    readonly version: 1;
    /** The library that implements the schema (`'zod'` for every Aisle schema today). */
    readonly vendor: string;
    /**
     * Validates a value: `{ value }` on success, `{ issues }` (each with a message and a path) on
     * failure. Aisle's schemas answer synchronously; the Standard Schema interface allows a promise.
     */
    readonly validate: (
      value: unknown,
      options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
    ) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
    /** The input and output types, for type inference only (absent at run time). */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/**
 * The input type of a {@link Schema}: what callers may write.
 *
 * @example
 * ```ts
 * import type { Schema, SchemaInput } from '@aisle/core';
 *
 * type Quantity = SchemaInput<Schema<number, string | number>>; // string | number
 * ```
 *
 * @public
 */
export type SchemaInput<S extends Schema<unknown>> = S extends Schema<unknown, infer I> ? I : never;
