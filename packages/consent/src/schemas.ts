import type { Schema } from '@aisle/core';
import * as z from 'zod/mini';
import type { AssertAll, Equals } from './internal/type-equals';
import {
  CONSENT_CHANNELS,
  CONSENT_EVENT_TYPES,
  CONSENT_MODE_SIGNALS,
  CONSENT_TYPES,
  type ConsentChannel,
  LEGAL_BASES,
  MARKETING_CHANNELS,
} from './vocabulary';

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

// The zod schemas, kept private: the public API exports each one typed as Aisle's own `Schema`
// (Standard Schema v1), next to a hand-written type; the assertions at the end prove they agree.

const retention = /* @__PURE__ */ (() => z.union([duration, z.object({ until: id })]))();

const recipient = /* @__PURE__ */ (() =>
  z.object({
    name: text,
    role: z.enum(['processor', 'third-party', 'joint-controller']),
    country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'))),
  }))();

const purpose = /* @__PURE__ */ (() =>
  z.object({
    id,
    name: bilingual,
    description: bilingual,
    legalBasis: z.enum(LEGAL_BASES),
    categories: z.array(id).check(z.minLength(1), z.refine(unique, 'categories must be unique')),
    function: z.enum(['basic', 'extended']),
    retention,
    legalRetention: z.optional(duration),
    erasure: z.optional(z.enum(['delete', 'anonymise'])),
    recipients: z.optional(z.array(recipient)),
    crossBorder: z.optional(z.object({ countries: z.array(z.string().check(z.regex(/^[A-Z]{2}$/))).check(z.minLength(1)) })),
    channels: z.optional(z.array(z.enum(MARKETING_CHANNELS))),
    consentMode: z.optional(z.array(z.enum(CONSENT_MODE_SIGNALS))),
    reconsentSince: z.optional(z.int().check(z.minimum(1))),
  }))();

const dataCategory = /* @__PURE__ */ (() => z.object({ id, sensitive: z.boolean(), name: z.optional(bilingual) }))();

const catalogue = /* @__PURE__ */ (() =>
  z.object({
    version: z.int().check(z.minimum(1)),
    categories: z.optional(z.array(dataCategory)),
    purposes: z.array(purpose),
  }))();

const notice = /* @__PURE__ */ (() =>
  z.object({
    version: z.int().check(z.minimum(1)),
    publishedAt: instant,
    text: bilingual,
    categories: z.optional(z.array(dataCategory)),
    purposes: z.array(purpose),
  }))();

const actor = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('self') }),
    z.object({
      kind: z.literal('guardian'),
      relationship: z.enum(['mother', 'father', 'legal-guardian', 'other']),
      staffId: z.optional(id),
    }),
    z.object({ kind: z.literal('staff-assisted'), staffId: id }),
  ]))();

const consentEvent = /* @__PURE__ */ (() =>
  z.object({
    id,
    type: z.enum(CONSENT_EVENT_TYPES),
    subjectId: id,
    purposes: z.array(id).check(z.minLength(1), z.refine(unique, 'purposes must be unique')),
    notice: z.object({ version: z.int().check(z.minimum(1)), hash: hex64 }),
    consentType: z.enum(CONSENT_TYPES),
    actor,
    channel: z.enum(CONSENT_CHANNELS),
    evidenceHash: z.optional(hex64),
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
    expiresAt: z.optional(instant),
  }))();

const subjectFacts = /* @__PURE__ */ (() =>
  z.object({
    birthDate: z.optional(z.iso.date()),
    ageBand: z.optional(z.enum(['under-14', '14-17', 'adult'])),
  }))();

/**
 * A text in Simplified Chinese and English, both required.
 *
 * @example
 * ```ts
 * import type { BilingualText } from '@aisle/consent';
 *
 * const name: BilingualText = { 'zh-CN': '短信营销', en: 'SMS marketing' };
 * ```
 */
export type BilingualText = {
  /** The Simplified Chinese text (1 to 4,000 characters). */
  'zh-CN': string;
  /** The English text (1 to 4,000 characters). */
  en: string;
};

/**
 * Retention of the data a purpose collects: an ISO 8601 duration from collection (`'P3Y'`,
 * `'P180D'`), or until an event (`{ until: 'account-closure' }`).
 *
 * @example
 * ```ts
 * import type { Retention } from '@aisle/consent';
 *
 * const retention: Retention = { until: 'account-closure' };
 * ```
 */
export type Retention =
  | string
  | {
      /** The id of the event that ends retention, e.g. `account-closure`. */
      until: string;
    };

