import { canonicalize } from './canonicalize';
import { assertValue, luhnValid, MAX_TEXT_LENGTH } from './internal/values';
import { parseResidentId, type RegionHistory } from './resident-id';
import { type Found, findAddresses, findNames } from './text/zh';

/** @public */
export type PiiKind = 'mobile' | 'resident-id' | 'bank-card' | 'email' | 'mac' | 'plate' | 'ipv4' | 'ipv6' | 'name' | 'address';

/** Every built-in {@link PiiKind}. @public */
export const PII_KINDS: readonly PiiKind[] = [
  'mobile',
  'resident-id',
  'bank-card',
  'email',
  'mac',
  'plate',
  'ipv4',
  'ipv6',
  'name',
  'address',
];

/** A built-in kind or the kind of a caller's recogniser (`member-card`…). @public */
export type PiiKindName = PiiKind | (string & Record<never, never>);

/**
 * A piece of personal information found in text: `text.slice(start, end)`, with a confidence
 * from 0 to 1 (validated by checksum or prefix, lowered by nearby words such as 订单号 or SKU).
 *
 * @public
 */
export interface PiiSpan {
  readonly kind: PiiKindName;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly confidence: number;
}

/** The text around a match, after full-width folding: up to 16 characters each side. @public */
export interface PiiContext {
  readonly before: string;
  readonly after: string;
}

/**
 * A caller's recogniser (member-card numbers, staff ids…). Its pattern must run in linear time:
 * no nested or overlapping quantifiers such as `(a+)+` (the text is capped at 1,000,000
 * characters, but a catastrophic pattern is slow on far less).
 *
 * @public
 */
export interface PiiRecogniser {
  /** The kind its spans carry. A built-in kind's name replaces that built-in recogniser. */
  readonly kind: string;
  /** What to look for; the `g` flag is added when missing (`y` is dropped). */
  readonly pattern: RegExp;
  /** Confidence for a match from 0 to 1 (0 rejects it); default: `confidence`. */
  readonly score?: (match: string, context: PiiContext) => number;
  /** The confidence of every match when there is no `score` (default 0.8). */
  readonly confidence?: number;
}

/** @public */
export interface PiiDetectorOptions {
  /** Extra recognisers, run beside the built-in ones (one with a built-in kind's name replaces it). */
  readonly recognisers?: readonly PiiRecogniser[];
  /** Built-in (or added) kinds not to run. */
  readonly disable?: readonly string[];
  /** Spans below this confidence are left out (default 0.5). */
  readonly minConfidence?: number;
  /**
   * A GB/T 2260 code history (`GB2260_HISTORY` from `@aisle/deid/regions`): resident ids whose
   * region code was never in use, or was abolished before the birth year, are then not reported.
   */
  readonly regions?: RegionHistory;
}

/** @public */
export interface DetectOptions extends PiiDetectorOptions {
  /** Which recognisers to run (default all that are not disabled). */
  readonly kinds?: readonly string[] | undefined;
}

/** @public */
export interface ScrubOptions extends DetectOptions {
  /** The replacement for a span (default `[MOBILE]`, `[RESIDENT-ID]`…). */
  readonly replace?: (span: PiiSpan) => string;
}

/**
 * A compiled set of recognisers: validate the configuration once, then detect and scrub many
 * texts.
 *
 * @public
 */
export interface PiiDetector {
  /** The kinds this detector runs, in order. */
  readonly kinds: readonly string[];
  detect(text: string, options?: { readonly minConfidence?: number }): PiiSpan[];
  scrub(text: string, options?: { readonly minConfidence?: number; readonly replace?: (span: PiiSpan) => string }): string;
}

interface Compiled {
  readonly kind: string;
  /** Either a pattern with a score... */
  readonly pattern?: RegExp;
  readonly score?: (match: string, context: PiiContext) => number;
  /** ...or a finder that yields spans itself. */
  readonly find?: (text: string) => Iterable<Found>;
}

