import type { DurationUnit } from '../ast';
import { SegmentError, SegmentErrorCode } from '../errors';

export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number; text: string }
  | { kind: 'number'; value: number; pos: number; text: string }
  | { kind: 'duration'; amount: number; unit: DurationUnit; pos: number; text: string }
  | { kind: 'date'; value: string; pos: number; text: string }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'eof'; pos: number; text: string };

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function positionOf(source: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function syntaxError(source: string, offset: number, message: string, details: Record<string, unknown> = {}): SegmentError {
  const { line, column } = positionOf(source, offset);
  return new SegmentError(SegmentErrorCode.SYNTAX, `${line}:${column}: ${message}`, { details: { line, column, ...details } });
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?![A-Za-z0-9_])/;
const PUNCT = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ','];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function quote(text: string): string {
  return JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);
}

export function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : quote(token.text);
}

/** Splits segment text into tokens; throws `SEGMENT_SYNTAX` with line:column on a bad character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (IDENT_START.test(c)) {
      while (i < source.length && IDENT.test(source[i] as string)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), pos: start });
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw syntaxError(source, start, 'unterminated string literal', { expected: "'" });
        const ch = source[i] as string;
        if (ch === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', value, pos: start, text: source.slice(start, i) });
      continue;
    }
    const signed = (c === '-' || c === '+') && /\d/.test(source[i + 1] ?? '');
    if (signed || /\d/.test(c)) {
      const body = source.slice(signed ? i + 1 : i);
      const date = signed ? null : DATE.exec(body);
      if (date) {
        if (!validDate(Number(date[1]), Number(date[2]), Number(date[3])))
          throw syntaxError(source, start, `invalid date ${quote(date[0])}`);
        i += date[0].length;
        tokens.push({ kind: 'date', value: date[0], pos: start, text: date[0] });
        continue;
      }
      const m = NUMBER.exec(body) as RegExpExecArray;
      i += (signed ? 1 : 0) + m[0].length;
      const unit = source[i];
      const sign = c === '-' ? -1 : 1;
      if ((unit === 'd' || unit === 'w' || unit === 'm' || unit === 'y') && !IDENT.test(source[i + 1] ?? '')) {
        const amount = Number(m[0]);
        if (!Number.isSafeInteger(amount)) throw syntaxError(source, start, `duration must be a whole number, got ${quote(m[0])}`);
        i++;
        tokens.push({ kind: 'duration', amount: sign * amount, unit, pos: start, text: source.slice(start, i) });
        continue;
      }
      if (IDENT.test(source[i] ?? '')) throw syntaxError(source, start, `malformed number ${quote(source.slice(start, i + 1))}`);
      const value = sign * Number(m[0]);
      if (!Number.isFinite(value)) throw syntaxError(source, start, `number out of range ${quote(source.slice(start, i))}`);
      tokens.push({ kind: 'number', value, pos: start, text: source.slice(start, i) });
      continue;
    }
    const punct = PUNCT.find((p) => source.startsWith(p, i));
    if (punct) {
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct === '<>' ? '!=' : punct, pos: start });
      continue;
    }
    throw syntaxError(source, start, `unexpected character ${quote(c)}`);
  }
  tokens.push({ kind: 'eof', pos: source.length, text: '' });
  return tokens;
}
