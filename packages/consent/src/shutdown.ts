import {
  addLocal,
  assertTimeZone,
  canonicalJson,
  encodeUtf8,
  type InstantInput,
  type Json,
  type MessageLocale,
  toInstant,
} from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Catalogue, requirePurpose } from './catalogue';
import { type ErasureAction, type ErasureTask, erasureReason } from './erasure';
import { ConsentError, ConsentErrorCode } from './errors';
import { parseDuration } from './internal/duration';
import { stillUsing } from './internal/still-using';
import type { SubjectConsent } from './state';

const SUBJECT_ID = /^[A-Za-z0-9][\w.:-]{0,127}$/;

/** Input of {@link planErasureCampaign}: a service (its purposes) is being shut down. */
export interface ErasureCampaignPlanInput {
  /** The campaign's id (e.g. `shutdown-face-check-in-2026`). */
  readonly id: string;
  readonly catalogue: Catalogue;
  /** The purposes of the stopped product or service. */
  readonly purposeIds: readonly string[];
  /** When collection for these purposes stopped. */
  readonly stoppedAt: InstantInput;
  /** How customers were told (GB/T 35273-2020 §7.x: one by one, or by public notice), and when. */
  readonly notification: { readonly kind: 'individual' | 'public-notice'; readonly at: InstantInput; readonly reference?: string };
  /** Erasure starts no earlier than this (after the notification). */
  readonly eraseFrom: InstantInput;
  /** IANA zone for legal-retention arithmetic. */
  readonly zone: string;
}

/** A planned erasure campaign, bound by `planHash` to everything it says. */
export interface ErasureCampaignPlan {
  readonly id: string;
  readonly catalogueVersion: number;
  readonly purposeIds: readonly string[];
  readonly stoppedAt: string;
  readonly notification: { readonly kind: 'individual' | 'public-notice'; readonly at: string; readonly reference: string | null };
  readonly eraseFrom: string;
  readonly zone: string;
  /** SHA-256 (hex) of the canonical JSON of the other fields. */
  readonly planHash: string;
}

/**
 * Plans the erasure that follows a service shutdown (GB/T 35273-2020: stop collecting, tell every
 * customer one by one or by public notice, then delete or anonymise): which purposes, when
 * collection stopped, how and when customers were told, and from when erasure may run.
 *
 * @throws ConsentError `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_INVALID_INPUT` (no purposes, a bad id, erasure before the notification or the stop).
 * @example
 * ```ts
 * import { planErasureCampaign } from '@aisle/consent';
 *
 * const plan = planErasureCampaign({
 *   id: 'shutdown-face-2026', catalogue, purposeIds: ['face.check-in'], zone: 'Asia/Shanghai',
 *   stoppedAt: '2026-12-01T00:00:00+08:00', eraseFrom: '2026-12-31T00:00:00+08:00',
 *   notification: { kind: 'public-notice', at: '2026-12-01T09:00:00+08:00', reference: 'https://mall.example/notice/face-off' },
 * });
 * ```
 */
export function planErasureCampaign(input: ErasureCampaignPlanInput): ErasureCampaignPlan {
  if (typeof input.id !== 'string' || !SUBJECT_ID.test(input.id)) invalid('id', 'letters, digits, _ . : - (1 to 128)', input.id);
  if (!Array.isArray(input.purposeIds) || input.purposeIds.length === 0) invalid('purposeIds', 'a non-empty list', input.purposeIds);
  const purposeIds = [...new Set(input.purposeIds)];
  for (const purposeId of purposeIds) requirePurpose(input.catalogue, purposeId);
  const zone = assertTimeZone(input.zone);
  const stoppedAt = toInstant(input.stoppedAt).toISOString();
  const kind = input.notification?.kind;
  if (kind !== 'individual' && kind !== 'public-notice') invalid('notification.kind', "'individual' | 'public-notice'", kind);
  const notifiedAt = toInstant(input.notification.at).toISOString();
  const eraseFrom = toInstant(input.eraseFrom).toISOString();
  if (eraseFrom < notifiedAt || eraseFrom < stoppedAt) invalid('eraseFrom', 'no earlier than the notification and the stop', eraseFrom);
  const body = {
    id: input.id,
    catalogueVersion: input.catalogue.version,
    purposeIds,
    stoppedAt,
    notification: { kind, at: notifiedAt, reference: input.notification.reference ?? null },
    eraseFrom,
    zone,
  };
  return Object.freeze({ ...body, planHash: hashOf(body) });
}

