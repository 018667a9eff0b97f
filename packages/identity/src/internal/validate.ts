import { toInstant } from '@aisle/core';
import { IdentityError, IdentityErrorCode } from '../errors';
import type { IdentifierInput, IdentifierType, LegalBasis, LinkEvidence, LinkStrength } from '../types';

const STRENGTHS: ReadonlyArray<LinkStrength> = ['verified-login', 'sms-code', 'pos-bind', 'reviewed'];
/** Longest raw identifier value read (characters): longer input is refused before any parsing. */
export const MAX_VALUE = 256;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused in ids
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function text(value: unknown, path: string, max: number, code: IdentityErrorCode): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || CONTROL.test(value)) {
    throw new IdentityError(code, `${path}: expected 1–${max} characters without control characters, received ${show(value)}`);
  }
  return value;
}

/** Resolves an identifier's type and canonical value (not yet pseudonymised). */
export function checkIdentifier(
  input: IdentifierInput,
  types: ReadonlyMap<string, IdentifierType>,
): { readonly type: IdentifierType; readonly namespace: string; readonly canonical: string } {
  if (typeof input !== 'object' || input === null) {
    throw new IdentityError(
      IdentityErrorCode.INVALID_IDENTIFIER,
      `identifier: expected { type, value, namespace? }, received ${show(input)}`,
    );
  }
  const type = typeof input.type === 'string' ? types.get(input.type) : undefined;
  if (type === undefined) {
    throw new IdentityError(
      IdentityErrorCode.UNKNOWN_TYPE,
      `identifier.type: expected one of ${[...types.keys()].map((t) => `'${t}'`).join(' | ')}, received ${show(input.type)}`,
    );
  }
  const value = text(input.value, 'identifier.value', MAX_VALUE, IdentityErrorCode.INVALID_IDENTIFIER);
  let namespace = '';
  if (type.namespaced)
    namespace = text(input.namespace, `identifier.namespace (${type.type} is namespaced)`, 128, IdentityErrorCode.INVALID_IDENTIFIER);
  else if (input.namespace !== undefined) {
    throw new IdentityError(
      IdentityErrorCode.INVALID_IDENTIFIER,
      `identifier.namespace: ${type.type} has no namespace, received ${show(input.namespace)}`,
    );
  }
  if (namespace.includes('|'))
    throw new IdentityError(IdentityErrorCode.INVALID_IDENTIFIER, 'identifier.namespace: expected no "|", received one');
  let canonical: string | undefined;
  try {
    canonical = type.canonicalise(value);
  } catch (cause) {
    throw new IdentityError(IdentityErrorCode.INVALID_IDENTIFIER, `identifier.value: not a canonical ${type.type}`, { cause });
  }
  if (canonical === undefined || canonical === '') {
    throw new IdentityError(
      IdentityErrorCode.INVALID_IDENTIFIER,
      `identifier.value: expected a valid ${type.type}, received one that does not canonicalise`,
    );
  }
  return { type, namespace, canonical };
}

function instant(value: unknown, path: string): string {
  try {
    if (typeof value !== 'string') throw new Error();
    return toInstant(value).toISOString();
  } catch {
    throw new IdentityError(
      IdentityErrorCode.INVALID_EVIDENCE,
      `${path}: expected an ISO 8601 instant with an offset, received ${show(value)}`,
    );
  }
}

/** Validates link evidence and returns a normalised, frozen copy (instants in UTC). */
export function checkEvidence(input: unknown): LinkEvidence {
  if (typeof input !== 'object' || input === null) {
    throw new IdentityError(IdentityErrorCode.INVALID_EVIDENCE, `evidence: expected an object, received ${show(input)}`);
  }
  const e = input as Partial<Record<keyof LinkEvidence, unknown>>;
  const E = IdentityErrorCode.INVALID_EVIDENCE;
  const source = text(e.source, 'evidence.source', 100, E);
  const eventId = text(e.eventId, 'evidence.eventId', 200, E);
  const seenAt = instant(e.seenAt, 'evidence.seenAt');
  const verifiedAt = e.verifiedAt === undefined ? undefined : instant(e.verifiedAt, 'evidence.verifiedAt');
  const expiresAt = e.expiresAt === undefined ? undefined : instant(e.expiresAt, 'evidence.expiresAt');
  if (e.strength === 'inferred') {
    throw new IdentityError(
      E,
      "evidence.strength: 'inferred' matches are never links; record them for review and link them as 'reviewed' once approved",
    );
  }
  if (!STRENGTHS.includes(e.strength as LinkStrength)) {
    throw new IdentityError(
      E,
      `evidence.strength: expected one of ${STRENGTHS.map((s) => `'${s}'`).join(' | ')}, received ${show(e.strength)}`,
    );
  }
  if (verifiedAt !== undefined && Date.parse(verifiedAt) < Date.parse(seenAt) - 366 * 86_400_000) {
    throw new IdentityError(E, 'evidence.verifiedAt: expected within a year before seenAt or later');
  }
  if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.parse(seenAt)) {
    throw new IdentityError(E, `evidence.expiresAt: expected after seenAt (${seenAt}), received ${expiresAt}`);
  }
  if (!Array.isArray(e.purposes) || e.purposes.length === 0 || e.purposes.length > 50) {
    throw new IdentityError(E, `evidence.purposes: expected 1–50 purpose ids, received ${show(e.purposes)}`);
  }
  const purposes = e.purposes.map((p: unknown, i) => text(p, `evidence.purposes[${i}]`, 100, E));
  const basis = checkBasis(e.basis);
  return Object.freeze({
    source,
    eventId,
    seenAt,
    ...(verifiedAt === undefined ? {} : { verifiedAt }),
    strength: e.strength as LinkStrength,
    basis,
    purposes: Object.freeze([...new Set(purposes)]),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
}

function checkBasis(input: unknown): LegalBasis {
  const E = IdentityErrorCode.INVALID_EVIDENCE;
  if (typeof input !== 'object' || input === null)
    throw new IdentityError(E, `evidence.basis: expected { kind: 'contract' } or { kind: 'consent', … }, received ${show(input)}`);
  const b = input as Record<string, unknown>;
  if (b.kind === 'contract') return Object.freeze({ kind: 'contract' });
  if (b.kind === 'consent') {
    return Object.freeze({
      kind: 'consent',
      purposeId: text(b.purposeId, 'evidence.basis.purposeId', 100, E),
      subjectId: text(b.subjectId, 'evidence.basis.subjectId', 200, E),
      consentEventId: text(b.consentEventId, 'evidence.basis.consentEventId', 200, E),
    });
  }
  throw new IdentityError(E, `evidence.basis.kind: expected 'contract' | 'consent', received ${show(b.kind)}`);
}
