import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/incidents`. Schema failures are core's `CORE_VALIDATION`
 * (`ValidationError` (from `@aisle/core`)), and a trail that does not verify or replay is core's
 * `CORE_CHAIN_BROKEN` (`details.context: 'incidents'`); these are the domain failures on top.
 *
 * @public
 */
export const IncidentsErrorCode = {
  /** A count (people, records, sensitive, minors, recipients) is negative, fractional, or inconsistent (sensitive \> people). */
  INVALID_COUNT: 'INCIDENTS_INVALID_COUNT',
  /** Instants out of order: aware or discovered before occurred, a submission before awareness, a revision before creation. */
  TIME_ORDER: 'INCIDENTS_TIME_ORDER',
  /** A regime id that this package does not know (and that was not supplied as data). */
  UNKNOWN_REGIME: 'INCIDENTS_UNKNOWN_REGIME',
  /** A CN operator kind other than `cii`, `central-state-organ` or `other` (`details.path: 'operator.kind'`). */
  UNKNOWN_OPERATOR_KIND: 'INCIDENTS_UNKNOWN_OPERATOR_KIND',
  /** A lifecycle transition that is not allowed from the current status (`details: { from, to }`). */
  INVALID_TRANSITION: 'INCIDENTS_INVALID_TRANSITION',
  /** Business-day arithmetic reached a year the holiday calendar does not cover. */
  CALENDAR_GAP: 'INCIDENTS_CALENDAR_GAP',
  /** An unknown report kind, notice channel, locale or format. */
  UNKNOWN_TEMPLATE: 'INCIDENTS_UNKNOWN_TEMPLATE',
  /** A campaign attempt for an unknown recipient or channel, or after the recipient was reached. */
  CAMPAIGN: 'INCIDENTS_CAMPAIGN',
  /** A response-plan revision that does not follow the current version, or links unknown review tasks. */
  PLAN: 'INCIDENTS_PLAN',
} as const;

/** @public */
export type IncidentsErrorCode = (typeof IncidentsErrorCode)[keyof typeof IncidentsErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/incidents`. */
    incidents: IncidentsErrorCode;
  }
}

/**
 * The error `@aisle/incidents` throws for bad input and domain failures; switch on `code`.
 * `IncidentError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { AisleError, errorCodes } from '@aisle/core';
 * import { IncidentError, IncidentsErrorCode } from '@aisle/incidents';
 *
 * const error = new IncidentError(IncidentsErrorCode.UNKNOWN_REGIME, 'Unknown regime "xx"');
 * AisleError.isInstance(error, 'INCIDENTS_UNKNOWN_REGIME'); // true
 * ```
 *
 * @public
 */
export class IncidentError extends AisleError<IncidentsErrorCode> {
  /** The `INCIDENTS_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(IncidentsErrorCode);
  /** Always `'IncidentError'`. */
  override name = 'IncidentError';
}
