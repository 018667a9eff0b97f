import type { Catalogue, ResolvedPurpose } from '../catalogue';
import { decide } from '../decide';
import type { SubjectConsent } from '../state';

/** The other purposes of the catalogue that still rest on `category` for this subject at `at`. */
export function stillUsing(
  catalogue: Catalogue,
  consent: SubjectConsent | undefined,
  ended: ResolvedPurpose,
  category: string,
  at: number,
): string[] {
  const users: string[] = [];
  for (const other of catalogue.purposes) {
    if (other.id === ended.id || !other.categories.includes(category)) continue;
    if (
      other.legalBasis !== 'consent' ||
      decide({ catalogue, purposeId: other.id, at: Math.max(at, consent?.lastAt ?? at), consent }).allowed
    )
      users.push(other.id);
  }
  return users;
}
