import { canonicalJson, encodeUtf8, type Json } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Catalogue, defineCatalogue, type ResolvedPurpose } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { check } from './internal/check';
import { isLonger } from './internal/duration';
import { type NoticeInput, NoticeSchema } from './schemas';

/** A validated notice with its content hash (SHA-256 of its canonical JSON, lowercase hex). */
export interface Notice {
  readonly version: number;
  readonly publishedAt: string;
  readonly text: { readonly 'zh-CN': string; readonly en: string };
  readonly contentHash: string;
  /**
   * The catalogue the notice presents. When the notice was published over a previous one, each
   * purpose's `reconsentSince` already includes the versions that expanded its scope.
   */
  readonly catalogue: Catalogue;
  /** What changed since the previous version (when `previous` was given), for the re-consent screens. */
  readonly changes: NoticeDiff | undefined;
}

/** Options of {@link createNotice}. */
export interface CreateNoticeOptions {
  /**
   * The notice this one replaces. Required for every version after 1: each purpose whose scope
   * expanded (see `diffNotices`) gets `reconsentSince` set to this version, so consents given
   * under earlier versions need re-consent without any further step; editorial changes keep them
   * valid; earlier `reconsentSince` values carry over. Pass `null` only when no earlier version
   * was ever published.
   */
  readonly previous?: Notice | null;
}

/**
 * Validates a notice and computes its content hash, which consent events record
 * (`notice: { version, hash }`) as evidence of what the customer saw. Publishing version 2 or
 * later over the previous notice marks the purposes whose scope expanded for re-consent.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` (also: a version after 1 without `previous`, or a `previous` that is not older).
 * @example
 * ```ts
 * import { createNotice } from '@aisle/consent';
 *
 * const v3 = createNotice({ version: 3, publishedAt: '2026-11-01T00:00:00+08:00', text, purposes }, { previous: v2 });
 * const ref = { version: v3.version, hash: v3.contentHash };
 * v3.changes?.reconsent; // purposes whose earlier consents now need asking again
 * ```
 */
export function createNotice(input: NoticeInput, options: CreateNoticeOptions = {}): Notice {
  const parsed = check(NoticeSchema, input, 'notice');
  const previous = options.previous;
  if (previous === undefined && parsed.version > 1) {
    throw new ConsentError(
      ConsentErrorCode.INVALID_INPUT,
      `Notice v${parsed.version} needs the notice it replaces (options.previous) so that scope expansions trigger re-consent; pass previous: null only if no earlier version was published`,
      { details: { label: 'notice', field: 'previous', version: parsed.version } },
    );
  }
  if (previous !== undefined && previous !== null) {
    if (typeof previous !== 'object' || typeof previous.version !== 'number' || typeof previous.catalogue?.get !== 'function') {
      throw new TypeError('createNotice: options.previous must be a Notice from createNotice (or null)');
    }
    if (previous.version >= parsed.version) {
      throw new ConsentError(
        ConsentErrorCode.INVALID_INPUT,
        `Notice v${parsed.version} is not newer than the previous v${previous.version}`,
        {
          details: { label: 'notice', from: previous.version, to: parsed.version },
        },
      );
    }
  }
  const draft = defineCatalogue({ version: parsed.version, categories: parsed.categories, purposes: parsed.purposes });
  let changes: NoticeDiff | undefined;
  let final = parsed;
  if (previous !== undefined && previous !== null) {
    const found = changesBetween(previous.catalogue, draft);
    const expanded = new Set(found.filter((c) => c.kind === 'scope-expanded').map((c) => c.purposeId));
    const purposes = parsed.purposes.map((purpose) => {
      const since = Math.max(
        purpose.reconsentSince ?? 0,
        expanded.has(purpose.id) ? 0 : (previous.catalogue.get(purpose.id)?.reconsentSince ?? 0),
        expanded.has(purpose.id) ? parsed.version : 0,
      );
      return since > 0 ? { ...purpose, reconsentSince: since } : purpose;
    });
    final = { ...parsed, purposes };
    changes = {
      from: { version: previous.version, hash: previous.contentHash },
      to: { version: parsed.version, hash: '' },
      changes: found,
      reconsent: [...expanded],
    };
  }
  const catalogue =
    final === parsed ? draft : defineCatalogue({ version: final.version, categories: final.categories, purposes: final.purposes });
  const contentHash = bytesToHex(sha256(encodeUtf8(canonicalJson(final as unknown as Json))));
  if (changes !== undefined) changes = Object.freeze({ ...changes, to: { version: final.version, hash: contentHash } });
  return Object.freeze({ version: final.version, publishedAt: final.publishedAt, text: final.text, contentHash, catalogue, changes });
}

