import { AisleError, CoreErrorCode, toAisleError } from './errors';
import { DEFAULT_MESSAGE, describeIssue, quote, type RawIssue } from './internal/issue-text';
import { EN, EN_FRAME, type FrameWords, type Words } from './internal/words';

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
 * The languages of validation messages. The default is `'en'`; see {@link setMessageLocale}.
 *
 * @example
 * ```ts
 * import type { MessageLocale } from '@aisle/core';
 *
 * const locale: MessageLocale = 'zh-CN';
 * ```
 *
 * @public
 */
export type MessageLocale = 'en' | 'zh-CN';

/**
 * What kind of problem an issue is (zod's names): `invalid_type`, `invalid_value` (not one of the
 * allowed values), `too_small`/`too_big`, `invalid_format` (a string format or pattern),
 * `not_multiple_of`, `unrecognized_keys`, `invalid_union`, `invalid_key`/`invalid_element` (of a
 * record, map or set) and `custom` (a refinement, or a check written by hand).
 *
 * @example
 * ```ts
 * import type { ValidationIssueCode } from '@aisle/core';
 *
 * const code: ValidationIssueCode = 'invalid_value';
 * ```
 *
 * @public
 */
export type ValidationIssueCode =
  | 'invalid_type'
  | 'invalid_value'
  | 'too_small'
  | 'too_big'
  | 'invalid_format'
  | 'not_multiple_of'
  | 'unrecognized_keys'
  | 'invalid_union'
  | 'invalid_key'
  | 'invalid_element'
  | 'custom';

/**
 * One problem with the input: where (`path`, as keys and indexes from the root), what kind
 * (`code`) and a message saying what was expected and what was received.
 *
 * @example
 * ```ts
 * import type { ValidationIssue } from '@aisle/core';
 *
 * const issue: ValidationIssue = { path: ['actor', 'kind'], code: 'invalid_union', message: 'expected one of "self" | "guardian", received "staff"' };
 * ```
 *
 * @public
 */
export interface ValidationIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly code: ValidationIssueCode;
  readonly message: string;
}

/**
 * A message in both languages.
 *
 * @example
 * ```ts
 * import type { LocalizedText } from '@aisle/core';
 *
 * const text: LocalizedText = { en: 'expected a string, received 1', 'zh-CN': '应为字符串，实际为 1' };
 * ```
 *
 * @public
 */
export interface LocalizedText {
  readonly en: string;
  readonly 'zh-CN': string;
}

/**
 * An issue as given to {@link ValidationError}'s constructor: `code` defaults to `custom`, and the
 * message is one text for every language or a {@link LocalizedText}.
 *
 * @example
 * ```ts
 * import type { ValidationIssueInit } from '@aisle/core';
 *
 * const issue: ValidationIssueInit = { path: ['entries', 0, 'id'], code: 'too_big', message: 'expected at most 256 characters, received 300' };
 * ```
 *
 * @public
 */
export interface ValidationIssueInit {
  readonly path: ReadonlyArray<string | number>;
  readonly code?: ValidationIssueCode;
  readonly message: string | LocalizedText;
}

/**
 * Validation messages in one more language: `zhCN` from `@aisle/core/zh-CN`. Give it to
 * {@link registerMessages}.
 *
 * @example
 * ```ts
 * import type { MessagePack } from '@aisle/core';
 * import { zhCN } from '@aisle/core/zh-CN';
 *
 * const pack: MessagePack = zhCN;
 * console.log(pack.locale); // 'zh-CN'
 * ```
 *
 * @public
 */
export interface MessagePack {
  /** The language the pack adds. */
  readonly locale: MessageLocale;
  /** The words of its messages: Aisle's own shape, which may change in any release. */
  readonly words: object;
}

/** The message lists this many issues; `issues` always has all of them. */
const MAX_LISTED = 10;

const LOCALE_KEY = Symbol.for('aisle.messageLocale');
// Registered languages, shared by every copy of @aisle/core in the realm (like the locale setting).
const PACKS_KEY = Symbol.for('aisle.messagePacks');

