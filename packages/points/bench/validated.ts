// The validating baseline of the second report row (issue 17): the optimised hand-written function
// after the input checks a strong engineer would write for this one job. The checks are those of
// the package's `validateInput` (the same predicates: ids of 1–128 characters, kind and channel
// from their lists, amounts whole fen from 0 to 10^12, quantities positive safe integers, tags and
// granted rule ids as id lists of at most 10,000, dates checked by character, the store's zone a
// known IANA zone, the receipt's store that store), written inline with no helper call per field
// and no allocation, and the zones found valid remembered in a set (as the engine does). On the
// first check that fails it defers to `validateInput`, which throws the error the engine throws
// (same code and message) or accepts what only it handles (a hole in a tag list, an ISO `at`,
// whose parsed instant is then used). After those, the checks `evaluate` makes beyond
// `validateInput`, in its order: `memberUsage.day` and `.month` whole numbers >= 0 (always read),
// the `brand-nike` rule's `usage` figure when the rule applies (a Nike line; the rule set's only
// capped rule), and the points and tier credit safe integers; each failing one throws `evaluate`'s
// error through the same `checkAmount` or the same `PointsError`. A test pins that this throws
// exactly what `evaluate` throws and otherwise answers what it answers.
import { checkAmount, PointsError, PointsErrorCode } from '../src/errors';
import { validateInput } from '../src/internal/validate-input';
import type { Generated } from './generate';
import { optimisedPoints, optimisedQualifying } from './optimised';

const MAX_FEN = 1e12;
const MAX_EPOCH_MS = 8.64e15;

export const id = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 128;
export const fen = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= MAX_FEN && Number.isInteger(v);
const d = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};
/** `MM-DD` at `i` of `s`. */
export const md = (s: string, i: number): boolean => d(s, i) && d(s, i + 1) && s.charCodeAt(i + 2) === 45 && d(s, i + 3) && d(s, i + 4);
/** `YYYY-MM-DD`. */
export const iso = (v: unknown): boolean =>
  typeof v === 'string' && v.length === 10 && d(v, 0) && d(v, 1) && d(v, 2) && d(v, 3) && v.charCodeAt(4) === 45 && md(v, 5);
export const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** An instant in epoch milliseconds that `instantOf` takes as it is. */
export const isEpochMs = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= MAX_EPOCH_MS;
const ids = (v: unknown): boolean => {
  if (!Array.isArray(v) || v.length > 10_000) return false;
  for (let i = 0; i < v.length; i++) if (!id(v[i])) return false;
  return true;
};

/** Zones `validateInput` accepted (at most 1,024 remembered). */
const knownZones = new Set<unknown>();

/** Whether `validateInput` has accepted `zone` in a call of {@link checkInput} (bench/one-pass.ts reads it too). */
export const isKnownZone = (zone: unknown): boolean => knownZones.has(zone);

/** Whether `g` passes every check of `validateInput` (false: let `validateInput` decide). */
function valid(g: Generated): boolean {
  const tx = g.transaction;
  if (typeof tx !== 'object' || tx === null || !id(tx.id)) return false;
  const kind = tx.kind;
  if (kind !== 'purchase' && kind !== 'sign-up' && kind !== 'top-up') return false;
  const channel = tx.channel;
  if (channel !== 'pos' && channel !== 'online' && channel !== 'mini-program') return false;
  if (!fen(tx.totalFen)) return false;
  const lines = tx.lines;
  if (lines !== undefined) {
    if (!Array.isArray(lines)) return false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (typeof l !== 'object' || l === null || !id(l.id) || !id(l.sku)) return false;
      if ((l.brand !== undefined && !id(l.brand)) || (l.category !== undefined && !id(l.category))) return false;
      if (!fen(l.amountFen) || !Number.isSafeInteger(l.quantity) || l.quantity <= 0) return false;
    }
  }
  const tenders = tx.tenders;
  if (tenders !== undefined) {
    if (!Array.isArray(tenders)) return false;
    for (let i = 0; i < tenders.length; i++) {
      const t = tenders[i];
      if (typeof t !== 'object' || t === null || !id(t.method) || !fen(t.amountFen)) return false;
    }
  }
  const m = g.member;
  if (typeof m !== 'object' || m === null || !id(m.id) || !id(m.tier)) return false;
  if (m.tags !== undefined && !ids(m.tags)) return false;
  if (m.grantedOnce !== undefined && !ids(m.grantedOnce)) return false;
  const b = m.birthday;
  if (b !== undefined && !(typeof b === 'string' && ((b.length === 5 && md(b, 0)) || iso(b)))) return false;
  if (m.joinedOn !== undefined && !iso(m.joinedOn)) return false;
  const pc = m.purchaseCount;
  if (pc !== undefined && !(Number.isSafeInteger(pc) && pc >= 0)) return false;
  const s = g.store;
  if (typeof s !== 'object' || s === null || !id(s.id)) return false;
  if (s.openedOn !== undefined && !iso(s.openedOn)) return false;
  const h = s.dayStartsAtHour;
  if (h !== undefined && !(Number.isInteger(h) && h >= 0 && h <= 12)) return false;
  if (!isKnownZone(s.zone)) return false;
  if (tx.storeId !== s.id) return false;
  return isEpochMs(g.at);
}

/** Whether `g` has a line of the `brand-nike` rule's brand (so evaluate reads its usage). */
function hasNike(g: Generated): boolean {
  const lines = g.transaction.lines;
  if (lines !== undefined) for (let i = 0; i < lines.length; i++) if (lines[i]?.brand === 'nike') return true;
  return false;
}

/**
 * Checks `g` as `evaluate` does before it adds up points: throws its error (code and message) for
 * bad input; returns the receipt's instant in epoch ms.
 */
export function checkInput(g: Generated): number {
  let ms = g.at;
  if (!valid(g)) {
    // The precise error, or (valid after all) the zone remembered: validateInput checked it.
    ms = validateInput(g.transaction, g.member, g.store, g.at, undefined);
    if (knownZones.size < 1024) knownZones.add(g.store.zone);
  }
  // The member's usage over all rules: read by evaluate on every receipt (whatever its type, as
  // `memberUsage?.day` reads it).
  const mu = g.memberUsage as { day?: unknown; month?: unknown } | null | undefined;
  if (mu !== undefined && mu !== null) {
    const day = mu.day;
    if (day !== undefined && !count(day)) checkAmount(day, 'memberUsage.day');
    const month = mu.month;
    if (month !== undefined && !count(month)) checkAmount(month, 'memberUsage.month');
  }
  // The capped rule's own usage, read (the caller's own key only) when the rule applies.
  const usage = g.usage;
  if (typeof usage === 'object' && usage !== null && Object.hasOwn(usage, 'brand-nike')) {
    const spent = (usage['brand-nike'] as { day?: unknown } | null | undefined)?.day;
    if (spent !== undefined && !count(spent) && hasNike(g)) checkAmount(spent, 'usage["brand-nike"].day');
  }
  return ms;
}

/** `optimisedPoints(g)` after checking `g` as `evaluate` does (throws its errors for bad input). */
export function validatedPoints(g: Generated): number {
  const points = optimisedPoints(g, checkInput(g));
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(optimisedQualifying())) {
    throw new PointsError(
      PointsErrorCode.INVALID_AMOUNT,
      `Transaction "${g.transaction.id}" would earn more points than can be represented exactly`,
    );
  }
  return points;
}
