import { ConsentError, ConsentErrorCode } from './errors';
import { check } from './internal/check';
import { type CatalogueInput, CatalogueSchema, type Purpose } from './schemas';
import { DATA_CATEGORIES } from './vocabulary';

/** A purpose with what is derived from it: `sensitive` (from its categories). */
export interface ResolvedPurpose extends Purpose {
  /** True when any of its data categories is sensitive personal information (PIPL Art. 28). */
  readonly sensitive: boolean;
  /** The sensitive categories among its categories. */
  readonly sensitiveCategories: readonly string[];
  /** True when it processes data of children under 14 (category `minor-under-14`): a guardian must consent. */
  readonly childData: boolean;
}

/** A validated, indexed purpose catalogue (see `defineCatalogue`). */
export interface Catalogue {
  readonly version: number;
  readonly purposes: readonly ResolvedPurpose[];
  /** The purpose with this id, or `undefined`. */
  get(purposeId: string): ResolvedPurpose | undefined;
  /** Whether a category id is sensitive (built-in or declared by the catalogue). */
  isSensitiveCategory(category: string): boolean;
}

/**
 * Validates a catalogue (or a notice, which carries one) and indexes it for decisions. Every data
 * category must be built in ({@link DATA_CATEGORIES}) or declared in `categories`; `sensitive` is
 * derived from the categories, never taken from the caller.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` for a malformed catalogue, an unknown category or a duplicate purpose id.
 * @example
 * ```ts
 * import { defineCatalogue } from '@aisle/consent';
 *
 * const catalogue = defineCatalogue({ version: 1, purposes: [faceCheckIn] });
 * catalogue.get('face.check-in')?.sensitive; // true (biometric)
 * ```
 */
export function defineCatalogue(input: CatalogueInput): Catalogue {
  const parsed = check(CatalogueSchema, input, 'catalogue');
  const extra = new Map<string, boolean>();
  for (const category of parsed.categories ?? []) extra.set(category.id, category.sensitive);
  const isSensitiveCategory = (category: string): boolean =>
    Object.hasOwn(DATA_CATEGORIES, category) ? DATA_CATEGORIES[category as keyof typeof DATA_CATEGORIES] : extra.get(category) === true;
  const byId = new Map<string, ResolvedPurpose>();
  for (const purpose of parsed.purposes) {
    if (byId.has(purpose.id)) invalid(`Duplicate purpose id ${JSON.stringify(purpose.id)}`);
    for (const category of purpose.categories) {
      if (!Object.hasOwn(DATA_CATEGORIES, category) && !extra.has(category)) {
        invalid(`Purpose ${purpose.id} uses unknown data category ${JSON.stringify(category)}; declare it in categories`);
      }
    }
    const sensitiveCategories = Object.freeze(purpose.categories.filter(isSensitiveCategory));
    byId.set(
      purpose.id,
      Object.freeze({
        ...purpose,
        sensitive: sensitiveCategories.length > 0,
        sensitiveCategories,
        childData: purpose.categories.includes('minor-under-14'),
      }),
    );
  }
  const purposes = Object.freeze([...byId.values()]);
  return Object.freeze({ version: parsed.version, purposes, get: (purposeId: string) => byId.get(purposeId), isSensitiveCategory });
}

/**
 * The purpose with this id, or a `CONSENT_UNKNOWN_PURPOSE` error.
 *
 * @example
 * ```ts
 * import { requirePurpose } from '@aisle/consent';
 *
 * const purpose = requirePurpose(catalogue, 'marketing.sms');
 * ```
 */
export function requirePurpose(catalogue: Catalogue, purposeId: string): ResolvedPurpose {
  const purpose = catalogue.get(purposeId);
  if (purpose === undefined) {
    throw new ConsentError(
      ConsentErrorCode.UNKNOWN_PURPOSE,
      `Purpose ${JSON.stringify(String(purposeId).slice(0, 80))} is not in catalogue v${catalogue.version}`,
      {
        details: { purposeId: String(purposeId).slice(0, 80), catalogueVersion: catalogue.version },
      },
    );
  }
  return purpose;
}

function invalid(message: string): never {
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, message, { details: { label: 'catalogue' } });
}
