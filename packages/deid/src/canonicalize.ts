import { assertValue, luhnValid } from './internal/values';
import { segmentOf } from './mobile';
import { parseResidentId } from './resident-id';

/**
 * The kinds of identifier Aisle canonicalises. `wechat-openid`, `wechat-unionid` and `alipay-id`
 * are opaque: trimmed and checked for a plausible shape, never case-folded.
 *
 * @public
 */
export type IdentifierKind =
  | 'mobile'
  | 'resident-id'
  | 'email'
  | 'mac'
  | 'plate'
  | 'wechat-openid'
  | 'wechat-unionid'
  | 'alipay-id'
  | 'bank-card'
  | 'name';

/** Every {@link IdentifierKind}, in a stable order. @public */
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = [
  'mobile',
  'resident-id',
  'email',
  'mac',
  'plate',
  'wechat-openid',
  'wechat-unionid',
  'alipay-id',
  'bank-card',
  'name',
];

/**
 * A canonical identifier. `valid: false` flags a value that does not look like its kind (bad
 * checksum, unknown prefix); `value` is then the best-effort normalised text, so callers decide.
 *
 * @public
 */
export interface Canonical {
  readonly kind: IdentifierKind;
  readonly value: string;
  readonly valid: boolean;
  /**
   * Why `valid` is false, e.g. `'checksum'`, `'format'`; for mobiles `'prefix'` (unallocated
   * segment), `'data-only'`, `'satellite'` or `'emergency'`; for MACs `'multicast'` or
   * `'placeholder'` (00:00:00:00:00:00 and the 02:00:00:00:00:00 that phones report).
   */
  readonly problem?: string;
  /**
   * True for identifiers that do not identify a person stably: locally administered (randomised)
   * MAC addresses, which phones rotate per network.
   */
  readonly unstable?: boolean;
}

const PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/**
 * Plate formats of GA 36-2018 (and its 2021 extension of the small new-energy series letters):
 * ordinary (7 characters), trailer 挂, coach 学, police 警, consulate 领, emergency 应急 (car and
 * motorcycle),
 * Hong Kong/Macau 粤Z…港/澳, small and large new energy (8), embassy 使, civil aviation 民航, and
 * armed police WJ. Built on first use.
 */
let plateFormat: RegExp | undefined;
function plateRegex(): RegExp {
  plateFormat ??= new RegExp(
    `^(?:[${PROVINCE_CHARS}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警]|\\d{4}领|\\d{4}应急|[ABCDEFGHJK][A-HJ-NP-Z0-9]\\d{4}|\\d{5}[DF])|粤Z[A-HJ-NP-Z0-9]{4}[港澳]|应急[${PROVINCE_CHARS}]\\d{3}[A-HJ-NP-Z]|使\\d{6}|民航[A-HJ-NP-Z0-9]{5}|WJ[${PROVINCE_CHARS}]?\\d{4}[\\dA-HJ-NP-Z])$`,
    'u',
  );
  return plateFormat;
}
/** Placeholders that phones and SDKs report instead of a real address (Android 6+ and iOS 7+ return 02:00:00:00:00:00). */
const MAC_PLACEHOLDERS = /* @__PURE__ */ new Set(['000000000000', '020000000000']);
const OPAQUE = /^[A-Za-z0-9_-]{6,64}$/;
const ELEVEN_DIGITS = /^\d{11}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant.
const ASCII = /^[\x00-\x7f]*$/;

const result = (kind: IdentifierKind, value: string, problem?: string, unstable?: boolean): Canonical => ({
  kind,
  value,
  valid: problem === undefined,
  ...(problem === undefined ? {} : { problem }),
  ...(unstable === undefined ? {} : { unstable }),
});

function mobile(raw: string): Canonical {
  let digits = raw.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!ELEVEN_DIGITS.test(digits)) return result('mobile', digits, 'format');
  return mobileResult(digits);
}

const MOBILE_PROBLEMS = { data: 'data-only', satellite: 'satellite', emergency: 'emergency', unallocated: 'prefix' } as const;

