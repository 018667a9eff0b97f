// Validation messages in English and Simplified Chinese, written from zod's issue objects (zod/mini
// ships no locale, and `z.locales` would pull every locale into a bundle). Each message says what
// was expected and what was received; the received value is summarised, never echoed whole:
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

/** A message in both languages: `[en, zh-CN]`. */
type Pair = readonly [string, string];

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

// zod's type names, as [en, zh-CN]; others are printed as zod names them.
const TYPES: ReadonlyMap<string, Pair> = new Map([
  ['string', ['a string', '字符串']],
  ['number', ['a number', '数字']],
  ['int', ['an integer', '整数']],
  ['boolean', ['a boolean', '布尔值']],
  ['array', ['an array', '数组']],
  ['object', ['an object', '对象']],
  ['date', ['a Date', 'Date 日期']],
  ['function', ['a function', '函数']],
]);

// zod's string formats that Aisle's schemas use; others read "a valid <format>".
const FORMATS: ReadonlyMap<string, Pair> = new Map([
  ['datetime', ['an ISO 8601 date-time', 'ISO 8601 日期时间']],
  ['date', ['a date as YYYY-MM-DD', 'YYYY-MM-DD 格式的日期']],
  ['time', ['a time as HH:MM[:SS]', 'HH:MM[:SS] 格式的时间']],
  ['email', ['an email address', '电子邮件地址']],
  ['url', ['a URL', 'URL']],
  ['uuid', ['a UUID', 'UUID']],
]);

/** Joins Chinese text with a space where Latin text, digits or quotes meet it (`应为 "self"`, `应为对象`). */
function zhJoin(left: string, right: string): string {
  return /[!-~…≥≤]/.test(`${left.at(-1)}${right[0]}`) ? `${left} ${right}` : left + right;
}

/** Escapes and cuts a string for a message: JSON quoting, invisible and reordering characters as `\uXXXX`. */
export function quote(text: string, max = MAX_TEXT): string {
  // Never leave half a surrogate pair at the cut (JSON.stringify would print it as an escape).
  const shown = text.length > max ? text.slice(0, /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max) : text;
  const escaped = JSON.stringify(shown).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown === text ? escaped : `${escaped.slice(0, -1)}…"`;
}

const same = (text: string): Pair => [text, text];

/** A short, safe rendering of a value. `hidden` prints only its type and size. */
function summarize(value: unknown, hidden: boolean): Pair {
  try {
    if (typeof value === 'string') {
      const n = value.length;
      if (hidden || SECRET_LIKE.test(value.slice(0, 4096)))
        return [`a string of ${n} characters (not shown)`, `长度为 ${n} 的字符串（不显示）`];
      const shown = quote(value);
      return n > MAX_TEXT ? [`${shown} (${n} characters)`, `${shown}（共 ${n} 个字符）`] : same(shown);
    }
    if (value == null || typeof value === 'boolean' || (!hidden && typeof value === 'number')) {
      return same(Object.is(value, -0) ? '-0' : String(value));
    }
    if (Array.isArray(value)) return [`an array of ${value.length} items`, `含 ${value.length} 项的数组`];
    if (hidden) return ['a value (not shown)', '值（不显示）'];
    if (typeof value === 'bigint') return same(`${quote(String(value)).slice(1, -1)}n`);
    return TYPES.get(value instanceof Date ? 'date' : typeof value) ?? [`a ${typeof value}`, typeof value];
  } catch {
    // A proxy or an exotic object that throws when inspected.
    return ['a value that cannot be inspected', '无法读取的值'];
  }
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value, 60) : typeof value === 'bigint' ? `${value}n` : String(value);
}

/** `one of "a" | "b"` (or just `"a"`), with at most a dozen values listed. */
function oneOf(values: ReadonlyArray<unknown>): Pair {
  let list = values.slice(0, MAX_LISTED).map(literal).join(' | ');
  if (values.length > MAX_LISTED) list += ` | … (${values.length - MAX_LISTED} more)`;
  return values.length === 1 ? same(list) : [`one of ${list}`, `${list} 之一`];
}

/** `expected X, received Y` in both languages. */
function expected(want: Pair, issue: RawIssue, hidden: boolean, got?: Pair): Pair {
  const zh = zhJoin('应为', want[1]);
  // zod reports a missing key with `input: undefined`, so both read the same.
  if (!got && issue.input === undefined) return [`expected ${want[0]}, received nothing (undefined)`, `${zh}，实际缺少该值（undefined）`];
  const [en, zhGot] = got ?? summarize(issue.input, hidden);
  return [`expected ${want[0]}, received ${en}`, `${zh}，${zhJoin('实际为', zhGot)}`];
}

function bound(issue: RawIssue, small: boolean, hidden: boolean): Pair {
  const n = String(small ? issue.minimum : issue.maximum);
  const at = issue.inclusive !== false;
  const [en, zh] =
    issue.exact === true
      ? ['exactly', '恰好']
      : small
        ? at
          ? ['at least', '至少']
          : ['more than', '多于']
        : at
          ? ['at most', '至多']
          : ['fewer than', '少于'];
  const input = issue.input;
  if (typeof input === 'string' || Array.isArray(input)) {
    const [unit, unitZh] = typeof input === 'string' ? ['characters', '个字符'] : ['items', '项'];
    return expected([`${en} ${n} ${n === '1' ? unit.slice(0, -1) : unit}`, `${zh} ${n} ${unitZh}`], issue, hidden, [
      String(input.length),
      `${input.length} ${unitZh}`,
    ]);
  }
  const op = issue.exact === true ? '=' : (small ? '>' : '<') + (at ? '=' : '');
  return expected([`a number ${op} ${n}`, `${op.replace('>=', '≥').replace('<=', '≤')} ${n} 的数`], issue, hidden);
}

