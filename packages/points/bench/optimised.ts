// The optimised hand-written baseline (issue 17): the same 25 rules and arithmetic as
// hand-written.ts, written as a strong engineer would for this one job: no Set, Date, string or
// array allocated per transaction (calendar by day-number arithmetic on a memoised zone offset,
// holidays as a day-indexed byte table, dates compared as numbers, rule firings as locals, one
// reused scratch buffer for the tender allocation). Checked equal to the engine on every input.
// It does the evaluator's whole job for these rules: the business date honours the store's
// `dayStartsAtHour`, the first-purchase bonus needs an explicit `purchaseCount: 0`, the
// `brand-nike` per-day cap reads the member's `usage` (as evaluate reads it: the caller's own key
// only), and the tier credit (`tier-credit`, 1 per 100 fen) is added up (`optimisedQualifying()`),
// as the evaluator adds it up to check it. Not done here, deliberately: rounding is hard-coded
// floor and the arithmetic is plain numbers, exact while the products stay below 2^53 (a
// receipt's eligible amount below about 2.5 × 10^11 fen, far above anything the bench generates);
// the engine computes exactly at any amount it accepts (up to 10^12 fen a line).
import { offsetMinutes } from '@aisle/core';
import { CN_HOLIDAYS_2026 } from './cn-holidays-2026';
import type { Generated } from './generate';

export const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
export const FIRST = dayNumber('2025-01-01');
export const SPAN = 3 * 366;
export const HOLIDAY = new Uint8Array(SPAN);
export const WORKDAY = new Uint8Array(SPAN);
for (const d of CN_HOLIDAYS_2026.holidays) HOLIDAY[dayNumber(d) - FIRST] = 1;
for (const d of CN_HOLIDAYS_2026.workdays) WORKDAY[dayNumber(d) - FIRST] = 1;
export const DOUBLE_11 = dayNumber('2026-11-11');

// Zone offset per zone and UTC day, memoised when constant over the day (as hand-written.ts).
const offsets = new Map<string, Map<number, number>>();
export function offsetFor(ms: number, zone: string): number {
  const q = Math.floor(ms / DAY);
  let byDay = offsets.get(zone);
  if (byDay === undefined) {
    byDay = new Map();
    offsets.set(zone, byDay);
  }
  let offset = byDay.get(q);
  if (offset === undefined) {
    offset = offsetMinutes(ms, zone);
    if (offset === offsetMinutes(q * DAY, zone) && offset === offsetMinutes(q * DAY + DAY - 1, zone)) byDay.set(q, offset);
  }
  return offset;
}

// Civil date from a day number (proleptic Gregorian), into module state: no object per call.
export let cy = 0;
export let cm = 0;
export let cd = 0;
export function civil(days: number): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  cd = doy - Math.floor((153 * mp + 2) / 5) + 1;
  cm = mp < 10 ? mp + 3 : mp - 9;
  cy = yoe + era * 400 + (cm <= 2 ? 1 : 0);
}

export const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** `date` (YYYY-MM-DD) is before today and falls on today's month and day (29 Feb → 28 Feb). */
export function anniversary(date: string | undefined, today: number): boolean {
  if (date === undefined) return false;
  const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const m = digit(date, 5) * 10 + digit(date, 6);
  let d = digit(date, 8) * 10 + digit(date, 9);
  if (y * 10_000 + m * 100 + d >= today) return false;
  if (m === 2 && d === 29 && !leap(cy)) d = 28;
  return m === cm && d === cd;
}

export const extra = (bp: number, q: number, factor: number) => Math.floor((bp * (factor - 100)) / (q * 100));

/** The `brand-nike` rule's per-day cap. */
export const NIKE_PER_DAY = 1000;

let scratch = new Float64Array(64);
let qualifying = 0;

/** The tier credit (tier-qualifying points) of the last `optimisedPoints` call. */
export function optimisedQualifying(): number {
  return qualifying;
}
let order = new Int32Array(64);

