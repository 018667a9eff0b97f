/**
 * `@aisle/identity`: a lawful identity graph — identifiers declared by type and stored only as
 * pseudonyms, links with evidence and a legal basis, profiles with minted ids viewed per purpose
 * and instant, guards before any merge, splits on withdrawal, explanations.
 *
 * @packageDocumentation
 * @module @aisle/identity
 */

export { IdentityError, IdentityErrorCode } from './errors';
export type { IdentityGraph, IdentityGraphOptions, LinkCaller } from './graph';
export { createIdentityGraph, loadIdentityGraph } from './graph';
export { defaultIdentifierTypes } from './identifier-types';
export type {
  ConsentGate,
  ExplainedLink,
  HoldReason,
  IdentifierInput,
  IdentifierType,
  LegalBasis,
  LinkEvidence,
  LinkOutcome,
  LinkStrength,
  Pseudonymise,
  PurposeProfile,
  SplitPart,
  UnlinkReason,
} from './types';
