import { encodeUtf8, toInstant } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';

import { SegmentError, SegmentErrorCode } from './errors';
import { byCodePoint } from './internal/order';
import { UnionFind } from './internal/union-find';

/**
 * The consent gate an audience is built through, for example `@aisle/consent`'s check:
 * true only if `subjectId` has a valid consent for `purposeId` at `at`.
 *
 * @example
 * ```ts
 * import type { ConsentGate } from '@aisle/segments';
 *
 * const optedIn = new Set(['M1']);
 * const gate: ConsentGate = (subjectId) => optedIn.has(subjectId);
 * ```
 *
 * @public
 */
export type ConsentGate = (subjectId: string, purposeId: string, at: Date) => boolean;

/**
 * Options of {@link buildAudience}.
 *
 * @example
 * ```ts
 * import type { AudienceOptions } from '@aisle/segments';
 *
 * const o: AudienceOptions = { consent: () => true, purpose: 'marketing.sms', channel: 'sms', at: Date.now(), holdout: { fraction: 0.1, salt: 'nov-campaign' } };
 * ```
 *
 * @public
 */
export interface AudienceOptions {
  readonly consent: ConsentGate;
  readonly purpose: string;
  readonly channel: string;
  readonly at: Date | number | string;
  /**
   * Identity links: each group lists identifiers of one person (member ids, a phone pseudonym,
   * a WeChat openid…). Groups sharing an identifier are merged (union-find).
   */
  readonly identities?: readonly (readonly string[])[];
  /** A stable holdout: members whose salted SHA-256 falls under `fraction` are held back. */
  readonly holdout?: { readonly fraction: number; readonly salt: string };
}

/**
 * A consented, de-duplicated audience.
 *
 * @example
 * ```ts
 * import type { Audience } from '@aisle/segments';
 *
 * declare const a: Audience;
 * console.log(`${a.members.length} to contact, ${a.excludedNoConsent} without consent, ${a.holdout.length} held out`);
 * ```
 *
 * @public
 */
export interface Audience {
  /** One member id per person, consented, not held out, in code-point order. */
  readonly members: readonly string[];
  /** Consented people held back as the control group. */
  readonly holdout: readonly string[];
  /** People in the segment without consent for the purpose (not contacted). */
  readonly excludedNoConsent: number;
  /** Segment member ids folded into another member of the same person. */
  readonly duplicatesMerged: number;
  readonly purpose: string;
  readonly channel: string;
  readonly at: Date;
}

function inHoldout(id: string, salt: string, fraction: number): boolean {
  const h = sha256(encodeUtf8(`${salt}\u0000${id}`));
  const x = ((h[0] as number) * 2 ** 24 + (h[1] as number) * 2 ** 16 + (h[2] as number) * 2 ** 8 + (h[3] as number)) / 2 ** 32;
  return x < fraction;
}

/**
 * Turns segment members into an audience for one purpose and channel: people are de-duplicated
 * through identity links (one entry per person: the smallest member id that has consent), each
 * person passes the consent gate or is counted in `excludedNoConsent`, and an optional stable
 * hashed holdout is set aside. Nobody without consent is ever returned, not even in the holdout.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` for a holdout fraction outside [0, 1).
 *
 * @example
 * ```ts
 * import { buildAudience } from '@aisle/segments';
 *
 * const audience = buildAudience(['M1', 'M2', 'M3'], {
 *   consent: (id) => id !== 'M3',
 *   purpose: 'marketing.sms', channel: 'sms', at: '2026-11-21T20:00:00+08:00',
 *   identities: [['M1', 'phone:5f2c', 'M2']],
 * });
 * console.log(audience.members, audience.excludedNoConsent, audience.duplicatesMerged); // ['M1'] 1 1
 * ```
 *
 * @public
 */