function packs(): Map<string, Words> {
  const realm = globalThis as Record<symbol, unknown>;
  let map = realm[PACKS_KEY] as Map<string, Words> | undefined;
  if (!(map instanceof Map)) {
    map = new Map();
    realm[PACKS_KEY] = map;
  }
  return map;
}

/**
 * The framing words of `locale` (a registered pack's are its whole words); throws the documented
 * RangeError when it is unknown or not registered.
 */
function wordsOf(locale: unknown): FrameWords {
  if (locale === 'en') return EN_FRAME;
  const words = locale === 'zh-CN' ? packs().get(locale) : undefined;
  if (words !== undefined) return words;
  throw new RangeError(
    `locale: expected "en", or "zh-CN" after registerMessages(zhCN) with zhCN from @aisle/core/zh-CN, received ${quote(String(locale))}`,
  );
}

/**
 * Makes a language of validation messages available in this JavaScript realm (to every copy of
 * `@aisle/core`): after `registerMessages(zhCN)` (from `@aisle/core/zh-CN`), `'zh-CN'` works in
 * {@link setMessageLocale}, the `locale` option of {@link parse} and {@link safeParse}, and
 * {@link ValidationError.localized}. English is built in. Errors made before the registration
 * have their messages in English only (`localized('zh-CN')` then gives English).
 *
 * @throws `TypeError` when `pack` is not a pack from an Aisle locale entry point.
 *
 * @example
 * ```ts
 * import { registerMessages, setMessageLocale } from '@aisle/core';
 * import { zhCN } from '@aisle/core/zh-CN';
 *
 * registerMessages(zhCN);
 * setMessageLocale('zh-CN'); // a kiosk that shows errors to staff in Chinese
 * setMessageLocale('en');
 * ```
 *
 * @public
 */
export function registerMessages(pack: MessagePack): void {
  const words = (pack as Partial<MessagePack> | null)?.words as Partial<Words> | undefined;
  if (pack?.locale !== 'zh-CN' || typeof words?.expected !== 'function' || typeof words.whole !== 'function') {
    throw new TypeError('registerMessages: expected a message pack such as zhCN from @aisle/core/zh-CN');
  }
  packs().set(pack.locale, words as Words);
}

/**
 * Sets the language of validation messages for every Aisle package in this JavaScript realm (the
 * setting is shared by every copy of `@aisle/core`); a call's own `locale` option wins over it.
 * The default is `'en'`. `'zh-CN'` needs {@link registerMessages} first.
 *
 * @throws `RangeError` for a locale other than `'en'` or `'zh-CN'`, and for `'zh-CN'` before
 * `registerMessages(zhCN)` (the message names the import).
 *
 * @example
 * ```ts
 * import { registerMessages, setMessageLocale } from '@aisle/core';
 * import { zhCN } from '@aisle/core/zh-CN';
 *
 * registerMessages(zhCN);
 * setMessageLocale('zh-CN'); // a kiosk that shows errors to staff in Chinese
 * setMessageLocale('en');
 * ```
 *
 * @public
 */
export function setMessageLocale(locale: MessageLocale): void {
  wordsOf(locale);
  (globalThis as Record<symbol, unknown>)[LOCALE_KEY] = locale;
}

/**
 * The language validation messages use when a call does not name one: `'en'` unless
 * {@link setMessageLocale} chose another.
 *
 * @example
 * ```ts
 * import { getMessageLocale } from '@aisle/core';
 *
 * console.log(getMessageLocale()); // 'en'
 * ```
 *
 * @public
 */
export function getMessageLocale(): MessageLocale {
  return (globalThis as Record<symbol, unknown>)[LOCALE_KEY] === 'zh-CN' ? 'zh-CN' : 'en';
}

interface StoredIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly code: ValidationIssueCode;
  /** The message in each language that was available when the error was made. */
  readonly texts: Readonly<Partial<LocalizedText>> & { readonly en: string };
}

function render(
  issues: ReadonlyArray<StoredIssue>,
  label: string,
  locale: MessageLocale,
): { message: string; issues: ReadonlyArray<ValidationIssue> } {
  const w = wordsOf(locale);
  const text = (issue: StoredIssue) => issue.texts[locale] ?? issue.texts.en;
  const shown = issues.slice(0, MAX_LISTED).map((issue) => `${formatPath(issue.path)}${w.pathSeparator}${text(issue)}`);
  if (issues.length > MAX_LISTED) shown.push(w.more(issues.length - MAX_LISTED));
  return {
    message: w.whole(label, shown.join(w.listSeparator) || w.rejected),
    issues: Object.freeze(issues.map((issue) => Object.freeze({ path: issue.path, code: issue.code, message: text(issue) }))),
  };
}

