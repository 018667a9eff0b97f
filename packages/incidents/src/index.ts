/**
 * `@aisle/incidents`: personal-information incident records, CN grading, deadlines under several
 * regimes at once, zh-CN/en reports and notices, and a hash-chained audit trail.
 *
 * @packageDocumentation
 * @module @aisle/incidents
 */

export type { DayPeriodOptions, HolidayCalendar } from './calendar';
export { addBusinessDays, endOfLocalDate, isWorkingDay, periodEnd } from './calendar';
export type { Campaign, CampaignProgress, DeliveryAttempt, RecipientProgress } from './campaign';
export { campaignProgress, createCampaign, recordAttempt } from './campaign';
export type { CauseCategory } from './categories';
export { CAUSE_CATEGORIES } from './categories';
export { IncidentError, IncidentsErrorCode } from './errors';
export type { StixIncident, VerisIncident } from './export';
export { toStixIncident, toVeris } from './export';
export type { CnGrade, CnGrading, GradeReason, GradingInput } from './grading';
export { CN_GRADE_NAMES, CN_GRADES, gradeCN } from './grading';
export type { ActorOptions, AuditEvent, AuditVerification, Incident } from './incident';
export {
  allowedTransitions,
  createIncident,
  IncidentId,
  recordSubmission,
  replayAuditTrail,
  restoreIncident,
  transition,
  updateIncident,
  verifyAuditTrail,
} from './incident';
export type { CnOperatorKind, Obligation, ObligationOptions, ObligationStatus, ObligationTiming } from './obligations';
export { obligations, overdue } from './obligations';
export type { ResponsePlan, ReviewTask } from './plan';
export { createResponsePlan, openReviewTask, planReviewStatus, reviseResponsePlan } from './plan';
export type { IncidentDetails, IncidentInput, IncidentPatch, IncidentRecord, IncidentStatus } from './record';
export { INCIDENT_STATUSES } from './record';
export type { RegimeId } from './regime-ids';
export { REGIMES } from './regime-ids';
export type { Locale, OutputFormat, Rendered, RenderedDocumentModel } from './render/document';
export type { NoticeChannel, NoticeOptions } from './render/notice';
export { NOTICE_CHANNELS, renderNotice } from './render/notice';
export type { ReportKind, ReportOptions } from './render/report';
export { REPORT_KINDS, renderReport } from './render/report';
export type { SmsSegments } from './render/sms';
export { smsSegments } from './render/sms';
export { IncidentInputSchema, IncidentPatchSchema } from './schema';
export type { IncidentSaveResult, IncidentStore, IncidentStoreOptions } from './store';
export { createIncidentStore, createMemoryIncidentStore, incidentStreamId } from './store';
export type { UsStateRule } from './us-states';
export { US_STATE_RULES } from './us-states';