/**
 * Points for one transaction: identical to `handWritten(g).points` and to the engine. `at` is the
 * instant in epoch ms (the validating baseline passes the one it parsed; the bench's are numbers).
 */
export function optimisedPoints(g: Generated, at: number = g.at): number {
  const tx = g.transaction;
  const lines = tx.lines ?? [];
  const n = lines.length;
  // Non-earning tenders spread over lines by largest remainder.
  let excluded = 0;
  const tenders = tx.tenders;
  let wechat = false;
  if (tenders !== undefined && tenders !== null) {
    for (let i = 0; i < tenders.length; i++) {
      const t = tenders[i] as NonNullable<typeof tenders>[number];
      const m = t.method;
      if (m === 'stored-value' || m === 'points' || m === 'gift-card') excluded += t.amountFen;
      else if (m === 'wechat-pay' && t.amountFen > 0) wechat = true;
    }
  }
  if (scratch.length < n) {
    scratch = new Float64Array(n * 2);
    order = new Int32Array(n * 2);
  }
  const el = scratch;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = (lines[i] as (typeof lines)[number]).amountFen;
    el[i] = a;
    total += a;
  }
  if (excluded !== 0) spreadExcluded(lines, el, order, n, total, excluded);
  let eligibleTotal = 0;
  let base = 0;
  let nikeFen = 0;
  let beautyFen = 0;
  let electronicsFen = 0;
  let lancomeUnits = 0;
  let lancome = false;
  let nike = false;
  let beauty = false;
  let electronics = false;
  let promo = false;
  for (let i = 0; i < n; i++) {
    const line = lines[i] as (typeof lines)[number];
    const e = el[i] as number;
    eligibleTotal += e;
    const brand = line.brand;
    const category = line.category;
    if (category !== 'tobacco') base += e;
    if (brand === 'nike') {
      nike = true;
      nikeFen += e;
    } else if (brand === 'lancome') {
      lancome = true;
      lancomeUnits += line.quantity;
    }
    if (category === 'beauty') {
      beauty = true;
      beautyFen += e;
    } else if (category === 'electronics') {
      electronics = true;
      electronicsFen += e;
    }
    if (line.sku === 'SKU-PROMO-1') promo = true;
  }
  // Local calendar.
  // The business date: before the store's day start it is still the previous day.
  const local = at + offsetFor(at, g.store.zone) * 60_000 - (g.store.dayStartsAtHour ?? 0) * 3_600_000;
  const days = Math.floor(local / DAY);
  civil(days);
  const w = (days + 4) % 7;
  const weekday = w === 0 ? 7 : w;
  const today = cy * 10_000 + cm * 100 + cd;
  const slot = days - FIRST;
  const holiday = slot >= 0 && slot < SPAN && HOLIDAY[slot] === 1;
  const dayOff = holiday || (weekday >= 6 && !(slot >= 0 && slot < SPAN && WORKDAY[slot] === 1));
  const member = g.member;
  const tier = member.tier;
  const tags = member.tags;
  let vip = false;
  let employee = false;
  if (tags !== undefined) {
    for (let i = 0; i < tags.length; i++) {
      if (tags[i] === 'vip') vip = true;
      else if (tags[i] === 'employee') employee = true;
    }
  }
  const bday = member.birthday;
  const birthdayMonth = bday !== undefined && digit(bday, bday.length - 5) * 10 + digit(bday, bday.length - 4) === cm;
  const kind = tx.kind;
  const purchase = kind === 'purchase';

  const p = tier === 'platinum' ? 2 : tier === 'gold' ? 3 : 1;
  const q = tier === 'platinum' ? 100 : tier === 'gold' || g.store.id === 's5' ? 200 : 100;
  const bp = base * p;
  let points = Math.floor(bp / q);
  let calendar = 0;
  if (weekday === 3) calendar = Math.max(calendar, extra(bp, q, 200));
  if (birthdayMonth) calendar = Math.max(calendar, extra(bp, q, 300));
  if (holiday) calendar = Math.max(calendar, extra(bp, q, 150));
  if (anniversary(g.store.openedOn, today)) calendar = Math.max(calendar, extra(bp, q, 200));
  if (days === DOUBLE_11) calendar = Math.max(calendar, extra(bp, q, 250));
  points += calendar;
  let product = 1;
  let unit = 1;
  if (vip) {
    product *= 150;
    unit *= 100;
  }
  if (tier === 'platinum') {
    product *= 120;
    unit *= 100;
  }
  if (unit > 1) points += Math.floor((base * (product - unit) * p) / (q * unit));
  const channel = tx.channel;
  if (channel === 'online') points += extra(bp, q, 110);
  if (lancome) points += Math.min(500, lancomeUnits * 50);
  if (nike) {
    // The per-day cap less what the member already earned from the rule today.
    let room = NIKE_PER_DAY;
    const usage = g.usage;
    if (typeof usage === 'object' && usage !== null && Object.hasOwn(usage, 'brand-nike')) {
      const day = usage['brand-nike']?.day;
      if (day !== undefined) room = day >= NIKE_PER_DAY ? 0 : NIKE_PER_DAY - day;
    }
    const earned = Math.floor(nikeFen / 200);
    points += Math.min(earned, room);
  }
  let category = -1;
  if (beauty) category = Math.floor(beautyFen / 100);
  if (electronics) category = Math.max(category, Math.floor(electronicsFen / 500));
  if (category > 0) points += category;
  if (promo) points += 88;
  if (eligibleTotal >= 100_000) points += 200;
  else if (eligibleTotal >= 30_000) points += 50;
  if (channel === 'mini-program' && purchase) points += 20;
  // Only an explicit 0 is a first purchase (a member with no known count gets no bonus).
  if (purchase && member.purchaseCount === 0) points += 300;
  const granted = member.grantedOnce;
  if (kind === 'sign-up' && !granted?.includes('sign-up')) points += 100;
  if (kind === 'top-up' && !granted?.includes('top-up')) {
    const t = tx.totalFen;
    points += t >= 500_000 ? 2000 : t >= 100_000 ? 300 : t >= 50_000 ? 100 : 0;
  }
  if (purchase) {
    if (anniversary(member.joinedOn, today)) points += 188;
    if (cd === 18) points += 18;
    if (wechat) points += 5;
    if (tier === 'gold' && dayOff && !employee) points += 30;
  }
  // tier-credit: 1 tier-qualifying point per 100 eligible fen, apart from the points.
  qualifying = Math.floor(eligibleTotal / 100);
  return points;
}