/** One message in every registered language. */
function inEveryLanguage(write: (w: Words) => string): LocalizedText {
  const texts: Record<string, string> = { en: write(EN) };
  for (const [locale, words] of packs()) texts[locale] = write(words);
  return texts as unknown as LocalizedText;
}

/**
 * Input failed validation. Carries every issue (never just the first), each with its path, its
 * kind and a message in the error's language; {@link ValidationError.localized} gives the other.
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
  /** The language of `message` and of the issues' messages. */
  readonly locale: MessageLocale;
  readonly #stored: ReadonlyArray<StoredIssue>;
  readonly #label: string;

  constructor(issues: ReadonlyArray<ValidationIssueInit>, options: { label?: string; cause?: unknown; locale?: MessageLocale } = {}) {
    const label = options.label ?? 'input';
    const locale = options.locale ?? getMessageLocale();
    const stored = issues.map(
      (issue): StoredIssue =>
        Object.freeze({
          path: Object.freeze([...issue.path]),
          code: issue.code ?? 'custom',
          texts: typeof issue.message === 'string' ? { en: issue.message, 'zh-CN': issue.message } : issue.message,
        }),
    );
    const rendered = render(stored, label, locale);
    super(CoreErrorCode.VALIDATION, rendered.message, {
      ...('cause' in options ? { cause: options.cause } : {}),
      details: { label, issueCount: issues.length },
    });
    this.name = 'ValidationError';
    this.locale = locale;
    this.issues = rendered.issues;
    this.#stored = stored;
    this.#label = label;
  }

  /**
   * The message and issues in another language (the same paths and codes).
   *
   * @example
   * ```ts
   * import { z } from 'zod';
   * import { registerMessages, safeParse, ValidationError } from '@aisle/core';
   * import { zhCN } from '@aisle/core/zh-CN';
   *
   * registerMessages(zhCN); // without it, localized('zh-CN') throws a RangeError naming this import
   * const result = safeParse(z.object({ kind: z.enum(['self', 'guardian']) }), { kind: 'staff' });
   * if (!result.ok && ValidationError.isInstance(result.error)) {
   *   console.log(result.error.message); // Invalid input: kind: expected one of "self" | "guardian", received "staff"
   *   console.log(result.error.localized('zh-CN').message); // input 校验失败：kind：应为 "self" | "guardian" 之一，实际为 "staff"
   * }
   * ```
   */
  localized(locale: MessageLocale): { readonly message: string; readonly issues: ReadonlyArray<ValidationIssue> } {
    return render(this.#stored, this.#label, locale);
  }

  /** True for a validation error from any copy of `@aisle/core`. */
  static override isInstance(value: unknown): value is ValidationError {
    return AisleError.isInstance(value, CoreErrorCode.VALIDATION) && Array.isArray((value as ValidationError).issues);
  }

  /**
   * The validation error that `error` is or wraps (through `cause`, a few levels deep): a package's
   * `…_INVALID_INPUT` error keeps core's validation error as its cause.
   *
   * @example
   * ```ts
   * import { AisleError, ValidationError } from '@aisle/core';
   *
   * const invalid = new ValidationError([{ path: ['version'], code: 'too_small', message: 'expected an integer >= 1, received 0' }]);
   * const wrapped = new AisleError('CORE_UNEXPECTED', invalid.message, { cause: invalid });
   * console.log(ValidationError.find(wrapped) === invalid); // true
   * ```
   */
  static find(error: unknown): ValidationError | undefined {
    let current: unknown = error;
    for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
      if (ValidationError.isInstance(current)) return current;
      current = (current as { cause?: unknown }).cause;
    }
    return undefined;
  }
}

/** Longer keys are cut in a rendered path (they can come from untrusted input). */
const MAX_KEY = 64;