export function buildAudience(members: Iterable<string>, options: AudienceOptions): Audience {
  const at = toInstant(options.at);
  const holdout = options.holdout;
  if (holdout && !(Number.isFinite(holdout.fraction) && holdout.fraction >= 0 && holdout.fraction < 1)) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'Holdout fraction must be in [0, 1)', {
      details: { fraction: holdout.fraction },
    });
  }
  const uf = new UnionFind();
  for (const group of options.identities ?? []) for (let i = 1; i < group.length; i++) uf.union(group[0] as string, group[i] as string);
  const people = new Map<string, string[]>();
  let total = 0;
  for (const id of new Set(members)) {
    total++;
    const root = uf.find(id);
    const list = people.get(root);
    if (list) list.push(id);
    else people.set(root, [id]);
  }
  const out: string[] = [];
  const held: string[] = [];
  let excluded = 0;
  for (const ids of people.values()) {
    ids.sort(byCodePoint);
    const chosen = ids.find((id) => options.consent(id, options.purpose, at) === true);
    if (chosen === undefined) excluded++;
    else if (holdout && inHoldout(ids[0] as string, holdout.salt, holdout.fraction)) held.push(chosen);
    else out.push(chosen);
  }
  return {
    members: out.sort(byCodePoint),
    holdout: held.sort(byCodePoint),
    excludedNoConsent: excluded,
    duplicatesMerged: total - people.size,
    purpose: options.purpose,
    channel: options.channel,
    at,
  };
}

/**
 * A campaign competing for members in {@link allocateCampaigns}.
 *
 * @example
 * ```ts
 * import type { Campaign } from '@aisle/segments';
 *
 * const c: Campaign = { id: 'vip-preview', priority: 10, members: ['M1', 'M2'], cap: 5000 };
 * ```
 *
 * @public
 */
export interface Campaign {
  readonly id: string;
  /** Higher goes first; equal priorities go in id order. */
  readonly priority: number;
  readonly members: Iterable<string>;
  /** Most members this campaign may take (the first in code-point order). */
  readonly cap?: number;
}

/**
 * Mutually exclusive allocation: each member goes to the highest-priority campaign that wants it
 * and still has room; nobody receives two campaigns.
 *
 * @example
 * ```ts
 * import { allocateCampaigns } from '@aisle/segments';
 *
 * const plan = allocateCampaigns([
 *   { id: 'baby-week', priority: 1, members: ['M1', 'M2'] },
 *   { id: 'vip-preview', priority: 5, members: ['M2', 'M3'] },
 * ]);
 * console.log(plan.get('vip-preview'), plan.get('baby-week')); // ['M2', 'M3'] ['M1']
 * ```
 *
 * @public
 */
export function allocateCampaigns(campaigns: readonly Campaign[]): Map<string, string[]> {
  const order = [...campaigns].sort((a, b) => b.priority - a.priority || byCodePoint(a.id, b.id));
  const taken = new Set<string>();
  const out = new Map<string, string[]>();
  for (const c of order) {
    if (out.has(c.id))
      throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, `Duplicate campaign id "${c.id}"`, { details: { id: c.id } });
    const cap = c.cap ?? Number.POSITIVE_INFINITY;
    const mine: string[] = [];
    for (const id of [...new Set(c.members)].sort(byCodePoint)) {
      if (mine.length >= cap) break;
      if (taken.has(id)) continue;
      taken.add(id);
      mine.push(id);
    }
    out.set(c.id, mine);
  }
  return out;
}

/**
 * A size estimate with a 95 % Wilson interval, from a uniform sample of the member base.
 *
 * @example
 * ```ts
 * import { estimateSize } from '@aisle/segments';
 *
 * const e = estimateSize({ matched: 120, sampled: 10_000, population: 2_000_000 });
 * console.log(e.estimate, e.low, e.high); // 24000 …
 * ```
 *
 * @public
 */
export function estimateSize(input: { readonly matched: number; readonly sampled: number; readonly population: number }): {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
} {
  const { matched, sampled, population } = input;
  if (
    !(
      Number.isSafeInteger(sampled) &&
      sampled > 0 &&
      Number.isSafeInteger(matched) &&
      matched >= 0 &&
      matched <= sampled &&
      Number.isSafeInteger(population) &&
      population >= sampled
    )
  ) {
    throw new SegmentError(
      SegmentErrorCode.INVALID_OPTIONS,
      'estimateSize needs 0 <= matched <= sampled <= population, whole numbers, sampled > 0',
      {
        details: { matched, sampled, population },
      },
    );
  }
  const z = 1.959963984540054;
  const p = matched / sampled;
  const denom = 1 + (z * z) / sampled;
  const centre = (p + (z * z) / (2 * sampled)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / sampled + (z * z) / (4 * sampled * sampled))) / denom;
  return {
    estimate: Math.round(p * population),
    low: Math.max(matched, Math.floor(Math.max(0, centre - half) * population)),
    high: Math.min(population - (sampled - matched), Math.ceil(Math.min(1, centre + half) * population)),
  };
}