/** Why a purpose change needs re-consent (PIPL Art. 14) or not. */
export type ChangeReason =
  | 'new-purpose'
  | 'new-category'
  | 'new-recipient'
  | 'cross-border'
  | 'longer-retention'
  | 'new-channel'
  | 'legal-basis-changed'
  | 'purpose-removed'
  | 'wording';

/** One purpose's change between two notices. */
export interface PurposeChange {
  readonly purposeId: string;
  /** `scope-expanded`: consent must be asked again; `editorial`: no re-consent. */
  readonly kind: 'scope-expanded' | 'editorial';
  readonly reasons: readonly ChangeReason[];
}

/** The result of `diffNotices`. */
export interface NoticeDiff {
  readonly from: { readonly version: number; readonly hash: string };
  readonly to: { readonly version: number; readonly hash: string };
  /** Changed purposes only, in the order of the newer notice (removed ones last). */
  readonly changes: readonly PurposeChange[];
  /** Purposes whose consent must be asked again: set their `reconsentSince` to `to.version`. */
  readonly reconsent: readonly string[];
}

const EXPANDING = /* @__PURE__ */ new Set<ChangeReason>([
  'new-purpose',
  'new-category',
  'new-recipient',
  'cross-border',
  'longer-retention',
  'new-channel',
  'legal-basis-changed',
]);

/**
 * Classifies every purpose change between two notice versions: a new purpose, data category,
 * recipient, marketing channel, legal basis, a cross-border transfer or a longer retention expands
 * the scope (re-consent, PIPL Art. 14); wording changes and removals are editorial.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` when `next` is not newer than `prev`.
 * @example
 * ```ts
 * import { diffNotices } from '@aisle/consent';
 *
 * const diff = diffNotices(v2, v3);
 * diff.reconsent; // ['marketing.sms'] when v3 added a recipient to it
 * ```
 */
export function diffNotices(prev: Notice, next: Notice): NoticeDiff {
  if (next.version <= prev.version) {
    throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `Notice v${next.version} is not newer than v${prev.version}`, {
      details: { label: 'notice', from: prev.version, to: next.version },
    });
  }
  const changes = changesBetween(prev.catalogue, next.catalogue);
  return {
    from: { version: prev.version, hash: prev.contentHash },
    to: { version: next.version, hash: next.contentHash },
    changes,
    reconsent: changes.filter((c) => c.kind === 'scope-expanded').map((c) => c.purposeId),
  };
}

function changesBetween(prev: Catalogue, next: Catalogue): PurposeChange[] {
  const changes: PurposeChange[] = [];
  for (const purpose of next.purposes) {
    const before = prev.get(purpose.id);
    const reasons = before === undefined ? (['new-purpose'] as ChangeReason[]) : compare(before, purpose);
    if (reasons.length === 0) continue;
    changes.push({ purposeId: purpose.id, kind: reasons.some((r) => EXPANDING.has(r)) ? 'scope-expanded' : 'editorial', reasons });
  }
  for (const purpose of prev.purposes) {
    if (next.get(purpose.id) === undefined) changes.push({ purposeId: purpose.id, kind: 'editorial', reasons: ['purpose-removed'] });
  }
  return changes;
}

function compare(a: ResolvedPurpose, b: ResolvedPurpose): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  const grew = (x: readonly string[] = [], y: readonly string[] = []) => y.some((item) => !x.includes(item));
  if (grew(a.categories, b.categories)) reasons.push('new-category');
  const names = (p: ResolvedPurpose) => (p.recipients ?? []).map((r) => `${r.role}|${r.name}|${r.country ?? ''}`);
  if (grew(names(a), names(b))) reasons.push('new-recipient');
  if (grew(a.crossBorder?.countries, b.crossBorder?.countries)) reasons.push('cross-border');
  if (longerRetention(a, b)) reasons.push('longer-retention');
  if (grew(a.channels, b.channels)) reasons.push('new-channel');
  if (a.legalBasis !== b.legalBasis || (a.function === 'extended' && b.function === 'basic')) reasons.push('legal-basis-changed');
  if (reasons.length === 0 && canonicalJson(strip(a)) !== canonicalJson(strip(b))) reasons.push('wording');
  return reasons;
}

function longerRetention(a: ResolvedPurpose, b: ResolvedPurpose): boolean {
  if (typeof b.retention !== 'string') return typeof a.retention === 'string' || a.retention.until !== b.retention.until;
  if (typeof a.retention !== 'string') return false;
  return isLonger(b.retention, a.retention);
}

function strip(p: ResolvedPurpose): Json {
  const { reconsentSince: _ignored, ...rest } = p;
  return rest as unknown as Json;
}
