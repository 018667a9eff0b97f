import * as z from 'zod/mini';
import { CONSENT_CHANNELS, CONSENT_EVENT_TYPES, CONSENT_MODE_SIGNALS, CONSENT_TYPES, LEGAL_BASES, MARKETING_CHANNELS } from './vocabulary';

const id = /* @__PURE__ */ (() =>
  z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9][\w.:-]*$/, 'letters, digits, _ . : - only')))();
const text = /* @__PURE__ */ (() => z.string().check(z.minLength(1), z.maxLength(4000)))();
const hex64 = /* @__PURE__ */ (() => z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 digest')))();
const instant = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();
/** ISO 8601 duration (years, months, weeks, days, hours, minutes, seconds). */
const duration = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 duration such as P3Y or P180D')))();
const bilingual = /* @__PURE__ */ (() => z.object({ 'zh-CN': text, en: text }))();
const unique = (list: readonly string[]) => new Set(list).size === list.length;

/**
 * Retention of the data a purpose collects: an ISO 8601 duration from collection, or until an
 * event (for example `account-closure`).
 *
 * @example
 * ```ts
 * import { RetentionSchema } from '@aisle/consent';
 *
 * RetentionSchema.parse('P3Y');
 * RetentionSchema.parse({ until: 'account-closure' });
 * ```
 */
export const RetentionSchema = /* @__PURE__ */ (() => z.union([duration, z.object({ until: id })]))();

/**
 * A recipient of the data: a processor (受托人), a third party (另一个人信息处理者) or a joint
 * controller, with its country.
 *
 * @example
 * ```ts
 * import { RecipientSchema } from '@aisle/consent';
 *
 * RecipientSchema.parse({ name: 'SMS gateway Ltd', role: 'processor', country: 'CN' });
 * ```
 */
export const RecipientSchema = /* @__PURE__ */ (() =>
  z.object({
    name: text,
    role: z.enum(['processor', 'third-party', 'joint-controller']),
    country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'))),
  }))();

/**
 * One purpose of processing, as the customer sees it on the notice.
 *
 * @example
 * ```ts
 * import { PurposeSchema } from '@aisle/consent';
 *
 * PurposeSchema.parse({
 *   id: 'marketing.sms',
 *   name: { 'zh-CN': '短信营销', en: 'SMS marketing' },
 *   description: { 'zh-CN': '向您发送优惠信息', en: 'Offers by SMS' },
 *   legalBasis: 'consent',
 *   categories: ['contact', 'transaction'],
 *   function: 'extended',
 *   retention: { until: 'account-closure' },
 *   channels: ['sms'],
 * });
 * ```
 */
export const PurposeSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    name: bilingual,
    description: bilingual,
    legalBasis: z.enum(LEGAL_BASES),
    categories: z.array(id).check(z.minLength(1), z.refine(unique, 'categories must be unique')),
    function: z.enum(['basic', 'extended']),
    retention: RetentionSchema,
    /** A legal duty to keep the data (e.g. P3Y for transaction records): erasure becomes `restrict`. */
    legalRetention: z.optional(duration),
    /** How data is erased when the basis ends: `delete` (default) or `anonymise`. */
    erasure: z.optional(z.enum(['delete', 'anonymise'])),
    recipients: z.optional(z.array(RecipientSchema)),
    crossBorder: z.optional(z.object({ countries: z.array(z.string().check(z.regex(/^[A-Z]{2}$/))).check(z.minLength(1)) })),
    channels: z.optional(z.array(z.enum(MARKETING_CHANNELS))),
    consentMode: z.optional(z.array(z.enum(CONSENT_MODE_SIGNALS))),
    /** Consents given under a notice version below this one need re-consent (scope expanded). */
    reconsentSince: z.optional(z.int().check(z.minimum(1))),
  }))();

/**
 * A catalogue-specific data category, extending the built-in vocabulary.
 *
 * @example
 * ```ts
 * import { DataCategorySchema } from '@aisle/consent';
 *
 * DataCategorySchema.parse({ id: 'vehicle-plate', sensitive: false });
 * ```
 */
export const DataCategorySchema = /* @__PURE__ */ (() => z.object({ id, sensitive: z.boolean(), name: z.optional(bilingual) }))();

/**
 * A versioned purpose catalogue.
 *
 * @example
 * ```ts
 * import { CatalogueSchema } from '@aisle/consent';
 *
 * CatalogueSchema.parse({ version: 3, purposes: [] });
 * ```
 */
export const CatalogueSchema = /* @__PURE__ */ (() =>
  z.object({
    version: z.int().check(z.minimum(1)),
    categories: z.optional(z.array(DataCategorySchema)),
    purposes: z.array(PurposeSchema),
  }))();

