import { toInstant } from '@aisle/core';
import type { PurchaseKey } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { parseDay } from './internal/calendar';
import type { FieldType } from './profile-schema';

/**
 * One purchase line of a member, for `purchased(category = …, sku = …, brand = …, within = …)`.
 *
 * @example
 * ```ts
 * import type { Purchase } from '@aisle/segments';
 *
 * const p: Purchase = { category: 'baby', sku: '6901234567892', brand: 'Goodbaby', at: '2026-11-02T15:00:00+08:00', amountFen: 12900 };
 * ```
 *
 * @public
 */
export interface Purchase {
  readonly category: string;
  /** The SKU (`purchased(sku = …)`); absent or `null`: the line matches no SKU filter. */
  readonly sku?: string | null;
  /** The brand (`purchased(brand = …)`); absent or `null`: the line matches no brand filter. */
  readonly brand?: string | null;
  /** When (a `Date`, epoch ms or ISO string with offset). */
  readonly at: Date | number | string;
  /** Line amount in fen (used by the trait aggregators, not by `purchased`). */
  readonly amountFen?: number;
}

/**
 * A member's profile as the engines see it: attribute and trait values by field name (absent and
 * `null` both mean NULL), and the purchase lines behind `purchased(…)`.
 *
 * @example
 * ```ts
 * import type { Profile } from '@aisle/segments';
 *
 * const p: Profile = { id: 'M1', attributes: { tier: 'vip', tags: ['mother'], visits30d: 3 } };
 * ```
 *
 * @public
 */
export interface Profile {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly purchases?: readonly Purchase[];
}

/** A normalised field value: NULL, a scalar (dates as epoch ms, days as day numbers) or a tag set. */
export type Normalised = null | string | number | boolean | ReadonlySet<string>;

function bad(id: string, field: string, type: FieldType | 'purchase'): never {
  throw new SegmentError(SegmentErrorCode.INVALID_PROFILE, `Profile ${JSON.stringify(id)}: field "${field}" is not a valid ${type}`, {
    details: { id, field, type },
  });
}

/** Reads and checks one field of a profile. */
export function readField(profile: Profile, field: string, type: FieldType): Normalised {
  const raw = Object.hasOwn(profile.attributes, field) ? profile.attributes[field] : undefined;
  if (raw === undefined || raw === null) return type === 'tags' ? EMPTY : null;
  switch (type) {
    case 'string':
    case 'enum':
      return typeof raw === 'string' ? raw : bad(profile.id, field, type);
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : bad(profile.id, field, type);
    case 'money':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : bad(profile.id, field, type);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : bad(profile.id, field, type);
    case 'date':
      return instantOf(raw, profile.id, field);
    case 'day': {
      // Only the text form: a Date or epoch ms is an instant, whose calendar day depends on a zone.
      const n = typeof raw === 'string' ? parseDay(raw) : undefined;
      return n === undefined ? bad(profile.id, field, type) : n;
    }
    case 'tags':
      if (raw instanceof Set) return raw as ReadonlySet<string>;
      if (Array.isArray(raw) && raw.every((t) => typeof t === 'string')) return new Set(raw as string[]);
      return bad(profile.id, field, type);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export function instantOf(raw: unknown, id: string, field: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) <= 8.64e15) return raw;
  if (!(raw instanceof Date) && typeof raw !== 'number' && typeof raw !== 'string') bad(id, field, 'date');
  try {
    return toInstant(raw as Date | number | string).getTime();
  } catch {
    return bad(id, field, 'date');
  }
}

/**
 * Checks the outer shape of a profile from an untrusted source (a warehouse row, a JSON file):
 * an object with a string `id`, an `attributes` object and, when present, a `purchases` array.
 * Field values are checked where they are read ({@link readField}).
 */
export function checkProfile(profile: unknown): Profile {
  const p = profile as Partial<Profile> | null;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.id !== 'string' ||
    typeof p.attributes !== 'object' ||
    p.attributes === null ||
    (p.purchases !== undefined && !Array.isArray(p.purchases))
  ) {
    const id = typeof p === 'object' && p !== null && typeof p.id === 'string' ? p.id : undefined;
    throw new SegmentError(
      SegmentErrorCode.INVALID_PROFILE,
      `A profile is { id: string, attributes: object, purchases?: array }; received ${id === undefined ? 'something else' : `profile ${JSON.stringify(id)} with a wrong shape`}`,
      { details: { id: id ?? null } },
    );
  }
  return p as Profile;
}

/** The filterable attributes of one purchase, after checking its shape: a string category, string-or-absent sku and brand. */
export function checkPurchase(purchase: Purchase | null, id: string): { category: string; sku: string | null; brand: string | null } {
  if (typeof purchase !== 'object' || purchase === null || typeof purchase.category !== 'string') return bad(id, 'purchases', 'purchase');
  const sku = purchase.sku ?? null;
  const brand = purchase.brand ?? null;
  if ((sku !== null && typeof sku !== 'string') || (brand !== null && typeof brand !== 'string')) return bad(id, 'purchases', 'purchase');
  return { category: purchase.category, sku, brand };
}

/** How many purchases match every filter, at or after `since` (all time when null). */
export function countPurchases(profile: Profile, filters: readonly (readonly [PurchaseKey, string])[], since: number | null): number {
  let n = 0;
  for (const p of profile.purchases ?? []) {
    const line = checkPurchase(p, profile.id);
    if (filters.every(([k, v]) => line[k] === v) && (since === null || instantOf(p.at, profile.id, 'purchases') >= since)) n++;
  }
  return n;
}
