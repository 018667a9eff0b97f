/**
 * `@aisle/consent`: purposes, notices and their diffs, a hash-chained consent ledger, decisions,
 * re-ask policy, erasure tasks, unsubscribe tokens and interop, for PIPL and GB/T 35273-2020.
 *
 * @module @aisle/consent
 */
export type { Catalogue, ResolvedPurpose } from './catalogue';
export { defineCatalogue, requirePurpose } from './catalogue';
export type { ConsentStatus, DecideFromEventsInput, DecideInput, Decision } from './decide';
export { decide, decideFromEvents } from './decide';
export type { DueErasuresInput, ErasureAction, ErasureTask } from './erasure';
export { dueErasures } from './erasure';
export { ConsentError, ConsentErrorCode } from './errors';
export type { ConsentFlow, FlowViolation, FlowViolationCode } from './flow';
export { ConsentFlowSchema, describeFlowViolation, validateConsentFlow } from './flow';
export type { ConsentGate, ConsentGateOptions } from './gate';
export { createConsentGate } from './gate';
export type { ConsentModeState, ReceiptController } from './interop';
export { consentModeState, toConsentRecord, toKantaraReceipt } from './interop';
export type { ConsentLogEntry, ConsentLogOptions, ReplayLogOptions } from './log';
export { assertConsentLog, consentStreamId, replayConsentLog } from './log';
export type { ChangeReason, CreateNoticeOptions, Notice, NoticeDiff, PurposeChange } from './notice';
export { createNotice, diffNotices } from './notice';
export type { AskReasonCode, DecisionReasonCode, ReasonSource } from './reasons';
export { describeReason } from './reasons';
export type {
  Actor,
  BilingualText,
  CatalogueInput,
  ConsentEvent,
  DataCategory,
  NoticeInput,
  Purpose,
  PurposeInput,
  Recipient,
  Retention,
  SubjectFacts,
} from './schemas';
export {
  ActorSchema,
  CatalogueSchema,
  ConsentEventSchema,
  DataCategorySchema,
  NoticeSchema,
  PurposeSchema,
  RecipientSchema,
  RetentionSchema,
  SubjectFactsSchema,
} from './schemas';
export type { AskAdvice, AskPolicy, ShouldAskInput } from './should-ask';
export { DEFAULT_COOL_DOWN_MS, shouldAsk } from './should-ask';
export type {
  ErasureCampaignPlan,
  ErasureCampaignPlanInput,
  ErasureCampaignProgress,
  ErasureCampaignRecord,
  ErasureCampaignRun,
  ErasureCampaignVerification,
  RunErasureCampaignInput,
  SubjectListing,
} from './shutdown';
export { planErasureCampaign, runErasureCampaign, verifyErasureCampaign } from './shutdown';
export type { SubjectConsentFromJsonOptions, SubjectConsentJson } from './snapshot';
export { subjectConsentFromJson, subjectConsentToJson } from './snapshot';
export type { ConsentState, ConsentStateOptions } from './state';
export { createConsentState, replayConsentEvents } from './state';
export type { ConsentAppendResult, ConsentLog, ConsentStore, ConsentStoreOptions, MemoryConsentStoreOptions } from './store';
export { createConsentStore, createMemoryConsentStore } from './store';
export type { PurposeConsent, RecordedStatus, SubjectConsent } from './subject';
export type { CreateUnsubscribeTokenInput, MarketingChannel, UnsubscribeClaims, VerifyUnsubscribeTokenInput } from './unsubscribe';
export { createUnsubscribeToken, isOneClickUnsubscribe, listUnsubscribeHeaders, verifyUnsubscribeToken } from './unsubscribe';
export type { ConsentProblemKind, ConsentSubjectVerification } from './verify-subject';
export type { BuiltInDataCategory, ConsentChannel } from './vocabulary';
export {
  CONSENT_CHANNELS,
  CONSENT_EVENT_TYPES,
  CONSENT_MODE_SIGNALS,
  CONSENT_TYPES,
  DATA_CATEGORIES,
  DATA_CATEGORY_LABELS,
  LEGAL_BASES,
  MARKETING_CHANNELS,
} from './vocabulary';
export type { WithdrawalBase } from './withdrawal';
export { isSmsUnsubscribe, smsReplyWithdrawal, unsubscribeEvent, withdrawalEvent } from './withdrawal';
