import { type Entries, entry } from '../entry';

/** @aisle/incidents */
export const incidents: Entries = {
  INCIDENTS_INVALID_COUNT: entry(
    [
      'A count that is fractional, negative or inconsistent (an estimate of "1.2 million" typed as 1.2; more sensitive records than people).',
      'Use whole numbers and re-grade whenever counts change.',
    ],
    [
      '计数（人数、记录数、敏感、未成年人、接收人）为负数、小数或不一致（敏感数 > 人数）。',
      '计数为小数、负数或不一致（把“120 万”写成 1.2；敏感记录多于人数）。',
      '使用整数，计数变化时重新定级。',
    ],
  ),
  INCIDENTS_TIME_ORDER: entry(
    [
      'Instants out of order: a change dated before the last audit entry (a laptop clock set wrong), awareness before occurrence.',
      "Record changes in the order they happen, from one clock (the server's).",
    ],
    [
      '时间顺序错误：知悉或发现早于发生、报送早于知悉、修订早于创建。',
      '时间顺序错误：变更时间早于最后一条审计记录（某台电脑时钟错误）、知悉早于发生。',
      '按发生顺序记录变更，使用同一个时钟（服务器时间）。',
    ],
  ),
  INCIDENTS_UNKNOWN_REGIME: entry(
    ['A regime id that does not exist (`pipl` instead of `pipl-57`).', 'Use an id from `REGIMES`.'],
    ['本包不认识该监管制度 id（且未以数据形式提供）。', '制度 id 不存在（如用 `pipl` 而非 `pipl-57`）。', '使用 `REGIMES` 中的 id。'],
  ),
  INCIDENTS_UNKNOWN_OPERATOR_KIND: entry(
    [
      'A CN operator kind other than `cii`, `central-state-organ` or `other`.',
      'Use one of the three kinds (`other` for an ordinary retailer).',
    ],
    [
      "中国运营者类型不是 `cii`、`central-state-organ` 或 `other`（`details.path: 'operator.kind'`）。",
      '运营者类型不是 `cii`、`central-state-organ` 或 `other`。',
      '使用三种类型之一（普通零售企业为 `other`）。',
    ],
  ),
  INCIDENTS_INVALID_TRANSITION: entry(
    [
      'A lifecycle step skipped (closing a just-detected incident), or a close or reopen without a reason.',
      'Follow the lifecycle (`allowedTransitions(status)` lists the next steps) and give a reason where one is required.',
    ],
    [
      '当前状态不允许该生命周期转换（`details: { from, to }`）。',
      '跳过了生命周期步骤（刚发现就关闭），或关闭、重开时未给出原因。',
      '按生命周期推进（`allowedTransitions(status)` 列出下一步），需要时给出原因。',
    ],
  ),
  INCIDENTS_CALENDAR_GAP: entry(
    [
      'Business-day arithmetic reached a year the holiday calendar does not cover, or `us-sec-8k` without a US calendar.',
      "Give calendars that cover every year a deadline can reach; add each year's official holiday notice when it is published.",
    ],
    [
      '工作日计算遇到节假日日历未覆盖的年份。',
      '工作日计算到了日历未覆盖的年份，或 `us-sec-8k` 未提供美国日历。',
      '提供覆盖截止日可能落入的所有年份的日历；每年官方节假日通知发布后补充。',
    ],
  ),
  INCIDENTS_UNKNOWN_TEMPLATE: entry(
    [
      'An unknown report kind, notice channel, locale or format (a `fax` notice, locale `zh`).',
      'Use a documented kind, channel, locale (`zh-CN`, `en`) and format.',
    ],
    [
      '报告类型、通知渠道、语言或格式未知。',
      '报告类型、通知渠道、语言或格式未知（如 `fax` 通知、语言写成 `zh`）。',
      '使用文档列出的类型、渠道、语言（`zh-CN`、`en`）和格式。',
    ],
  ),
  INCIDENTS_CAMPAIGN: entry(
    [
      'A delivery report for a recipient the campaign does not have, a channel out of order, or an attempt after the recipient was reached.',
      "Record each recipient's attempts on their next channel, in order, until reached.",
    ],
    [
      '通知活动中尝试了未知的接收人或渠道，或接收人已被联系到后仍在尝试。',
      '回执对应的接收人不在活动中、渠道顺序不对，或接收人已送达后仍在尝试。',
      '按顺序在接收人的下一个渠道记录尝试，直到送达。',
    ],
  ),
  INCIDENTS_PLAN: entry(
    [
      'A review task opened for an incident that is not closed, a task opened twice, or a revision linking unknown tasks.',
      'Open the review after closing the incident; revise the plan against its current version.',
    ],
    [
      '应急预案修订不是基于当前版本，或关联了未知的复盘任务。',
      '为未关闭的事件开启复盘任务、重复开启任务，或修订关联了未知任务。',
      '事件关闭后再开启复盘；基于当前版本修订预案。',
    ],
  ),
};
