/**
 * `@aisle/core/zh-CN`: validation messages in Simplified Chinese. English is built in; register
 * this once at start-up to make `'zh-CN'` available to `setMessageLocale`, the `locale` option of
 * `parse`/`safeParse` and `ValidationError.localized` (an embed that never shows Chinese messages
 * then does not carry them).
 *
 * @module @aisle/core/zh-CN
 */
import type { MessagePack } from '@aisle/core';
import type { Words } from './internal/words';

/** Joins Chinese text with a space where Latin text, digits or quotes meet it (`应为 "self"`, `应为对象`). */
function join(left: string, right: string): string {
  return /[!-~…≥≤]/.test(`${left.at(-1)}${right[0]}`) ? `${left} ${right}` : left + right;
}

const QUANTIFIERS = ['至少', '多于', '至多', '少于', '恰好'];
const UNITS = ['个字符', '项'];

const words: Words = {
  types: {
    string: '字符串',
    number: '数字',
    int: '整数',
    boolean: '布尔值',
    array: '数组',
    object: '对象',
    date: 'Date 日期',
    function: '函数',
  },
  formats: {
    datetime: 'ISO 8601 日期时间',
    date: 'YYYY-MM-DD 格式的日期',
    time: 'HH:MM[:SS] 格式的时间',
    email: '电子邮件地址',
    url: 'URL',
    uuid: 'UUID',
  },
  expected: (want, got) => `${join('应为', want)}，${join('实际为', got)}`,
  missing: (want) => `${join('应为', want)}，实际缺少该值（undefined）`,
  hiddenString: (n) => `长度为 ${n} 的字符串（不显示）`,
  longString: (shown, n) => `${shown}（共 ${n} 个字符）`,
  array: (n) => `含 ${n} 项的数组`,
  hiddenValue: '值（不显示）',
  unreadableValue: '无法读取的值',
  otherType: (type) => type,
  oneOf: (list) => `${list} 之一`,
  count: (q, n, unit) => `${QUANTIFIERS[q]} ${n} ${UNITS[unit]}`,
  length: (n, unit) => `${n} ${UNITS[unit]}`,
  number: (op, n) => `${op.replace('>=', '≥').replace('<=', '≤')} ${n} 的数`,
  regex: (pattern) => `匹配 ${pattern} 的字符串`,
  validFormat: (name) => `有效的 ${name}`,
  // Chinese keeps the generic description and quotes the schema's (English) words after it.
  hinted: (generic, hint) => `${generic}（${hint}）`,
  multipleOf: (d) => `${d} 的倍数`,
  eitherType: (names) => names.join('或'),
  alternatives: (n) => `符合 ${n} 种形式之一的值`,
  severalAlternatives: '应只符合一种形式，实际同时符合多种',
  closest: (head, where, inner) => `${head}（最接近的一种：${where}${inner}）`,
  unknownKeys: (list) => `不允许的字段：${list}`,
  invalidKey: '含无效的键',
  invalidElement: '含无效的元素',
  failedCheck: '未通过校验',
  failedHint: (hint) => `未通过校验：${hint}`,
  unreadableInput: (reason) => `应为校验规则可读取的值，实际的值使校验出错（${reason}）`,
  whole: (label, listed) => `${label} 校验失败：${listed}`,
  rejected: '未通过校验',
  more: (n) => `另有 ${n} 项（见 issues）`,
  pathSeparator: '：',
  listSeparator: '；',
};

/**
 * Validation messages in Simplified Chinese, for `registerMessages` (from `@aisle/core`). Until it is
 * registered, asking for `'zh-CN'` throws a `RangeError` that names this import (never a message
 * silently in another language).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { registerMessages, safeParse } from '@aisle/core';
 * import { zhCN } from '@aisle/core/zh-CN';
 *
 * registerMessages(zhCN); // once, at start-up
 * const result = safeParse(z.object({ kind: z.enum(['self', 'guardian']) }), { kind: 'staff' }, { locale: 'zh-CN' });
 * if (!result.ok) console.log(result.error.message); // input 校验失败：kind：应为 "self" | "guardian" 之一，实际为 "staff"
 * ```
 *
 * @public
 */
export const zhCN: MessagePack = /* @__PURE__ */ Object.freeze({ locale: 'zh-CN', words });
