import { ConsentError, ConsentErrorCode } from '../errors';
import type { ConsentEvent } from '../schemas';
import { parseInstant } from './instant';

// Direct comparisons: cheaper than Set lookups on the replay path, where every event passes here.
const isType = (v: unknown) => v === 'given' || v === 'withdrawn' || v === 'refused' || v === 'renewed' || v === 'expired';
const isConsentType = (v: unknown) => v === 'general' || v === 'separate' || v === 'written' || v === 'guardian';
const isActor = (v: unknown) => v === 'self' || v === 'staff-assisted' || v === 'guardian';

/**
 * The cheap structural guard every replayed event passes (the full schema runs when an event
 * is recorded). With {@link eventAt} and {@link eventExpiresAt} it checks everything a decision
 * reads, so a malformed event can never produce an "allowed".
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` naming the first malformed field.
 */
export function checkEventShape(event: ConsentEvent, index: number): void {
  const e = event as Partial<Record<keyof ConsentEvent, unknown>> | null;
  let problem: string | undefined;
  if (typeof e !== 'object' || e === null) problem = 'not an object';
  else if (typeof e.subjectId !== 'string' || e.subjectId === '') problem = 'subjectId';
  else if (!isType(e.type)) problem = 'type';
  else if (!validPurposes(e.purposes)) problem = 'purposes';
  else if (!isConsentType(e.consentType)) problem = 'consentType';
  else if (typeof e.actor !== 'object' || e.actor === null || !isActor((e.actor as { kind?: unknown }).kind)) problem = 'actor';
  else if (typeof e.notice !== 'object' || e.notice === null || !Number.isInteger((e.notice as { version?: unknown }).version)) {
    problem = 'notice';
  }
  if (problem !== undefined) throw malformed(index, problem);
}

/** `event.at` in epoch milliseconds (after {@link checkEventShape}). */
export function eventAt(event: ConsentEvent, index: number): number {
  return instant(event.at, index, 'at');
}

/** `event.expiresAt` in epoch milliseconds, `NaN` when it has none (after {@link checkEventShape}). */
export function eventExpiresAt(event: ConsentEvent, index: number): number {
  const expiresAt: unknown = event.expiresAt;
  return expiresAt === undefined ? Number.NaN : instant(expiresAt, index, 'expiresAt');
}

function instant(text: unknown, index: number, field: string): number {
  const ms = typeof text === 'string' ? parseInstant(text) : Number.NaN;
  if (Number.isNaN(ms)) throw malformed(index, field);
  return ms;
}

function malformed(index: number, field: string): ConsentError {
  return new ConsentError(ConsentErrorCode.INVALID_INPUT, `Consent event ${index} is malformed (${field})`, {
    details: { label: 'consent event', index, field },
  });
}

function validPurposes(purposes: unknown): boolean {
  if (!Array.isArray(purposes) || purposes.length === 0) return false;
  for (let i = 0; i < purposes.length; i++) {
    const p: unknown = purposes[i];
    if (typeof p !== 'string' || p === '') return false;
  }
  return true;
}
