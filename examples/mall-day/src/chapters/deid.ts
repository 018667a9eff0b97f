import {
  canonicalize,
  createFormatPreserver,
  createPseudonymizer,
  generalize,
  kAnonymity,
  mask,
  parseResidentId,
  residentIdCheckDigit,
  scrub,
} from '@aisle/deid';
import type { Chapter } from './index';

// Demo keys only: in production they come from the key service and never sit next to the data.
const analyticsKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 255);
const testDataKey = Uint8Array.from({ length: 16 }, (_, i) => (i * 13 + 5) & 255);

/**
 * Chapter 2 (deid): a member signs up at the service desk. Identifiers are canonicalised and
 * pseudonymised at intake (one pseudonym however the phone is typed), the receipt shows a masked
 * number, a staff note is scrubbed, the visit is generalised to the hour in the store's zone,
 * and the evening's visitor extract is checked for k-anonymity before it goes to analytics.
 */
export const deidChapter: Chapter = {
  name: 'deid',
  run(day, log) {
    day.clock.advance(5 * 60_000);
    day.say('## De-identification at intake');
    const pseudonymizer = createPseudonymizer({ key: analyticsKey, tenant: day.storeId, purpose: 'analytics' });
    const marketing = createPseudonymizer({ key: analyticsKey, tenant: day.storeId, purpose: 'marketing' });

    const typed = '+86 138 0013 8000';
    const phone = canonicalize('mobile', typed);
    const pseudonym = pseudonymizer.pseudonymize('mobile', typed);
    const sameFromApp = pseudonymizer.pseudonymize('mobile', '13800138000') === pseudonym;
    day.say(`Phone typed as "${typed}" → canonical ${phone.value}; analytics pseudonym ${pseudonym} (same from the app: ${sameFromApp})`);
    day.say(`Marketing pseudonym differs (unlinkable purposes): ${marketing.pseudonymize('mobile', typed) !== pseudonym}`);

    const first17 = '31010619880615002';
    const id = parseResidentId(first17 + residentIdCheckDigit(first17));
    const typo = parseResidentId(`${first17}9`);
    const birth = generalize(id.birthDate ?? '', { kind: 'birth-date', to: 'year-month' });
    day.say(
      `Resident id checked (GB 11643): valid ${id.valid}, kept only birth month ${birth} and sex ${id.sex}; a typo is flagged: ${typo.problem}`,
    );

    const receipt = mask('mobile', phone.value);
    const testCopy = createFormatPreserver({ key: testDataKey }).encrypt('mobile', phone.value, { field: 'member.phone' });
    day.say(`Receipt shows ${receipt}; the test environment gets a format-preserving ${testCopy.slice(0, 3)}******** (FF1)`);

    const note = '王女士留了新号 13912345678，车牌沪A12345 需要停车减免';
    const scrubbed = scrub(note);
    day.say(`Staff note stored as: ${scrubbed}`);

    const visitHour = generalize(day.clock.now(), { kind: 'timestamp', to: 'hour', zone: day.zone });
    log.record('deid.intake', `Member ${pseudonym} enrolled; raw phone and resident id not stored; visit ${visitHour}`);

    const extract = [
      { ageBand: generalize(38, { kind: 'age-band' }), district: '静安区' },
      { ageBand: generalize(31, { kind: 'age-band' }), district: '静安区' },
      { ageBand: generalize(35, { kind: 'age-band' }), district: '静安区' },
      { ageBand: generalize(44, { kind: 'age-band' }), district: '徐汇区' },
      { ageBand: generalize(47, { kind: 'age-band' }), district: '徐汇区' },
      { ageBand: generalize(83, { kind: 'age-band' }), district: '黄浦区' },
    ];
    const risk = kAnonymity(extract, { quasiIdentifiers: ['ageBand', 'district'], k: 2 });
    day.say(
      `Visitor extract: smallest class ${risk.k} (${risk.smallest[0]?.values.join(' / ')}); suppressed ${risk.suppressed} row(s) so every class has at least 2`,
    );
    log.record('deid.extract', `Visitor extract released with k=2 after suppressing ${risk.suppressed} row(s)`);
    return { pseudonym, sameFromApp, receipt, scrubbed, visitHour, suppressed: risk.suppressed, released: risk.kept.length };
  },
};
