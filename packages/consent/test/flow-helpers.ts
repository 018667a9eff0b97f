import { localDate } from '@aisle/core';
import type { SubjectFacts } from '../src/index';

export type { ConsentEvent, PurposeInput, SubjectFacts } from '../src/index';
export { createConsentState, createNotice, decide } from '../src/index';

/** An independent reading of "under 14 in Shanghai on that day", for the property test. */
export function isUnder14ForTests(facts: SubjectFacts, at: string): boolean {
  if (facts.ageBand === 'under-14') return true;
  if (facts.birthDate === undefined) return false;
  const [y, m, d] = facts.birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = localDate(at, 'Asia/Shanghai').split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0) < 14;
}
