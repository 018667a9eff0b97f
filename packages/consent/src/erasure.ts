import { addLocal, type InstantInput, type MessageLocale, toInstant } from '@aisle/core';
import type { Catalogue, ResolvedPurpose } from './catalogue';
import { parseDuration } from './internal/duration';
import { stillUsing } from './internal/still-using';
import type { SubjectConsent } from './state';

/** What to do with the data: delete, anonymise, or restrict to storage and security (PIPL Art. 47). */
export type ErasureAction = 'delete' | 'anonymise' | 'restrict';

/** An erasure task for `@aisle/deid` or the retailer's systems to execute. */
export interface ErasureTask {
  readonly subjectId: string;
  readonly purposeId: string;
  /** The data categories to act on (those no other allowed purpose of the subject still needs). */
  readonly categories: readonly string[];
  /** Categories kept because other purposes still rest on them, with those purposes. */
  readonly kept: Readonly<Record<string, readonly string[]>>;
  readonly action: ErasureAction;
  /** What ended the purpose: a withdrawal, an expiry, a closed account, or a service shutdown campaign. */
  readonly trigger: 'withdrawn' | 'expired' | 'account-closed' | 'service-shutdown';
  /** When the trigger happened (the task is due from then). */
  readonly since: string;
  /** For `restrict`: when the legal retention duty ends and the data must go. */
  readonly restrictUntil: string | undefined;
  /** Why and what to do, naming the clause, in the language of the input's `locale` (default English). */
  readonly reason: string;
}

/** What an erasure reason says. @internal */
interface ErasureReasonFacts {
  readonly purposeId: string;
  readonly trigger: ErasureTask['trigger'];
  readonly action: ErasureAction;
  readonly final: ErasureAction;
  readonly restrictUntil: string | undefined;
  readonly legalRetention: string | undefined;
  readonly campaignId?: string | undefined;
}

const ACTION_ZH: Readonly<Record<ErasureAction, string>> = { delete: '删除', anonymise: '匿名化', restrict: '限制处理' };

/** The `reason` of an erasure task in English or Simplified Chinese. @internal */
export function erasureReason(facts: ErasureReasonFacts, locale: MessageLocale | undefined): string {
  const { purposeId, trigger, action, final, restrictUntil, legalRetention } = facts;
  const retention = legalRetention === undefined ? '' : ` (legal retention ${legalRetention})`;
  if (locale === 'zh-CN') {
    const why =
      trigger === 'account-closed'
        ? '账户已注销'
        : trigger === 'service-shutdown'
          ? `服务已停止（活动 ${facts.campaignId}）`
          : trigger === 'withdrawn'
            ? '同意已撤回'
            : '同意已过期';
    const zhRetention = legalRetention === undefined ? '' : `（法定保存期限 ${legalRetention}）`;
    const how =
      action === 'restrict'
        ? `限制为仅存储和采取安全保护措施，直至 ${restrictUntil}${zhRetention}，之后${ACTION_ZH[final]}`
        : ACTION_ZH[final];
    return `${purposeId}：${why}；${how}（《个人信息保护法》第四十七条）`;
  }
  if (locale !== undefined && locale !== 'en')
    throw new RangeError(`locale: expected "en" or "zh-CN", received ${JSON.stringify(String(locale))}`);
  if (trigger === 'service-shutdown') {
    return `${purposeId}: the service was shut down (campaign ${facts.campaignId}); ${action === 'restrict' ? `restrict until ${restrictUntil}, then ${final}` : final} (PIPL Art. 47)`;
  }
  const why = trigger === 'account-closed' ? 'the account was closed' : `consent was ${trigger}`;
  const how = action === 'restrict' ? `restrict to storage and security until ${restrictUntil}${retention}, then ${final}` : final;
  return `${purposeId}: ${why}; ${how} (PIPL Art. 47)`;
}

/** Input of {@link dueErasures}. */
export interface DueErasuresInput {
  readonly catalogue: Catalogue;
  /** Materialised consent of the subjects to check (e.g. `state.subjects.values()`). */
  readonly subjects: Iterable<SubjectConsent>;
  readonly at: InstantInput;
  /** Deleted accounts: every purpose's data goes (PIPL Art. 47 (1)… (5)). */
  readonly accountClosures?: ReadonlyArray<{ readonly subjectId: string; readonly at: InstantInput }>;
  /** Only triggers at or after this instant (for incremental runs). */
  readonly since?: InstantInput;
  /** IANA zone for calendar arithmetic of legal retention. Default `Asia/Shanghai`. */
  readonly zone?: string;
  /** The language of each task's `reason`: `'en'` (default) or `'zh-CN'`. */
  readonly locale?: MessageLocale;
}