function format(issue: RawIssue, hint: string | undefined, hidden: boolean): Pair {
  const name = String(issue.format);
  const pattern = typeof issue.pattern === 'string' ? (issue.pattern.length > 60 ? `${issue.pattern.slice(0, 60)}…` : issue.pattern) : '';
  const [en, zh] =
    FORMATS.get(name) ??
    (name === 'regex' ? [`a string matching ${pattern}`, `匹配 ${pattern} 的字符串`] : [`a valid ${name}`, `有效的 ${name}`]);
  // A schema's own wording (`'a BCP 47 language tag'`) says it better in English; Chinese keeps
  // the generic description and quotes the schema's words after it.
  return expected(hint === undefined ? [en, zh] : [hint, `${zh}（${hint}）`], issue, hidden);
}

function union(issue: RawIssue, path: ReadonlyArray<string | number>, hidden: boolean, depth: number): Pair {
  const key = issue.discriminator;
  const input = issue.input;
  if (Array.isArray(issue.options) && typeof key === 'string') {
    // A discriminated union whose discriminator matched no option: the path already ends at it.
    const has = typeof input === 'object' && input !== null && Object.hasOwn(input, key);
    return expected(oneOf(issue.options), { input: has ? (input as Record<string, unknown>)[key] : undefined }, hidden);
  }
  if (issue.inclusive === false)
    return ['expected exactly one alternative to match, received a value that matches several', '应只符合一种形式，实际同时符合多种'];
  const branches = (Array.isArray(issue.errors) ? issue.errors : []).filter(Array.isArray) as RawIssue[][];
  const firsts = branches.map((branch) => branch[0]);
  if (branches.length > 0 && branches.every((b) => b.length === 1 && Array.isArray(b[0]?.path) && b[0].path.length === 0)) {
    if (firsts.every((i) => i?.code === 'invalid_value' && Array.isArray(i.values))) {
      return expected(oneOf(firsts.flatMap((i) => i?.values as unknown[])), issue, hidden);
    }
    if (firsts.every((i) => i?.code === 'invalid_type')) {
      const names = firsts.map((i) => typeName(i?.expected));
      return expected([names.map((n) => n[0]).join(' or '), names.map((n) => n[1]).join('或')], issue, hidden);
    }
  }
  // Name the closest alternative: the one with the fewest problems.
  const [head, headZh] = expected(
    [`a value matching one of ${branches.length} alternatives`, `符合 ${branches.length} 种形式之一的值`],
    issue,
    hidden,
  );
  const closest = branches.reduce<RawIssue[] | undefined>(
    (best, b) => (b.length > 0 && (!best || b.length < best.length) ? b : best),
    undefined,
  )?.[0];
  if (!closest || depth > 2) return [head, headZh];
  const inner = (Array.isArray(closest.path) ? closest.path : []).filter(
    (k): k is string | number => typeof k === 'string' || typeof k === 'number',
  );
  const [en, zh] = describeIssue(closest, [...path, ...inner], depth + 1)[1];
  const where = inner.length > 0 ? `${inner.join('.')}: ` : '';
  return [`${head} (closest: ${quote(where, 80).slice(1, -1)}${en})`, `${headZh}（最接近的一种：${quote(where, 80).slice(1, -1)}${zh}）`];
}

function typeName(name: unknown): Pair {
  return TYPES.get(String(name)) ?? same(String(name));
}

/** The issue codes Aisle reports: zod's names, which Standard Schema users already know. */
type IssueCode =
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
 * The code and both messages of one issue (without its path, which the caller prints). `path` is
 * the issue's full path, used to decide whether the received value may be shown.
 */
export function describeIssue(issue: RawIssue, path: ReadonlyArray<string | number>, depth = 0): [IssueCode, Pair] {
  const code = (CODES.has(issue.code) ? issue.code : 'custom') as IssueCode;
  const message = issue.message;
  const hint =
    typeof message === 'string' && message !== '' && message !== DEFAULT_MESSAGE && message !== 'Invalid input'
      ? message.slice(0, 300)
      : undefined;
  const hidden = path.some((segment) => typeof segment === 'string' && SENSITIVE.test(segment));
  switch (code) {
    case 'invalid_type':
      return [code, expected(typeName(issue.expected), issue, hidden)];
    case 'invalid_value':
      return [code, expected(oneOf(Array.isArray(issue.values) ? issue.values : []), issue, hidden)];
    case 'too_small':
    case 'too_big':
      return [code, bound(issue, code === 'too_small', hidden)];
    case 'invalid_format':
      return [code, format(issue, hint, hidden)];
    case 'not_multiple_of':
      return [code, expected([`a multiple of ${issue.divisor}`, `${issue.divisor} 的倍数`], issue, hidden)];
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.keys) ? issue.keys : [];
      const list =
        keys
          .slice(0, 5)
          .map((key) => quote(String(key)))
          .join(', ') + (keys.length > 5 ? ` … (${keys.length})` : '');
      return [code, [`expected no other keys, received ${list}`, `不允许的字段：${list}`]];
    }
    case 'invalid_union':
      return [code, union(issue, path, hidden, depth)];
    case 'invalid_key':
    case 'invalid_element':
      return [code, code === 'invalid_key' ? ['has an invalid key', '含无效的键'] : ['has an invalid element', '含无效的元素']];
    default:
      return [code, hint === undefined ? ['failed a check of the schema', '未通过校验'] : [hint, `未通过校验：${hint}`]];
  }
}
