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
const U = 'china-unicom';
const T = 'china-telecom';
type Row = readonly [MobileCategory, MobileOperator?];
const mobile = (operator: MobileOperator): Row => ['mobile', operator];
const mvno = (operator: MobileOperator): Row => ['mvno', operator];
const data = (operator: MobileOperator): Row => ['data', operator];
const UNALLOCATED: Row = ['unallocated'];

/** By the second digit (index 0-9; 10x-12x are not mobile numbers), then the third. */
const SEGMENTS: readonly (readonly Row[] | undefined)[] = [
  undefined,
  undefined,
  undefined,
  [mobile(U), mobile(U), mobile(U), mobile(T), mobile(M), mobile(M), mobile(M), mobile(M), mobile(M), mobile(M)],
  [UNALLOCATED, UNALLOCATED, UNALLOCATED, UNALLOCATED, UNALLOCATED, data(U), data(U), data(M), data(M), data(T)],
  [mobile(M), mobile(M), mobile(M), mobile(T), UNALLOCATED, mobile(U), mobile(U), mobile(M), mobile(M), mobile(M)],
  [UNALLOCATED, UNALLOCATED, mvno(T), UNALLOCATED, UNALLOCATED, mvno(M), mobile(U), mvno(U), UNALLOCATED, UNALLOCATED],
  [mvno(T), mvno(U), mobile(M), mobile(T), UNALLOCATED, mobile(U), mobile(U), mobile(T), mobile(M), UNALLOCATED],
  [mobile(T), mobile(T), mobile(M), mobile(M), mobile(M), mobile(U), mobile(U), mobile(M), mobile(M), mobile(T)],
  [mobile(T), mobile(T), mobile('china-broadnet'), mobile(T), UNALLOCATED, mobile(M), mobile(U), mobile(M), mobile(M), mobile(T)],
];

const segment = (row: Row): MobileSegment => (row[1] === undefined ? { category: row[0] } : { category: row[0], operator: row[1] });

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
  const second = digits.charCodeAt(1) - 48;
  const third = digits.charCodeAt(2) - 48;
  const row = SEGMENTS[second]?.[third];
  if (row === undefined) return { category: 'unallocated' };
  if (second === 3 && third === 4 && digits[3] === '9') return { category: 'satellite', operator: T };
  if (second === 6 && third === 1)
    return digits[3] === '9' ? { category: 'satellite', operator: 'china-satnet' } : { category: 'unallocated' };
  if (second === 7 && third === 0) {
    const fourth = digits[3] as string;
    return { category: 'mvno', operator: '012'.includes(fourth) ? T : '356'.includes(fourth) ? M : U };
  }
  if (second === 7 && third === 4) {
    const block = Number(digits.slice(3, 5));
    if (digits[3] === '9') return { category: 'satellite', operator: 'other' };
    if (block <= 5) return { category: 'satellite', operator: T };
    if (block <= 12) return { category: 'emergency', operator: 'other' };
    return { category: 'unallocated' };
  }
  return segment(row);
}
