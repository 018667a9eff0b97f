import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAudience,
  compileSql,
  estimateSize,
  explain,
  lifecycleStage,
  parseSegment,
  printSegment,
  rfm,
  toPredicate,
} from '@aisle/segments';
import { createBitmapIndex } from '@aisle/segments/bitmap';
import { generateMembers, schema } from './members';

/** Runs the example: returns what it printed plus the figures the test checks. */
export function runExample(options: { members?: number; quiet?: boolean } = {}) {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    if (!options.quiet) console.log(line);
  };
  const zone = 'Asia/Shanghai';
  const at = new Date('2026-11-21T20:00:00+08:00');
  const members = generateMembers(options.members ?? 20_000, at, zone);
  say(`Generated ${members.length} members with traits computed from their events`);

  const text =
    "tier IN ('gold', 'vip') AND purchased(category = 'baby', within = 90d) >= 2 AND lastVisit < -14d AND NOT tags CONTAINS 'student'";
  const ast = parseSegment(text, { schema });
  say(`Segment: ${printSegment(ast)}`);

  const index = createBitmapIndex({ schema, profiles: members });
  const fromIndex = index.query(ast, { at, zone });
  const predicate = toPredicate(ast, { schema, at, zone });
  const fromPredicate = members.filter((m) => predicate.test(m)).map((m) => m.id);
  const same = fromIndex.length === fromPredicate.length && fromIndex.every((id, i) => id === fromPredicate[i]);
  say(`Bitmap index: ${fromIndex.length} members; predicate: ${fromPredicate.length}; identical: ${same ? 'yes' : 'NO'}`);
  say(`Index memory: ${(index.memory().total / 1024).toFixed(0)} KiB`);

  const sample = members.filter((_, i) => i % 10 === 0);
  const estimate = estimateSize({
    matched: sample.filter((m) => predicate.test(m)).length,
    sampled: sample.length,
    population: members.length,
  });
  say(`Estimate from a 10 % sample: ${estimate.estimate} (95 % interval ${estimate.low}–${estimate.high})`);

  const sql = compileSql(ast, {
    dialect: 'postgres',
    schema,
    at,
    zone,
    mapping: {
      table: 'members',
      id: 'member_id',
      columns: { lastVisit: 'last_visit' },
      purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'purchased_at' },
    },
  });
  say(`Warehouse SQL (${sql.params.length} parameters): ${sql.sql}`);

  const outsider = members.find((m) => m.attributes.tier === 'vip' && !predicate.test(m));
  if (outsider) {
    const why = explain(ast, outsider, { schema, at, zone });
    say(`Why ${outsider.id} is not in it: ${why.nearestFailing?.clause} (${JSON.stringify(why.nearestFailing?.values)})`);
  }

  // Marketing consent recorded for about 70 % of members; phone pseudonyms link duplicate accounts.
  const consented = new Set(members.filter((_, i) => i % 10 < 7).map((m) => m.id));
  const identities = members.slice(0, 2000).flatMap((m, i) => (i % 50 === 0 ? [[m.id, `phone:${i}`, members[i + 1]?.id as string]] : []));
  const audience = buildAudience(fromIndex, {
    consent: (subject, purpose) => purpose === 'marketing.sms' && consented.has(subject),
    purpose: 'marketing.sms',
    channel: 'sms',
    at,
    identities,
    holdout: { fraction: 0.1, salt: 'baby-week-2026-11' },
  });
  say(
    `Audience: ${audience.members.length} to contact, ${audience.holdout.length} held out, ${audience.excludedNoConsent} excluded for lack of consent, ${audience.duplicatesMerged} duplicates merged`,
  );

  const byId = new Map(members.map((m) => [m.id, m]));
  const scores = new Map(
    rfm(
      members.map((m) => ({
        id: m.id,
        lastPurchase:
          m.purchases?.reduce<Date | null>((last, p) => (last === null || new Date(p.at) > last ? new Date(p.at) : last), null) ?? null,
        frequency: m.purchases?.length ?? 0,
        monetaryFen: m.purchases?.reduce((s, p) => s + (p.amountFen ?? 0), 0) ?? 0,
      })),
    ).map((s) => [s.id, s.code]),
  );
  const rows = audience.members.map((id) => {
    const m = byId.get(id);
    const last = m?.attributes.lastVisit as Date | null;
    const stage = lifecycleStage(
      { firstSeen: '2024-01-01T00:00:00+08:00', lastVisit: last, frequency: Number(m?.attributes.visits30d ?? 0) },
      { at, zone },
    );
    return `${id},${m?.attributes.tier},${stage},${scores.get(id)}`;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'aisle-audience-')), 'audience.csv');
  writeFileSync(file, `member_id,tier,lifecycle,rfm\n${rows.join('\n')}\n`);
  say(`Exported ${rows.length} consented members to ${file}`);
  say(`First rows: ${rows.slice(0, 3).join(' | ')}`);
  return { lines, same, count: fromIndex.length, audience, file, consented, estimate };
}
