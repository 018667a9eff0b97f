/**
 * A US state's breach-notification rule, as data. Counting: calendar days from the trigger's
 * local date (the trigger day not counted), ending at 24:00 of the last day in `zone`.
 *
 * @public
 */
export interface UsStateRule {
  /** `US-CA`, matched against `personalInformation.byJurisdiction`. */
  readonly jurisdiction: string;
  readonly name: string;
  readonly zone: string;
  /** Notice to residents: within `days` of discovery. */
  readonly individuals: { readonly days: number; readonly citation: string };
  /** Notice to the attorney general (or equivalent) above a resident threshold. */
  readonly regulator?: {
    readonly recipient: string;
    readonly threshold: number;
    /** `more-than` (\> threshold) or `at-least` (≥ threshold). */
    readonly comparison: 'more-than' | 'at-least';
    readonly days: number;
    /** What starts the regulator's clock: discovery, or the notice to residents. */
    readonly after: 'discovery' | 'individual-notice';
    readonly citation: string;
  };
}

/**
 * Rules for a few states, as of the 2026 texts (California as amended by SB 446, in force
 * 1 January 2026). Data, not advice: pass your own list to `obligations` to add or correct states.
 *
 * @public
 */
export const US_STATE_RULES: readonly UsStateRule[] = [
  {
    jurisdiction: 'US-CA',
    name: 'California',
    zone: 'America/Los_Angeles',
    individuals: { days: 30, citation: 'Cal. Civ. Code § 1798.82(a) (SB 446, 2025): within 30 calendar days of discovery or notification' },
    regulator: {
      recipient: 'California Attorney General (sample notice)',
      threshold: 500,
      comparison: 'more-than',
      days: 15,
      after: 'individual-notice',
      citation: 'Cal. Civ. Code § 1798.82(f): more than 500 residents, within 15 calendar days of notifying them',
    },
  },
  {
    jurisdiction: 'US-NY',
    name: 'New York',
    zone: 'America/New_York',
    individuals: { days: 30, citation: 'N.Y. Gen. Bus. Law § 899-aa(2) (as amended 2024): within 30 days after discovery' },
  },
  {
    jurisdiction: 'US-TX',
    name: 'Texas',
    zone: 'America/Chicago',
    individuals: {
      days: 60,
      citation: 'Tex. Bus. & Com. Code § 521.053(b): not later than the 60th day after determining the breach occurred',
    },
    regulator: {
      recipient: 'Texas Attorney General',
      threshold: 250,
      comparison: 'at-least',
      days: 30,
      after: 'discovery',
      citation: 'Tex. Bus. & Com. Code § 521.053(i): at least 250 residents, not later than the 30th day after determination',
    },
  },
  {
    jurisdiction: 'US-CO',
    name: 'Colorado',
    zone: 'America/Denver',
    individuals: { days: 30, citation: 'C.R.S. § 6-1-716(2): not later than 30 days after determination' },
    regulator: {
      recipient: 'Colorado Attorney General',
      threshold: 500,
      comparison: 'at-least',
      days: 30,
      after: 'discovery',
      citation: 'C.R.S. § 6-1-716(2)(f): 500 or more residents, not later than 30 days after determination',
    },
  },
  {
    jurisdiction: 'US-FL',
    name: 'Florida',
    zone: 'America/New_York',
    individuals: { days: 30, citation: 'Fla. Stat. § 501.171(4)(a): no later than 30 days after determination' },
    regulator: {
      recipient: 'Florida Department of Legal Affairs',
      threshold: 500,
      comparison: 'at-least',
      days: 30,
      after: 'discovery',
      citation: 'Fla. Stat. § 501.171(3)(a): 500 or more individuals, no later than 30 days after determination',
    },
  },
  {
    jurisdiction: 'US-WA',
    name: 'Washington',
    zone: 'America/Los_Angeles',
    individuals: { days: 30, citation: 'RCW 19.255.010(8): no more than 30 calendar days after discovery' },
    regulator: {
      recipient: 'Washington Attorney General',
      threshold: 500,
      comparison: 'more-than',
      days: 30,
      after: 'discovery',
      citation: 'RCW 19.255.010(7): more than 500 residents, no more than 30 calendar days after discovery',
    },
  },
];
