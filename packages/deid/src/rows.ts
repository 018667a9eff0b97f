import { DeidError, DeidErrorCode } from './errors';
import { createUtf8Decoder } from './internal/bytes';

/** Text chunks from a file, a network response or a string: what the row readers accept. @public */
export type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

async function* decode(source: TextSource): AsyncGenerator<string> {
  const decoder = createUtf8Decoder();
  for await (const chunk of source) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** @public */
export interface CsvOptions {
  /** Field separator (default `,`). */
  readonly delimiter?: string;
}

/**
 * Reads CSV (RFC 4180: quoted fields, `""` escapes, CRLF or LF, newlines inside quotes) as
 * objects keyed by the header row, streaming chunk by chunk. A leading BOM is dropped. Records
 * have no prototype, so any column name (`__proto__`, `constructor`) is a plain key. Throws
 * `DEID_CSV_MALFORMED` for an unterminated quote, a row with the wrong number of fields, or a
 * header that names a column twice.
 *
 * @example
 * ```ts
 * import { parseCsv } from '@aisle/deid';
 *
 * for await (const row of parseCsv(['name,phone\n', '"Li, Lei",13800138000\n'])) console.log(row.name); // Li, Lei
 * ```
 *
 * @public
 */
export async function* parseCsv(source: TextSource, options: CsvOptions = {}): AsyncGenerator<Record<string, string>> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n') throw new RangeError('delimiter must be one character');
  let header: string[] | undefined;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let first = true;
  const finishRow = (): Record<string, string> | undefined => {
    row.push(field);
    field = '';
    const done = row;
    row = [];
    if (header === undefined) {
      const names = new Set(done);
      if (names.size !== done.length) {
        const duplicate = done.find((name, i) => done.indexOf(name) !== i);
        throw new DeidError(DeidErrorCode.CSV_MALFORMED, `CSV header names column "${duplicate}" twice`, { details: { line } });
      }
      header = done;
      return undefined;
    }
    if (done.length === 1 && done[0] === '') return undefined;
    if (done.length !== header.length) {
      throw new DeidError(DeidErrorCode.CSV_MALFORMED, `CSV line ${line}: ${done.length} fields, header has ${header.length}`, {
        details: { line },
      });
    }
    // No prototype: a column named `__proto__` or `constructor` is a plain key.
    const record = Object.create(null) as Record<string, string>;
    for (let i = 0; i < header.length; i++) record[header[i] as string] = done[i] as string;
    return record;
  };
  for await (let chunk of decode(source)) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = chunk.length === 0;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"') {
        if (afterQuote) field += '"';
        else if (field !== '') throw new DeidError(DeidErrorCode.CSV_MALFORMED, `CSV line ${line}: quote inside an unquoted field`);
        quoted = true;
        afterQuote = false;
      } else if (c === delimiter) {
        row.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n') {
        const record = finishRow();
        line++;
        afterQuote = false;
        if (record) yield record;
      } else if (c !== '\r') {
        field += c;
        afterQuote = false;
      }
    }
  }
  if (quoted) throw new DeidError(DeidErrorCode.CSV_MALFORMED, `CSV line ${line}: unterminated quoted field`);
  if (field !== '' || row.length > 0) {
    const record = finishRow();
    if (record) yield record;
  }
}

/** @public */
export interface FormatCsvOptions {
  /**
   * Prefix text that a spreadsheet would run as a formula with `'` (default `true`): text starting
   * with `=`, `+`, `-`, `@`, a TAB or a CR (OWASP's CSV-injection list). Numbers are left alone.
   * Turn off only for files no spreadsheet will open.
   */
  readonly guardFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes one CSV line (with a trailing LF), quoting fields that need it. Text that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, TAB or CR first) is prefixed with `'` unless
 * `guardFormulas: false`. Values are strings, numbers, bigints, booleans, Dates, `null` or
 * `undefined` (an empty field); an object or array is a `TypeError` naming its index.
 *
 * @example
 * ```ts
 * import { formatCsvLine } from '@aisle/deid';
 *
 * formatCsvLine(['Li, Lei', 'p1_abc']); // '"Li, Lei",p1_abc\n'
 * formatCsvLine(['=HYPERLINK("http://x")', -5]); // '"\'=HYPERLINK(""http://x"")",-5\n'
 * ```
 *
 * @public
 */
export function formatCsvLine(values: readonly unknown[], options: FormatCsvOptions = {}): string {
  if (!Array.isArray(values)) throw new TypeError('values must be an array');
  const guard = options.guardFormulas ?? true;
  if (typeof guard !== 'boolean') throw new TypeError('guardFormulas must be a boolean');
  return `${values
    .map((value, i) => {
      if (
        (typeof value === 'object' && value !== null && !(value instanceof Date)) ||
        typeof value === 'symbol' ||
        typeof value === 'function'
      ) {
        throw new TypeError(
          `values[${i}] must be a string, number, bigint, boolean, Date, null or undefined, received ${Array.isArray(value) ? 'an array' : typeof value}`,
        );
      }
      let text = value === null || value === undefined ? '' : String(value);
      if (guard && typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\n`;
}

/**
 * Reads JSON Lines (one JSON object per line), streaming. Blank lines are skipped; a line that is
 * not a JSON object throws `DEID_CSV_MALFORMED` with its line number. Each record has no prototype
 * (as with {@link parseCsv}): a `"__proto__"` key is a plain own key, and looking up an absent
 * field called `constructor` or `toString` finds nothing.
 *
 * @example
 * ```ts
 * import { parseJsonLines } from '@aisle/deid';
 *
 * for await (const row of parseJsonLines(['{"phone":"13800138000"}\n'])) console.log(row.phone);
 * ```
 *
 * @public
 */
export async function* parseJsonLines(source: TextSource): AsyncGenerator<Record<string, unknown>> {
  let buffer = '';
  let line = 0;
  const parse = (text: string): Record<string, unknown> | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new DeidError(DeidErrorCode.CSV_MALFORMED, `JSON line ${line} is not valid JSON`, { cause, details: { line } });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DeidError(DeidErrorCode.CSV_MALFORMED, `JSON line ${line} is not an object`, { details: { line } });
    }
    // Like parseCsv's records, the record has no prototype: looking up a field called
    // `constructor` or `toString` finds nothing rather than Object.prototype's member.
    Object.setPrototypeOf(value, null);
    return value as Record<string, unknown>;
  };
  for await (const chunk of decode(source)) {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const record = parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (record) yield record;
      newline = buffer.indexOf('\n');
    }
  }
  const record = parse(buffer);
  if (record) yield record;
}