/**
 * A privacy notice: a versioned text plus the catalogue it presents. Its `contentHash` is
 * computed by `createNotice`.
 *
 * @example
 * ```ts
 * import { NoticeSchema } from '@aisle/consent';
 *
 * NoticeSchema.parse({ version: 1, publishedAt: '2026-01-01T00:00:00+08:00', text: { 'zh-CN': '…', en: '…' }, purposes: [] });
 * ```
 */
export const NoticeSchema = /* @__PURE__ */ (() =>
  z.object({
    version: z.int().check(z.minimum(1)),
    publishedAt: instant,
    text: bilingual,
    categories: z.optional(z.array(DataCategorySchema)),
    purposes: z.array(PurposeSchema),
  }))();

/**
 * Who performed a consent action: the person, their guardian (with the relationship), or the
 * person assisted by staff. A guardian may also be assisted by staff.
 *
 * @example
 * ```ts
 * import { ActorSchema } from '@aisle/consent';
 *
 * ActorSchema.parse({ kind: 'guardian', relationship: 'mother', staffId: 'S-014' });
 * ```
 */
export const ActorSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('self') }),
    z.object({
      kind: z.literal('guardian'),
      relationship: z.enum(['mother', 'father', 'legal-guardian', 'other']),
      staffId: z.optional(id),
    }),
    z.object({ kind: z.literal('staff-assisted'), staffId: id }),
  ]))();

/**
 * A consent event as stored in the hash-chained ledger: plain JSON, instants as ISO 8601 strings
 * with an offset.
 *
 * @example
 * ```ts
 * import { ConsentEventSchema } from '@aisle/consent';
 *
 * ConsentEventSchema.parse({
 *   id: 'ce-1', type: 'given', subjectId: 'psn_4f2a', purposes: ['marketing.sms'],
 *   notice: { version: 3, hash: 'ab'.repeat(32) }, consentType: 'general', actor: { kind: 'self' },
 *   channel: 'kiosk', locale: 'zh-CN', at: '2026-11-21T10:00:00+08:00',
 * });
 * ```
 */
export const ConsentEventSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    type: z.enum(CONSENT_EVENT_TYPES),
    subjectId: id,
    purposes: z.array(id).check(z.minLength(1), z.refine(unique, 'purposes must be unique')),
    notice: z.object({ version: z.int().check(z.minimum(1)), hash: hex64 }),
    consentType: z.enum(CONSENT_TYPES),
    actor: ActorSchema,
    channel: z.enum(CONSENT_CHANNELS),
    /** SHA-256 of the evidence document of what was shown (`@aisle/consent/flow` archives it). */
    evidenceHash: z.optional(hex64),
    /**
     * What the customer saw when this event was made (written by `@aisle/consent/flow`): the flow,
     * the step the choice was made on, the order of the steps shown, and the SHA-256 of each text
     * the step displayed, in display order.
     */
    evidence: z.optional(
      z.object({
        flow: z.enum(['sign-up', 'manage', 'withdraw']),
        step: id,
        steps: z.array(id).check(z.minLength(1), z.maxLength(64)),
        texts: z.array(hex64).check(z.maxLength(512)),
      }),
    ),
    locale: z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag')),
    at: instant,
    /** When a given or renewed consent lapses (consent validity, not data retention). */
    expiresAt: z.optional(instant),
  }))();

/**
 * What the rules need to know about a subject: a birth date (local calendar date) or a declared
 * age band.
 *
 * @example
 * ```ts
 * import { SubjectFactsSchema } from '@aisle/consent';
 *
 * SubjectFactsSchema.parse({ birthDate: '2014-05-01' });
 * ```
 */
export const SubjectFactsSchema = /* @__PURE__ */ (() =>
  z.object({
    birthDate: z.optional(z.iso.date()),
    ageBand: z.optional(z.enum(['under-14', '14-17', 'adult'])),
  }))();

/** A purpose, as parsed. */
export type Purpose = z.infer<typeof PurposeSchema>;
/** A purpose as written by callers (the same shape; every field is validated). */
export type PurposeInput = z.input<typeof PurposeSchema>;
/** A retention rule. */
export type Retention = z.infer<typeof RetentionSchema>;
/** A recipient. */
export type Recipient = z.infer<typeof RecipientSchema>;
/** A catalogue-specific data category. */
export type DataCategory = z.infer<typeof DataCategorySchema>;
/** A catalogue as written by callers. */
export type CatalogueInput = z.input<typeof CatalogueSchema>;
/** A notice as written by callers (without its hash). */
export type NoticeInput = z.input<typeof NoticeSchema>;
/** The actor of a consent event. */
export type Actor = z.infer<typeof ActorSchema>;
/** A consent event. */
export type ConsentEvent = z.infer<typeof ConsentEventSchema>;
/** Facts about a subject the rules use. */
export type SubjectFacts = z.infer<typeof SubjectFactsSchema>;
