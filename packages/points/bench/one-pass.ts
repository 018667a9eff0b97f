// The strongest validating baseline (issue 17, added 2026-12-01): the optimised hand-written
// function with the input checks of bench/validated.ts made in the same pass that reads each
// field, as a strong engineer writing one validating function for this job would write it. No
// field is read twice, no helper is called per field, nothing is allocated per transaction.
//
// Why it exists: the engine validates (every field `evaluate` validates, the same errors), the
// optimised function does not, and bench/validated.ts checks in a pass of its own before it. This
// one bounds from below what any function that rejects the same bad input can cost: the gap
// between it and the optimised function is the price of validation itself, which no engine can
// avoid. The points arithmetic after the reading is optimised.ts's, the same rules in the same
// order (a copy: the differential and hostile-input tests pin both to `evaluate`); the calendar
// helpers and the spread of non-earning tenders are imported from it.
//
// The checks' predicates and the zones found valid are bench/validated.ts's.
//
// On the first check that fails it returns NaN from the inner function, and `onePassPoints` hands
// the input to `validatedPoints`, which throws the error `evaluate` throws (same code, same
// message) or answers for what only `validateInput` accepts (a hole in a tag list, an ISO `at`).
// A test pins that it throws exactly what `evaluate` throws and otherwise answers what it answers.
import type { Generated } from './generate';
import {
  anniversary,
  civil,
  cd as civilDay,
  cm as civilMonth,
  cy as civilYear,
  DAY,
  DOUBLE_11,
  digit,
  extra,
  FIRST,
  HOLIDAY,
  NIKE_PER_DAY,
  offsetFor,
  optimisedQualifying,
  SPAN,
  spreadExcluded,
  WORKDAY,
} from './optimised';
import {
  count as isCount,
  isEpochMs,
  fen as isFen,
  id as isId,
  iso as isIsoDate,
  isKnownZone,
  md as isMonthDay,
  validatedPoints,
} from './validated';

let scratch = new Float64Array(64);
let order = new Int32Array(64);
let qualifying = 0;

/** The tier credit (tier-qualifying points) of the last `onePassPoints` call that answered. */
export function onePassQualifying(): number {
  return qualifying;
}

/**
 * `validatedPoints(g)` in one pass: the points of `g`, or the error `evaluate` throws for it.
 */
export function onePassPoints(g: Generated): number {
  const points = checkedPoints(g);
  if (!Number.isNaN(points)) return points;
  // A check failed (or the figures need exact arithmetic): the validating function decides (and
  // remembers a zone `validateInput` accepted, which the next call then finds known).
  const answer = validatedPoints(g);
  qualifying = optimisedQualifying();
  return answer;
}