function mobileResult(digits: string): Canonical {
  const category = digits.charCodeAt(0) === 49 ? segmentOf(digits).category : 'unallocated';
  return category === 'mobile' || category === 'mvno'
    ? { kind: 'mobile', value: digits, valid: true }
    : result('mobile', digits, MOBILE_PROBLEMS[category]);
}

function mac(raw: string): Canonical {
  const hex = raw.replace(/[\s:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return result('mac', hex, 'format');
  const value = hex.match(/../g)?.join(':') ?? hex;
  if (MAC_PLACEHOLDERS.has(hex)) return result('mac', value, 'placeholder');
  const first = Number.parseInt(hex.slice(0, 2), 16);
  if ((first & 1) === 1) return result('mac', value, 'multicast');
  return result('mac', value, undefined, (first & 2) === 2);
}

function email(raw: string): Canonical {
  const value = raw.replace(/\s/g, '').toLowerCase();
  const at = value.lastIndexOf('@');
  const ok = at > 0 && at === value.indexOf('@') && /^[^@]+\.[a-z0-9-]{2,}$/u.test(value.slice(at + 1));
  return result('email', value, ok ? undefined : 'format');
}

function plate(raw: string): Canonical {
  const value = raw.replace(/[\s·•.-]/g, '').toUpperCase();
  return result('plate', value, plateRegex().test(value) ? undefined : 'format');
}

function bankCard(raw: string): Canonical {
  const value = raw.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(value)) return result('bank-card', value, 'format');
  return result('bank-card', value, luhnValid(value) ? undefined : 'checksum');
}

function opaque(kind: IdentifierKind, raw: string): Canonical {
  const value = raw.trim();
  if (kind === 'alipay-id' && /^\d+$/.test(value)) return result(kind, value, /^2088\d{12}$/.test(value) ? undefined : 'format');
  return result(kind, value, OPAQUE.test(value) ? undefined : 'format');
}

/**
 * Brings an identifier to one canonical form so one person gets one pseudonym across channels:
 * full-width characters folded (NFKC), separators removed, `+86`/`0086` dropped, case folded
 * where the kind is case-insensitive, resident ids upgraded to 18 characters.
 *
 * Throws `DEID_EMPTY_VALUE` / `DEID_VALUE_TOO_LONG`; everything else is reported, not thrown.
 *
 * @example
 * ```ts
 * import { canonicalize } from '@aisle/deid';
 *
 * canonicalize('mobile', '+86 138-0013-8000').value; // '13800138000'
 * canonicalize('mac', 'DA-A1-19-00-00-01'); // { value: 'da:a1:19:00:00:01', valid: true, unstable: true }
 * canonicalize('resident-id', '110105194912310021').valid; // false (checksum)
 * ```
 *
 * @public
 */
export function canonicalize(kind: IdentifierKind, input: string): Canonical {
  assertValue(input, kind);
  // Fast path for the common case (an 11-digit mobile as most systems store it).
  if (kind === 'mobile' && input.length === 11 && ELEVEN_DIGITS.test(input)) return mobileResult(input);
  // NFKC leaves ASCII unchanged, so only non-ASCII input pays for normalisation.
  const raw = (ASCII.test(input) ? input : input.normalize('NFKC')).trim();
  switch (kind) {
    case 'mobile':
      return mobile(raw);
    case 'resident-id': {
      const info = parseResidentId(raw);
      const value = info.number ?? raw.replace(/\s/g, '').toUpperCase();
      return result(kind, value, info.problem);
    }
    case 'email':
      return email(raw);
    case 'mac':
      return mac(raw);
    case 'plate':
      return plate(raw);
    case 'bank-card':
      return bankCard(raw);
    case 'name':
      return result(kind, raw.replace(/\s+/g, ' ').replace(/[・•‧]/g, '·'));
    case 'wechat-openid':
    case 'wechat-unionid':
    case 'alipay-id':
      return opaque(kind, raw);
    default:
      throw new TypeError(`Unknown identifier kind: ${String(kind)}`);
  }
}
