import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import { parseInstant } from './instant';

// Direct comparisons: cheaper than Set lookups on the replay path, where every event passes here.
const isType = (v: unknown) => v === 'given' || v === 'withdrawn' || v === 'refused' || v === 'renewed' || v === 'expired';
const isConsentType = (v: unknown) => v === 'general' || v === 'separate' || v === 'written' || v === 'guardian';
const isActor = (v: unknown) => v === 'self' || v === 'staff-assisted' || v === 'guardian';

/**
 * The cheap structural guard every replayed event passes (the full schema runs when an event
 * is recorded). It checks everything a decision reads, so a malformed event can never produce
 * an "allowed"; it returns the event's instant in epoch milliseconds.
 */
export function eventInstant(event: ConsentEvent, index: number): number {
  const e = event as Partial<Record<keyof ConsentEvent, unknown>> | null;
  let problem: string | undefined;
  checkedExpiresAt = undefined;
  if (typeof e !== 'object' || e === null) problem = 'not an object';
  else if (typeof e.subjectId !== 'string' || e.subjectId === '') problem = 'subjectId';
  else if (!isType(e.type)) problem = 'type';
  else if (!validPurposes(e.purposes)) problem = 'purposes';
  else if (!isConsentType(e.consentType)) problem = 'consentType';
  else if (typeof e.actor !== 'object' || e.actor === null || !isActor((e.actor as { kind?: unknown }).kind)) problem = 'actor';
  else if (typeof e.notice !== 'object' || e.notice === null || !Number.isInteger((e.notice as { version?: unknown }).version)) {
    problem = 'notice';
  } else if (e.expiresAt !== undefined && !checkExpiresAt(e.expiresAt)) {
    problem = 'expiresAt';
  } else if (typeof e.at !== 'string') problem = 'at';
  if (problem === undefined) {
    const at = parseInstant(e?.at as string);
    if (!Number.isNaN(at)) return at;
    problem = 'at';
  }
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `Consent event ${index} is malformed (${problem})`, {
    details: { label: 'consent event', index, field: problem },
  });
}

let checkedExpiresAt: number | undefined;

/**
 * `expiresAt` in epoch milliseconds (or `undefined`) of the event the last {@link eventInstant}
 * call accepted: it is parsed there already, so replay need not parse it again.
 */
export function lastCheckedExpiresAt(): number | undefined {
  return checkedExpiresAt;
}

/** Whether `expiresAt` is a valid instant; keeps its epoch milliseconds for {@link lastCheckedExpiresAt}. */
function checkExpiresAt(expiresAt: unknown): boolean {
  if (typeof expiresAt !== 'string') return false;
  const ms = parseInstant(expiresAt);
  if (Number.isNaN(ms)) return false;
  checkedExpiresAt = ms;
  return true;
}

function validPurposes(purposes: unknown): boolean {
  if (!Array.isArray(purposes) || purposes.length === 0) return false;
  for (let i = 0; i < purposes.length; i++) {
    const p: unknown = purposes[i];
    if (typeof p !== 'string' || p === '') return false;
  }
  return true;
}