/** Where a campaign stands: persist it (e.g. from `onProgress`) and pass it back as `resume`. */
export interface ErasureCampaignProgress {
  readonly campaignId: string;
  readonly planHash: string;
  /** Subjects fully handled. */
  readonly subjects: number;
  /** Erasure tasks executed. */
  readonly tasks: number;
  /** The last subject fully handled (subjects are processed in ascending order); `null` before the first. */
  readonly cursor: string | null;
  /** SHA-256 chain over the handled subject ids, from the plan hash. */
  readonly subjectsDigest: string;
  /** SHA-256 chain over the executed tasks (subject, purpose, action, categories). */
  readonly tasksDigest: string;
  readonly startedAt: string;
  readonly done: boolean;
}

/** The verifiable completion record of a campaign. */
export interface ErasureCampaignRecord {
  readonly campaignId: string;
  readonly planHash: string;
  readonly subjects: number;
  readonly tasks: number;
  readonly subjectsDigest: string;
  readonly tasksDigest: string;
  readonly startedAt: string;
  readonly completedAt: string;
  /** SHA-256 (hex) of the canonical JSON of the other fields. */
  readonly recordHash: string;
}

/** A paged listing of subject ids in ascending order after a cursor (see {@link RunErasureCampaignInput.subjects}). */
export type SubjectListing = (after: string | null) => AsyncIterable<string> | Iterable<string> | Promise<Iterable<string>>;

/** Input of {@link runErasureCampaign}. */
export interface RunErasureCampaignInput {
  readonly plan: ErasureCampaignPlan;
  /** The same catalogue the plan was made from. */
  readonly catalogue: Catalogue;
  /**
   * Lists the subjects whose data the affected purposes may hold, a page at a time: ids in
   * ascending order after `after` (exclusive; `null` from the start). Called again after the
   * last id of each page until a page is empty, e.g. `(after) => store.subjectIds({ after: after ?? undefined })`.
   */
  readonly subjects: SubjectListing;
  /** The subject's materialised consent, to keep categories another purpose still rests on. */
  readonly consent: (subjectId: string) => Promise<SubjectConsent | undefined> | SubjectConsent | undefined;
  /** Executes one task (must be idempotent: a resumed run may repeat the tasks of the subject it stopped in). */
  readonly erase: (task: ErasureTask) => Promise<void> | void;
  /** The time of this run; no earlier than `plan.eraseFrom`. */
  readonly at: InstantInput;
  /** The progress a previous run reported, to continue after its cursor. */
  readonly resume?: ErasureCampaignProgress;
  /** Called after each subject with the new progress (persist it to resume later). */
  readonly onProgress?: (progress: ErasureCampaignProgress) => Promise<void> | void;
  /** Stop after this many subjects in this run (the result is then not done). */
  readonly limit?: number;
  /** The language of each task's `reason`: `'en'` (default) or `'zh-CN'`. */
  readonly locale?: MessageLocale;
}

/** What {@link runErasureCampaign} returns. */
export interface ErasureCampaignRun {
  readonly progress: ErasureCampaignProgress;
  /** Set when every subject was handled. */
  readonly record: ErasureCampaignRecord | undefined;
}