/**
 * Takes `excluded` fen of non-earning tenders off the lines' amounts in `el` (whose sum is
 * `total`), spread by largest remainder: each line's share rounded down, the fen left over to the
 * larger remainders first, then the lower index (insertion sort in `order`: few lines).
 */
export function spreadExcluded(
  lines: readonly { readonly amountFen: number }[],
  el: Float64Array,
  order: Int32Array,
  n: number,
  total: number,
  excluded: number,
): void {
  const earning = Math.max(0, total - excluded);
  if (earning === 0) {
    el.fill(0, 0, n);
    return;
  }
  let left = earning;
  for (let i = 0; i < n; i++) {
    const share = Math.floor(((el[i] as number) * earning) / total);
    left -= share;
    order[i] = i;
    el[i] = share;
  }
  if (left <= 0) return;
  // Remainders r_i = a_i*earning - share_i*total.
  const rem = (i: number) => (lines[i] as { readonly amountFen: number }).amountFen * earning - (el[i] as number) * total;
  for (let i = 1; i < n; i++) {
    const k = order[i] as number;
    const rk = rem(k);
    let j = i - 1;
    while (j >= 0 && (rem(order[j] as number) < rk || (rem(order[j] as number) === rk && (order[j] as number) > k))) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = k;
  }
  for (let i = 0; i < n && left > 0; i++, left--) el[order[i] as number] = (el[order[i] as number] as number) + 1;
}
