import { assertValue } from './internal/values';

/** @public */
export type MaskKind = 'mobile' | 'resident-id' | 'bank-card' | 'name' | 'email' | 'address' | 'plate' | 'text';

/** @public */
export interface MaskOptions {
  /** Characters kept at the start (defaults per kind). */
  readonly keepStart?: number;
  /** Characters kept at the end (defaults per kind). */
  readonly keepEnd?: number;
  /** The mask character (default `*`). */
  readonly char?: string;
  /** `address`: appended after the district (default nothing). */
  readonly suffix?: string;
}

const DEFAULTS: Record<Exclude<MaskKind, 'name' | 'email' | 'address'>, readonly [number, number]> = {
  mobile: [3, 4],
  'resident-id': [6, 4],
  'bank-card': [6, 4],
  plate: [2, 1],
  text: [1, 1],
};

/** Two-character surnames (复姓) kept whole when masking names. */
const COMPOUND_SURNAMES = /* @__PURE__ */ new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闾丘 澹台 公冶 太史 申屠 端木 万俟 呼延 南宫 独孤 西门 百里 东郭 司空'.split(
    ' ',
  ),
);

const DISTRICT = /^(?:.*?(?:省|自治区|特别行政区))?(?:.*?(?:市|自治州|地区|盟))?(?:.*?(?:区|县|旗))?/u;

/** Any UTF-16 surrogate: text without one has one code unit per character. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * keepEnds over a string or an array of characters (code points). A string without surrogates
 * is passed as is (same result as its character array, without building one).
 */
function keepEnds(chars: string | string[], start: number, end: number, char: string): string {
  if (typeof chars === 'string') {
    if (start + end >= chars.length) return chars.length <= 1 ? char : chars[0] + char.repeat(chars.length - 1);
    return chars.slice(0, start) + char.repeat(chars.length - start - end) + chars.slice(chars.length - end);
  }
  if (start + end >= chars.length) {
    // Too short to keep both ends: keep at most the first character.
    return chars.length <= 1 ? char : chars[0] + char.repeat(chars.length - 1);
  }
  return chars.slice(0, start).join('') + char.repeat(chars.length - start - end) + chars.slice(chars.length - end).join('');
}

/**
 * Masks a value for display: `138****5678`, `110105********002X`, `张*`, `欧阳**`,
 * `a***@example.com`, an address cut to its district, `粤B****8`. How many characters are kept
 * and the mask character are configurable. Masking is for display only: it is not
 * de-identification on its own (the kept parts still narrow a person down).
 *
 * @example
 * ```ts
 * import { mask } from '@aisle/deid';
 *
 * mask('mobile', '13812345678'); // '138****5678'
 * mask('name', '欧阳娜娜'); // '欧阳**'
 * mask('email', 'alice@example.com'); // 'a***@example.com'
 * mask('address', '上海市静安区南京西路1601号'); // '上海市静安区'
 * ```
 *
 * @public
 */
export function mask(kind: MaskKind, value: string, options: MaskOptions = {}): string {
  const text = assertValue(value, kind, 4096).normalize('NFKC').trim();
  const char = options.char ?? '*';
  const chars = SURROGATE.test(text) ? Array.from(text) : text;
  switch (kind) {
    case 'name': {
      const surname =
        COMPOUND_SURNAMES.has(typeof chars === 'string' ? chars.slice(0, 2) : chars.slice(0, 2).join('')) && chars.length > 2 ? 2 : 1;
      return keepEnds(chars, options.keepStart ?? surname, options.keepEnd ?? 0, char);
    }
    case 'email': {
      const at = text.lastIndexOf('@');
      if (at <= 0) return keepEnds(chars, 1, 0, char);
      const local = Array.from(text.slice(0, at));
      return `${local.slice(0, options.keepStart ?? 1).join('')}${char.repeat(3)}${text.slice(at)}`;
    }
    case 'address': {
      const district = DISTRICT.exec(text)?.[0] ?? '';
      return district.length > 0 ? district + (options.suffix ?? '') : keepEnds(chars, 2, 0, char);
    }
    default: {
      // Own keys only: a kind such as 'constructor' must not reach Object.prototype.
      if (!Object.hasOwn(DEFAULTS, kind)) throw new TypeError(`Unknown mask kind: ${String(kind)}`);
      const [start, end] = DEFAULTS[kind as keyof typeof DEFAULTS];
      return keepEnds(chars, options.keepStart ?? start, options.keepEnd ?? end, char);
    }
  }
}
