import { assertValue } from './internal/values';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** Province-level codes (first two digits) of GB/T 2260, plus 81/82/83 for residence permits. */
const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京',
  '12': '天津',
  '13': '河北',
  '14': '山西',
  '15': '内蒙古',
  '21': '辽宁',
  '22': '吉林',
  '23': '黑龙江',
  '31': '上海',
  '32': '江苏',
  '33': '浙江',
  '34': '安徽',
  '35': '福建',
  '36': '江西',
  '37': '山东',
  '41': '河南',
  '42': '湖北',
  '43': '湖南',
  '44': '广东',
  '45': '广西',
  '46': '海南',
  '50': '重庆',
  '51': '四川',
  '52': '贵州',
  '53': '云南',
  '54': '西藏',
  '61': '陕西',
  '62': '甘肃',
  '63': '青海',
  '64': '宁夏',
  '65': '新疆',
  '71': '台湾',
  '81': '香港',
  '82': '澳门',
  '83': '台湾',
};

/**
 * The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits.
 *
 * @example
 * ```ts
 * import { residentIdCheckDigit } from '@aisle/deid';
 *
 * residentIdCheckDigit('11010519491231002'); // 'X'
 * ```
 *
 * @public
 */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

/** @public */
export type ResidentIdKind = 'resident' | 'hk-macao-permit' | 'taiwan-permit';

/** @public */
export type ResidentIdProblem = 'format' | 'region' | 'birth-date' | 'checksum';

/**
 * What a resident identity number says, and whether it is valid. Never thrown for a bad number:
 * `valid: false` with `problem` says why (bad checksums are flagged, not fatal).
 *
 * @public
 */
export interface ResidentIdInfo {
  readonly valid: boolean;
  readonly problem?: ResidentIdProblem;
  /** The 18-character form (15-digit legacy numbers upgraded; `x` upper-cased), when the shape allows one. */
  readonly number?: string;
  /** True when the input was a 15-digit legacy number (birth year 19xx). */
  readonly upgradedFromLegacy: boolean;
  readonly kind?: ResidentIdKind;
  /** The 6-digit administrative division code (GB/T 2260) of the issuing place. */
  readonly regionCode?: string;
  /** Province-level name for the first two digits, when known. */
  readonly province?: string;
  /** `YYYY-MM-DD`, present only when the digits are a real calendar date. */
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female';
}

/**
 * The years a region code was in use: from `from` (the first yearly list it appears in) up to but
 * not including `to` (absent while it is still in use). Codes already in use in the first year of
 * a table are reported with that year as `from`.
 *
 * @public
 */
export interface RegionSpan {
  readonly from: number;
  readonly to?: number;
}

/**
 * A history of GB/T 2260 administrative-division codes. `@aisle/deid/regions` ships one
 * (`GB2260_HISTORY`); any object of this shape works (a newer or a trimmed table).
 *
 * @public
 */
export interface RegionHistory {
  /** Which data this is (upstream dataset, commit and date). */
  readonly version: string;
  /** The first year the table covers: codes listed then may be older. */
  readonly firstYear: number;
  /** The last year the table covers. */
  readonly lastYear: number;
  /** The spans a 6-digit code was in use, or `undefined` for a code never listed. */
  spans(code: string): readonly RegionSpan[] | undefined;
}

/**
 * How a region code is matched against a {@link RegionHistory}:
 * - `'issued'` (default): the code was in use at some time between the birth year and `at` (or the
 *   end of the table). A number is assigned once, at birth registration or (for people born before
 *   the 1990s) when the first card was issued, possibly years after birth, and never changes; so a
 *   code abolished before the birth year is impossible, a code created later is not.
 * - `'birth-year'`: the code was in use in the birth year itself (python-stdnum's rule). Stricter,
 *   and wrong for people who received their first number after a reorganisation (someone born in
 *   1980 who got a first card in Pudong in 1996 carries 310115, created in 1992).
 *
 * @public
 */
export type RegionCheck = 'issued' | 'birth-year';

