import { type Entries, entry } from '../entry';

/** @aisle/deid */
export const deid: Entries = {
  DEID_INVALID_KEY: entry(
    [
      'A key of the wrong length (16 bytes for a 32-byte key), a string or a `Buffer` slice of another size.',
      'Pass a `Uint8Array` of the documented length, from your key service; never log it.',
    ],
    [
      '密钥不是可接受长度的 `Uint8Array`。',
      '密钥长度不对（需要 32 字节却给了 16 字节），或传入了字符串。',
      '传入文档规定长度的 `Uint8Array`（来自密钥服务），切勿记录到日志。',
    ],
  ),
  DEID_EMPTY_VALUE: entry(
    [
      'An empty value from a failed capture or a blank form field, which would give every empty input the same output.',
      'Check for empty values before de-identifying and skip or reject them.',
    ],
    [
      '需要值的地方为空（去除首尾空白后）。',
      '采集失败或表单留空产生的空值；若不拒绝，所有空输入会得到相同结果。',
      '去标识化前检查空值，跳过或拒绝。',
    ],
  ),
  DEID_VALUE_TOO_LONG: entry(
    ['A whole document or a concatenation where one value is expected.', "Pass the field's value itself, within the documented limit."],
    ['值超过该类型的长度上限。', '需要单个值的地方传入了整篇文档或拼接的内容。', '只传字段本身的值，并在文档规定的长度之内。'],
  ),
  DEID_INVALID_IDENTIFIER: entry(
    [
      'A value that is not a valid identifier of the declared kind (a mobile number with a digit missing, a resident id with a wrong check digit).',
      'Validate at intake and ask again; `canonicalize` accepts the common spellings (+86, spaces, dashes).',
    ],
    [
      '标识符格式错误或校验位不符（在要求合法值时）。',
      '值不是所声明类型的合法标识符（手机号少一位、身份证校验位错误）。',
      '在采集时校验并请用户重新输入；`canonicalize` 接受常见写法（+86、空格、短横线）。',
    ],
  ),
  DEID_INVALID_CHARACTER: entry(
    [
      "A character outside the radix's alphabet: a letter or separator in a digits-only value.",
      'Strip separators first, or choose a radix whose alphabet covers the value.',
    ],
    [
      'FF1 输入含有字母表以外的字符。',
      '值中有基数字母表以外的字符：纯数字值中出现字母或分隔符。',
      '先去掉分隔符，或选择字母表能覆盖该值的基数。',
    ],
  ),
  DEID_FF1_DOMAIN_TOO_SMALL: entry(
    [
      'A value too short for format-preserving encryption to be secure (4 digits have only 10,000 values).',
      'Encrypt the whole value, or mask short values instead.',
    ],
    [
      '基数的长度次方低于 NIST SP 800-38G 规定的 1,000,000 下限。',
      '值太短，保格式加密不安全（4 位数字只有 10,000 种取值）。',
      '加密完整的值，或对短值改用掩码。',
    ],
  ),
  DEID_TOKEN_MALFORMED: entry(
    [
      'A raw value where a token is expected, or a token cut short by a column length.',
      'Store and pass the whole `tk_…` token as `tokenize()` returned it.',
    ],
    [
      '令牌不符合 `tk_<keyId>_<data>` 形式。',
      '需要令牌的地方传入了原始值，或令牌被字段长度截断。',
      '按 `tokenize()` 返回的原样存储和传递完整的 `tk_…` 令牌。',
    ],
  ),
  DEID_TOKEN_INVALID: entry(
    [
      'A token detokenised under another kind or field than it was made for, altered, or made under another key with the same id.',
      'Detokenise with the kind and field it was made for; never edit tokens.',
    ],
    [
      '令牌认证失败：被篡改、密钥错误，或类型/字段不符。',
      '以与生成时不同的类型或字段还原令牌、令牌被修改，或由同 id 的其他密钥生成。',
      '用生成时的类型和字段还原；不要修改令牌。',
    ],
  ),
  DEID_KEY_NOT_FOUND: entry(
    [
      'A key id the vault does not hold: a retired key, a typo in configuration, or a vault for another environment.',
      'Configure a key id the vault has; keep retired keys readable while tokens made with them exist.',
    ],
    [
      '密钥库中没有所请求 id 的密钥。',
      '密钥库中没有该 id：密钥已退役、配置拼写错误，或用了其他环境的密钥库。',
      '配置密钥库中存在的 id；只要还有用旧密钥生成的令牌，就保留旧密钥可读。',
    ],
  ),
  DEID_AUDIT_FAILED: entry(
    [
      'The audit hook threw (its log sink is down), so the re-identification was refused rather than done unaudited.',
      'Make the audit hook durable (queue and retry); never swallow its errors to let detokenisation through.',
    ],
    [
      '审计钩子抛出错误；还原被拒绝（失败即关闭）。',
      '审计钩子抛错（日志服务不可用），因此拒绝还原而非在无审计情况下执行。',
      '让审计钩子可靠（排队并重试）；不要吞掉其错误以放行还原。',
    ],
  ),
  DEID_SUBJECT_SHREDDED: entry(
    [
      "The subject's data key was destroyed (account deleted, crypto-shredding), or never created.",
      'Treat it as "erased": show nothing, count it, carry on; this is the intended outcome of shredding.',
    ],
    [
      '主体的数据密钥已被销毁（或从未存在）：其密文不可读。',
      '主体的数据密钥已销毁（账户注销、加密粉碎），或从未创建。',
      '按“已删除”处理：不显示、计数并继续；这正是加密粉碎的预期结果。',
    ],
  ),
  DEID_CIPHERTEXT_INVALID: entry(
    [
      'A ciphertext decrypted under another subject, altered, or not produced by the shredder at all.',
      'Decrypt under the subject it was encrypted for, with the bytes untouched.',
    ],
    ['密文格式错误或认证失败。', '以其他主体解密、密文被修改，或根本不是粉碎器生成的密文。', '用加密时的主体解密，并保持字节不变。'],
  ),
  DEID_UNKNOWN_FIELD: entry(
    [
      "A record with a field the policy does not name (a new column upstream) under `unknownFields: 'error'`.",
      'Decide on the new field: name it in the policy (keep, transform or drop).',
    ],
    [
      "记录中有策略未列出的字段，且 `unknownFields` 为 `'error'`。",
      "上游新增了列，而策略设为 `unknownFields: 'error'`。",
      '对新字段做出决定：在策略中列出它（保留、转换或删除）。',
    ],
  ),
  DEID_CSV_MALFORMED: entry(
    [
      'An unquoted field containing a comma, an unterminated quote, a ragged row or a duplicate header.',
      'Quote fields that contain commas, quotes or line breaks (`formatCsvLine` does); fix the export that produced the file.',
    ],
    [
      'CSV 输入格式错误（引号未闭合、行字段数不一致）。',
      '含逗号的字段未加引号、引号未闭合、行字段数不一致或表头重复。',
      '含逗号、引号或换行的字段加引号（`formatCsvLine` 会处理）；修正生成该文件的导出程序。',
    ],
  ),
};
