import { type Entries, entry } from '../entry';

/** @aisle/consent */
export const consent: Entries = {
  CONSENT_INVALID_INPUT: entry(
    [
      "A field with a value outside its vocabulary (a purpose `function` of `'premium'`, an actor kind of `'staff'`), a missing field, or a notice version without its predecessor.",
      'Use the documented values; the message lists the allowed ones and the value received.',
    ],
    [
      '事件、目录、告知、流程或主体记录未通过模式校验。',
      "字段取值不在词表中（如目的 `function` 为 `'premium'`、操作人类型为 `'staff'`）、缺少字段，或新版本告知缺少其前一版本。",
      '使用文档列出的取值；错误消息会列出允许的值和实际收到的值。',
    ],
  ),
  CONSENT_UNKNOWN_PURPOSE: entry(
    [
      'A purpose id with a typo, or one from another notice than the catalogue in use.',
      'Use a purpose id declared in the notice whose catalogue you pass.',
    ],
    [
      '目的 id 不在目录中（出现在事件、决策、流程或导出中）。',
      '目的 id 拼写错误，或来自另一份告知的目录。',
      '使用所传目录对应告知中声明的目的 id。',
    ],
  ),
  CONSENT_OUT_OF_ORDER: entry(
    [
      'Events of one subject merged from several sources without sorting, or an event with a wrong clock.',
      "Apply each subject's events in time order; fix the source clock.",
    ],
    [
      '事件早于该主体已记录的最新事件。',
      '同一主体的事件来自多个来源且未排序，或某事件的时钟有误。',
      '按时间顺序应用每个主体的事件；修正来源时钟。',
    ],
  ),
  CONSENT_TIME_BEFORE_STATE: entry(
    [
      '`decide` asked about a time before the last event the materialised state holds.',
      "Decide at or after the state's last event; for a past time use `decideFromEvents` over the log.",
    ],
    [
      '请求决策的时间早于主体物化状态的时间。',
      '用物化状态调用 `decide`，询问的时间早于状态中最新的事件。',
      '在状态最新事件之时或之后决策；查询过去的时间请对日志使用 `decideFromEvents`。',
    ],
  ),
  CONSENT_TOKEN_INVALID: entry(
    [
      'A link edited or cut short in transit, or a token signed with another key (keys rotated without keeping the old one for verification).',
      'Verify the token exactly as issued, with the key that signed it; keep retired keys for verification until their tokens expire.',
    ],
    [
      '退订令牌格式错误或签名校验失败。',
      '链接在传输中被修改或截断，或令牌由其他密钥签名（轮换密钥时未保留旧密钥用于校验）。',
      '用签发时的密钥校验原样的令牌；旧密钥在其令牌过期前保留用于校验。',
    ],
  ),
  CONSENT_TOKEN_EXPIRED: entry(
    [
      'An unsubscribe link clicked after the expiry it was issued with.',
      'Issue links that outlive the campaign, and offer a signed-in way to withdraw when an old link expires.',
    ],
    ['退订令牌已过期。', '退订链接在签发时设定的过期时间之后被点击。', '签发有效期长于活动的链接，并在旧链接过期时提供登录后撤回的途径。'],
  ),
  CONSENT_TOKEN_WRONG_CHANNEL: entry(
    [
      "A token issued for one channel (email) presented on another channel's endpoint (SMS).",
      'Verify on the channel the token was issued for; issue one token per channel.',
    ],
    [
      '退订令牌在非签发渠道上使用。',
      '为某渠道（邮件）签发的令牌被提交到另一渠道（短信）的接口。',
      '在签发渠道上校验；每个渠道各自签发令牌。',
    ],
  ),
  CONSENT_FLOW_REJECTED: entry(
    [
      'A form that would break the rules `validateConsentFlow` checks: here, no withdrawal path for a sign-up (PIPL Art. 15).',
      'Fix what `details.violations` lists (each names its rule and clause); for a sign-up, give the withdrawal path in both languages.',
    ],
    [
      '`createConsentFlow` 将构建一个 `validateConsentFlow` 会拒绝的表单（见 `details.violations`）。',
      '表单违反 `validateConsentFlow` 检查的规则：例如注册流程未提供撤回途径（《个人信息保护法》第十五条）。',
      '按 `details.violations` 逐项修正（每项写明规则和条款）；注册流程需提供中英文撤回途径。',
    ],
  ),
  CONSENT_FLOW_STATE: entry(
    [
      'A view called an action the current step does not allow (the guardian answer on a non-guardian step, `next()` before an answer, anything after `finish()`).',
      'Drive the view from `getState()`: offer only the actions of the current step.',
    ],
    [
      '同意流程的操作与当前状态不符（尚未作答、不是该步骤、流程已结束）。',
      '界面调用了当前步骤不允许的操作（非监护人步骤提交监护人信息、未作答就 `next()`、`finish()` 之后继续操作）。',
      '依据 `getState()` 渲染界面：只提供当前步骤允许的操作。',
    ],
  ),
  CONSENT_TOKEN_MISMATCH: entry(
    [
      'A forwarded link, or a request that names another subject or purpose than the token (a guessed id).',
      'Withdraw only for the subject and purpose the token names; take the subject from the verified token, not from the request.',
    ],
    [
      '退订令牌有效，但其主体或目的与调用方期望的不同。',
      '链接被转发，或请求中的主体或目的与令牌不一致（如猜测的 id）。',
      '只为令牌中写明的主体和目的撤回；主体以校验后的令牌为准，而非请求参数。',
    ],
  ),
};