/**
 * The erasure tasks due at `at`: for every purpose whose consent was withdrawn or has expired,
 * and for every purpose of a closed account. A purpose with a legal retention duty is
 * `restrict`ed (storage and security only) until the duty ends, then deleted or anonymised
 * (PIPL Art. 47). Categories that another allowed purpose still needs are kept and listed.
 *
 * @example
 * ```ts
 * import { dueErasures } from '@aisle/consent';
 *
 * for (const task of dueErasures({ catalogue, subjects: state.subjects.values(), at: clock.now() })) queue(task);
 * ```
 */
export function dueErasures(input: DueErasuresInput): ErasureTask[] {
  const at = toInstant(input.at).getTime();
  const from = input.since === undefined ? Number.NEGATIVE_INFINITY : toInstant(input.since).getTime();
  const zone = input.zone ?? 'Asia/Shanghai';
  erasureReason(
    { purposeId: '', trigger: 'expired', action: 'delete', final: 'delete', restrictUntil: undefined, legalRetention: undefined },
    input.locale,
  );
  const closed = new Map<string, number>();
  for (const closure of input.accountClosures ?? []) closed.set(closure.subjectId, toInstant(closure.at).getTime());
  const tasks: ErasureTask[] = [];
  const seen = new Set<string>();
  const emit = (
    subjectId: string,
    consent: SubjectConsent | undefined,
    purpose: ResolvedPurpose,
    trigger: ErasureTask['trigger'],
    when: number,
  ) => {
    if (when > at || when < from) return;
    const closedAccount = trigger === 'account-closed';
    const kept: Record<string, string[]> = {};
    const categories: string[] = [];
    for (const category of purpose.categories) {
      const users = closedAccount ? [] : stillUsing(input.catalogue, consent, purpose, category, at);
      if (users.length > 0) kept[category] = users;
      else categories.push(category);
    }
    if (categories.length === 0) return;
    const final: ErasureAction = purpose.erasure ?? 'delete';
    let action: ErasureAction = final;
    let restrictUntil: string | undefined;
    if (purpose.legalRetention !== undefined) {
      const until = addLocal(when, parseDuration(purpose.legalRetention), zone);
      if (until.getTime() > at) {
        action = 'restrict';
        restrictUntil = until.toISOString();
      }
    }
    seen.add(`${subjectId}\u0000${purpose.id}`);
    tasks.push({
      subjectId,
      purposeId: purpose.id,
      categories,
      kept,
      action,
      trigger,
      since: new Date(when).toISOString(),
      restrictUntil,
      reason: erasureReason(
        { purposeId: purpose.id, trigger, action, final, restrictUntil, legalRetention: purpose.legalRetention },
        input.locale,
      ),
    });
  };
  const subjects = new Map<string, SubjectConsent>();
  for (const consent of input.subjects) subjects.set(consent.subjectId, consent);
  for (const [subjectId, when] of closed) {
    for (const purpose of input.catalogue.purposes) emit(subjectId, subjects.get(subjectId), purpose, 'account-closed', when);
  }
  for (const consent of subjects.values()) {
    for (const [purposeId, record] of consent.purposes) {
      const purpose = input.catalogue.get(purposeId);
      if (purpose === undefined || seen.has(`${consent.subjectId}\u0000${purposeId}`)) continue;
      if (record.status === 'withdrawn' || record.status === 'expired') emit(consent.subjectId, consent, purpose, record.status, record.at);
      else if (record.status === 'given') {
        // A sensitive purpose rests on its separate consent (as in `decide`), so that consent's
        // expiry is the one that ends it, even if a later bundled consent never expires.
        const lapse = purpose.sensitive ? record.separateExpiresAt : record.expiresAt;
        if (lapse !== undefined) emit(consent.subjectId, consent, purpose, 'expired', lapse);
      }
    }
  }
  return tasks;
}
