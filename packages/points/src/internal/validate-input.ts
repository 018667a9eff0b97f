import { isTimeZone, toInstant, ValidationError } from '@aisle/core';
import { checkAmount, PointsError, PointsErrorCode } from '../errors';
import type { Member, Store, Transaction } from '../schema-types';

const MAX_FEN = 1e12;
const MAX_EPOCH_MS = 8.64e15;
const knownZones = new Set<string>();

export const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 128;

/** A whole number of fen from 0 to 10^12 (the fast check; `fen` gives the error). */
export const isFen = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value <= MAX_FEN && Number.isInteger(value);

function fen(value: unknown, what: string): number {
  // Called with the field's name only when the fast check failed: the checks and their errors.
  const n = checkAmount(value, what);
  if (n > MAX_FEN) throw new PointsError(PointsErrorCode.INVALID_AMOUNT, `${what} exceeds ${MAX_FEN} fen`, { details: { field: what } });
  return n;
}

/**
 * The hot-path check of evaluation input: hand-written rather than a schema parse so that a
 * million receipts do not pay for it, but just as strict about what reaches the arithmetic.
 */
export function validateInput(
  transaction: Transaction,
  member: Member,
  store: Store,
  at: unknown,
  stores: ReadonlySet<string> | undefined,
): number {
  if (typeof transaction !== 'object' || transaction === null) throw invalid('transaction must be an object');
  if (!isId(transaction.id)) throw invalid('transaction.id must be a non-empty string');
  const kind: unknown = transaction.kind;
  if (kind !== 'purchase' && kind !== 'sign-up' && kind !== 'top-up') throw invalid(`transaction.kind must be purchase, sign-up or top-up`);
  const channel: unknown = transaction.channel;
  if (channel !== 'pos' && channel !== 'online' && channel !== 'mini-program')
    throw invalid('transaction.channel must be pos, online or mini-program');
  if (!isFen(transaction.totalFen)) fen(transaction.totalFen, 'transaction.totalFen');
  const lines = transaction.lines ?? [];
  if (!Array.isArray(lines)) throw invalid('transaction.lines must be an array');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line !== 'object' || line === null || !isId(line.id) || !isId(line.sku))
      throw invalid(`transaction.lines[${i}] needs an id and a sku`);
    if ((line.brand !== undefined && !isId(line.brand)) || (line.category !== undefined && !isId(line.category))) {
      throw invalid(`transaction.lines[${i}].brand and .category must be non-empty strings of at most 128 characters when given`);
    }
    if (!isFen(line.amountFen)) fen(line.amountFen, `transaction.lines[${i}].amountFen`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new PointsError(
        PointsErrorCode.INVALID_AMOUNT,
        `transaction.lines[${i}].quantity must be a positive integer, got ${line.quantity}`,
      );
    }
  }
  const tenders = transaction.tenders ?? [];
  if (!Array.isArray(tenders)) throw invalid('transaction.tenders must be an array');
  for (let i = 0; i < tenders.length; i++) {
    const tender = tenders[i];
    if (typeof tender !== 'object' || tender === null || !isId(tender.method)) throw invalid(`transaction.tenders[${i}] needs a method`);
    if (!isFen(tender.amountFen)) fen(tender.amountFen, `transaction.tenders[${i}].amountFen`);
  }
  if (typeof member !== 'object' || member === null || !isId(member.id) || !isId(member.tier)) {
    throw new PointsError(PointsErrorCode.UNKNOWN_MEMBER, 'A member with an id and a tier is required to evaluate a transaction');
  }
  checkMember(member);
  if (typeof store !== 'object' || store === null || !isId(store.id)) {
    throw new PointsError(PointsErrorCode.UNKNOWN_STORE, 'A store with an id and a time zone is required to evaluate a transaction');
  }
  if (store.openedOn !== undefined && !isIsoDate(store.openedOn)) throw invalidField('store', 'openedOn', 'a YYYY-MM-DD date');
  if (
    store.dayStartsAtHour !== undefined &&
    !(Number.isInteger(store.dayStartsAtHour) && store.dayStartsAtHour >= 0 && store.dayStartsAtHour <= 12)
  ) {
    throw invalidField('store', 'dayStartsAtHour', 'a whole hour from 0 to 12');
  }
  if (!isKnownZone(store.zone)) {
    throw new PointsError(PointsErrorCode.UNKNOWN_STORE, `Store "${store.id}" has no valid IANA time zone`, {
      details: { store: store.id },
    });
  }
  if (transaction.storeId !== store.id || (stores !== undefined && !stores.has(store.id))) {
    throw new PointsError(PointsErrorCode.UNKNOWN_STORE, `Store "${describeId(transaction.storeId)}" is not known to this rule set`, {
      details: { store: describeId(transaction.storeId) },
    });
  }
  return instantOf(at);
}