/** Words that make a number an order, waybill, invoice, transaction, meeting or stock number rather than personal data. */
const NOT_PII =
  /(?:订单|单号|编号|流水|发票|票号|货号|条码|批次|库存|运单|快递|物流|交易|商户|会议|工单|凭证|券码|取件码|提货码|验证码|序列号|SN|IMEI|SKU|sku|order|Order|ORDER|invoice|Invoice|INV|tracking|Tracking|meeting|Meeting|No\.|#)[^\n\d]{0,6}[\s:：号为是]*$/u;
/** Words that call a number a phone: a data-card segment number (145/147/149 may carry voice) is then still reported. */
const PHONE_WORDS =
  /(?:电话|手机|致电|来电|回电|拨打|打给|联系|微信|短信|号码|call|phone|Phone|tel|Tel|TEL|mobile|Mobile|text|Text|WhatsApp)[^\n]{0,12}$/u;
const CARD_WORDS = /(?:卡|card|Card|银行|账号|账户)[^\n]{0,8}$/u;
/** UnionPay 62/81, Visa 4, Mastercard 51-55/22-27, JCB 35, Discover 60/64/65, legacy domestic debit 9. */
const CARD_IIN = /^(?:62|81|4|5[1-5]|2[2-7]|35|60|64|65|9)/;
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const CONTEXT = 16;

function ipv6Valid(candidate: string): boolean {
  const halves = candidate.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (!groups.every((g) => g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)))) return false;
  return halves.length === 2 ? count < 8 && count >= 1 : count === 8;
}

function builtIns(regions: RegionHistory | undefined): Compiled[] {
  const residentIdOptions = regions === undefined ? {} : { regions };
  return [
    {
      kind: 'email',
      pattern:
        /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])/g,
      score: () => 0.95,
    },
    {
      kind: 'resident-id',
      // 18 characters, optionally grouped by single spaces or hyphens (110105 19491231 002X).
      pattern: /(?<![0-9A-Za-z])\d(?:[ -]?\d){16}[ -]?[\dXx](?![0-9A-Za-z])/g,
      score: (m, { before }) => {
        if (!parseResidentId(m, residentIdOptions).valid) return 0;
        return NOT_PII.test(before) ? 0.3 : 0.95;
      },
    },
    {
      kind: 'mobile',
      // 3-4-4 (138 0013 8000) or 4-3-4 (1380 013 8000), with an optional +86 / 0086.
      pattern: /(?<![\dA-Za-z+])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:(?:[\s-]?\d{4}){2}|\d[\s-]\d{3}[\s-]\d{4})(?![\dA-Za-z])/g,
      score(m, { before }) {
        const problem = canonicalize('mobile', m).problem;
        if (problem === undefined) return NOT_PII.test(before) ? 0.3 : 0.9;
        // Data-only segments are not personal mobiles, unless the text calls the number a phone.
        return problem === 'data-only' && PHONE_WORDS.test(before) && !NOT_PII.test(before) ? 0.6 : 0;
      },
    },
    {
      kind: 'bank-card',
      pattern: /(?<![\dA-Za-z])\d{4}(?:[\s-]?\d{4}){2}[\s-]?(?:\d{4}[\s-]?\d{1,3}|\d{4,7})(?![\dA-Za-z])/g,
      score(m, { before }) {
        const digits = m.replace(/[\s-]/g, '');
        if (digits.length < 16 || digits.length > 19 || !luhnValid(digits)) return 0;
        if (CARD_WORDS.test(before)) return 0.95;
        // Without a card word, only issuer ranges that carry 16-19 digits (ISO/IEC 7812 IINs).
        if (!CARD_IIN.test(digits)) return 0;
        return NOT_PII.test(before) ? 0.3 : 0.8;
      },
    },
    {
      kind: 'mac',
      pattern:
        /(?<![0-9A-Fa-f:-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:-])/g,
      // Placeholders (00:00:…, 02:00:00:00:00:00) and multicast addresses are not devices.
      score: (m) => (canonicalize('mac', m).problem === undefined ? (m.includes('.') ? 0.8 : 0.9) : 0),
    },
    {
      kind: 'plate',
      pattern: /* @__PURE__ */ new RegExp(
        `(?:[${PROVINCES}][A-HJ-NP-Z][·•]?(?:[A-HJ-NP-Z0-9]{4}(?:应急|[挂学警领港澳])|[A-HJ-NP-Z0-9]{5,6})|应急[${PROVINCES}]\\d{3}[A-HJ-NP-Z]|使[·•]?\\d{6}|民航[·•]?[A-HJ-NP-Z0-9]{5}|WJ[${PROVINCES}]?[·•]?\\d{4}[\\dA-HJ-NP-Z])(?![A-Za-z0-9])`,
        'gu',
      ),
      score: (m) => (canonicalize('plate', m).valid ? 0.85 : 0),
    },
    {
      kind: 'ipv4',
      pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g,
      score: (_m, { before }) => (/(?:版本|version|Version|ver)[\s:：]*$/u.test(before) ? 0.2 : 0.8),
    },
    {
      kind: 'ipv6',
      pattern: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
      score: (m) => (ipv6Valid(m) ? 0.85 : 0),
    },
    { kind: 'name', find: findNames },
    { kind: 'address', find: findAddresses },
  ];
}