/**
 * Runs (or resumes) a planned erasure campaign: for every listed subject and every affected
 * purpose, an {@link ErasureTask} (`trigger: 'service-shutdown'`) goes to `erase`; categories
 * another allowed purpose of the subject still rests on are kept and listed; a purpose with a
 * legal retention duty is restricted until it ends. Progress is reported after each subject;
 * when the listing ends, a completion record with digests of the subjects and tasks covered.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` (a run before `eraseFrom`, a `resume` of another plan, a listing out of order or with a bad id); whatever `erase`, `consent` or the listing throw (the last reported progress stays valid).
 * @example
 * ```ts
 * import { runErasureCampaign } from '@aisle/consent';
 *
 * const run = await runErasureCampaign({
 *   plan, catalogue, at: clock.now(), resume: await loadProgress(),
 *   subjects: (after) => store.subjectIds({ after }),
 *   consent: (id) => store.subject(id),
 *   erase: (task) => deid.execute(task),
 *   onProgress: saveProgress,
 * });
 * if (run.record) archive(run.record);
 * ```
 */
export async function runErasureCampaign(input: RunErasureCampaignInput): Promise<ErasureCampaignRun> {
  const { plan, catalogue } = input;
  if (hashOf(planBody(plan)) !== plan.planHash)
    invalid('plan', 'a plan from planErasureCampaign, unmodified', 'a plan whose hash does not match');
  if (catalogue.version !== plan.catalogueVersion) invalid('catalogue', `catalogue v${plan.catalogueVersion}`, `v${catalogue.version}`);
  for (const fn of ['subjects', 'consent', 'erase'] as const) {
    if (typeof input[fn] !== 'function') throw new TypeError(`runErasureCampaign: ${fn} must be a function`);
  }
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1)) throw new RangeError(`runErasureCampaign: limit must be at least 1, got ${input.limit}`);
  const atDate = toInstant(input.at);
  const at = atDate.getTime();
  if (atDate.toISOString() < plan.eraseFrom)
    invalid('at', `no earlier than ${plan.eraseFrom} (customers are told first)`, atDate.toISOString());
  let progress: ErasureCampaignProgress = input.resume ?? {
    campaignId: plan.id,
    planHash: plan.planHash,
    subjects: 0,
    tasks: 0,
    cursor: null,
    subjectsDigest: plan.planHash,
    tasksDigest: plan.planHash,
    startedAt: atDate.toISOString(),
    done: false,
  };
  if (progress.planHash !== plan.planHash) invalid('resume', `progress of plan ${plan.planHash}`, progress.planHash);
  if (progress.done) return { progress, record: completion(progress, progress.startedAt) };
  const purposes = plan.purposeIds.map((id) => requirePurpose(catalogue, id));
  const affected = new Set(plan.purposeIds);
  const stopped = Date.parse(plan.stoppedAt);
  let handled = 0;
  for await (const subjectId of listAll(input.subjects, progress.cursor)) {
    if (handled >= limit) return { progress, record: undefined };
    const consent = await input.consent(subjectId);
    let tasksDigest = progress.tasksDigest;
    let tasks = 0;
    for (const purpose of purposes) {
      const kept: Record<string, string[]> = Object.create(null);
      const categories: string[] = [];
      for (const category of purpose.categories) {
        const users = stillUsing(catalogue, consent, purpose, category, at).filter((id) => !affected.has(id));
        if (users.length > 0) kept[category] = users;
        else categories.push(category);
      }
      if (categories.length === 0) continue;
      const final: ErasureAction = purpose.erasure ?? 'delete';
      let action: ErasureAction = final;
      let restrictUntil: string | undefined;
      if (purpose.legalRetention !== undefined) {
        const until = addLocal(stopped, parseDuration(purpose.legalRetention), plan.zone);
        if (until.getTime() > at) {
          action = 'restrict';
          restrictUntil = until.toISOString();
        }
      }
      const task: ErasureTask = {
        subjectId,
        purposeId: purpose.id,
        categories,
        kept,
        action,
        trigger: 'service-shutdown',
        since: plan.stoppedAt,
        restrictUntil,
        reason: erasureReason(
          {
            purposeId: purpose.id,
            trigger: 'service-shutdown',
            action,
            final,
            restrictUntil,
            legalRetention: purpose.legalRetention,
            campaignId: plan.id,
          },
          input.locale,
        ),
      };
      await input.erase(task);
      tasks++;
      tasksDigest = link(tasksDigest, [subjectId, purpose.id, action, categories.join(',')].join('|'));
    }
    handled++;
    progress = {
      ...progress,
      subjects: progress.subjects + 1,
      tasks: progress.tasks + tasks,
      cursor: subjectId,
      subjectsDigest: link(progress.subjectsDigest, subjectId),
      tasksDigest,
    };
    await input.onProgress?.(progress);
  }
  progress = { ...progress, done: true };
  await input.onProgress?.(progress);
  return { progress, record: completion(progress, atDate.toISOString()) };
}

