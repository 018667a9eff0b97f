import { offsetMinutes } from '@aisle/core';
import { CN_HOLIDAYS_2026 } from './cn-holidays-2026';
import type { Generated } from './generate';

// The benchmark's baseline: the 25-rule retail rule set written out by hand in TypeScript,
// independently of the engine (its own allocation, calendar and arithmetic).

const HOLIDAYS = new Set(CN_HOLIDAYS_2026.holidays);
const WORKDAYS = new Set(CN_HOLIDAYS_2026.workdays);
const NON_EARNING = new Set(['stored-value', 'points', 'gift-card']);

/** What the rules decide on, computed in plain JS (also the facts handed to json-rules-engine). */
export interface Facts {
  always: boolean;
  kind: string;
  channel: string;
  tier: string;
  vip: boolean;
  employee: boolean;
  weekday: number;
  day: number;
  date: string;
  holiday: boolean;
  dayOff: boolean;
  birthdayMonth: boolean;
  storeAnniversary: boolean;
  joinAnniversary: boolean;
  firstPurchase: boolean;
  signUpGranted: boolean;
  topUpGranted: boolean;
  eligibleTotal: number;
  lancome: boolean;
  nike: boolean;
  beauty: boolean;
  electronics: boolean;
  promo: boolean;
  wechat: boolean;
}

/** Earning fen per line: non-earning tenders spread by largest remainder. */
export function allocate(g: Generated): number[] {
  const lines = g.transaction.lines ?? [];
  let excluded = 0;
  for (const t of g.transaction.tenders ?? []) if (NON_EARNING.has(t.method)) excluded += t.amountFen;
  const amounts = lines.map((l) => l.amountFen);
  if (excluded === 0) return amounts;
  let total = 0;
  for (const a of amounts) total += a;
  const earning = Math.max(0, total - excluded);
  if (earning === 0) return amounts.map(() => 0);
  const shares = amounts.map((a) => Math.floor((a * earning) / total));
  let left = earning - shares.reduce((x, y) => x + y, 0);
  const order = amounts.map((a, i) => ({ i, r: a * earning - (shares[i] as number) * total })).sort((x, y) => y.r - x.r || x.i - y.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i] = (shares[i] as number) + 1;
  }
  return shares;
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function anniversary(date: string | undefined, y: number, m: number, d: number, iso: string): boolean {
  if (date === undefined || date >= iso) return false;
  const am = Number(date.slice(5, 7));
  let ad = Number(date.slice(8, 10));
  if (am === 2 && ad === 29 && !leap(y)) ad = 28;
  return am === m && ad === d;
}

