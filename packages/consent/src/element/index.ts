/**
 * `@aisle/consent/element`: `<aisle-consent>`, a framework-free custom element that renders a
 * consent flow from `@aisle/consent/flow` for web shops and kiosks. Importing it defines nothing;
 * call `defineConsentElement()` in a browser. The flow's types are re-exported for `start()`.
 *
 * @module @aisle/consent/element
 */
export type {
  Actor,
  AskPolicy,
  BilingualText,
  Catalogue,
  ChangeReason,
  ConsentChannel,
  ConsentEvent,
  ConsentEvidence,
  ConsentFlow,
  ConsentFlowController,
  ConsentFlowInput,
  ConsentFlowResult,
  ConsentFlowState,
  ConsentStatus,
  FlowChoice,
  FlowExplained,
  FlowKind,
  FlowLocale,
  FlowStep,
  FlowStepKind,
  FlowText,
  GuardianRelationship,
  Notice,
  NoticeDiff,
  Purpose,
  PurposeChange,
  PurposeConsent,
  Recipient,
  RecordedStatus,
  ResolvedPurpose,
  Retention,
  SubjectConsent,
  SubjectFacts,
} from '../consent-flow/index';
export {
  ActorSchema,
  CONSENT_CHANNELS,
  CONSENT_EVENT_TYPES,
  CONSENT_MODE_SIGNALS,
  CONSENT_TYPES,
  ConsentEventSchema,
  ConsentFlowSchema,
  LEGAL_BASES,
  MARKETING_CHANNELS,
  PurposeSchema,
  RecipientSchema,
  RetentionSchema,
  SubjectFactsSchema,
} from '../consent-flow/index';
export type { AisleConsentElement, AisleConsentEventMap } from './element';
export { defineConsentElement } from './element';