/**
 * A recipient of the data: a processor (受托人), a third party (另一个人信息处理者) or a joint
 * controller, with its country.
 *
 * @example
 * ```ts
 * import type { Recipient } from '@aisle/consent';
 *
 * const gateway: Recipient = { name: 'SMS gateway Ltd', role: 'processor', country: 'CN' };
 * ```
 */
export type Recipient = {
  /** Its name as the notice shows it. */
  name: string;
  /** `processor` (受托人), `third-party` (另一个人信息处理者) or `joint-controller`. */
  role: 'processor' | 'third-party' | 'joint-controller';
  /** Where it is, as an ISO 3166-1 alpha-2 code (`CN`, `SG`). */
  country?: string | undefined;
};

/**
 * One purpose of processing, as the customer sees it on the notice.
 *
 * @example
 * ```ts
 * import type { Purpose } from '@aisle/consent';
 *
 * const sms: Purpose = {
 *   id: 'marketing.sms',
 *   name: { 'zh-CN': '短信营销', en: 'SMS marketing' },
 *   description: { 'zh-CN': '向您发送优惠信息', en: 'Offers by SMS' },
 *   legalBasis: 'consent',
 *   categories: ['contact', 'transaction'],
 *   function: 'extended',
 *   retention: { until: 'account-closure' },
 *   channels: ['sms'],
 * };
 * ```
 */
export type Purpose = {
  /** Its stable id (letters, digits, `_ . : -`; up to 128 characters), e.g. `marketing.sms`. */
  id: string;
  /** Its name, in both languages. */
  name: BilingualText;
  /** What it does with the data, in both languages. */
  description: BilingualText;
  /** Its lawful basis under PIPL Art. 13 (one of `LEGAL_BASES`). */
  legalBasis: (typeof LEGAL_BASES)[number];
  /** The data categories it processes (built-in or catalogue-specific ids; at least one, unique). */
  categories: string[];
  /** `basic` business function, or `extended` (which may never be required for the basic service). */
  function: 'basic' | 'extended';
  /** How long the data it collects is kept. */
  retention: Retention;
  /** A legal duty to keep the data (e.g. P3Y for transaction records): erasure becomes `restrict`. */
  legalRetention?: string | undefined;
  /** How data is erased when the basis ends: `delete` (default) or `anonymise`. */
  erasure?: 'delete' | 'anonymise' | undefined;
  /** Who receives the data. */
  recipients?: Recipient[] | undefined;
  /** The countries outside China the data goes to (ISO 3166-1 alpha-2; at least one). */
  crossBorder?: { countries: string[] } | undefined;
  /** The marketing channels it uses (one of `MARKETING_CHANNELS` each). */
  channels?: (typeof MARKETING_CHANNELS)[number][] | undefined;
  /** The Google Consent Mode v2 signals it drives (one of `CONSENT_MODE_SIGNALS` each). */
  consentMode?: (typeof CONSENT_MODE_SIGNALS)[number][] | undefined;
  /** Consents given under a notice version below this one need re-consent (scope expanded). */
  reconsentSince?: number | undefined;
};

/**
 * A purpose as written by callers (the same shape as {@link Purpose}; every field is validated).
 *
 * @example
 * ```ts
 * import type { PurposeInput } from '@aisle/consent';
 *
 * const loyalty: PurposeInput = {
 *   id: 'loyalty', name: { 'zh-CN': '会员积分', en: 'Loyalty points' }, description: { 'zh-CN': '积分', en: 'Points' },
 *   legalBasis: 'contract', categories: ['transaction'], function: 'basic', retention: 'P3Y',
 * };
 * ```
 */
export type PurposeInput = Purpose;

/**
 * A catalogue-specific data category, extending the built-in vocabulary.
 *
 * @example
 * ```ts
 * import type { DataCategory } from '@aisle/consent';
 *
 * const plate: DataCategory = { id: 'vehicle-plate', sensitive: false };
 * ```
 */
export type DataCategory = {
  /** Its id, used in purposes' `categories`. */
  id: string;
  /** Whether it is sensitive personal information (PIPL Art. 28): purposes using it need separate consent. */
  sensitive: boolean;
  /** Its name, in both languages. */
  name?: BilingualText | undefined;
};

/**
 * A versioned purpose catalogue, as written by callers.
 *
 * @example
 * ```ts
 * import type { CatalogueInput } from '@aisle/consent';
 *
 * const input: CatalogueInput = { version: 3, purposes: [] };
 * ```
 */
export type CatalogueInput = {
  /** The catalogue version (an integer from 1). */
  version: number;
  /** Data categories beyond the built-in vocabulary. */
  categories?: DataCategory[] | undefined;
  /** The purposes. */
  purposes: Purpose[];
};