// A competent hand-written version memoises the zone offset too (per zone and UTC day, checked
// at both ends of the day), rather than asking Intl for every receipt.
const offsets = new Map<string, number>();
function local(ms: number, zone: string, dayStartsAtHour: number) {
  const q = Math.floor(ms / 86_400_000);
  const key = `${zone}|${q}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = offsetMinutes(ms, zone);
    if (offset === offsetMinutes(q * 86_400_000, zone) && offset === offsetMinutes(q * 86_400_000 + 86_399_999, zone))
      offsets.set(key, offset);
  }
  // The business date: before the store's day start it is still the previous day.
  const d = new Date(ms + offset * 60_000 - dayStartsAtHour * 3_600_000);
  const weekday = d.getUTCDay();
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: weekday === 0 ? 7 : weekday };
}

export function facts(g: Generated, eligible: readonly number[]): Facts {
  const p = local(g.at, g.store.zone, g.store.dayStartsAtHour ?? 0);
  const iso = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  const tags = g.member.tags ?? [];
  const lines = g.transaction.lines ?? [];
  let eligibleTotal = 0;
  for (const e of eligible) eligibleTotal += e;
  const holiday = HOLIDAYS.has(iso);
  return {
    always: true,
    kind: g.transaction.kind,
    channel: g.transaction.channel,
    tier: g.member.tier,
    vip: tags.includes('vip'),
    employee: tags.includes('employee'),
    weekday: p.weekday,
    day: p.day,
    date: iso,
    holiday,
    dayOff: holiday || (p.weekday >= 6 && !WORKDAYS.has(iso)),
    birthdayMonth: g.member.birthday !== undefined && Number(g.member.birthday.slice(-5, -3)) === p.month,
    storeAnniversary: anniversary(g.store.openedOn, p.year, p.month, p.day, iso),
    joinAnniversary: anniversary(g.member.joinedOn, p.year, p.month, p.day, iso),
    // Only an explicit purchaseCount of 0 is a first purchase (an unknown history is not).
    firstPurchase: g.transaction.kind === 'purchase' && g.member.purchaseCount === 0,
    signUpGranted: (g.member.grantedOnce ?? []).includes('sign-up'),
    topUpGranted: (g.member.grantedOnce ?? []).includes('top-up'),
    eligibleTotal,
    lancome: lines.some((l) => l.brand === 'lancome'),
    nike: lines.some((l) => l.brand === 'nike'),
    beauty: lines.some((l) => l.category === 'beauty'),
    electronics: lines.some((l) => l.category === 'electronics'),
    promo: lines.some((l) => l.sku === 'SKU-PROMO-1'),
    wechat: (g.transaction.tenders ?? []).some((t) => t.method === 'wechat-pay' && t.amountFen > 0),
  };
}

/** The rule firings, decided by hand. */
export function decide(f: Facts): Set<string> {
  const fired = new Set<string>(['base', 'tier-credit']);
  const purchase = f.kind === 'purchase';
  if (f.weekday === 3) fired.add('cal-wed');
  if (f.birthdayMonth) fired.add('cal-birthday');
  if (f.holiday) fired.add('cal-holiday');
  if (f.storeAnniversary) fired.add('cal-store-anniversary');
  if (f.date === '2026-11-11') fired.add('cal-double-11');
  if (f.vip) fired.add('boost-vip');
  if (f.tier === 'platinum') fired.add('boost-platinum');
  if (f.channel === 'online') fired.add('online');
  if (f.lancome) fired.add('brand-lancome');
  if (f.nike) fired.add('brand-nike');
  if (f.beauty) fired.add('cat-beauty');
  if (f.electronics) fired.add('cat-electronics');
  if (f.promo) fired.add('sku-promo');
  if (f.eligibleTotal >= 100_000) fired.add('basket-big');
  if (f.eligibleTotal >= 30_000) fired.add('basket-medium');
  if (f.channel === 'mini-program' && purchase) fired.add('mini-program');
  if (f.firstPurchase) fired.add('first-purchase');
  if (f.kind === 'sign-up') fired.add('sign-up');
  if (f.kind === 'top-up') fired.add('top-up');
  if (f.joinAnniversary && purchase) fired.add('join-anniversary');
  if (f.day === 18 && purchase) fired.add('day-18');
  if (f.wechat && purchase) fired.add('wechat');
  if (f.tier === 'gold' && f.dayOff && !f.employee && purchase) fired.add('weekend-gold');
  return fired;
}

/** The points arithmetic of the rule set, given which rules fired (shared by the hand-written and json-rules-engine paths). */
export function arithmetic(
  fired: ReadonlySet<string>,
  g: Generated,
  eligible: readonly number[],
  f: Facts,
): { points: number; qualifying: number } {
  const lines = g.transaction.lines ?? [];
  let base = 0;
  let nike = 0;
  let beauty = 0;
  let electronics = 0;
  let lancomeUnits = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as NonNullable<Generated['transaction']['lines']>[number];
    const e = eligible[i] as number;
    if (line.category !== 'tobacco') base += e;
    if (line.brand === 'nike') nike += e;
    if (line.brand === 'lancome') lancomeUnits += line.quantity;
    if (line.category === 'beauty') beauty += e;
    if (line.category === 'electronics') electronics += e;
  }
  const [p, q] = f.tier === 'platinum' ? [2, 100] : f.tier === 'gold' ? [3, 200] : g.store.id === 's5' ? [1, 200] : [1, 100];
  let points = Math.floor((base * p) / q);
  const extra = (factor: number) => Math.floor((base * p * (factor - 100)) / (q * 100));
  let calendar = 0;
  if (fired.has('cal-wed')) calendar = Math.max(calendar, extra(200));
  if (fired.has('cal-birthday')) calendar = Math.max(calendar, extra(300));
  if (fired.has('cal-holiday')) calendar = Math.max(calendar, extra(150));
  if (fired.has('cal-store-anniversary')) calendar = Math.max(calendar, extra(200));
  if (fired.has('cal-double-11')) calendar = Math.max(calendar, extra(250));
  points += calendar;
  let product = 1;
  let unit = 1;
  if (fired.has('boost-vip')) {
    product *= 150;
    unit *= 100;
  }
  if (fired.has('boost-platinum')) {
    product *= 120;
    unit *= 100;
  }
  if (unit > 1) points += Math.floor((base * (product - unit) * p) / (q * unit));
  if (fired.has('online')) points += extra(110);
  if (fired.has('brand-lancome')) points += Math.min(500, lancomeUnits * 50);
  if (fired.has('brand-nike')) {
    // Its per-day cap of 1,000 less what the member already earned from it today.
    const used = g.usage !== undefined && Object.hasOwn(g.usage, 'brand-nike') ? (g.usage['brand-nike']?.day ?? 0) : 0;
    points += Math.min(Math.max(0, 1000 - used), Math.floor(nike / 200));
  }
  let category = -1;
  if (fired.has('cat-beauty')) category = Math.floor(beauty / 100);
  if (fired.has('cat-electronics')) category = Math.max(category, Math.floor(electronics / 500));
  if (category > 0) points += category;
  if (fired.has('sku-promo')) points += 88;
  if (fired.has('basket-big')) points += 200;
  else if (fired.has('basket-medium')) points += 50;
  if (fired.has('mini-program')) points += 20;
  if (fired.has('first-purchase')) points += 300;
  if (fired.has('sign-up') && !f.signUpGranted) points += 100;
  if (fired.has('top-up') && !f.topUpGranted) {
    const t = g.transaction.totalFen;
    points += t >= 500_000 ? 2000 : t >= 100_000 ? 300 : t >= 50_000 ? 100 : 0;
  }
  if (fired.has('join-anniversary')) points += 188;
  if (fired.has('day-18')) points += 18;
  if (fired.has('wechat')) points += 5;
  if (fired.has('weekend-gold')) points += 30;
  return { points, qualifying: Math.floor(f.eligibleTotal / 100) };
}

/** The hand-written baseline: facts, decisions and arithmetic in straight TypeScript. */
export function handWritten(g: Generated): { points: number; qualifying: number } {
  const eligible = allocate(g);
  const f = facts(g, eligible);
  return arithmetic(decide(f), g, eligible, f);
}
