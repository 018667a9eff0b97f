import { type Entries, entry } from '../entry';

/** @aisle/identity */
export const identity: Entries = {
  IDENTITY_UNKNOWN_TYPE: entry(
    [
      'An identifier of a type the graph was not given (`fax`), or a type declared twice in its options.',
      "Use one of the graph's types (`defaultIdentifierTypes()`), or add your own type once.",
    ],
    [
      '标识符的类型未提供给身份图，或类型被声明了两次。',
      '标识符类型不在身份图的类型中（如 `fax`），或在选项中重复声明。',
      '使用身份图的类型（`defaultIdentifierTypes()`），或只添加一次自定义类型。',
    ],
  ),
  IDENTITY_INVALID_IDENTIFIER: entry(
    [
      'A value that does not canonicalise for its type (a 5-digit phone number), a namespaced type without its namespace, or an identifier linked to itself.',
      "Validate at intake; give the namespace (the mini-program's app id) for namespaced types.",
    ],
    [
      '标识符的值无法规范化，或带命名空间的类型缺少命名空间。',
      '值无法按其类型规范化（5 位手机号）、带命名空间的类型缺少命名空间，或把标识符与自身关联。',
      '在采集时校验；带命名空间的类型需给出命名空间（如小程序 appid）。',
    ],
  ),
  IDENTITY_INVALID_EVIDENCE: entry(
    [
      'Link evidence that is incomplete or inconsistent: a time without offset, no purposes, an unknown strength, a consent basis without its event.',
      'Give ISO instants with offsets, a documented strength, the legal basis and the purposes.',
    ],
    [
      '关联证据不完整或不一致（时间顺序错误、没有目的、同意依据缺少对应事件）。',
      '证据不完整或不一致：时间缺少偏移、没有目的、强度未知、同意依据缺少对应事件。',
      '提供带偏移的 ISO 时间、文档列出的强度、法律依据和目的。',
    ],
  ),
  IDENTITY_UNTRUSTED_CALLER: entry(
    [
      'A merge requested by a client (a mini-program page, a browser), which anyone can forge.',
      'Link only server-side, after the server verified the binding (an SMS code, a POS scan), with `caller: { trusted: true }`.',
    ],
    [
      '合并请求来自非可信的服务端来源。',
      '合并由客户端（小程序页面、浏览器）发起，任何人都能伪造。',
      '只在服务端、验证绑定（短信验证码、POS 扫码）之后关联，并传 `caller: { trusted: true }`。',
    ],
  ),
  IDENTITY_UNKNOWN_LINK: entry(
    [
      'An id that is not a link of this graph: a profile id, a link id from another graph, or a stale id.',
      'Use the `linkId` that `link()` returned (or `explain()` shows).',
    ],
    [
      '关联不存在。',
      'id 不是本身份图中的关联：画像 id、其他身份图的关联 id，或过期的 id。',
      '使用 `link()` 返回（或 `explain()` 显示）的 `linkId`。',
    ],
  ),
  IDENTITY_CONCURRENT_WRITER: entry(
    [
      'Two processes writing one graph: another one appended to the link log since this graph last wrote.',
      'Write a graph from one process at a time; after this error the graph has reloaded the log, so decide again and retry.',
    ],
    [
      '另一进程向关联日志追加了内容：同一时间只应由一个进程写入身份图；本图已重新加载日志，请重试。',
      '两个进程同时写同一身份图：自本图上次写入以来，另一个进程向关联日志追加了内容。',
      '同一时间只由一个进程写入；出现此错误时图谱已重新加载日志，请重新决策并重试。',
    ],
  ),
  IDENTITY_INPUT_TOO_LARGE: entry(
    [
      'Presence input over its cap: more than 100,000 counts in one call, a vendor post over its byte limit.',
      'Send a day or a week at a time; split large vendor posts.',
    ],
    [
      '在场数据超过文档规定的上限（文本字节数或数组记录数），在解析前被拒绝。',
      '在场数据超过上限：一次超过 100,000 条计数、厂商推送超过字节上限。',
      '每次提交一天或一周的数据；拆分过大的厂商推送。',
    ],
  ),
  IDENTITY_INVALID_PRESENCE_INPUT: entry(
    [
      'A vendor post that is not the documented shape, or whose shared secret does not match (not from your network).',
      "Configure the same secret as the vendor dashboard and send the vendor's documented payload.",
    ],
    [
      '在场数据完全不符合文档规定的结构（不是 JSON、没有 observations 数组、选项错误）。',
      '厂商推送结构不符，或共享密钥不匹配（并非来自你的网络）。',
      '配置与厂商后台相同的密钥，并发送厂商文档规定的数据。',
    ],
  ),
  IDENTITY_RETENTION_EXCEEDED: entry(
    [
      'A device observation older than the day its key was kept for (late data after the daily key rotation), a raw-observation retention above a day, or a trajectory point recorded more than a day after it was seen.',
      "Ingest each day's observations that day; late batches are dropped, not re-keyed; record trajectory points from live sessions.",
    ],
    [
      '原始观测超过保留期限（最多一天），或在清除后请求某个窗口。',
      '设备观测早于其密钥保留的那一天（每日轮换密钥之后到达的迟到数据）、原始观测保留期超过一天，或轨迹点在被看到一天之后才记录。',
      '当天的观测当天处理；迟到的批次应丢弃，不要重新生成密钥；轨迹点应来自实时会话。',
    ],
  ),
  IDENTITY_CONSENT_REQUIRED: entry(
    [
      'A trajectory recorded for a member who is not linked in the graph or has not given the separate consent (PIPL Art. 28/29).',
      'Record trajectories only for signed-in members whose separate consent `consent(subject, purpose, at)` confirms.',
    ],
    [
      '会员没有关联画像，或没有给出所需的单独同意（《个人信息保护法》第二十八、二十九条），不能记录轨迹。',
      '为未在身份图中关联、或未给出单独同意的会员记录轨迹（《个人信息保护法》第二十八、二十九条）。',
      '只为已登录且 `consent(subject, purpose, at)` 确认了单独同意的会员记录轨迹。',
    ],
  ),
};
