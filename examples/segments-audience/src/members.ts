import { addLocal, fromLocal } from '@aisle/core';
import {
  categoryPurchases,
  computeTraits,
  defineProfileSchema,
  lastVisit,
  type MemberEvent,
  type Profile,
  spendWithin,
  visitsWithin,
} from '@aisle/segments';

/** The member base's schema: stored attributes plus traits computed from events. */
export const schema = defineProfileSchema({
  tier: { type: 'enum', values: ['silver', 'gold', 'vip'] },
  city: { type: 'string' },
  tags: { type: 'tags' },
  birthday: { type: 'date' },
  visits30d: { type: 'number' },
  spend90d: { type: 'money' },
  lastVisit: { type: 'date' },
  baby90d: { type: 'number' },
});

/** The aggregators that turn each member's events into traits. */
export const traits = {
  visits30d: visitsWithin(30, 'd'),
  spend90d: spendWithin(90, 'd'),
  lastVisit: lastVisit(),
  baby90d: categoryPurchases('baby', 90, 'd'),
};

/** A small deterministic PRNG, so the example prints the same numbers every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ['mother', 'runner', 'coffee', 'gamer', 'pet-owner', 'student', 'traveller', 'beauty', 'wine', 'kids-fashion'];
const CATEGORIES = ['baby', 'grocery', 'fashion', 'electronics'];
const CITIES = ['上海', '杭州', '苏州', '南京'];

/** Generates `count` members with events over the last 200 days and computes their traits at `at`. */
export function generateMembers(count: number, at: Date, zone: string): Profile[] {
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: Profile[] = [];
  for (let i = 0; i < count; i++) {
    const events: MemberEvent[] = [];
    const visits = Math.floor(rand() * rand() * 25);
    for (let v = 0; v < visits; v++) {
      const when = addLocal(at, { days: -Math.floor(rand() * 200), hours: -Math.floor(rand() * 10) }, zone);
      events.push({ type: 'visit', at: when });
      if (rand() < 0.6)
        events.push({ type: 'purchase', at: when, category: pick(CATEGORIES), amountFen: 1000 + Math.floor(rand() * 50_000) });
    }
    const purchases = events.flatMap((e) => (e.type === 'purchase' ? [{ category: e.category, at: e.at, amountFen: e.amountFen }] : []));
    const tags = TAGS.filter((_, k) => rand() < 0.35 / (k + 1));
    out.push({
      id: `M${String(i + 1).padStart(5, '0')}`,
      attributes: {
        tier: rand() < 0.1 ? 'vip' : rand() < 0.4 ? 'gold' : 'silver',
        city: pick(CITIES),
        tags,
        birthday:
          rand() < 0.3
            ? null
            : fromLocal(
                { year: 1960 + Math.floor(rand() * 45), month: 1 + Math.floor(rand() * 12), day: 1 + Math.floor(rand() * 28) },
                zone,
              ),
        ...computeTraits(events, traits, { at, zone }),
      },
      purchases,
    });
  }
  return out;
}