/** The result of {@link verifyErasureCampaign}. */
export interface ErasureCampaignVerification {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Checks a completion record: its own hash, its binding to the plan, and (when `subjects` is
 * given) that re-listing the subjects reproduces its subject count and digest, so that no subject
 * was skipped and none appeared after the campaign.
 *
 * @example
 * ```ts
 * import { verifyErasureCampaign } from '@aisle/consent';
 *
 * const check = await verifyErasureCampaign({ plan, record, subjects: (after) => store.subjectIds({ after }) });
 * check.ok; // true
 * ```
 */
export async function verifyErasureCampaign(input: {
  readonly plan: ErasureCampaignPlan;
  readonly record: ErasureCampaignRecord;
  readonly subjects?: SubjectListing;
}): Promise<ErasureCampaignVerification> {
  const { plan, record } = input;
  const problems: string[] = [];
  if (hashOf(planBody(plan)) !== plan.planHash) problems.push('The plan does not match its own hash');
  const { recordHash, ...body } = record;
  if (hashOf(body) !== recordHash) problems.push('The record does not match its own hash');
  if (record.planHash !== plan.planHash || record.campaignId !== plan.id) problems.push('The record belongs to another plan');
  if (input.subjects !== undefined) {
    let digest = plan.planHash;
    let count = 0;
    for await (const subjectId of listAll(input.subjects, null)) {
      digest = link(digest, subjectId);
      count++;
    }
    if (count !== record.subjects) problems.push(`The listing has ${count} subjects, the record covers ${record.subjects}`);
    else if (digest !== record.subjectsDigest) problems.push('The listed subjects differ from those the record covers');
  }
  return { ok: problems.length === 0, problems };
}

/** Every id of a paged listing after `after`, checked: ids, strictly ascending (a listing that ignores the cursor fails instead of looping). */
async function* listAll(list: SubjectListing, after: string | null): AsyncGenerator<string> {
  let cursor = after;
  for (;;) {
    let got = false;
    for await (const subjectId of await list(cursor)) {
      if (typeof subjectId !== 'string' || !SUBJECT_ID.test(subjectId))
        invalid('subjects', 'subject ids (letters, digits, _ . : -)', subjectId);
      if (cursor !== null && subjectId <= cursor) invalid('subjects', `ids in ascending order after ${JSON.stringify(cursor)}`, subjectId);
      cursor = subjectId;
      got = true;
      yield subjectId;
    }
    if (!got) return;
  }
}

function completion(progress: ErasureCampaignProgress, completedAt: string): ErasureCampaignRecord {
  const body = {
    campaignId: progress.campaignId,
    planHash: progress.planHash,
    subjects: progress.subjects,
    tasks: progress.tasks,
    subjectsDigest: progress.subjectsDigest,
    tasksDigest: progress.tasksDigest,
    startedAt: progress.startedAt,
    completedAt,
  };
  return Object.freeze({ ...body, recordHash: hashOf(body) });
}

function planBody(plan: ErasureCampaignPlan): Omit<ErasureCampaignPlan, 'planHash'> {
  const { planHash: _hash, ...body } = plan;
  return body;
}

function hashOf(value: object): string {
  return bytesToHex(sha256(encodeUtf8(canonicalJson(value as Json))));
}

function link(prev: string, line: string): string {
  return bytesToHex(sha256(encodeUtf8(`${prev}\n${line}`)));
}

function invalid(field: string, expected: string, received: unknown): never {
  const shown = typeof received === 'string' ? JSON.stringify(received.slice(0, 80)) : typeof received;
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `${field}: expected ${expected}, received ${shown}`, {
    details: { label: 'erasure campaign', field },
  });
}
