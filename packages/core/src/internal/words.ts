// The words of validation messages in one language: issue-text.ts builds every message from a
// table like this one, so a language is data plus a few small functions. English is built in
// (it ships in every bundle that validates); Simplified Chinese is `@aisle/core/zh-CN`, which an
// app registers with registerMessages() (see validation.ts), so an embed that never shows Chinese
// messages does not carry them.

/** How many items a `count` phrase speaks of: at least, more than, at most, fewer than, exactly. */
export type Quantifier = 0 | 1 | 2 | 3 | 4;
/** What a `count` phrase counts: characters (0) or items (1). */
export type Unit = 0 | 1;

/** The words around a list of issues (every ValidationError needs these; keep them apart, small). */
export interface FrameWords {
  /** `Invalid order: items[0].sku: …; …` */
  readonly whole: (label: string, listed: string) => string;
  readonly rejected: string;
  readonly more: (n: number) => string;
  readonly pathSeparator: string;
  readonly listSeparator: string;
}

export interface Words extends FrameWords {
  /** zod's type names (`string`, `int`, …); other names are printed as zod spells them. */
  readonly types: Readonly<Record<string, string>>;
  /** zod's string formats; others read through `validFormat`. */
  readonly formats: Readonly<Record<string, string>>;
  readonly expected: (want: string, got: string) => string;
  readonly missing: (want: string) => string;
  readonly hiddenString: (length: number) => string;
  readonly longString: (shown: string, length: number) => string;
  readonly array: (length: number) => string;
  readonly hiddenValue: string;
  readonly unreadableValue: string;
  readonly otherType: (type: string) => string;
  readonly oneOf: (list: string) => string;
  readonly count: (quantifier: Quantifier, n: string, unit: Unit) => string;
  readonly length: (n: number, unit: Unit) => string;
  readonly number: (op: string, n: string) => string;
  readonly regex: (pattern: string) => string;
  readonly validFormat: (name: string) => string;
  /** A schema's own wording of a format (`'a BCP 47 language tag'`) next to the generic one. */
  readonly hinted: (generic: string, hint: string) => string;
  readonly multipleOf: (divisor: string) => string;
  readonly eitherType: (names: readonly string[]) => string;
  readonly alternatives: (n: number) => string;
  readonly severalAlternatives: string;
  readonly closest: (head: string, where: string, inner: string) => string;
  readonly unknownKeys: (list: string) => string;
  readonly invalidKey: string;
  readonly invalidElement: string;
  readonly failedCheck: string;
  readonly failedHint: (hint: string) => string;
  readonly unreadableInput: (reason: string) => string;
}

const QUANTIFIERS = ['at least', 'more than', 'at most', 'fewer than', 'exactly'];

const whole = (label: string, listed: string) => `Invalid ${label}: ${listed}`;
const more = (n: number) => `and ${n} more (see issues)`;
const rejected = 'rejected by schema';

/** English framing, built in: all a hand-written ValidationError needs (no spread in EN: it would keep EN in every bundle). */
export const EN_FRAME: FrameWords = { whole, rejected, more, pathSeparator: ': ', listSeparator: '; ' };

/** English, built in (what parse and safeParse write messages with). */
export const EN: Words = {
  whole,
  rejected,
  more,
  pathSeparator: ': ',
  listSeparator: '; ',
  types: {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'a boolean',
    array: 'an array',
    object: 'an object',
    date: 'a Date',
    function: 'a function',
  },
  formats: {
    datetime: 'an ISO 8601 date-time',
    date: 'a date as YYYY-MM-DD',
    time: 'a time as HH:MM[:SS]',
    email: 'an email address',
    url: 'a URL',
    uuid: 'a UUID',
  },
  expected: (want, got) => `expected ${want}, received ${got}`,
  missing: (want) => `expected ${want}, received nothing (undefined)`,
  hiddenString: (n) => `a string of ${n} characters (not shown)`,
  longString: (shown, n) => `${shown} (${n} characters)`,
  array: (n) => `an array of ${n} items`,
  hiddenValue: 'a value (not shown)',
  unreadableValue: 'a value that cannot be inspected',
  otherType: (type) => `a ${type}`,
  oneOf: (list) => `one of ${list}`,
  count: (q, n, unit) => `${QUANTIFIERS[q]} ${n} ${unit === 0 ? 'character' : 'item'}${n === '1' ? '' : 's'}`,
  length: (n) => String(n),
  number: (op, n) => `a number ${op} ${n}`,
  regex: (pattern) => `a string matching ${pattern}`,
  validFormat: (name) => `a valid ${name}`,
  hinted: (_generic, hint) => hint,
  multipleOf: (d) => `a multiple of ${d}`,
  eitherType: (names) => names.join(' or '),
  alternatives: (n) => `a value matching one of ${n} alternatives`,
  severalAlternatives: 'expected exactly one alternative to match, received a value that matches several',
  closest: (head, where, inner) => `${head} (closest: ${where}${inner})`,
  unknownKeys: (list) => `expected no other keys, received ${list}`,
  invalidKey: 'has an invalid key',
  invalidElement: 'has an invalid element',
  failedCheck: 'failed a check of the schema',
  failedHint: (hint) => hint,
  unreadableInput: (reason) => `expected a value the schema can read, received one that made it fail (${reason})`,
};
