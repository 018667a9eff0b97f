import { type Entries, entry } from '../entry';

/** @aisle/segments */
export const segments: Entries = {
  SEGMENT_SYNTAX: entry(
    [
      'Text that is not a segment expression: an unquoted string, a missing parenthesis, an unknown operator.',
      'Fix the text at the line and column the message gives; strings and enum values are quoted.',
    ],
    [
      '文本不是合法的人群表达式；`details` 含 `line`、`column` 和 `expected`。',
      '文本不是合法表达式：字符串未加引号、括号缺失、运算符未知。',
      '按消息给出的行列修正；字符串和枚举值需加引号。',
    ],
  ),
  SEGMENT_UNKNOWN_FIELD: entry(
    [
      'A field the profile schema does not declare, usually a typo (`details.suggestion` has the nearest name).',
      'Use a field of the schema, or add it to the schema.',
    ],
    [
      '档案模式未声明该字段；`details.suggestion` 给出最接近的已知字段名。',
      '使用了档案模式未声明的字段，通常是拼写错误（`details.suggestion` 给出最接近的名称）。',
      '使用模式中的字段，或把它加入模式。',
    ],
  ),
  SEGMENT_UNKNOWN_FUNCTION: entry(
    [
      'A function the language does not have; the only function is `purchased(…)`.',
      'Use `purchased(…)` or a profile field that holds the value (visits, spend).',
    ],
    [
      '使用了内置函数（`purchased`）以外的函数。',
      '语言中没有该函数；唯一的函数是 `purchased(…)`。',
      '使用 `purchased(…)`，或使用保存该值的档案字段（到访次数、消费额）。',
    ],
  ),
  SEGMENT_TYPE_MISMATCH: entry(
    [
      "An operator or literal that does not fit the field's type: a string compared with money, `>` on an enum.",
      "Use a literal of the field's type (money is integer fen) and an operator the type supports.",
    ],
    [
      '运算符或字面量与字段类型不符（如对枚举使用 `tier > 3`）。',
      '运算符或字面量与字段类型不符：金额与字符串比较、对枚举使用 `>`。',
      '使用与字段类型一致的字面量（金额为整数分）以及该类型支持的运算符。',
    ],
  ),
  SEGMENT_TOO_DEEP: entry(
    [
      'Generated text or a JSON AST nested deeper than the depth limit (default 64), or hostile input.',
      'Flatten the condition; for trusted authors raise `maxDepth` deliberately.',
    ],
    [
      '嵌套深度超过上限（默认 64），文本或 JSON AST 均适用。',
      '生成的文本或 JSON AST 嵌套过深，或是恶意输入。',
      '把条件展平；对可信作者可有意提高 `maxDepth`。',
    ],
  ),
  SEGMENT_LIST_TOO_LARGE: entry(
    [
      'A member or store list pasted into an IN list longer than the list limit (default 1000).',
      'Keep lists short; large lists belong in a tag or a table.',
    ],
    [
      'IN / CONTAINS ANY / CONTAINS ALL 列表超过上限（默认 1000）。',
      '把会员或门店清单粘贴进 IN 列表，超过了列表上限（默认 1000）。',
      '保持列表简短；大清单应放在标签或表中。',
    ],
  ),
  SEGMENT_INPUT_TOO_LONG: entry(
    [
      'Segment text longer than the input limit the parser runs under (default 100,000 characters).',
      'Shorten the text, or set a deliberate `maxLength` for trusted authors.',
    ],
    [
      '人群文本超过输入上限（默认 100 000 个字符）。',
      '人群文本超过解析器的输入上限（默认 100,000 字符）。',
      '缩短文本，或为可信作者有意设置 `maxLength`。',
    ],
  ),
  SEGMENT_INVALID_AST: entry(
    [
      'JSON from a database or a UI that is not a segment AST (a node type that does not exist, a missing field).',
      'Store and send ASTs as `parseSegment` or `segmentFromJson` produce them; `cause` names the problem.',
    ],
    [
      'JSON AST 不符合模式；`cause` 为校验错误。',
      '来自数据库或界面的 JSON 不是人群 AST（节点类型不存在、缺少字段）。',
      '按 `parseSegment` 或 `segmentFromJson` 生成的形式存储和传递 AST；`cause` 指明问题。',
    ],
  ),
  SEGMENT_INVALID_SCHEMA: entry(
    [
      'A profile schema with a bad field name (a keyword, a hyphen), an unknown type or an enum without values.',
      'Use identifier names, documented types, and list enum values.',
    ],
    [
      '档案模式格式错误（字段名错误、枚举没有取值）。',
      '档案模式中字段名不合法（关键字、含连字符）、类型未知或枚举没有取值。',
      '使用标识符形式的字段名、文档列出的类型，并列出枚举值。',
    ],
  ),
  SEGMENT_INVALID_PROFILE: entry(
    [
      'A profile value of the wrong type: money in yuan with decimals, a date that is not a date.',
      'Convert at intake: money in integer fen, dates as ISO strings.',
    ],
    [
      '档案值的类型与字段不符（如金额不是整数分）。',
      '档案值类型错误：金额以元计且带小数、日期不是日期。',
      '在采集时转换：金额为整数分，日期为 ISO 字符串。',
    ],
  ),
  SEGMENT_UNMAPPED_FIELD: entry(
    [
      '`compileSql` without a column or table for a field the segment uses (`purchased(…)` without `mapping.purchases`).',
      'Map every field the segment uses, including the purchases table.',
    ],
    [
      '`compileSql` 未被告知某字段所在的列或表。',
      '调用 `compileSql` 时未映射人群用到的字段（使用 `purchased(…)` 却没有 `mapping.purchases`）。',
      '映射人群用到的每个字段，包括购买记录表。',
    ],
  ),
  SEGMENT_ENGINE_UNAVAILABLE: entry(
    [
      '`@aisle/segments/bitmap` used without its optional native peer `roaring` installed (or its addon failed to load).',
      'Install `roaring`, or fall back to `toPredicate` (same answers, no native code).',
    ],
    [
      '位图引擎的可选对等依赖 `roaring` 未安装（或其原生模块加载失败）。',
      '使用 `@aisle/segments/bitmap` 但未安装可选原生依赖 `roaring`（或其原生模块加载失败）。',
      '安装 `roaring`，或退回 `toPredicate`（结果相同，无原生代码）。',
    ],
    [
      'This repository installs `roaring`, so the sample cannot make it missing; it shows the fallback that runs when it is.',
      '本仓库已安装 `roaring`，示例无法使其缺失；示例展示缺失时运行的降级路径。',
    ],
  ),
  SEGMENT_INVALID_OPTIONS: entry(
    [
      'An option out of range: a holdout of `10` meant as 10 %, RFM buckets outside 2–100, an unsupported dialect.',
      'Use the documented ranges (a holdout fraction is in [0, 1): 10 % is `0.1`).',
    ],
    [
      '选项超出范围（对照组比例、阈值、SQL 方言）。',
      '选项超出范围：把 10% 写成 `10`、RFM 分桶不在 2–100、方言不受支持。',
      '使用文档规定的范围（对照组比例在 [0, 1) 内：10% 写作 `0.1`）。',
    ],
  ),
};