/** Epoch milliseconds of a validated receipt's `at` (core's `toInstant` unless it already is a safe integer in range). */
export const instantOf = (at: unknown): number =>
  typeof at === 'number' && Number.isSafeInteger(at) && Math.abs(at) <= MAX_EPOCH_MS ? at : toInstant(at as Date).getTime();

/** `zone` is a valid IANA time zone (the valid ones memoised, up to 1,024 of them). */
export function isKnownZone(zone: unknown): boolean {
  if (typeof zone === 'string' && knownZones.has(zone)) return true;
  if (!isTimeZone(zone as string)) return false;
  if (knownZones.size < 1024) knownZones.add(zone as string);
  return true;
}

const isDigit = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** `MM-DD` at `at` of `text` (digits and the dash only; the schema's `\d{2}-\d{2}`). */
const isMonthDayAt = (text: string, at: number): boolean =>
  isDigit(text, at) && isDigit(text, at + 1) && text.charCodeAt(at + 2) === 45 && isDigit(text, at + 3) && isDigit(text, at + 4);

/** `YYYY-MM-DD` (`/^\d{4}-\d{2}-\d{2}$/`, checked by character: this runs for every receipt). */
const isIsoDate = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.length === 10 &&
  isDigit(value, 0) &&
  isDigit(value, 1) &&
  isDigit(value, 2) &&
  isDigit(value, 3) &&
  value.charCodeAt(4) === 45 &&
  isMonthDayAt(value, 5);

/** `MM-DD` or `YYYY-MM-DD` (`/^(\d{4}-)?\d{2}-\d{2}$/`). */
const isBirthday = (value: unknown): boolean =>
  typeof value === 'string' && ((value.length === 5 && isMonthDayAt(value, 0)) || isIsoDate(value));

export function isIds(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > 10_000) return false;
  // As `every` did: holes of a sparse array are skipped.
  for (let i = 0; i < value.length; i++) if (!isId(value[i]) && i in value) return false;
  return true;
}

/** The optional member fields the conditions read: checked as strictly as `MemberSchema` would. */
function checkMember(member: Member): void {
  if (member.tags !== undefined && !isIds(member.tags)) throw invalidField('member', 'tags', 'an array of non-empty strings');
  if (member.grantedOnce !== undefined && !isIds(member.grantedOnce)) throw invalidField('member', 'grantedOnce', 'an array of rule ids');
  if (member.birthday !== undefined && !isBirthday(member.birthday)) {
    throw invalidField('member', 'birthday', 'MM-DD or YYYY-MM-DD');
  }
  if (member.joinedOn !== undefined && !isIsoDate(member.joinedOn)) throw invalidField('member', 'joinedOn', 'a YYYY-MM-DD date');
  if (member.purchaseCount !== undefined && !(Number.isSafeInteger(member.purchaseCount) && member.purchaseCount >= 0)) {
    throw invalidField('member', 'purchaseCount', 'a whole number >= 0');
  }
}

/** An id for a message: strings cut to 128 characters, anything else named by its type (never converted). */
function describeId(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 128) : `(${value === null ? 'null' : typeof value})`;
}

function invalidField(label: string, field: string, expected: string): ValidationError {
  return new ValidationError([{ path: [field], message: `expected ${expected}` }], { label });
}

function invalid(message: string): ValidationError {
  return new ValidationError([{ path: [], message }], { label: 'transaction' });
}
