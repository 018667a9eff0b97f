// Proleptic Gregorian day arithmetic without Date objects (H. Hinnant's days_from_civil and
// civil_from_days), shared by every package that counts calendar days: consent's instants, deid's
// date shifts, points' business dates and segments' day fields.

/**
 * Days since 1970-01-01 of the proleptic Gregorian date `year-month-day` (negative before 1970).
 * The date is not checked: `month` 1–12 and `day` within the month are the caller's to ensure;
 * integers in, an integer out, exact for any year a JavaScript number holds.
 *
 * @example
 * ```ts
 * import { daysFromCivil } from '@aisle/core';
 *
 * daysFromCivil(1970, 1, 1); // 0
 * daysFromCivil(2026, 11, 30); // 20787
 * daysFromCivil(1969, 12, 31); // -1
 * ```
 *
 * @public
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The proleptic Gregorian date `[year, month, day]` (month 1–12) of a day count since
 * 1970-01-01: the inverse of {@link daysFromCivil}.
 *
 * @example
 * ```ts
 * import { civilFromDays } from '@aisle/core';
 *
 * civilFromDays(0); // [1970, 1, 1]
 * civilFromDays(20787); // [2026, 11, 30]
 * civilFromDays(-1); // [1969, 12, 31]
 * ```
 *
 * @public
 */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
