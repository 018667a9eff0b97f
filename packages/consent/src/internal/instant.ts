import { daysFromCivil } from '@aisle/core';

/**
 * Epoch milliseconds of an ISO 8601 instant in the form the schemas accept
 * (`YYYY-MM-DDTHH:mm:ss[.fraction]` then `Z` or `±HH:MM`), or `NaN`. Hand-rolled: a regular
 * expression plus `Date.parse` dominated replaying a million events, and `Date.parse` accepts
 * 30 February and 24:00. The calendar arithmetic is done here too (`Date.UTC` showed up in
 * replay profiles); years below 100 still go through `Date.UTC`, which maps them to 19xx.
 */
export function parseInstant(text: string): number {
  const n = text.length;
  if (n < 20 || n > 35) return Number.NaN;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  const y1 = digit(text, 0);
  const y2 = digit(text, 1);
  const y3 = digit(text, 2);
  const y4 = digit(text, 3);
  const mo1 = digit(text, 5);
  const mo2 = digit(text, 6);
  const d1 = digit(text, 8);
  const d2 = digit(text, 9);
  const h1 = digit(text, 11);
  const h2 = digit(text, 12);
  const mi1 = digit(text, 14);
  const mi2 = digit(text, 15);
  const s1 = digit(text, 17);
  const s2 = digit(text, 18);
  // `digit` is -1 for a non-digit, so any non-digit makes the OR negative.
  if ((y1 | y2 | y3 | y4 | mo1 | mo2 | d1 | d2 | h1 | h2 | mi1 | mi2 | s1 | s2) < 0) return Number.NaN;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = mo1 * 10 + mo2;
  const day = d1 * 10 + d2;
  const hour = h1 * 10 + h2;
  const minute = mi1 * 10 + mi2;
  const second = s1 * 10 + s2;
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && i - start < 10 && digit(text, i) >= 0) i++;
    const length = i - start;
    if (length < 1 || length > 9) return Number.NaN;
    ms = digit(text, start) * 100;
    if (length > 1) ms += digit(text, start + 1) * 10;
    if (length > 2) ms += digit(text, start + 2);
  }
  let offset = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90 && i + 1 === n) offset = 0;
  else if ((zone === 43 || zone === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh1 = digit(text, i + 1);
    const oh2 = digit(text, i + 2);
    const om1 = digit(text, i + 4);
    const om2 = digit(text, i + 5);
    if ((oh1 | oh2 | om1 | om2) < 0) return Number.NaN;
    const oh = oh1 * 10 + oh2;
    const om = om1 * 10 + om2;
    if (!(oh <= 23 && om <= 59)) return Number.NaN;
    offset = (zone === 45 ? -1 : 1) * (oh * 60 + om);
  } else return Number.NaN;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59))
    return Number.NaN;
  if (year < 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset * 60_000;
}

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