/** @public */
export interface ParseResidentIdOptions {
  /** Birth dates after this instant are invalid, and region codes created after it too (default: no upper bound beyond the calendar). */
  readonly at?: Date;
  /**
   * A GB/T 2260 code history (`GB2260_HISTORY` from `@aisle/deid/regions`). With it, the 6-digit
   * region code must have been in use (see `regionCheck`); without it only the province (first two
   * digits) is checked, which keeps the main bundle small.
   */
  readonly regions?: RegionHistory;
  /** How the region code is matched against `regions` (default `'issued'`). */
  readonly regionCheck?: RegionCheck;
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * Parses a PRC resident identity number (GB 11643-1999): 18 characters with the MOD 11-2 check
 * character (including `X`), or a 15-digit legacy number (upgraded to 18, birth year 19xx).
 * Hong Kong/Macao (81, 82) and Taiwan (83) residence permits are recognised. Birth years before
 * 1900 are accepted (the standard's own example is born 1880). With `regions` (the GB/T 2260
 * history from `@aisle/deid/regions`) the county-level region code is checked too: a code that
 * was abolished before the birth year, or never existed, is `problem: 'region'`.
 *
 * @example
 * ```ts
 * import { parseResidentId } from '@aisle/deid';
 *
 * const info = parseResidentId('11010519491231002X');
 * console.log(info.valid, info.birthDate, info.sex); // true 1949-12-31 female
 * parseResidentId('110105194912310021').problem; // 'checksum'
 * ```
 *
 * @public
 */
export function parseResidentId(input: string, options: ParseResidentIdOptions = {}): ResidentIdInfo {
  if (options.regions !== undefined && typeof options.regions?.spans !== 'function') {
    throw new TypeError('regions must be a RegionHistory (GB2260_HISTORY from @aisle/deid/regions)');
  }
  const raw = assertValue(input, 'resident id').normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  let number: string;
  let upgraded = false;
  if (/^\d{17}[\dX]$/.test(raw)) number = raw;
  else if (/^\d{15}$/.test(raw)) {
    const first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
    number = first17 + residentIdCheckDigit(first17);
    upgraded = true;
  } else return { valid: false, problem: 'format', upgradedFromLegacy: false };

  const regionCode = number.slice(0, 6);
  const provinceCode = number.slice(0, 2);
  const province = PROVINCES[provinceCode];
  const kind: ResidentIdKind =
    provinceCode === '81' || provinceCode === '82' ? 'hk-macao-permit' : provinceCode === '83' ? 'taiwan-permit' : 'resident';
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const sex = (number.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  const dateValid = validDate(year, month, day);
  const base = {
    number,
    upgradedFromLegacy: upgraded,
    kind,
    regionCode,
    // Only a real calendar date is reported: never 1991-13-01.
    ...(dateValid ? { birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}` } : {}),
    sex,
    ...(province ? { province } : {}),
  } as const;

  if (province === undefined) return { valid: false, problem: 'region', ...base };
  const future = options.at !== undefined && Date.UTC(year, month - 1, day) > options.at.getTime();
  if (!dateValid || future) return { valid: false, problem: 'birth-date', ...base };
  if (options.regions !== undefined) {
    const inUse = kind === 'resident' ? regionInUse(options.regions, regionCode, year, options) : regionCode.endsWith('0000');
    if (!inUse) return { valid: false, problem: 'region', ...base };
  }
  if (residentIdCheckDigit(number.slice(0, 17)) !== number[17]) return { valid: false, problem: 'checksum', ...base };
  return { valid: true, ...base };
}

function spansOf(regions: RegionHistory, code: string): readonly RegionSpan[] | undefined {
  const exact = regions.spans(code);
  // "市辖区" (xxxx01) codes were printed on many cards (440301 in Shenzhen) but are not listed as
  // divisions: they stand for the city proper, so the city's (xxxx00) span applies.
  if (exact === undefined && code.endsWith('01')) return regions.spans(`${code.slice(0, 4)}00`);
  return exact;
}

function regionInUse(regions: RegionHistory, code: string, birthYear: number, options: ParseResidentIdOptions): boolean {
  const spans = spansOf(regions, code);
  if (spans === undefined) return false;
  const check = options.regionCheck ?? 'issued';
  if (check !== 'issued' && check !== 'birth-year')
    throw new RangeError(`regionCheck must be 'issued' or 'birth-year' (got ${String(check)})`);
  const atYear = options.at === undefined ? Number.POSITIVE_INFINITY : options.at.getUTCFullYear();
  // A code listed in the table's first year may be older: treat its start as open.
  const starts = (span: RegionSpan) => (span.from <= regions.firstYear ? Number.NEGATIVE_INFINITY : span.from);
  // Spans are whole years: a code abolished (or created) during the birth year could still be
  // assigned that year, so both ends are inclusive.
  const ends = (span: RegionSpan) => span.to ?? Number.POSITIVE_INFINITY;
  if (check === 'birth-year') {
    const year = Math.max(birthYear, regions.firstYear);
    return spans.some((span) => starts(span) <= year && ends(span) >= year);
  }
  return spans.some((span) => ends(span) >= birthYear && starts(span) <= atYear);
}
