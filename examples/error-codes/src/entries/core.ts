import { type Entries, entry } from '../entry';

/** @aisle/core */
export const core: Entries = {
  CORE_VALIDATION: entry(
    [
      'A value of the wrong type or out of range at a public boundary: the message names the path, what was expected and what was received.',
      'Correct the value at the path the issue names; read `error.issues` rather than the message to map issues to form fields.',
    ],
    [
      '公共边界处的输入未通过模式校验；详见 `ValidationError.issues`。',
      '在公共接口处传入了类型错误或超出范围的值：错误消息会写明路径、期望值和实际收到的值。',
      '按问题所指路径修正该值；要把问题映射到表单字段，请读取 `error.issues`，不要解析消息文本。',
    ],
  ),
  CORE_UNEXPECTED: entry(
    [
      'Something that is not an Aisle error was thrown inside a schema, a callback or a driver, and was wrapped at the boundary.',
      'Look at `error.cause` (the original) and handle that failure where it happens; never match on the message.',
    ],
    [
      '模式、回调或驱动抛出了意料之外的错误；原始错误在 `cause` 中。',
      '模式、回调或数据库驱动内部抛出了非 Aisle 错误，在边界处被包装。',
      '查看 `error.cause`（原始错误），在其发生处处理该故障；不要依赖消息文本判断。',
    ],
  ),
  CORE_INVALID_TIME_ZONE: entry(
    [
      'An abbreviation ("CST"), a city name or an offset where an IANA zone name is expected; or a runtime without zone data.',
      'Pass the IANA name (`Asia/Shanghai` for mainland China). On a runtime without `Intl` zone data (a mini-program engine, small-icu), call `setTimeZoneProvider(bundledTimeZones)` once at start-up, with `bundledTimeZones` from `@aisle/core/zones` (Asia/Shanghai, Hong Kong, Macau, Taipei), or inject a provider of your own for other zones.',
    ],
    [
      '字符串不是运行时 `Intl` 可识别的 IANA 时区。',
      '需要 IANA 时区名的地方传入了缩写（如 "CST"）、城市名或 UTC 偏移；或运行时缺少时区数据。',
      '传入 IANA 名称（中国大陆为 `Asia/Shanghai`）。在没有 `Intl` 时区数据的运行时（小程序引擎、small-icu）中，启动时用 `@aisle/core/zones` 中的 `bundledTimeZones` 调用一次 `setTimeZoneProvider(bundledTimeZones)`（上海、香港、澳门、台北），其他时区注入自己的提供者。',
    ],
  ),
  CORE_INVALID_INSTANT: entry(
    [
      'A local date-time string without an offset, an invalid `Date`, or a value of another type.',
      'Pass an ISO 8601 string with an explicit offset (`+08:00` or `Z`), a `Date`, or epoch milliseconds.',
    ],
    [
      '日期无效、超出范围，或字符串缺少明确的 UTC 偏移。',
      '传入了不带偏移的本地时间字符串、无效的 `Date`，或其他类型的值。',
      '传入带明确偏移（`+08:00` 或 `Z`）的 ISO 8601 字符串、`Date` 或毫秒时间戳。',
    ],
  ),
  CORE_NONEXISTENT_LOCAL_TIME: entry(
    [
      "A wall-clock time inside a daylight-saving gap (or overlap) of the zone, asked for with `disambiguation: 'reject'`.",
      "Choose what such a time should mean: `'compatible'` (the default), `'earlier'` or `'later'`.",
    ],
    [
      "在 `disambiguation: 'reject'` 下，本地时间不存在（或有歧义）。",
      '所请求的本地时间落在该时区夏令时切换的空档（或重叠）中。',
      "指明此类时间的含义：`'compatible'`（默认）、`'earlier'` 或 `'later'`。",
    ],
  ),
  CORE_NOT_CANONICALIZABLE: entry(
    [
      'A value with no JSON form in evidence or hashed data: `NaN`, `Infinity`, a `bigint`, a `Date` object, a class instance, a function or a cycle.',
      'Convert to plain JSON first: amounts as integer fen, instants as ISO strings.',
    ],
    [
      '值没有规范 JSON 形式（NaN、Infinity、bigint、函数、类实例、循环引用等）。',
      '待哈希或存证的数据中含有无法表示为 JSON 的值。',
      '先转换为纯 JSON：金额用整数分，时间用 ISO 字符串。',
    ],
  ),
  CORE_CHAIN_BROKEN: entry(
    [
      'Stored evidence was edited, reordered, truncated or corrupted after it was written, or is checked against an anchor it does not belong to.',
      'Treat it as an incident, not a bug to work around: find the first bad entry (`details.index`), restore from a verified copy and verify again against the anchor you kept outside the store.',
    ],
    [
      '所有包共用的断链错误码：哈希链、流或检查点校验失败。`details` 含 `context`，以及（已知时）`streamId`、`index`（首个错误条目）和 `reason`。',
      '存证数据写入后被修改、重排、截断或损坏，或用不属于它的锚点校验。',
      '把它当作事件处理而不是绕过：找到首个错误条目（`details.index`），从已校验的副本恢复，并用保存在存储之外的锚点重新校验。',
    ],
  ),
  CORE_INVALID_ID: entry(
    [
      'An id of another kind (another prefix), a truncated id, or free text where a generated id is expected.',
      'Pass an id of the expected kind, as `generate()` made it.',
    ],
    [
      '字符串不是预期类型的合法 id。',
      '传入了其他类型（前缀不同）的 id、被截断的 id，或普通文本。',
      '传入预期类型、由 `generate()` 生成的 id。',
    ],
  ),
  CORE_NO_RANDOM_SOURCE: entry(
    [
      'A runtime without `crypto.getRandomValues` (some mini-program or embedded engines) and no `random` source injected.',
      "Inject the platform's secure random source (in a WeChat mini-program, one filled from `wx.getRandomValues`).",
    ],
    [
      '没有可用的密码学安全随机源，也未注入。',
      '运行时没有 `crypto.getRandomValues`（部分小程序或嵌入式引擎），且未注入 `random`。',
      '注入平台的安全随机源（微信小程序中用 `wx.getRandomValues` 填充）。',
    ],
  ),
  CORE_STORE_VERSION_CONFLICT: entry(
    [
      'Another writer appended to the stream after you read it (optimistic concurrency).',
      'Reload the stream, decide again on the new state and append at its version: `decideAndRetry` does this.',
    ],
    [
      '流的版本与追加时期望的版本不符；未写入任何内容。请重新加载、重新决策后重试。',
      '在你读取之后，另一个写入方向该流追加了内容（乐观并发）。',
      '重新加载流，基于新状态重新决策并按其版本追加：`decideAndRetry` 会完成这些步骤。',
    ],
  ),
  CORE_STORE_DUPLICATE_ID: entry(
    [
      'An entry id reused for a different entry, or a retry that only partly matches what was stored.',
      'Give every new entry a fresh id; a retry must resend exactly the same entries (then it is a harmless duplicate).',
    ],
    [
      '追加中的部分条目 id 已存在（或位于其他位置）；未写入任何内容。',
      '为不同条目复用了 id，或重试的内容与已存储的只部分一致。',
      '每个新条目使用新 id；重试必须原样重发相同的条目（此时视为无害的重复）。',
    ],
  ),
  CORE_STORE_IDEMPOTENCY_CONFLICT: entry(
    [
      'One idempotency key used for two different requests (a key built from too little, such as the till number only).',
      'Derive one key per distinct request; reuse it only to retry that same request.',
    ],
    [
      '幂等键被用于不同的请求；未写入任何内容。',
      '同一幂等键用于两个不同请求（例如键只取了收银台编号）。',
      '为每个不同请求生成一个键；仅在重试同一请求时复用。',
    ],
  ),
  CORE_STORE_LIMIT_EXCEEDED: entry(
    [
      'An append whose counter move (a campaign budget, a daily cap) would pass its limit.',
      'Read what is left with `store.counters()` and grant at most that, or refuse the request.',
    ],
    [
      '随追加一起移动的计数器将超过上限；未写入任何内容。`details.key` 指明是哪个计数器。',
      '追加所带的计数器变动（活动预算、每日上限）会超过上限。',
      '用 `store.counters()` 读取剩余额度，最多发放该额度，或拒绝请求。',
    ],
  ),
  CORE_STORE_TRANSIENT: entry(
    [
      'A deadlock or serialisation failure in the database under concurrent writers.',
      'Retry the same operation; `decideAndRetry` retries it for you.',
    ],
    [
      '死锁或序列化失败；未写入任何内容；请重试同一操作。',
      '并发写入时数据库发生死锁或序列化失败。',
      '重试同一操作；`decideAndRetry` 会自动重试。',
    ],
    [
      "PGlite has one connection and cannot deadlock: the sample stages the server's SQLSTATE 40001 with a wrapper around PGlite.",
      'PGlite 只有一个连接，不会死锁：示例用包装 PGlite 的方式模拟服务器返回的 SQLSTATE 40001。',
    ],
  ),
  CORE_STORE_UNAVAILABLE: entry(
    [
      'The database connection dropped, timed out or was closed.',
      'Retry the same append with the same entry ids once the database is back: nothing was half-written.',
    ],
    [
      '存储不可用或超时；不会出现写入一半的情况；使用相同条目 id 重试是安全的。',
      '数据库连接断开、超时或已关闭。',
      '数据库恢复后，用相同条目 id 重试同一追加：不会有部分写入。',
    ],
  ),
  CORE_STORE_RETRIES_EXHAUSTED: entry(
    [
      'A very hot stream (many writers) or too few attempts for the contention.',
      'Retry later, raise `maxAttempts` with backoff, or split the hot stream.',
    ],
    [
      '“决策并重试”循环的每次尝试都遇到冲突。',
      '流过热（写入方太多），或尝试次数不足以应对争用。',
      '稍后重试、提高 `maxAttempts` 并配合退避，或拆分热点流。',
    ],
  ),
};