/**
 * A privacy notice as written by callers: a versioned text plus the catalogue it presents (its
 * `contentHash` is computed by `createNotice`).
 *
 * @example
 * ```ts
 * import type { NoticeInput } from '@aisle/consent';
 *
 * const input: NoticeInput = { version: 1, publishedAt: '2026-01-01T00:00:00+08:00', text: { 'zh-CN': '…', en: '…' }, purposes: [] };
 * ```
 */
export type NoticeInput = {
  /** The notice version (an integer from 1). */
  version: number;
  /** When it was published: ISO 8601 with an offset. */
  publishedAt: string;
  /** The notice text, in both languages. */
  text: BilingualText;
  /** Data categories beyond the built-in vocabulary. */
  categories?: DataCategory[] | undefined;
  /** The purposes it presents. */
  purposes: Purpose[];
};

/**
 * Who performed a consent action: the person, their guardian (with the relationship, possibly
 * assisted by staff), or the person assisted by staff.
 *
 * @example
 * ```ts
 * import type { Actor } from '@aisle/consent';
 *
 * const mother: Actor = { kind: 'guardian', relationship: 'mother', staffId: 'S-014' };
 * ```
 */
export type Actor =
  | {
      /** The person themselves. */
      kind: 'self';
    }
  | {
      /** The person's guardian (a child under 14, PIPL Art. 31). */
      kind: 'guardian';
      /** How the guardian is related to the person. */
      relationship: 'mother' | 'father' | 'legal-guardian' | 'other';
      /** The staff member who assisted, if any. */
      staffId?: string | undefined;
    }
  | {
      /** The person, assisted by a staff member. */
      kind: 'staff-assisted';
      /** The staff member who assisted. */
      staffId: string;
    };

/**
 * A consent event as stored in the hash-chained ledger: plain JSON, instants as ISO 8601 strings
 * with an offset.
 *
 * @example
 * ```ts
 * import type { ConsentEvent } from '@aisle/consent';
 *
 * const given: ConsentEvent = {
 *   id: 'ce-1', type: 'given', subjectId: 'psn_4f2a', purposes: ['marketing.sms'],
 *   notice: { version: 3, hash: 'ab'.repeat(32) }, consentType: 'general', actor: { kind: 'self' },
 *   channel: 'kiosk', locale: 'zh-CN', at: '2026-11-21T10:00:00+08:00',
 * };
 * ```
 */
export type ConsentEvent = {
  /** The event id (letters, digits, `_ . : -`; up to 128 characters), unique in the ledger. */
  id: string;
  /** What happened (one of `CONSENT_EVENT_TYPES`); `renewed` counts as `given`. */
  type: (typeof CONSENT_EVENT_TYPES)[number];
  /** The (pseudonymous) subject id. */
  subjectId: string;
  /** The purposes it covers (at least one, unique). */
  purposes: string[];
  /** The notice the customer saw: its version and content hash (lowercase hex SHA-256). */
  notice: { version: number; hash: string };
  /** The kind of consent (one of `CONSENT_TYPES`): general, separate, written, a guardian's. */
  consentType: (typeof CONSENT_TYPES)[number];
  /** Who acted. */
  actor: Actor;
  /** Where it was collected. */
  channel: ConsentChannel;
  /** SHA-256 of the evidence document of what was shown (`@aisle/consent/flow` archives it). */
  evidenceHash?: string | undefined;
  /**
   * What the customer saw when this event was made (written by `@aisle/consent/flow`): the flow,
   * the step the choice was made on, the order of the steps shown, and the SHA-256 of each text
   * the step displayed, in display order.
   */
  evidence?:
    | {
        flow: 'sign-up' | 'manage' | 'withdraw';
        step: string;
        steps: string[];
        texts: string[];
      }
    | undefined;
  /** The language the customer used, as a BCP 47 tag (`zh-CN`). */
  locale: string;
  /** When it happened: ISO 8601 with an offset. */
  at: string;
  /** When a given or renewed consent lapses (consent validity, not data retention). */
  expiresAt?: string | undefined;
};

/**
 * What the rules need to know about a subject: a birth date (local calendar date) or a declared
 * age band.
 *
 * @example
 * ```ts
 * import type { SubjectFacts } from '@aisle/consent';
 *
 * const child: SubjectFacts = { birthDate: '2014-05-01' };
 * ```
 */
export type SubjectFacts = {
  /** The birth date, `YYYY-MM-DD`. */
  birthDate?: string | undefined;
  /** A declared age band, when the birth date is not known. */
  ageBand?: 'under-14' | '14-17' | 'adult' | undefined;
};

