import type { ValidationIssueCode } from '../validation';
import type { Quantifier, Words } from './words';

// Validation messages written from zod's issue objects, in the language of a words table
// (words.ts: English built in, Simplified Chinese from `@aisle/core/zh-CN`; zod/mini ships no
// locale, and `z.locales` would pull every locale into a bundle). Each message says what was
// expected and what was received; the received value is summarised, never echoed whole:
// strings are escaped and cut to a few dozen characters, and values under a sensitive field name
// (keys, tokens, secrets, contact and identity data) or that look like a secret or an identifier
// are described by type and length only. Everything here is linear in the size of the issue, and
// small: it ships in every embed that validates (see the size budgets of @aisle/consent).

/** A zod (or zod-like) issue as it arrives: every field optional, nothing trusted. */
export interface RawIssue {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly input?: unknown;
  readonly expected?: unknown;
  readonly values?: unknown;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: unknown;
  readonly exact?: unknown;
  readonly format?: unknown;
  readonly pattern?: unknown;
  readonly divisor?: unknown;
  readonly keys?: unknown;
  readonly errors?: unknown;
  readonly discriminator?: unknown;
  readonly options?: unknown;
  readonly path?: unknown;
}

/** What the error map passed to zod returns, so a schema's own message can be told from the default. */
export const DEFAULT_MESSAGE = '\u0000aisle:default';

const MAX_TEXT = 40;
const MAX_LISTED = 12;

/**
 * Field names whose values are never printed: key material, tokens and credentials, and personal
 * data that identifies or reaches a person (PIPL Art. 4/28). Matched against every string segment
 * of the path, so everything under `keys` or `contact.phone` is covered too.
 */
const SENSITIVE =
  /key|secret|token|passw|pwd|passcode|pin$|otp|cvv|cvc|signature|hmac|salt|nonce|credential|auth|cookie|session|private|phone|mobile|email|idcard|id_?number|passport|address|birth|realname|fullname|ssn/i;
/** A long run of hex/base64 (a key, a hash, a token) or of digits (a phone, ID card or card number), or an e-mail address. */
const SECRET_LIKE = /[\w+/=-]{24,}|\d{7,}|[^\s@]@[^\s@]/;
/** Characters that reorder or hide text in a terminal or a log viewer. */
const INVISIBLE = /[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Escapes and cuts a string for a message: JSON quoting, invisible and reordering characters as `\uXXXX`. */
export function quote(text: string, max = MAX_TEXT): string {
  // Never leave half a surrogate pair at the cut (JSON.stringify would print it as an escape).
  const shown = text.length > max ? text.slice(0, /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max) : text;
  const escaped = JSON.stringify(shown).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown === text ? escaped : `${escaped.slice(0, -1)}…"`;
}

const typeName = (name: unknown, w: Words): string => {
  const key = String(name);
  return Object.hasOwn(w.types, key) ? (w.types[key] as string) : key;
};

/** A short, safe rendering of a value. `hidden` prints only its type and size. */
function summarize(value: unknown, hidden: boolean, w: Words): string {
  try {
    if (typeof value === 'string') {
      const n = value.length;
      if (hidden || SECRET_LIKE.test(value.slice(0, 4096))) return w.hiddenString(n);
      const shown = quote(value);
      return n > MAX_TEXT ? w.longString(shown, n) : shown;
    }
    if (value == null || typeof value === 'boolean' || (!hidden && typeof value === 'number')) {
      return Object.is(value, -0) ? '-0' : String(value);
    }
    if (Array.isArray(value)) return w.array(value.length);
    if (hidden) return w.hiddenValue;
    if (typeof value === 'bigint') return `${quote(String(value)).slice(1, -1)}n`;
    const type = value instanceof Date ? 'date' : typeof value;
    return Object.hasOwn(w.types, type) ? (w.types[type] as string) : w.otherType(type);
  } catch {
    // A proxy or an exotic object that throws when inspected.
    return w.unreadableValue;
  }
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value, 60) : typeof value === 'bigint' ? `${value}n` : String(value);
}

/** `one of "a" | "b"` (or just `"a"`), with at most a dozen values listed. */
function oneOf(values: ReadonlyArray<unknown>, w: Words): string {
  let list = values.slice(0, MAX_LISTED).map(literal).join(' | ');
  if (values.length > MAX_LISTED) list += ` | … (${values.length - MAX_LISTED} more)`;
  return values.length === 1 ? list : w.oneOf(list);
}

/** `expected X, received Y` (`got`, or a summary of the issue's input). */
function expected(want: string, input: unknown, hidden: boolean, w: Words, got?: string): string {
  // zod reports a missing key with `input: undefined`, so both read the same.
  if (got === undefined && input === undefined) return w.missing(want);
  return w.expected(want, got ?? summarize(input, hidden, w));
}

function bound(issue: RawIssue, small: boolean, hidden: boolean, w: Words): string {
  const n = String(small ? issue.minimum : issue.maximum);
  const at = issue.inclusive !== false;
  const input = issue.input;
  if (typeof input === 'string' || Array.isArray(input)) {
    const q = (issue.exact === true ? 4 : (small ? 0 : 2) + (at ? 0 : 1)) as Quantifier;
    const unit = typeof input === 'string' ? 0 : 1;
    return expected(w.count(q, n, unit), input, hidden, w, w.length(input.length, unit));
  }
  const op = issue.exact === true ? '=' : (small ? '>' : '<') + (at ? '=' : '');
  return expected(w.number(op, n), input, hidden, w);
}

