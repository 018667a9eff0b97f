/**
 * What an 11-digit number starting with 1 is, by its segment (网号 and H0), as allocated by MIIT:
 * `mobile` and `mvno` (resold) numbers belong to people; `data` (data-only cards, 上网卡/数据卡),
 * `satellite` and `emergency` numbers are not personal mobile numbers; `unallocated` segments are
 * not in use.
 *
 * @public
 */
export type MobileCategory = 'mobile' | 'mvno' | 'data' | 'satellite' | 'emergency' | 'unallocated';

/** The operator a segment was allocated to (number portability means the subscriber may have moved since). @public */
export type MobileOperator = 'china-mobile' | 'china-unicom' | 'china-telecom' | 'china-broadnet' | 'china-satnet' | 'other';

/** @public */
export interface MobileSegment {
  readonly category: MobileCategory;
  readonly operator?: MobileOperator;
}

/**
 * The date of the allocation table below: MIIT, 《我国公众移动通信网网号及H0分配情况（截至2023年3月底）》,
 * published 2023-06-05. Data-only segments (145/146/147/148/149) per MIIT's 2018-12 allocations
 * as documented by the ChinaMobilePhoneNumberRegex project. See `test/fixtures/SOURCE.md`.
 *
 * @public
 */
export const MOBILE_ALLOCATIONS_AS_OF = '2023-03-31';

const M = 'china-mobile';
const T = 'china-telecom';

/**
 * By the second digit (index 3-9; 10x-12x are not mobile numbers), then the third, one character
 * each: M/U/T/B mobile (China Mobile, Unicom, Telecom, Broadnet), m/u/t resold (MVNO), x/y/z
 * data-only (Mobile, Unicom, Telecom), `.` unallocated. 1349, 161x, 170x and 174x are split
 * further in code.
 */
const SEGMENTS: readonly string[] = [
  '',
  '',
  '',
  'UUUTMMMMMM',
  '.....yyxxz',
  'MMMT.UUMMM',
  '..t..mUu..',
  'tuMT.UUTM.',
  'TTMMMUUMMT',
  'TTBT.MUMMT',
];
const CODES: Readonly<Record<string, MobileSegment>> = {
  M: { category: 'mobile', operator: M },
  U: { category: 'mobile', operator: 'china-unicom' },
  T: { category: 'mobile', operator: T },
  B: { category: 'mobile', operator: 'china-broadnet' },
  m: { category: 'mvno', operator: M },
  u: { category: 'mvno', operator: 'china-unicom' },
  t: { category: 'mvno', operator: T },
  x: { category: 'data', operator: M },
  y: { category: 'data', operator: 'china-unicom' },
  z: { category: 'data', operator: T },
};

/**
 * Classifies an 11-digit CN mobile-network number by its allocated segment. Returns `undefined`
 * for anything that is not 11 ASCII digits starting with 1. Satellite segments: 1349, 1619,
 * 17400-17405 and 1749; 17406-17412 are the MIIT emergency-communications block; other 174x
 * segments are unallocated.
 *
 * @example
 * ```ts
 * import { classifyMobile } from '@aisle/deid';
 *
 * classifyMobile('13800138000'); // { category: 'mobile', operator: 'china-mobile' }
 * classifyMobile('14912345678'); // { category: 'data', operator: 'china-telecom' }
 * classifyMobile('17400123456'); // { category: 'satellite', operator: 'china-telecom' }
 * ```
 *
 * @public
 */
export function classifyMobile(digits: string): MobileSegment | undefined {
  if (typeof digits !== 'string') throw new TypeError('digits must be a string');
  if (!/^1\d{10}$/.test(digits)) return undefined;
  const found = segmentOf(digits);
  return found.operator === undefined ? { category: found.category } : { category: found.category, operator: found.operator };
}

const UNALLOCATED: MobileSegment = { category: 'unallocated' };
const SATELLITE_TELECOM: MobileSegment = { category: 'satellite', operator: T };
const SATELLITE_SATNET: MobileSegment = { category: 'satellite', operator: 'china-satnet' };
const SATELLITE_OTHER: MobileSegment = { category: 'satellite', operator: 'other' };
const EMERGENCY: MobileSegment = { category: 'emergency', operator: 'other' };

/**
 * The segment of 11 ASCII digits starting with 1 (the caller has checked), without allocating:
 * the hot path of `canonicalize('mobile')` and so of pseudonymisation.
 */
export function segmentOf(digits: string): MobileSegment {
  const second = digits.charCodeAt(1) - 48;
  const third = digits.charCodeAt(2) - 48;
  if (second === 3 && third === 4 && digits.charCodeAt(3) === 57) return SATELLITE_TELECOM;
  if (second === 6 && third === 1) return digits.charCodeAt(3) === 57 ? SATELLITE_SATNET : UNALLOCATED;
  if (second === 7 && third === 0) {
    const fourth = digits[3] as string;
    return '012'.includes(fourth)
      ? (CODES.t as MobileSegment)
      : '356'.includes(fourth)
        ? (CODES.m as MobileSegment)
        : (CODES.u as MobileSegment);
  }
  if (second === 7 && third === 4) {
    if (digits.charCodeAt(3) === 57) return SATELLITE_OTHER;
    const block = (digits.charCodeAt(3) - 48) * 10 + (digits.charCodeAt(4) - 48);
    if (block <= 5) return SATELLITE_TELECOM;
    if (block <= 12) return EMERGENCY;
    return UNALLOCATED;
  }
  const code = SEGMENTS[second]?.[third];
  // Own keys only (the code is one of the characters above, or undefined).
  return code !== undefined && Object.hasOwn(CODES, code) ? (CODES[code] as MobileSegment) : UNALLOCATED;
}
