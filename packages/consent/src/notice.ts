import { canonicalJson, type Json } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
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
  /** The catalogue the notice presents. */
  readonly catalogue: Catalogue;
}

/**
 * Validates a notice and computes its content hash, which consent events record
 * (`notice: { version, hash }`) as evidence of what the customer saw.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT`.
 * @example
 * ```ts
 * import { createNotice } from '@aisle/consent';
 *
 * const v3 = createNotice({ version: 3, publishedAt: '2026-11-01T00:00:00+08:00', text, purposes });
 * const ref = { version: v3.version, hash: v3.contentHash };
 * ```
 */
export function createNotice(input: NoticeInput): Notice {
  const parsed = check(NoticeSchema, input, 'notice');
  const catalogue = defineCatalogue({ version: parsed.version, categories: parsed.categories, purposes: parsed.purposes });
  const contentHash = bytesToHex(sha256(utf8ToBytes(canonicalJson(parsed as unknown as Json))));
  return Object.freeze({ version: parsed.version, publishedAt: parsed.publishedAt, text: parsed.text, contentHash, catalogue });
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

/** The result of {@link diffNotices}. */
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
  const changes: PurposeChange[] = [];
  for (const purpose of next.catalogue.purposes) {
    const before = prev.catalogue.get(purpose.id);
    const reasons = before === undefined ? (['new-purpose'] as ChangeReason[]) : compare(before, purpose);
    if (reasons.length === 0) continue;
    changes.push({ purposeId: purpose.id, kind: reasons.some((r) => EXPANDING.has(r)) ? 'scope-expanded' : 'editorial', reasons });
  }
  for (const purpose of prev.catalogue.purposes) {
    if (next.catalogue.get(purpose.id) === undefined)
      changes.push({ purposeId: purpose.id, kind: 'editorial', reasons: ['purpose-removed'] });
  }
  return {
    from: { version: prev.version, hash: prev.contentHash },
    to: { version: next.version, hash: next.contentHash },
    changes,
    reconsent: changes.filter((c) => c.kind === 'scope-expanded').map((c) => c.purposeId),
  };
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
