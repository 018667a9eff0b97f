/**
 * `@aisle/consent/flow`: a headless consent-form controller (isomorphic, no DOM) that makes the
 * lawful flow the easy one, and the check of its evidence.
 *
 * @module
 */
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