function checkConfidence(value: unknown, label: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
    throw new RangeError(`${label} must be a number from 0 to 1 (got ${String(value)})`);
  }
  return value;
}

function compileRecogniser(recogniser: PiiRecogniser): Compiled {
  if (typeof recogniser !== 'object' || recogniser === null) throw new TypeError('a recogniser must be an object');
  const { kind, pattern, score, confidence } = recogniser;
  if (typeof kind !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(kind)) {
    throw new TypeError(`a recogniser kind must be 1-64 letters, digits, '-' or '_' starting with a letter (got ${JSON.stringify(kind)})`);
  }
  if (!(pattern instanceof RegExp)) throw new TypeError(`recogniser "${kind}": pattern must be a RegExp`);
  if (score !== undefined && typeof score !== 'function') throw new TypeError(`recogniser "${kind}": score must be a function`);
  const fixed = checkConfidence(confidence ?? 0.8, `recogniser "${kind}" confidence`);
  const flags = `${pattern.flags.replace(/[gy]/g, '')}g`;
  return {
    kind,
    pattern: new RegExp(pattern.source, flags),
    score: score === undefined ? () => fixed : (match, context) => checkConfidence(score(match, context), `recogniser "${kind}" score`),
  };
}

/** Full-width ASCII (１３８…, ＠) folded to half-width: one UTF-16 unit each, so offsets hold. */
function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

interface Candidate {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
}

