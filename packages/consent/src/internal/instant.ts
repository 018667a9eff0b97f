/**
 * Epoch milliseconds of an ISO 8601 instant in the form the schemas accept
 * (`YYYY-MM-DDTHH:mm:ss[.fraction]` then `Z` or `±HH:MM`), or `NaN`. Hand-rolled: a regular
 * expression plus `Date.parse` dominated replaying a million events, and `Date.parse` accepts
 * 30 February and 24:00. The calendar arithmetic is done here too (`Date.UTC` showed up in
 * replay profiles); years below 100 still go through `Date.UTC`, which maps them to 19xx.
 */
export function parseInstant(text: string): number {
  const base = minuteOf(text);
  return Number.isNaN(base) ? base : withinMinute(text, base);
}

/**
 * The first 16 characters, `YYYY-MM-DDTHH:mm`, in epoch milliseconds as if at UTC, after the
 * length check; `NaN` if the text is too short or long, or they are not a valid local minute.
 */
function minuteOf(text: string): number {
  const n = text.length;
  if (n < 20 || n > 35) return Number.NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58) {
    return Number.NaN;
  }
  // Two-digit fields, -1 when either character is not a digit (positions below 20 exist).
  const century = pair(text, 0);
  const yy = pair(text, 2);
  const month = pair(text, 5);
  const day = pair(text, 8);
  const hour = pair(text, 11);
  const minute = pair(text, 14);
  if ((century | yy | month | day | hour | minute) < 0) return Number.NaN;
  const year = century * 100 + yy;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59)) return Number.NaN;
  if (year < 100) return Date.UTC(year, month - 1, day, hour, minute);
  return days(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000;
}

/**
 * The rest of the text after {@link minuteOf} (`:ss[.fraction]` then `Z` or `±HH:MM`) added to
 * `base`, the minute's milliseconds, minus the offset; `NaN` if the rest is malformed.
 */
function withinMinute(text: string, base: number): number {
  const n = text.length;
  if (text.charCodeAt(16) !== 58) return Number.NaN;
  const second = pair(text, 17);
  if (!(second >= 0 && second <= 59)) return Number.NaN;
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && i - start < 10 && isDigit(text.charCodeAt(i))) i++;
    const length = i - start;
    if (length < 1 || length > 9) return Number.NaN;
    ms = (text.charCodeAt(start) - 48) * 100;
    if (length > 1) ms += (text.charCodeAt(start + 1) - 48) * 10;
    if (length > 2) ms += text.charCodeAt(start + 2) - 48;
  }
  let offset = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90 && i + 1 === n) offset = 0;
  else if ((zone === 43 || zone === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh = pair(text, i + 1);
    const om = pair(text, i + 4);
    if (!(oh >= 0 && oh <= 23 && om >= 0 && om <= 59)) return Number.NaN;
    offset = (zone === 45 ? -1 : 1) * (oh * 60 + om);
  } else return Number.NaN;
  return base + second * 1000 + ms - offset * 60_000;
}

/**
 * The number of the two digits at `at` and `at + 1`, or -1 when either is not a digit. Callers
 * check the length first: both positions exist.
 */
function pair(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  // Negative when a or b is below 0 or above 9.
  return (a | b | (9 - a) | (9 - b)) >= 0 ? a * 10 + b : -1;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Days from 1970-01-01 to a date of year 100–9999: `daysFromCivil` in integer arithmetic (every
 * operand is a non-negative int, so truncating division is floor division and the compiler turns
 * each division by a constant into a multiplication; the floating-point divisions cost as much
 * as the rest of the parse).
 */
function days(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  return era * 146_097 + yoe * 365 + (yoe >> 2) - ((yoe / 100) | 0) + doy - 719_468;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