/**
 * Validates a {@link Retention}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { RetentionSchema } from '@aisle/consent';
 *
 * parse(RetentionSchema, 'P3Y');
 * parse(RetentionSchema, { until: 'account-closure' });
 * ```
 */
export const RetentionSchema: Schema<Retention, Retention> = retention;

/**
 * Validates a {@link Recipient}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { RecipientSchema } from '@aisle/consent';
 *
 * parse(RecipientSchema, { name: 'SMS gateway Ltd', role: 'processor', country: 'CN' });
 * ```
 */
export const RecipientSchema: Schema<Recipient, Recipient> = recipient;

/**
 * Validates a {@link Purpose}.
 *
 * @example
 * ```ts
 * import { PurposeSchema } from '@aisle/consent';
 *
 * // Through the Standard Schema interface: `{ value }` or `{ issues }`, never a throw.
 * const result = PurposeSchema['~standard'].validate({ id: 'marketing.sms' });
 * if (result instanceof Promise) throw new Error('Aisle schemas validate synchronously');
 * console.log(result.issues?.map((issue) => issue.path)); // name, description, legalBasis… are missing
 * ```
 */
export const PurposeSchema: Schema<Purpose, Purpose> = purpose;

/**
 * Validates a {@link DataCategory}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { DataCategorySchema } from '@aisle/consent';
 *
 * parse(DataCategorySchema, { id: 'vehicle-plate', sensitive: false });
 * ```
 */
export const DataCategorySchema: Schema<DataCategory, DataCategory> = dataCategory;

/**
 * Validates a versioned purpose catalogue ({@link CatalogueInput}); `defineCatalogue` uses it.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { CatalogueSchema } from '@aisle/consent';
 *
 * parse(CatalogueSchema, { version: 3, purposes: [] });
 * ```
 */
export const CatalogueSchema: Schema<CatalogueInput, CatalogueInput> = catalogue;

/**
 * Validates a privacy notice ({@link NoticeInput}); `createNotice` uses it.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { NoticeSchema } from '@aisle/consent';
 *
 * parse(NoticeSchema, { version: 1, publishedAt: '2026-01-01T00:00:00+08:00', text: { 'zh-CN': '…', en: '…' }, purposes: [] });
 * ```
 */
export const NoticeSchema: Schema<NoticeInput, NoticeInput> = notice;

/**
 * Validates an {@link Actor}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { ActorSchema } from '@aisle/consent';
 *
 * parse(ActorSchema, { kind: 'guardian', relationship: 'mother', staffId: 'S-014' });
 * ```
 */
export const ActorSchema: Schema<Actor, Actor> = actor;

/**
 * Validates a {@link ConsentEvent}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { ConsentEventSchema } from '@aisle/consent';
 *
 * parse(ConsentEventSchema, {
 *   id: 'ce-1', type: 'given', subjectId: 'psn_4f2a', purposes: ['marketing.sms'],
 *   notice: { version: 3, hash: 'ab'.repeat(32) }, consentType: 'general', actor: { kind: 'self' },
 *   channel: 'kiosk', locale: 'zh-CN', at: '2026-11-21T10:00:00+08:00',
 * });
 * ```
 */
export const ConsentEventSchema: Schema<ConsentEvent, ConsentEvent> = consentEvent;

/**
 * Validates {@link SubjectFacts}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { SubjectFactsSchema } from '@aisle/consent';
 *
 * parse(SubjectFactsSchema, { birthDate: '2014-05-01' });
 * ```
 */
export const SubjectFactsSchema: Schema<SubjectFacts, SubjectFacts> = subjectFacts;

// Each hand-written type is exactly what its schema parses and accepts (checked by tsc, erased at build).
type _SchemasMatchTypes = AssertAll<
  [
    Equals<Retention, z.output<typeof retention>>,
    Equals<Recipient, z.output<typeof recipient>>,
    Equals<Purpose, z.output<typeof purpose>>,
    Equals<PurposeInput, z.input<typeof purpose>>,
    Equals<DataCategory, z.output<typeof dataCategory>>,
    Equals<CatalogueInput, z.input<typeof catalogue>>,
    Equals<CatalogueInput, z.output<typeof catalogue>>,
    Equals<NoticeInput, z.input<typeof notice>>,
    Equals<NoticeInput, z.output<typeof notice>>,
    Equals<Actor, z.output<typeof actor>>,
    Equals<ConsentEvent, z.output<typeof consentEvent>>,
    Equals<SubjectFacts, z.output<typeof subjectFacts>>,
  ]
>;