function run(compiled: readonly Compiled[], text: string, minConfidence: number): PiiSpan[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (text.trim().length === 0) return [];
  assertValue(text, 'text', MAX_TEXT_LENGTH);
  checkConfidence(minConfidence, 'minConfidence');
  const folded = fold(text);
  const candidates: Candidate[] = [];
  const keep = (kind: string, start: number, end: number, confidence: number) => {
    if (end > start && confidence > 0 && confidence >= minConfidence) candidates.push({ kind, start, end, confidence });
  };
  for (const recogniser of compiled) {
    if (recogniser.find !== undefined) {
      for (const [start, end, confidence] of recogniser.find(folded)) keep(recogniser.kind, start, end, confidence);
      continue;
    }
    const { pattern, score } = recogniser as Required<Pick<Compiled, 'pattern' | 'score'>>;
    for (const match of folded.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (end === start) continue;
      const context = { before: folded.slice(Math.max(0, start - CONTEXT), start), after: folded.slice(end, end + CONTEXT) };
      keep(recogniser.kind, start, end, score(match[0], context));
    }
  }
  // Overlaps go to the more confident, then longer, then earlier span. Each recogniser's own
  // matches do not overlap, so marking covered characters keeps this linear in the text.
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const kept: PiiSpan[] = [];
  for (const span of candidates) {
    let free = true;
    for (let i = span.start; i < span.end; i++) {
      if (taken[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, span.start, span.end);
    kept.push({ kind: span.kind, start: span.start, end: span.end, text: text.slice(span.start, span.end), confidence: span.confidence });
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Compiles a detector: the built-in recognisers (CN mobiles, resident ids, bank cards, emails,
 * MACs, plates, IPv4/IPv6, Chinese personal names and postal addresses) plus the caller's, minus
 * the disabled ones. Throws `TypeError`/`RangeError` for a malformed recogniser or option.
 *
 * @example
 * ```ts
 * import { createPiiDetector } from '@aisle/deid';
 *
 * const detector = createPiiDetector({
 *   recognisers: [{ kind: 'member-card', pattern: /\bVIP\d{8}\b/, confidence: 0.9 }],
 *   disable: ['ipv4'],
 * });
 * detector.scrub('会员卡 VIP20261121，门店 IP 10.0.0.8'); // '会员卡 [MEMBER-CARD]，门店 IP 10.0.0.8'
 * ```
 *
 * @public
 */
export function createPiiDetector(options: PiiDetectorOptions = {}): PiiDetector {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { recognisers = [], disable = [], regions } = options;
  if (!Array.isArray(recognisers)) throw new TypeError('recognisers must be an array');
  if (!Array.isArray(disable) || !disable.every((k) => typeof k === 'string'))
    throw new TypeError('disable must be an array of kind names');
  if (regions !== undefined && typeof regions?.spans !== 'function') throw new TypeError('regions must be a RegionHistory');
  const defaultMin = checkConfidence(options.minConfidence ?? 0.5, 'minConfidence');
  const extra = recognisers.map(compileRecogniser);
  const replaced = new Set(extra.map((r) => r.kind));
  const all = [...builtIns(regions).filter((r) => !replaced.has(r.kind)), ...extra];
  const known = new Set(all.map((r) => r.kind));
  for (const kind of disable) if (!known.has(kind)) throw new TypeError(`Unknown PII kind to disable: ${kind}`);
  const off = new Set(disable);
  const compiled = all.filter((r) => !off.has(r.kind));
  const detect = (text: string, opts: { readonly minConfidence?: number } = {}) => run(compiled, text, opts.minConfidence ?? defaultMin);
  return {
    kinds: compiled.map((r) => r.kind),
    detect,
    scrub: (text, opts = {}) => replaceSpans(text, detect(text, opts), opts.replace),
  };
}

let defaultDetector: PiiDetector | undefined;
/** Built-in detectors narrowed to some kinds, reused across calls (bounded). */
const narrowed = /* @__PURE__ */ new Map<string, PiiDetector>();

function detectorFor(options: DetectOptions): PiiDetector {
  const custom = options.recognisers !== undefined || options.disable !== undefined || options.regions !== undefined;
  if (!custom && defaultDetector === undefined) defaultDetector = createPiiDetector();
  const base = custom ? createPiiDetector(options) : (defaultDetector as PiiDetector);
  if (options.kinds === undefined) return base;
  if (!Array.isArray(options.kinds)) throw new TypeError('kinds must be an array');
  const wanted = new Set<string>(options.kinds);
  for (const kind of wanted) if (!base.kinds.includes(kind)) throw new TypeError(`Unknown PII kind: ${String(kind)}`);
  const key = [...wanted].sort().join(',');
  const cached = custom ? undefined : narrowed.get(key);
  if (cached !== undefined) return cached;
  const detector = createPiiDetector({ ...options, disable: [...(options.disable ?? []), ...base.kinds.filter((k) => !wanted.has(k))] });
  if (!custom && narrowed.size < 64) narrowed.set(key, detector);
  return detector;
}

/**
 * Finds personal information in free text (survey answers, staff notes, delivery remarks): CN
 * mobiles (allocated personal segments; 3-4-4 and 4-3-4 grouping), resident ids (GB 11643
 * checksum, also grouped by spaces), bank cards (Luhn), emails, MACs, plates (GA 36), IPv4/IPv6,
 * Chinese personal names and postal addresses. Overlaps are resolved in favour of the more
 * confident, then longer, span. Runs in time linear in the text, which is capped at 1,000,000
 * characters (`DEID_VALUE_TOO_LONG`). For many texts with custom recognisers, compile once with
 * {@link createPiiDetector}.
 *
 * @example
 * ```ts
 * import { detectPii } from '@aisle/deid';
 *
 * detectPii('请致电 1380 013 8000，订单号 20261121000123').map((s) => s.kind); // ['mobile']
 * detectPii('收件人张伟，上海市浦东新区张江路100号3栋201室').map((s) => s.kind); // ['name', 'address']
 * ```
 *
 * @public
 */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  return detectorFor(options).detect(text, options.minConfidence === undefined ? {} : { minConfidence: options.minConfidence });
}

/**
 * Replaces every detected span in the text.
 *
 * @example
 * ```ts
 * import { scrub } from '@aisle/deid';
 *
 * scrub('Call 13800138000 or mail li.lei@example.com'); // 'Call [MOBILE] or mail [EMAIL]'
 * ```
 *
 * @public
 */
export function scrub(text: string, options: ScrubOptions = {}): string {
  return replaceSpans(text, detectPii(text, options), options.replace);
}

/** Replaces the given (sorted, non-overlapping) spans. */
export function replaceSpans(text: string, spans: readonly PiiSpan[], replacer?: (span: PiiSpan) => string): string {
  const replace = replacer ?? ((span: PiiSpan) => `[${span.kind.toUpperCase()}]`);
  const parts: string[] = [];
  let last = 0;
  for (const span of spans) {
    parts.push(text.slice(last, span.start), replace(span));
    last = span.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