/** The points of `g` with every check made as its field is read; NaN as soon as one fails. */
function checkedPoints(g: Generated): number {
  const tx = g.transaction;
  const member = g.member;
  const store = g.store;
  if (typeof tx !== 'object' || tx === null || typeof member !== 'object' || member === null) return Number.NaN;
  if (typeof store !== 'object' || store === null) return Number.NaN;
  const kind = tx.kind;
  if (kind !== 'purchase' && kind !== 'sign-up' && kind !== 'top-up') return Number.NaN;
  const channel = tx.channel;
  if (channel !== 'pos' && channel !== 'online' && channel !== 'mini-program') return Number.NaN;
  const totalFen = tx.totalFen;
  if (!isId(tx.id) || !isFen(totalFen)) return Number.NaN;
  const storeId = store.id;
  if (!isId(storeId) || tx.storeId !== storeId) return Number.NaN;
  const zone = store.zone;
  if (!isKnownZone(zone)) return Number.NaN;
  const openedOn = store.openedOn;
  if (openedOn !== undefined && !isIsoDate(openedOn)) return Number.NaN;
  const startsAt = store.dayStartsAtHour;
  if (startsAt !== undefined && !(Number.isInteger(startsAt) && startsAt >= 0 && startsAt <= 12)) return Number.NaN;
  const at = g.at;
  if (!isEpochMs(at)) return Number.NaN;
  const tier = member.tier;
  if (!isId(member.id) || !isId(tier)) return Number.NaN;
  const bday = member.birthday;
  if (bday !== undefined && !(typeof bday === 'string' && ((bday.length === 5 && isMonthDay(bday, 0)) || isIsoDate(bday))))
    return Number.NaN;
  const joinedOn = member.joinedOn;
  if (joinedOn !== undefined && !isIsoDate(joinedOn)) return Number.NaN;
  const purchaseCount = member.purchaseCount;
  if (purchaseCount !== undefined && !isCount(purchaseCount)) return Number.NaN;
  const mu = g.memberUsage as { day?: unknown; month?: unknown } | null | undefined;
  if (mu !== undefined && mu !== null) {
    const day = mu.day;
    const month = mu.month;
    if ((day !== undefined && !isCount(day)) || (month !== undefined && !isCount(month))) return Number.NaN;
  }

  // Tenders: checked, and the non-earning amount and a WeChat payment found, in one loop.
  let excluded = 0;
  const tenders = tx.tenders;
  let wechat = false;
  if (tenders !== undefined) {
    if (!Array.isArray(tenders)) return Number.NaN;
    for (let i = 0; i < tenders.length; i++) {
      const t = tenders[i] as NonNullable<typeof tenders>[number];
      if (typeof t !== 'object' || t === null) return Number.NaN;
      const m = t.method;
      const amount = t.amountFen;
      if (!isId(m) || !isFen(amount)) return Number.NaN;
      if (m === 'stored-value' || m === 'points' || m === 'gift-card') excluded += amount;
      else if (m === 'wechat-pay' && amount > 0) wechat = true;
    }
  }

  // Lines: checked, and every figure the rules need summed, in one loop (before the spread of
  // non-earning tenders, each line's own amount; after it, its share, in a second loop only then).
  const txLines = tx.lines;
  if (txLines !== undefined && !Array.isArray(txLines)) return Number.NaN;
  const lines = txLines ?? [];
  const n = lines.length;
  if (scratch.length < n) {
    scratch = new Float64Array(n * 2);
    order = new Int32Array(n * 2);
  }
  const el = scratch;
  let total = 0;
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
    if (typeof line !== 'object' || line === null) return Number.NaN;
    const sku = line.sku;
    if (!isId(line.id) || !isId(sku)) return Number.NaN;
    const brand = line.brand;
    const category = line.category;
    if ((brand !== undefined && !isId(brand)) || (category !== undefined && !isId(category))) return Number.NaN;
    const a = line.amountFen;
    const quantity = line.quantity;
    if (!isFen(a) || !Number.isSafeInteger(quantity) || quantity <= 0) return Number.NaN;
    el[i] = a;
    total += a;
    if (category !== 'tobacco') base += a;
    if (brand === 'nike') {
      nike = true;
      nikeFen += a;
    } else if (brand === 'lancome') {
      lancome = true;
      lancomeUnits += quantity;
    }
    if (category === 'beauty') {
      beauty = true;
      beautyFen += a;
    } else if (category === 'electronics') {
      electronics = true;
      electronicsFen += a;
    }
    if (sku === 'SKU-PROMO-1') promo = true;
  }
  let eligibleTotal = total;
  if (excluded !== 0) {
    // Non-earning tenders spread over lines by largest remainder; the sums again from the shares.
    spreadExcluded(lines, el, order, n, total, excluded);
    eligibleTotal = 0;
    base = 0;
    nikeFen = 0;
    beautyFen = 0;
    electronicsFen = 0;
    for (let i = 0; i < n; i++) {
      const line = lines[i] as (typeof lines)[number];
      const e = el[i] as number;
      eligibleTotal += e;
      const category = line.category;
      if (category !== 'tobacco') base += e;
      if (line.brand === 'nike') nikeFen += e;
      if (category === 'beauty') beautyFen += e;
      else if (category === 'electronics') electronicsFen += e;
    }
  }

  // Member tags and granted rules: checked as read.
  const tags = member.tags;
  let vip = false;
  let employee = false;
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > 10_000) return Number.NaN;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i];
      if (!isId(tag)) return Number.NaN;
      if (tag === 'vip') vip = true;
      else if (tag === 'employee') employee = true;
    }
  }
  const granted = member.grantedOnce;
  let signUpGranted = false;
  let topUpGranted = false;
  if (granted !== undefined) {
    if (!Array.isArray(granted) || granted.length > 10_000) return Number.NaN;
    for (let i = 0; i < granted.length; i++) {
      const id = granted[i];
      if (!isId(id)) return Number.NaN;
      if (id === 'sign-up') signUpGranted = true;
      else if (id === 'top-up') topUpGranted = true;
    }
  }

  // Local calendar: the business date (before the store's day start it is still the previous day).
  const local = at + offsetFor(at, zone as string) * 60_000 - (startsAt ?? 0) * 3_600_000;
  const days = Math.floor(local / DAY);
  civil(days);
  const w = (days + 4) % 7;
  const weekday = w === 0 ? 7 : w;
  const today = civilYear * 10_000 + civilMonth * 100 + civilDay;
  const slot = days - FIRST;
  const holiday = slot >= 0 && slot < SPAN && HOLIDAY[slot] === 1;
  const dayOff = holiday || (weekday >= 6 && !(slot >= 0 && slot < SPAN && WORKDAY[slot] === 1));
  const birthdayMonth = bday !== undefined && digit(bday, bday.length - 5) * 10 + digit(bday, bday.length - 4) === civilMonth;
  const purchase = kind === 'purchase';

  // The 25 rules, as optimised.ts adds them up.
  const p = tier === 'platinum' ? 2 : tier === 'gold' ? 3 : 1;
  const q = tier === 'platinum' ? 100 : tier === 'gold' || storeId === 's5' ? 200 : 100;
  const bp = base * p;
  let points = Math.floor(bp / q);
  let calendar = 0;
  if (weekday === 3) calendar = Math.max(calendar, extra(bp, q, 200));
  if (birthdayMonth) calendar = Math.max(calendar, extra(bp, q, 300));
  if (holiday) calendar = Math.max(calendar, extra(bp, q, 150));
  if (anniversary(openedOn, today)) calendar = Math.max(calendar, extra(bp, q, 200));
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
  if (channel === 'online') points += extra(bp, q, 110);
  if (lancome) points += Math.min(500, lancomeUnits * 50);
  if (nike) {
    // The per-day cap less what the member already earned from the rule today (a bad figure: NaN).
    let room = NIKE_PER_DAY;
    const usage = g.usage;
    if (typeof usage === 'object' && usage !== null && Object.hasOwn(usage, 'brand-nike')) {
      const day = (usage['brand-nike'] as { day?: unknown } | null | undefined)?.day;
      if (day !== undefined) {
        if (!isCount(day)) return Number.NaN;
        room = (day as number) >= NIKE_PER_DAY ? 0 : NIKE_PER_DAY - (day as number);
      }
    }
    points += Math.min(Math.floor(nikeFen / 200), room);
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
  if (purchase && purchaseCount === 0) points += 300;
  if (kind === 'sign-up' && !signUpGranted) points += 100;
  if (kind === 'top-up' && !topUpGranted) points += totalFen >= 500_000 ? 2000 : totalFen >= 100_000 ? 300 : totalFen >= 50_000 ? 100 : 0;
  if (purchase) {
    if (anniversary(joinedOn, today)) points += 188;
    if (civilDay === 18) points += 18;
    if (wechat) points += 5;
    if (tier === 'gold' && dayOff && !employee) points += 30;
  }
  // The tier credit (1 per 100 eligible fen) and the points must be safe integers (else evaluate throws).
  const credit = Math.floor(eligibleTotal / 100);
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(credit)) return Number.NaN;
  qualifying = credit;
  return points;
}
