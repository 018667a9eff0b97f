/**
 * `@aisle/consent/flow`: a headless consent-form controller (isomorphic, no DOM) that makes the
 * lawful flow the easy one, and the check of its evidence. The types and schemas of the main
 * entry that its API uses are re-exported here, so this subpath stands on its own.
 *
 * @module @aisle/consent/flow
 */
export type { Catalogue, ResolvedPurpose } from '../catalogue';
export type { ConsentStatus } from '../decide';
export type { ConsentFlow } from '../flow';
export { ConsentFlowSchema } from '../flow';
export type { ChangeReason, Notice, NoticeDiff, PurposeChange } from '../notice';
export type { Actor, BilingualText, ConsentEvent, Purpose, Recipient, Retention, SubjectFacts } from '../schemas';
export { ActorSchema, ConsentEventSchema, PurposeSchema, RecipientSchema, RetentionSchema, SubjectFactsSchema } from '../schemas';
export type { AskPolicy } from '../should-ask';
export type { PurposeConsent, RecordedStatus, SubjectConsent } from '../state';
export type { ConsentChannel } from '../vocabulary';
export { CONSENT_CHANNELS, CONSENT_EVENT_TYPES, CONSENT_MODE_SIGNALS, CONSENT_TYPES, LEGAL_BASES, MARKETING_CHANNELS } from '../vocabulary';
export type {
  ConsentEvidence,
  ConsentFlowController,
  ConsentFlowInput,
  ConsentFlowResult,
  ConsentFlowState,
  GuardianRelationship,
} from './controller';
export { createConsentFlow } from './controller';
export type { ConsentEvidenceVerification } from './evidence';
export { verifyConsentEvidence } from './evidence';
export type { FlowLocale } from './messages';
export type { FlowChoice, FlowExplained, FlowKind, FlowStep, FlowStepKind, FlowText } from './steps';
