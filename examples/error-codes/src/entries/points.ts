import { type Entries, entry } from '../entry';

/** @aisle/points */
export const points: Entries = {
  POINTS_INVALID_AMOUNT: entry(
    [
      'A fractional or negative amount (yuan with decimals, a division upstream), or a redemption of 0 points.',
      'Use integers: money in fen, points whole; round explicitly where your data is fractional.',
    ],
    [
      '以分或积分表示的金额为负数、小数或不是安全整数。',
      '金额带小数或为负（以元计的小数、上游做了除法），或兑换 0 积分。',
      '使用整数：金额以分计、积分为整数；数据有小数时显式取整。',
    ],
  ),
  POINTS_INVALID_RULES: entry(
    [
      'A rule set that cannot be compiled: duplicate rule ids, an unknown group, a bad factor, a date both holiday and working day.',
      'Fix the rule set as the message says and compile it again before deploying it.',
    ],
    [
      '规则集无法编译（规则 id 重复、分组未知、倍数错误）。',
      '规则集无法编译：规则 id 重复、分组未知、倍数错误、同一日期既是假日又是调休工作日。',
      '按消息修正规则集，部署前重新编译。',
    ],
  ),
  POINTS_CONTRADICTORY_STACKING: entry(
    [
      'A stacking group declared twice (with different modes), or a `multiply` group over rules that are not multipliers.',
      'Declare each group once, with one mode.',
    ],
    [
      '互斥分组相互矛盾（同一分组声明两次，或对非倍数规则使用 `multiply`）。',
      '叠加分组声明了两次（模式不同），或 `multiply` 分组中有非倍数规则。',
      '每个分组只声明一次，只用一种模式。',
    ],
  ),
  POINTS_UNKNOWN_MEMBER: entry(
    [
      'A member or tier the operation does not know: a tier renamed in the CRM but not in the policy, or a ledger member with no history.',
      "Use the policy's tiers (migrate members when the policy changes) and the member id the ledger holds.",
    ],
    [
      '会员缺失，或不是操作所指的会员。',
      '操作不认识该会员或等级：CRM 中改了等级名但策略未改，或账本中该会员没有记录。',
      '使用策略中的等级（策略变更时迁移会员），并使用账本中存在的会员 id。',
    ],
  ),
  POINTS_UNKNOWN_STORE: entry(
    [
      "A store without a valid IANA time zone (the business date depends on it), or not in the rule set's store list.",
      'Give every store its IANA zone and list it in the rule set when the rules are per store.',
    ],
    [
      '门店不在已编译规则集的门店列表中，或缺少时区。',
      '门店没有有效的 IANA 时区（营业日依赖它），或不在规则集的门店列表中。',
      '为每个门店配置 IANA 时区；规则按门店生效时把门店加入列表。',
    ],
  ),
  POINTS_IDEMPOTENCY_CONFLICT: entry(
    [
      'A request key reused for a different request (built from too little, e.g. the till and the day).',
      'One key per request; reuse it only to retry the same request.',
    ],
    [
      '幂等键被用于不同的请求。',
      '请求键被用于不同的请求（键的组成信息太少，如只有收银台和日期）。',
      '每个请求一个键；仅在重试同一请求时复用。',
    ],
  ),
  POINTS_INSUFFICIENT_BALANCE: entry(
    [
      "A redemption larger than the member's usable points (pending points are not usable yet).",
      'Quote against `balance().available` first and redeem at most that.',
    ],
    [
      '兑换所需积分超过会员有效积分批次的余额。',
      '兑换数量大于会员可用积分（待生效积分尚不可用）。',
      '先按 `balance().available` 报价，兑换不超过该值。',
    ],
  ),
  POINTS_UNKNOWN_REFERENCE: entry(
    [
      "A refund for a receipt the member never earned on (a mistyped receipt number, another member's receipt), or a redemption older than the refund window.",
      'Refer to the transaction or redemption id the ledger recorded for this member.',
    ],
    [
      '退款引用了账本不认识的积分发放或兑换记录。',
      '为会员从未积分的小票退款（小票号输错、其他会员的小票），或兑换已超出可退期限。',
      '引用账本为该会员记录的交易或兑换 id。',
    ],
  ),
  POINTS_REFUND_EXCEEDS_ORIGINAL: entry(
    [
      'A refund larger than what remains refundable on the receipt (partly refunded before), or a redemption refunded twice.',
      'Refund at most the remaining refundable amount; check earlier refunds.',
    ],
    [
      '退款超过该交易剩余可退金额。',
      '退款金额大于小票剩余可退金额（之前已部分退款），或同一兑换退了两次。',
      '退款不超过剩余可退金额；先核对之前的退款。',
    ],
  ),
  POINTS_DUPLICATE_TRANSACTION: entry(
    [
      'The same receipt sent again under a new request key (scanned at two tills, a retry that generated a new key).',
      'Retry with the original key; never generate a new key for a retry.',
    ],
    [
      '同一交易 id 已以另一幂等键发放过积分。',
      '同一小票以新请求键再次提交（两台收银机都扫了，或重试时生成了新键）。',
      '用原来的键重试；重试时不要生成新键。',
    ],
  ),
  POINTS_REDEMPTION_REJECTED: entry(
    [
      'An item the quote cannot price: an unknown item type, over the order share, or out of stock.',
      "Use a documented item type, within the item's limits.",
    ],
    [
      '目录商品无法按要求兑换（商品未知、超过订单占比、缺货）。',
      '报价无法定价该商品：商品类型未知、超过订单占比或缺货。',
      '使用文档列出的商品类型，并在其限制之内。',
    ],
  ),
  POINTS_BACKDATED: entry(
    [
      "An earn dated before the member's newest operation (an offline till uploading late) under a policy that rejects backdating.",
      "Accept late receipts within a window (`backdating: { accept: 'flagged', windowDays }`) and mark them `backdated: true`.",
    ],
    [
      '积分发放时间早于会员最近一次操作，且回溯策略不接受。',
      '积分发放时间早于会员最近的操作（离线收银机延迟上传），而策略拒绝回溯。',
      "在窗口期内接受迟到的小票（`backdating: { accept: 'flagged', windowDays }`），并标记 `backdated: true`。",
    ],
  ),
};
