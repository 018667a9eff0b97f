import { AisleError, CoreErrorCode, toAisleError } from './errors';

/**
 * Any schema that implements the Standard Schema interface (zod 4 and zod/mini schemas do), so
 * core needs no validator of its own.
 *
 * @public
 */
export interface SchemaLike<Output = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
  };
}

/** @public */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<SchemaIssue> };

/** @public */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The output type of a schema. @public */
export type SchemaOutput<S extends SchemaLike> = S extends SchemaLike<infer O> ? O : never;

/**
 * One problem with the input: where (`path`, as keys and indexes from the root) and what.
 *
 * @public
 */
export interface ValidationIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** The message lists this many issues; `issues` always has all of them. */
const MAX_LISTED = 10;

/**
 * Input failed validation. Carries every issue (never just the first), each with its path.
 *
 * @example
 * ```ts
 * import { ValidationError } from '@aisle/core';
 *
 * const error = new ValidationError([{ path: ['items', 0, 'sku'], message: 'Required' }], { label: 'order' });
 * console.log(error.message); // Invalid order: items[0].sku: Required
 * ```
 *
 * @public
 */
export class ValidationError extends AisleError<typeof CoreErrorCode.VALIDATION> {
  /** Every issue, in the order the schema reported them. */
  readonly issues: ReadonlyArray<ValidationIssue>;

  constructor(issues: ReadonlyArray<ValidationIssue>, options: { label?: string; cause?: unknown } = {}) {
    const label = options.label ?? 'input';
    const shown = issues.slice(0, MAX_LISTED).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    if (issues.length > MAX_LISTED) shown.push(`and ${issues.length - MAX_LISTED} more (see issues)`);
    const listed = shown.join('; ');
    super(CoreErrorCode.VALIDATION, `Invalid ${label}: ${listed || 'rejected by schema'}`, {
      cause: options.cause,
      details: { label, issueCount: issues.length },
    });
    this.name = 'ValidationError';
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ path: Object.freeze([...issue.path]), message: issue.message })));
  }

  /** True for a validation error from any copy of `@aisle/core`. */
  static override isInstance(value: unknown): value is ValidationError {
    return AisleError.isInstance(value, CoreErrorCode.VALIDATION) && Array.isArray((value as ValidationError).issues);
  }
}

/**
 * Renders a path the way a person reads it: `items[0].sku`; the root is `(root)`.
 *
 * @example
 * ```ts
 * import { formatPath } from '@aisle/core';
 *
 * formatPath(['items', 0, 'sku']); // 'items[0].sku'
 * ```
 *
 * @public
 */
export function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** @public */
export interface ParseOptions {
  /** What is being validated, for the message: `Invalid consent event: …`. */
  readonly label?: string;
}

/** @public */
export type SafeParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AisleError };

/**
 * Validates `input` against a zod (or any Standard Schema) schema and returns the parsed value.
 *
 * Never lets a `ZodError` (or anything else) escape: a failed validation throws
 * {@link ValidationError} with every issue and its path; anything the schema itself throws
 * becomes `CORE_UNEXPECTED` with the original as `cause`; an {@link AisleError} thrown inside a
 * refinement passes through.
 *
 * @throws {@link ValidationError} `CORE_VALIDATION` when the input does not match.
 * @throws {@link AisleError} `CORE_UNEXPECTED` when the schema throws, or is asynchronous.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { parse } from '@aisle/core';
 *
 * const Store = z.object({ id: z.string(), zone: z.string() });
 * const store = parse(Store, { id: 'sh-001', zone: 'Asia/Shanghai' }, { label: 'store' });
 * ```
 *
 * @public
 */
export function parse<S extends SchemaLike>(schema: S, input: unknown, options: ParseOptions = {}): SchemaOutput<S> {
  const result = safeParse(schema, input, options);
  if (result.ok) return result.value;
  throw result.error;
}

/**
 * Like {@link parse}, but returns `{ ok: false, error }` instead of throwing.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { safeParse } from '@aisle/core';
 *
 * const result = safeParse(z.number().int(), 1.5);
 * if (!result.ok) console.log(result.error.code); // CORE_VALIDATION
 * ```
 *
 * @public
 */
export function safeParse<S extends SchemaLike>(schema: S, input: unknown, options: ParseOptions = {}): SafeParseResult<SchemaOutput<S>> {
  const label = options.label ?? 'input';
  if (typeof (schema as Partial<SchemaLike> | null)?.['~standard']?.validate !== 'function') {
    throw new TypeError('parse() needs a zod (or other Standard Schema) schema as its first argument');
  }
  let result: SchemaResult<unknown> | Promise<SchemaResult<unknown>>;
  try {
    result = validateSync(schema, input);
  } catch (thrown) {
    if (AisleError.isInstance(thrown)) return { ok: false, error: thrown };
    const issues = issuesOfThrown(thrown);
    if (issues) return { ok: false, error: new ValidationError(issues, { label, cause: thrown }) };
    // A schema that throws a TypeError while reading the input met a value it could not
    // compare (zod 4 runs length checks on any value with a `length`, even after its type check
    // failed: `{ length: { toString: null } }` cannot become a number). That is bad input, not a bug.
    if (thrown instanceof TypeError) {
      const message = `expected a value the schema can read, received one that made it fail (${thrown.message.slice(0, 120)})`;
      return { ok: false, error: new ValidationError([{ path: [], message }], { label, cause: thrown }) };
    }
    return { ok: false, error: toAisleError(thrown, `Validating ${label} failed unexpectedly`) };
  }
  if (typeof (result as { then?: unknown }).then === 'function') {
    // Never leave a rejected promise unobserved.
    (result as Promise<unknown>).then(undefined, () => undefined);
    return {
      ok: false,
      error: new AisleError(CoreErrorCode.UNEXPECTED, `The schema for ${label} is asynchronous; validate it with an async parser`),
    };
  }
  const settled = result as SchemaResult<unknown>;
  if (settled.issues !== undefined) {
    return { ok: false, error: new ValidationError(settled.issues.map(toIssue), { label }) };
  }
  return { ok: true, value: settled.value as SchemaOutput<S> };
}

interface ZodLikeSafeParse {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<SchemaIssue> } };
}

/**
 * zod's Standard Schema `validate` retries a throwing schema asynchronously (turning a throw into
 * a rejected promise), so zod schemas go through their own synchronous `safeParse`, which lets a
 * throw surface here. Other Standard Schema libraries use `validate`.
 */
function validateSync(schema: SchemaLike, input: unknown): SchemaResult<unknown> | Promise<SchemaResult<unknown>> {
  const zodLike = schema as Partial<ZodLikeSafeParse>;
  if (schema['~standard'].vendor === 'zod' && typeof zodLike.safeParse === 'function') {
    const result = (zodLike as ZodLikeSafeParse).safeParse(input);
    return result.success ? { value: result.data } : { issues: result.error.issues };
  }
  return schema['~standard'].validate(input);
}

function toIssue(issue: SchemaIssue): ValidationIssue {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(typeof key === 'symbol' ? (key.description ?? 'symbol') : key);
  });
  return { path, message: String(issue.message) };
}

/** A ZodError thrown from inside a schema (e.g. a nested `.parse` in a transform) still has issues. */
function issuesOfThrown(thrown: unknown): ValidationIssue[] | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const issues = (thrown as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  if (!issues.every((issue) => typeof issue === 'object' && issue !== null && typeof issue.message === 'string')) {
    return undefined;
  }
  return issues.map((issue: SchemaIssue) => toIssue(issue));
}
