/**
 * A declared kind of identifier. Every identifier the graph sees has one of these types; unknown
 * types are rejected.
 *
 * @example `{ type: 'phone', namespaced: false, priority: 50, maxPerProfile: 2, login: false, immutable: false, reassignable: true, linkTtlDays: 365, hubThreshold: 5, canonicalise }`
 * @public
 */
export interface IdentifierType {
  /** The type's name, e.g. `phone`, `member`, `wechat-openid`: 1–40 of `a-z 0-9 -`. */
  readonly type: string;
  /**
   * Values only mean something within a namespace: a WeChat `openid` within its `appid`, a
   * `unionid` within its open-platform account, an Alipay `open_id` within its app. The same value
   * in two namespaces is two identifiers.
   */
  readonly namespaced: boolean;
  /** Higher is more authoritative (the member account is highest): on a split, the part with the top identifier keeps the profile id. */
  readonly priority: number;
  /** At most this many identifiers of this type in one profile (1 for a member account: two accounts are never merged). */
  readonly maxPerProfile: number;
  /** A login identifier (member account, WeChat or Alipay login). */
  readonly login: boolean;
  /** Never changes for its holder (a member account number). */
  readonly immutable: boolean;
  /**
   * A value the world reassigns (carriers reissue phone numbers after a holding period): a newer
   * verified link from another profile supersedes the older links instead of merging the owners.
   */
  readonly reassignable: boolean;
  /** Links through this type stop being valid this many days after they were verified (or seen), unless re-verified. */
  readonly linkTtlDays?: number | undefined;
  /** More distinct neighbours than this and the identifier is a quarantined hub (a shared kiosk device, a family card). */
  readonly hubThreshold: number;
  /** The canonical text of a raw value, or `undefined` when it is not one. Runs before pseudonymisation. */
  readonly canonicalise: (raw: string) => string | undefined;
  /** True for canonical values that never link (test numbers, all-zero and placeholder values). */
  readonly isBlocked?: ((canonical: string) => boolean) | undefined;
}

/**
 * An identifier as a caller gives it: raw, to be canonicalised and pseudonymised by the graph.
 *
 * @example `{ type: 'wechat-openid', namespace: 'wx8f3a…', value: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }`
 * @public
 */
export interface IdentifierInput {
  readonly type: string;
  readonly value: string;
  readonly namespace?: string | undefined;
}

/**
 * How a link was established, strongest first. `inferred` (a probabilistic match) is never a
 * link: use `suggest`, and a reviewer's approval makes it `reviewed`.
 *
 * @public
 */
export type LinkStrength = 'verified-login' | 'sms-code' | 'pos-bind' | 'reviewed';

/**
 * The legal basis of a link: the membership contract, or a consent (purpose, subject and the
 * consent event that gave it).
 *
 * @example `{ kind: 'consent', purposeId: 'marketing.profile', subjectId: 'u-1', consentEventId: 'evt-9' }`
 * @public
 */
export type LegalBasis =
  | { readonly kind: 'contract' }
  | { readonly kind: 'consent'; readonly purposeId: string; readonly subjectId: string; readonly consentEventId: string };

/**
 * The evidence every link carries.
 *
 * @public
 */
export interface LinkEvidence {
  /** The system that saw it, e.g. `mini-program`, `pos:sh-001`. */
  readonly source: string;
  /** The source's event id: the same event linked twice is one link. */
  readonly eventId: string;
  readonly seenAt: string;
  /** When the link was verified (an SMS code entered, a login); links expire from here. */
  readonly verifiedAt?: string | undefined;
  readonly strength: LinkStrength;
  readonly basis: LegalBasis;
  /** The purposes this link may serve, e.g. `['loyalty']`, `['loyalty', 'marketing.profile']`. */
  readonly purposes: ReadonlyArray<string>;
  /** An explicit end of validity (before any type's TTL). */
  readonly expiresAt?: string | undefined;
}

/**
 * Why a link was recorded but not used: `blocked` (a test or placeholder value), `hub` (an
 * over-connected identifier, quarantined), `accounts-conflict` (it would merge two login or
 * member accounts), `profile-limit` (too many identifiers of one type in one profile).
 *
 * @public
 */
export type HoldReason = 'blocked' | 'hub' | 'accounts-conflict' | 'profile-limit';

/**
 * Why a link stopped being used: withdrawn consent, superseded by a newer owner of a reassigned
 * value, its identifier quarantined as a hub, or removed by an operator.
 *
 * @public
 */
export type UnlinkReason = 'consent-withdrawn' | 'reassigned' | 'hub' | 'removed';

/**
 * The result of `link`: applied (with the profile it is in now, and the profile ids it absorbed),
 * held (recorded, never used), or nothing new (the same event again, or a link that was removed:
 * a replayed event never brings a removed link back).
 *
 * @public
 */
export type LinkOutcome =
  | {
      readonly status: 'linked';
      readonly linkId: string;
      readonly profileId: string;
      readonly absorbed: ReadonlyArray<string>;
      readonly superseded: ReadonlyArray<string>;
    }
  | { readonly status: 'held'; readonly linkId: string; readonly reason: HoldReason }
  | { readonly status: 'duplicate'; readonly linkId: string }
  | { readonly status: 'tombstoned'; readonly linkId: string };

/**
 * A profile split off when links were removed: its new id and the id it came from.
 *
 * @public
 */
export interface SplitPart {
  readonly profileId: string;
  readonly from: string;
  readonly identifiers: ReadonlyArray<string>;
}

/**
 * The identifiers grouped together for one purpose at one instant. `profileId` is the stable
 * profile the group belongs to; `part` is 0 for the group holding the profile's top-priority
 * identifier and counts up when links that are not valid for this purpose or instant divide it.
 *
 * @public
 */
export interface PurposeProfile {
  readonly profileId: string;
  readonly part: number;
  /** Identifier keys (`type|namespace|pseudonym`), sorted. */
  readonly identifiers: ReadonlyArray<string>;
}

/**
 * One link of an explanation chain, with its evidence.
 *
 * @public
 */
export interface ExplainedLink {
  readonly linkId: string;
  readonly from: string;
  readonly to: string;
  readonly evidence: LinkEvidence;
}

/**
 * Answers whether a subject's consent to a purpose stands at an instant (the shape of
 * `@aisle/consent`'s gate). It must fail closed: anything but `true` excludes the link.
 *
 * @public
 */
export type ConsentGate = (subjectId: string, purposeId: string, at: string) => boolean;

/**
 * Turns a canonical identifier into the pseudonym the graph stores (an HMAC under a key the graph
 * never sees, e.g. `@aisle/deid`'s `createPseudonymizer`). The graph never stores raw values.
 *
 * @public
 */
export type Pseudonymise = (input: { readonly type: string; readonly namespace: string; readonly canonical: string }) => string;
