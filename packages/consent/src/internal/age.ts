import { localDate } from '@aisle/core';
import { ConsentError, ConsentErrorCode } from '../errors';
import type { SubjectFacts } from '../schemas';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BANDS = /* @__PURE__ */ new Set(['under-14', '14-17', 'adult']);

/**
 * Whether the subject is under 14 at `at` in `zone`. Either fact saying so is enough (the more
 * protective reading wins). Facts are checked here, since a malformed fact must not make a
 * child look like an adult.
 */
export function isUnder14(facts: SubjectFacts | undefined, at: number, zone: string): boolean {
  if (facts === undefined) return false;
  if (typeof facts !== 'object' || facts === null) return bad('facts is not an object');
  const { ageBand, birthDate } = facts;
  if (ageBand !== undefined && !BANDS.has(ageBand)) return bad('ageBand');
  if (ageBand === 'under-14') return true;
  if (birthDate === undefined) return false;
  const born = typeof birthDate === 'string' ? DATE.exec(birthDate) : null;
  if (born === null) return bad('birthDate');
  const today = DATE.exec(localDate(at, zone));
  if (today === null) return bad('decision time');
  const [, y, m, d] = born.map(Number) as [number, number, number, number];
  const [, ty, tm, td] = today.map(Number) as [number, number, number, number];
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  return age < 14;
}

function bad(field: string): never {
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `Invalid subject facts (${field})`, {
    details: { label: 'subject facts', field },
  });
}