/**
 * Renders a path the way a person reads it: `items[0].sku`; the root is `(root)`. Keys that are
 * not identifiers are quoted and escaped, and cut after 64 characters.
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
    else if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= MAX_KEY) out += out === '' ? key : `.${key}`;
    else out += `[${quote(key, MAX_KEY)}]`;
  }
  return out;
}

/** @public */
export interface ParseOptions {
  /** What is being validated, for the message: `Invalid consent event: …`. */
  readonly label?: string;
  /**
   * The language of the messages: `'en'` or `'zh-CN'` (after `registerMessages(zhCN)`; before it
   * a `RangeError` names the import). Default: the realm's setting ({@link setMessageLocale}),
   * which is `'en'` unless changed.
   */
  readonly locale?: MessageLocale;
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
  const locale = options.locale ?? getMessageLocale();
  wordsOf(locale);
  if (typeof (schema as Partial<SchemaLike> | null)?.['~standard']?.validate !== 'function') {
    throw new TypeError('parse() needs a zod (or other Standard Schema) schema as its first argument');
  }
  let result: SchemaResult<unknown> | Promise<SchemaResult<unknown>>;
  try {
    result = validateSync(schema, input);
  } catch (thrown) {
    if (AisleError.isInstance(thrown)) return { ok: false, error: thrown };
    const issues = issuesOfThrown(thrown);
    if (issues) return { ok: false, error: new ValidationError(issues, { label, cause: thrown, locale }) };
    // A schema that throws a TypeError while reading the input met a value it could not
    // compare (zod 4 runs length checks on any value with a `length`, even after its type check
    // failed: `{ length: { toString: null } }` cannot become a number). That is bad input, not a bug.
    if (thrown instanceof TypeError) {
      const reason = quote(thrown.message, 120);
      const message = inEveryLanguage((w) => w.unreadableInput(reason));
      return { ok: false, error: new ValidationError([{ path: [], message }], { label, cause: thrown, locale }) };
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
    return { ok: false, error: new ValidationError(settled.issues.map(toIssue), { label, locale }) };
  }
  return { ok: true, value: settled.value as SchemaOutput<S> };
}

interface ZodLikeSafeParse {
  safeParse(
    input: unknown,
    context: { reportInput: boolean; error: () => string },
  ): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<SchemaIssue> } };
}

/** zod's parse context: keep each issue's input (summarised, never stored) and mark default messages. */
const ZOD_CONTEXT = { reportInput: true, error: () => DEFAULT_MESSAGE };

/**
 * zod's Standard Schema `validate` retries a throwing schema asynchronously (turning a throw into
 * a rejected promise), so zod schemas go through their own synchronous `safeParse`, which lets a
 * throw surface here. Other Standard Schema libraries use `validate`.
 */
function validateSync(schema: SchemaLike, input: unknown): SchemaResult<unknown> | Promise<SchemaResult<unknown>> {
  const zodLike = schema as Partial<ZodLikeSafeParse>;
  if (schema['~standard'].vendor === 'zod' && typeof zodLike.safeParse === 'function') {
    const result = (zodLike as ZodLikeSafeParse).safeParse(input, ZOD_CONTEXT);
    return result.success ? { value: result.data } : { issues: result.error.issues };
  }
  return schema['~standard'].validate(input);
}

function toIssue(issue: SchemaIssue): ValidationIssueInit {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(typeof key === 'symbol' ? (key.description ?? 'symbol') : key);
  });
  // The issue object is the schema library's: read it only through describeIssue, which copies
  // nothing but a short summary of the received value.
  let code: ValidationIssueCode = 'custom';
  const message = inEveryLanguage((w) => {
    const [issueCode, text] = describeIssue(issue as RawIssue, path, w);
    code = issueCode;
    return text;
  });
  return { path, code, message };
}

/** A ZodError thrown from inside a schema (e.g. a nested `.parse` in a transform) still has issues. */
function issuesOfThrown(thrown: unknown): ValidationIssueInit[] | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const issues = (thrown as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  if (!issues.every((issue) => typeof issue === 'object' && issue !== null && typeof issue.message === 'string')) {
    return undefined;
  }
  return issues.map((issue: SchemaIssue) => toIssue(issue));
}