function format(issue: RawIssue, hint: string | undefined, hidden: boolean, w: Words): string {
  const name = String(issue.format);
  const pattern = typeof issue.pattern === 'string' ? (issue.pattern.length > 60 ? `${issue.pattern.slice(0, 60)}…` : issue.pattern) : '';
  const generic = Object.hasOwn(w.formats, name) ? (w.formats[name] as string) : name === 'regex' ? w.regex(pattern) : w.validFormat(name);
  // A schema's own wording (`'a BCP 47 language tag'`) says it better than the generic one.
  return expected(hint === undefined ? generic : w.hinted(generic, hint), issue.input, hidden, w);
}

function union(issue: RawIssue, path: ReadonlyArray<string | number>, hidden: boolean, w: Words, depth: number): string {
  const key = issue.discriminator;
  const input = issue.input;
  if (Array.isArray(issue.options) && typeof key === 'string') {
    // A discriminated union whose discriminator matched no option: the path already ends at it.
    const has = typeof input === 'object' && input !== null && Object.hasOwn(input, key);
    return expected(oneOf(issue.options, w), has ? (input as Record<string, unknown>)[key] : undefined, hidden, w);
  }
  if (issue.inclusive === false) return w.severalAlternatives;
  const branches = (Array.isArray(issue.errors) ? issue.errors : []).filter(Array.isArray) as RawIssue[][];
  const firsts = branches.map((branch) => branch[0]);
  if (branches.length > 0 && branches.every((b) => b.length === 1 && Array.isArray(b[0]?.path) && b[0].path.length === 0)) {
    if (firsts.every((i) => i?.code === 'invalid_value' && Array.isArray(i.values))) {
      return expected(
        oneOf(
          firsts.flatMap((i) => i?.values as unknown[]),
          w,
        ),
        input,
        hidden,
        w,
      );
    }
    if (firsts.every((i) => i?.code === 'invalid_type')) {
      return expected(w.eitherType(firsts.map((i) => typeName(i?.expected, w))), input, hidden, w);
    }
  }
  // Name the closest alternative: the one with the fewest problems.
  const head = expected(w.alternatives(branches.length), input, hidden, w);
  const closest = branches.reduce<RawIssue[] | undefined>(
    (best, b) => (b.length > 0 && (!best || b.length < best.length) ? b : best),
    undefined,
  )?.[0];
  if (!closest || depth > 2) return head;
  const inner = (Array.isArray(closest.path) ? closest.path : []).filter(
    (k): k is string | number => typeof k === 'string' || typeof k === 'number',
  );
  const where = inner.length > 0 ? `${inner.join('.')}: ` : '';
  return w.closest(head, quote(where, 80).slice(1, -1), describeIssue(closest, [...path, ...inner], w, depth + 1)[1]);
}

/** The issue codes Aisle reports besides `custom` (zod's names, which Standard Schema users already know). */
const CODES = new Set<unknown>([
  'invalid_type',
  'invalid_value',
  'too_small',
  'too_big',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
]);

/**
 * The code and the message of one issue in the language of `w` (without its path, which the
 * caller prints). `path` is the issue's full path, used to decide whether the received value may
 * be shown.
 */
export function describeIssue(issue: RawIssue, path: ReadonlyArray<string | number>, w: Words, depth = 0): [ValidationIssueCode, string] {
  const code = (CODES.has(issue.code) ? issue.code : 'custom') as ValidationIssueCode;
  const message = issue.message;
  const hint =
    typeof message === 'string' && message !== '' && message !== DEFAULT_MESSAGE && message !== 'Invalid input'
      ? message.slice(0, 300)
      : undefined;
  const hidden = path.some((segment) => typeof segment === 'string' && SENSITIVE.test(segment));
  const input = issue.input;
  switch (code) {
    case 'invalid_type':
      return [code, expected(typeName(issue.expected, w), input, hidden, w)];
    case 'invalid_value':
      return [code, expected(oneOf(Array.isArray(issue.values) ? issue.values : [], w), input, hidden, w)];
    case 'too_small':
    case 'too_big':
      return [code, bound(issue, code === 'too_small', hidden, w)];
    case 'invalid_format':
      return [code, format(issue, hint, hidden, w)];
    case 'not_multiple_of':
      return [code, expected(w.multipleOf(String(issue.divisor)), input, hidden, w)];
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.keys) ? issue.keys : [];
      const list =
        keys
          .slice(0, 5)
          .map((key) => quote(String(key)))
          .join(', ') + (keys.length > 5 ? ` … (${keys.length})` : '');
      return [code, w.unknownKeys(list)];
    }
    case 'invalid_union':
      return [code, union(issue, path, hidden, w, depth)];
    case 'invalid_key':
      return [code, w.invalidKey];
    case 'invalid_element':
      return [code, w.invalidElement];
    default:
      return [code, hint === undefined ? w.failedCheck : w.failedHint(hint)];
  }
}
