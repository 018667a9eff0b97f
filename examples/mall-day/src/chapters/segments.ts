import { addLocal } from '@aisle/core';
import {
  buildAudience,
  compileSql,
  defineProfileSchema,
  explain,
  lifecycleStage,
  type Profile,
  parseSegment,
  toPredicate,
} from '@aisle/segments';
import type { Chapter } from './index';

const schema = defineProfileSchema({
  tier: { type: 'enum', values: ['silver', 'gold', 'vip'] },
  tags: { type: 'tags' },
  lastVisit: { type: 'date' },
  spend90d: { type: 'money' },
});

/**
 * Chapter 4 (segments): the evening campaign. Marketing picks "mothers among gold and VIP members
 * who bought baby products twice in 90 days and have not been in for two weeks", checks one
 * member's result with `explain`, hands the warehouse the same segment as parameterised SQL, and
 * builds an SMS audience through the consent gate with a 10 % holdout.
 */
export const segmentsChapter: Chapter = {
  name: 'segments',
  run(day, log) {
    day.clock.set('2026-11-21T19:00:00+08:00');
    const at = day.clock.now();
    day.say('## Segments — evening campaign');
    const daysAgo = (n: number) => addLocal(at, { days: -n }, day.zone);
    const members: Profile[] = Array.from({ length: 60 }, (_, i) => ({
      id: `M${String(i + 1).padStart(3, '0')}`,
      attributes: {
        tier: i % 5 === 0 ? 'vip' : i % 2 === 0 ? 'gold' : 'silver',
        tags: i % 3 === 0 ? ['mother', 'coffee'] : ['coffee'],
        lastVisit: daysAgo(i % 40),
        spend90d: 10_000 + i * 1_250,
      },
      purchases: [
        { category: 'baby', at: daysAgo(10 + (i % 7)) },
        { category: 'baby', at: daysAgo(20 + (i % 100)) },
      ],
    }));
    const text =
      "tier IN ('gold', 'vip') AND tags CONTAINS 'mother' AND purchased(category = 'baby', within = 90d) >= 2 AND lastVisit < -14d";
    const ast = parseSegment(text, { schema });
    const predicate = toPredicate(ast, { schema, at, zone: day.zone });
    const inSegment = members.filter((m) => predicate.test(m)).map((m) => m.id);
    day.say(`Segment: ${text}`);
    day.say(`In segment: ${inSegment.length} of ${members.length} members`);

    const outsider = members.find((m) => m.id === 'M001') as Profile;
    const why = explain(ast, outsider, { schema, at, zone: day.zone });
    day.say(`M001 in segment: ${why.inSegment ? 'yes' : 'no'}; nearest failing clause: ${why.nearestFailing?.clause ?? '—'}`);

    const sql = compileSql(ast, {
      dialect: 'postgres',
      schema,
      at,
      zone: day.zone,
      mapping: {
        table: 'members',
        id: 'member_id',
        purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at' },
      },
    });
    day.say(`Warehouse SQL has ${sql.params.length} bound parameters and no literal values`);

    const consented = new Set(members.filter((_, i) => i % 4 !== 0).map((m) => m.id));
    const audience = buildAudience(inSegment, {
      consent: (subject, purpose) => purpose === 'marketing.sms' && consented.has(subject),
      purpose: 'marketing.sms',
      channel: 'sms',
      at,
      identities: [['M004', 'phone:9f3a', 'M006']],
      holdout: { fraction: 0.1, salt: `${day.storeId}:baby-week` },
    });
    day.say(
      `SMS audience: ${audience.members.length} to contact, ${audience.holdout.length} held out, ${audience.excludedNoConsent} excluded for lack of consent`,
    );
    const stage = lifecycleStage({ firstSeen: '2025-06-01T10:00:00+08:00', lastVisit: daysAgo(45), frequency: 1 }, { at, zone: day.zone });
    day.say(`A member last seen 45 days ago with 1 visit this month is ${stage}`);
    log.record(
      'segments.audience',
      `marketing.sms audience: ${audience.members.length} members, ${audience.excludedNoConsent} excluded (no consent)`,
    );
    return {
      inSegment: inSegment.length,
      audience: audience.members.length,
      holdout: audience.holdout.length,
      excludedNoConsent: audience.excludedNoConsent,
      explainedInSegment: why.inSegment,
      params: sql.params.length,
      stage,
    };
  },
};
