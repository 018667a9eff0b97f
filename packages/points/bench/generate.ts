import type { EvaluateInput, Member, Store, Transaction } from '../src/index';

/**
 * One generated receipt with its member and store, and the cap usage a caller with the ledger
 * passes (`ledger.usage(input)`): everything `evaluate` reads, so every baseline must read it too.
 */
export interface Generated {
  readonly transaction: Transaction;
  readonly member: Member;
  readonly store: Store;
  readonly at: number;
  readonly usage?: NonNullable<EvaluateInput['usage']>;
  readonly memberUsage?: NonNullable<EvaluateInput['memberUsage']>;
}

// Two stores close their trading day after midnight (`dayStartsAtHour`): a receipt at 02:30 in s2
// belongs to the previous business date (weekday, day of month, holiday, anniversaries). `at` is
// uniform over the day, so about 1/6 of s2's receipts and 1/4 of s4's fall before their day start
// (about 8 % of all receipts), and every date rule sees receipts on both sides of the boundary.
// Records as a store table gives them: every field present, unset ones undefined (one shape).
export const STORES: readonly Store[] = [
  { id: 's1', zone: 'Asia/Shanghai', openedOn: '2015-05-18', dayStartsAtHour: undefined },
  { id: 's2', zone: 'Asia/Shanghai', openedOn: '2019-11-21', dayStartsAtHour: 4 },
  { id: 's3', zone: 'Asia/Shanghai', openedOn: '2021-02-28', dayStartsAtHour: undefined },
  { id: 's4', zone: 'Asia/Urumqi', openedOn: '2012-08-08', dayStartsAtHour: 6 },
  { id: 's5', zone: 'Asia/Shanghai', openedOn: '2020-02-29', dayStartsAtHour: undefined },
];

const BRANDS = [
  ['lancome', 'beauty'],
  ['nike', 'sports'],
  ['apple', 'electronics'],
  ['uniqlo', 'apparel'],
  ['marlboro', 'tobacco'],
  ['estee', 'beauty'],
  ['house', 'grocery'],
] as const;
const TENDERS = ['wechat-pay', 'alipay', 'bank-card', 'cash'];
const START = Date.parse('2026-01-01T00:00:00+08:00');
const YEAR = 365 * 86_400_000;

/** A small seeded PRNG (mulberry32): the same seed gives the same transactions everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Transaction number `i` of the generated log (deterministic). Besides the receipt itself: about
 * 8 % of members have no `purchaseCount` (undefined: an unknown history, so no first-purchase
 * bonus, which needs an explicit 0) and 5 % an explicit 0; every receipt carries the ledger's
 * usage, as a caller must pass it when a rule has a per-day cap (`ledger.usage(input)`): on 8 % the
 * member's `brand-nike` cap (1,000 a day) is partly used, on 4 % fully used, elsewhere `{}`; and
 * `memberUsage` day and month totals to match (the last draws, so the receipts are unchanged).
 * Objects of a kind have one shape, as a caller's record mapping gives them.
 */
export function generate(i: number): Generated {
  const r = prng(i * 2654435761 + 1);
  const int = (n: number) => Math.floor(r() * n);
  const store = STORES[int(STORES.length)] as Store;
  const at = START + int(YEAR);
  const roll = r();
  const kind = roll < 0.03 ? 'sign-up' : roll < 0.06 ? 'top-up' : 'purchase';
  const lines: Array<NonNullable<Transaction['lines']>[number]> = [];
  if (kind === 'purchase') {
    const count = 1 + int(5);
    for (let k = 0; k < count; k++) {
      const [brand, category] = BRANDS[int(BRANDS.length)] as readonly [string, string];
      const promo = r() < 0.03;
      lines.push({
        id: `l${k}`,
        sku: promo ? 'SKU-PROMO-1' : `SKU-${brand}-${int(50)}`,
        brand,
        category,
        quantity: 1 + int(3),
        amountFen: 100 + int(150_000),
      });
    }
  }
  let total = 0;
  for (const line of lines) total += line.amountFen;
  if (kind === 'top-up') total = [20_000, 50_000, 100_000, 200_000, 500_000, 800_000][int(6)] as number;
  const tenders: Array<{ method: string; amountFen: number }> = [];
  const method = TENDERS[int(TENDERS.length)] as string;
  if (kind === 'purchase' && r() < 0.15) {
    const part = int(total + 1);
    tenders.push({ method: r() < 0.5 ? 'stored-value' : 'gift-card', amountFen: part }, { method, amountFen: total - part });
  } else tenders.push({ method, amountFen: total });
  const tierRoll = r();
  const tags: string[] = [];
  if (r() < 0.2) tags.push('vip');
  if (r() < 0.05) tags.push('employee');
  const granted: string[] = [];
  if (r() < 0.3) granted.push('sign-up');
  if (r() < 0.3) granted.push('top-up');
  const memberId = `m${int(200_000)}`;
  const tier = tierRoll < 0.6 ? 'silver' : tierRoll < 0.9 ? 'gold' : 'platinum';
  const birthday = `${pad(1 + int(12))}-${pad(1 + int(28))}`;
  const joinedOn = `${2018 + int(8)}-${pad(1 + int(12))}-${pad(1 + int(28))}`;
  const countRoll = r();
  const member: Member = {
    id: memberId,
    tier,
    tags,
    birthday,
    joinedOn,
    purchaseCount: countRoll < 0.05 ? 0 : countRoll < 0.13 ? undefined : 1 + int(100),
    grantedOnce: granted,
  };
  const channelRoll = r();
  const nikeRoll = r();
  const nikeDay = nikeRoll < 0.08 ? 1 + int(999) : nikeRoll < 0.12 ? 1000 : 0;
  const day = nikeDay + (r() < 0.3 ? int(3000) : 0);
  return {
    transaction: {
      id: `T${i}`,
      kind,
      storeId: store.id as string,
      channel: channelRoll < 0.7 ? 'pos' : channelRoll < 0.85 ? 'online' : 'mini-program',
      totalFen: total,
      lines,
      tenders,
    },
    member,
    store,
    at,
    usage: nikeDay > 0 ? { 'brand-nike': { day: nikeDay } } : {},
    memberUsage: { day, month: day + int(20_000) },
  };
}
