import { isTimeZone, parse } from '@aisle/core';
import * as z from 'zod/mini';
import type { DateShifter } from './date-shift';
import { createPiiDetector, type PiiDetector, type PiiKindName, replaceSpans } from './detect';
import { DeidError, DeidErrorCode } from './errors';
import type { FormatPreserver, FpeProfile } from './format-preserving';
import { type GeneralizeRule, generalize } from './generalize';
import { type MaskKind, mask } from './mask';
import type { Pseudonymizer } from './pseudonymize';
import type { Shredder } from './shred';
import type { Tokenizer } from './tokenize';

/**
 * What to do with one field.
 *
 * @public
 */
export type FieldAction =
  | { readonly action: 'keep' }
  | { readonly action: 'drop' }
  | { readonly action: 'pseudonymize'; readonly kind: string }
  | {
      readonly action: 'fpe';
      readonly profile: FpeProfile;
      readonly keepBin?: boolean;
      readonly keepLast4?: boolean;
      readonly keepOui?: boolean;
    }
  | { readonly action: 'mask'; readonly kind: MaskKind; readonly keepStart?: number; readonly keepEnd?: number; readonly char?: string }
  | { readonly action: 'generalize'; readonly rule: GeneralizeRule }
  | { readonly action: 'shift-date'; readonly subjectField: string }
  | { readonly action: 'scrub'; readonly kinds?: readonly string[] }
  | { readonly action: 'tokenize'; readonly kind: string }
  | { readonly action: 'encrypt'; readonly subjectField: string };

/**
 * A declarative, JSON-serialisable de-identification policy.
 *
 * @public
 */
export interface DeidPolicy {
  readonly fields: Readonly<Record<string, FieldAction>>;
  /** Fields the policy does not name: `'drop'` (default, data minimisation), `'keep'`, or `'error'`. */
  readonly unknownFields?: 'drop' | 'keep' | 'error';
  /** A value a transform rejects (bad checksum, bad date): `'drop'` the field (default) or `'throw'`. */
  readonly onInvalid?: 'drop' | 'throw';
}

/** @public */
export interface DeidentifierOptions {
  readonly policy: DeidPolicy;
  /** Needed by `pseudonymize` actions. */
  readonly pseudonymizer?: Pseudonymizer;
  /** Needed by `fpe` actions. */
  readonly formatPreserver?: FormatPreserver;
  /** Needed by `shift-date` actions. */
  readonly dateShifter?: DateShifter;
  /** Needed by `tokenize` actions (reversible through the vault; the field name is bound into the token). */
  readonly tokenizer?: Tokenizer;
  /** Needed by `encrypt` actions: the value is sealed under the subject's data key (`sealText`), so shredding the subject erases it. */
  readonly shredder?: Shredder;
  /** Used by `scrub` actions (default: the built-in recognisers); pass one made by `createPiiDetector` to add or disable recognisers. */
  readonly piiDetector?: PiiDetector;
}

/**
 * Counts per field and action (`keep`, `pseudonymize`…, plus `empty` for null/blank values and
 * `invalid` for values a transform rejected), and how many unknown fields were dropped or kept.
 *
 * @public
 */
export interface DeidStats {
  readonly records: number;
  readonly fields: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly unknownDropped: number;
  readonly unknownKept: number;
  /** PII spans removed by `scrub` actions, per kind. */
  readonly scrubbed: Readonly<Partial<Record<PiiKindName, number>>>;
}

/** @public */
export interface Deidentifier {
  /** True when the policy has `tokenize` or `encrypt` actions, which need {@link Deidentifier.applyAsync} or `stream`. */
  readonly isAsync: boolean;
  /** De-identifies one record; throws `TypeError` if the policy {@link Deidentifier.isAsync | is async}. */
  apply(record: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** De-identifies one record, awaiting `tokenize` and `encrypt` actions. */
  applyAsync(record: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
  /** De-identifies a stream of records lazily, one at a time (constant memory). */
  stream(
    records: AsyncIterable<Readonly<Record<string, unknown>>> | Iterable<Readonly<Record<string, unknown>>>,
  ): AsyncGenerator<Record<string, unknown>>;
  /** Counts since creation (or the last `resetStats`). */
  stats(): DeidStats;
  resetStats(): void;
}

/** Built on first use, so importing the package costs nothing for code that never makes a policy. */
let policySchema: ReturnType<typeof buildPolicySchema> | undefined;

function buildPolicySchema() {
  const PII = z.string().check(z.minLength(1));
  const Rule = z.discriminatedUnion('kind', [
    // Rules are checked here, when the policy is made: a bad rule would otherwise make every
    // record's value "invalid" one by one.
    z.object({
      kind: z.literal('age-band'),
      width: z.optional(z.int().check(z.minimum(1))),
      top: z.optional(z.int().check(z.minimum(1))),
    }),
    z.object({ kind: z.literal('birth-date'), to: z.enum(['year', 'year-month']) }),
    z.object({
      kind: z.literal('timestamp'),
      to: z.enum(['hour', 'day', 'month']),
      zone: z.string().check(z.refine((zone) => isTimeZone(zone), 'expected an IANA time zone such as "Asia/Shanghai"')),
    }),
    z.object({
      kind: z.literal('amount'),
      edges: z.array(z.number()).check(
        z.minLength(1),
        z.refine((edges) => edges.every((edge, i) => i === 0 || edge > (edges[i - 1] as number)), 'edges must be in increasing order'),
      ),
    }),
    z.object({ kind: z.literal('region'), level: z.enum(['province', 'city']) }),
  ]);
  const Action = z.discriminatedUnion('action', [
    z.object({ action: z.literal('keep') }),
    z.object({ action: z.literal('drop') }),
    z.object({ action: z.literal('pseudonymize'), kind: z.string().check(z.minLength(1)) }),
    z.object({
      action: z.literal('fpe'),
      profile: z.enum(['mobile', 'resident-id', 'bank-card', 'mac']),
      keepBin: z.optional(z.boolean()),
      keepLast4: z.optional(z.boolean()),
      keepOui: z.optional(z.boolean()),
    }),
    z.object({
      action: z.literal('mask'),
      kind: z.enum(['mobile', 'resident-id', 'bank-card', 'name', 'email', 'address', 'plate', 'text']),
      keepStart: z.optional(z.number()),
      keepEnd: z.optional(z.number()),
      char: z.optional(z.string()),
    }),
    z.object({ action: z.literal('generalize'), rule: Rule }),
    z.object({ action: z.literal('shift-date'), subjectField: z.string().check(z.minLength(1)) }),
    z.object({ action: z.literal('scrub'), kinds: z.optional(z.array(PII)) }),
    z.object({ action: z.literal('tokenize'), kind: z.string().check(z.minLength(1)) }),
    z.object({ action: z.literal('encrypt'), subjectField: z.string().check(z.minLength(1)) }),
  ]);
  const policy = z.object({
    fields: z.record(z.string(), Action),
    unknownFields: z.optional(z.enum(['drop', 'keep', 'error'])),
    onInvalid: z.optional(z.enum(['drop', 'throw'])),
  });
  return { policy, action: Action };
}

/**
 * Every field the policy names, with its validated action. Read from the caller's own keys: a
 * record schema's output object drops a field named `__proto__` (assigning it sets a prototype),
 * which would silently lose that field's action.
 */
function policyFields(schemas: ReturnType<typeof buildPolicySchema>, raw: DeidPolicy, parsed: DeidPolicy): [string, FieldAction][] {
  return Object.keys(raw.fields).map((field) => [
    field,
    Object.hasOwn(parsed.fields, field)
      ? (parsed.fields[field] as FieldAction)
      : (parse(schemas.action, raw.fields[field], { label: `de-identification policy field "${field}"` }) as FieldAction),
  ]);
}

type Transform = (value: unknown, record: Readonly<Record<string, unknown>>) => unknown;

/** Failures that mean "this value cannot be transformed": counted as `invalid` unless `onInvalid: 'throw'`. */
const VALUE_PROBLEMS = new Set<string>([
  DeidErrorCode.INVALID_IDENTIFIER,
  DeidErrorCode.EMPTY_VALUE,
  DeidErrorCode.VALUE_TOO_LONG,
  DeidErrorCode.INVALID_CHARACTER,
  DeidErrorCode.FF1_DOMAIN_TOO_SMALL,
]);

interface Compiled {
  readonly field: string;
  readonly action: FieldAction['action'];
  readonly run: Transform;
  /** Whether the value goes through unchanged (keep), so objects and arrays are allowed. */
  readonly keep: boolean;
  // Counts as numbers on the compiled field (no Map update per value); `stats()` builds objects.
  done: number;
  empty: number;
  invalid: number;
}

/** One field's counts as `stats()` reports them: only the counters that moved. */
function countsOf(c: Compiled): Record<string, number> {
  const counts: Record<string, number> = {};
  if (c.done > 0) counts[c.action] = c.done;
  if (c.empty > 0) counts.empty = c.empty;
  if (c.invalid > 0) counts.invalid = c.invalid;
  return counts;
}

/** The subject id a `shift-date` or `encrypt` action keys on: the record's own, non-empty value (never one inherited from Object.prototype). */
function subjectOf(record: Readonly<Record<string, unknown>>, field: string): string {
  const value = Object.hasOwn(record, field) ? record[field] : undefined;
  if (value === undefined || value === null || String(value).trim() === '') {
    throw new DeidError(DeidErrorCode.EMPTY_VALUE, `The subject field "${field}" is missing or empty`, { details: { field } });
  }
  return String(value);
}

/** Output records have no prototype: field names from data (`__proto__`, `constructor`) stay plain keys. */
function emptyRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** A detector running only `kinds` of the base one (built-in, or the caller's `piiDetector`). */
function narrow(base: PiiDetector, kinds: readonly string[], custom: PiiDetector | undefined, field: string): PiiDetector {
  for (const kind of kinds) {
    if (!base.kinds.includes(kind)) throw new TypeError(`Field "${field}" scrubs unknown PII kind "${kind}"`);
  }
  if (custom !== undefined) {
    // A caller's detector cannot be rebuilt here: filter its spans instead.
    const wanted = new Set(kinds);
    const detect = (text: string) => custom.detect(text).filter((span) => wanted.has(span.kind));
    return { kinds: [...kinds], detect, scrub: (text, o) => replaceSpans(text, detect(text), o?.replace) };
  }
  return createPiiDetector({ disable: base.kinds.filter((k) => !kinds.includes(k)) });
}

type Records = AsyncIterable<Readonly<Record<string, unknown>>> | Iterable<Readonly<Record<string, unknown>>>;

/** Iterable but not async-iterable (`for await` prefers Symbol.asyncIterator when both exist). */
function isSyncOnly(source: Records): source is Iterable<Readonly<Record<string, unknown>>> {
  return (
    source !== null &&
    source !== undefined &&
    typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function' &&
    typeof (source as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<Readonly<Record<string, unknown>>> {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  );
}

function need<T>(engine: T | undefined, name: string, field: string): T {
  if (engine === undefined) throw new TypeError(`Field "${field}" needs the ${name} option`);
  return engine;
}

/**
 * Applies a declarative per-field policy to records and streams of records, counting what it did
 * per field and action. Fields the policy does not name are dropped by default (data
 * minimisation). The policy is validated (`CORE_VALIDATION`) and compiled once.
 *
 * @example
 * ```ts
 * import { createDeidentifier, createPseudonymizer } from '@aisle/deid';
 *
 * const deid = createDeidentifier({
 *   policy: { fields: { phone: { action: 'pseudonymize', kind: 'mobile' }, age: { action: 'generalize', rule: { kind: 'age-band' } } } },
 *   pseudonymizer: createPseudonymizer({ key: new Uint8Array(32).fill(1), tenant: 'acme', purpose: 'analytics' }),
 * });
 * deid.apply({ phone: '13800138000', age: 34, notes: 'dropped' }); // { phone: 'p1_…', age: '30-39' }
 * ```
 *
 * @public
 */
export function createDeidentifier(options: DeidentifierOptions): Deidentifier {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  policySchema ??= buildPolicySchema();
  const policy = parse(policySchema.policy, options.policy, { label: 'de-identification policy' }) as DeidPolicy;
  const unknownFields = policy.unknownFields ?? 'drop';
  const onInvalid = policy.onInvalid ?? 'drop';
  // Counts keyed by data (field names, kinds) live in Maps: a field called `__proto__` or
  // `constructor` must never reach a prototype.
  const scrubbed = new Map<string, number>();
  const compiled: Compiled[] = [];
  const baseDetector = options.piiDetector ?? createPiiDetector();
  for (const [field, action] of policyFields(policySchema, options.policy, policy)) {
    let run: Transform;
    switch (action.action) {
      case 'keep':
      case 'drop':
        run = (v) => v;
        break;
      case 'pseudonymize': {
        const p = need(options.pseudonymizer, 'pseudonymizer', field);
        run = (v) => p.pseudonymize(action.kind, String(v));
        break;
      }
      case 'fpe': {
        const f = need(options.formatPreserver, 'formatPreserver', field);
        const opts = { field, keepBin: action.keepBin, keepLast4: action.keepLast4, keepOui: action.keepOui };
        run = (v) => f.encrypt(action.profile, String(v), opts);
        break;
      }
      case 'mask':
        run = (v) => mask(action.kind, String(v), action);
        break;
      case 'generalize':
        run = (v) => generalize(v as string | number | Date, action.rule);
        break;
      case 'shift-date': {
        const s = need(options.dateShifter, 'dateShifter', field);
        run = (v, record) => s.shift(subjectOf(record, action.subjectField), v instanceof Date ? v : String(v));
        break;
      }
      case 'scrub': {
        const detector = action.kinds === undefined ? baseDetector : narrow(baseDetector, action.kinds, options.piiDetector, field);
        run = (v) => {
          const text = String(v);
          const spans = detector.detect(text);
          for (const span of spans) scrubbed.set(span.kind, (scrubbed.get(span.kind) ?? 0) + 1);
          return spans.length === 0 ? text : replaceSpans(text, spans);
        };
        break;
      }
      case 'tokenize': {
        const t = need(options.tokenizer, 'tokenizer', field);
        const context = { kind: action.kind, field };
        run = (v) => t.tokenize(String(v), context);
        break;
      }
      case 'encrypt': {
        const s = need(options.shredder, 'shredder', field);
        run = (v, record) => s.sealText(subjectOf(record, action.subjectField), String(v));
        break;
      }
    }
    compiled.push({ field, action: action.action, run, keep: action.action === 'keep', done: 0, empty: 0, invalid: 0 });
  }
  const named = new Set(compiled.map((c) => c.field));
  // Output records have no prototype. When every name written is a policy field that
  // Object.prototype does not have (no `__proto__`, `constructor`, `toString`…; not with
  // `unknownFields: 'keep'`, which writes names from data), a record is built as a plain object
  // and loses its prototype at the end: V8 keeps it in fast mode, where an Object.create(null)
  // record is a hash table, slower to fill and to read.
  const plain = unknownFields !== 'keep' && compiled.every((c) => !(c.field in Object.prototype));
  let records = 0;
  let unknownDropped = 0;
  let unknownKept = 0;

  const isAsync = compiled.some((c) => c.action === 'tokenize' || c.action === 'encrypt');
  const failed = (c: Compiled, error: unknown) => {
    const problem = (error instanceof DeidError && VALUE_PROBLEMS.has(error.code)) || error instanceof RangeError;
    if (onInvalid === 'throw' || !problem) throw error;
    c.invalid++;
  };

  /** Transforms one field into `out`; returns a promise only for async actions. */
  const step = (c: Compiled, record: Readonly<Record<string, unknown>>, out: Record<string, unknown>): Promise<void> | undefined => {
    if (c.action === 'drop') {
      c.done++;
      return undefined;
    }
    const value = record[c.field];
    if (value === null || value === undefined || value === '') {
      c.empty++;
      out[c.field] = value;
      return undefined;
    }
    if (c.keep) {
      out[c.field] = value;
      c.done++;
      return undefined;
    }
    let result: unknown;
    try {
      // Transforms read text: an object or array in the field (nested JSON) is an invalid value,
      // never "[object Object]" and never an object's own toString.
      const type = typeof value;
      if (type === 'object' && !(value instanceof Date)) {
        throw new RangeError(
          `Field "${c.field.slice(0, 40)}": expected a string, number or Date, received ${Array.isArray(value) ? 'an array' : 'an object'}`,
        );
      }
      if (type === 'symbol' || type === 'function') {
        throw new RangeError(`Field "${c.field.slice(0, 40)}": expected a string, number or Date, received a ${type}`);
      }
      result = c.run(value, record);
    } catch (error) {
      failed(c, error);
      return undefined;
    }
    if (result instanceof Promise) {
      return result.then(
        (done) => {
          out[c.field] = done;
          c.done++;
        },
        (error) => failed(c, error),
      );
    }
    out[c.field] = result;
    c.done++;
    return undefined;
  };

  const checkRecord = (record: Readonly<Record<string, unknown>>) => {
    if (typeof record !== 'object' || record === null) throw new TypeError('record must be an object');
  };

  const finish = (record: Readonly<Record<string, unknown>>, out: Record<string, unknown>, seen: number) => {
    const extra = Object.keys(record).length - seen;
    if (extra > 0) {
      if (unknownFields === 'drop') unknownDropped += extra;
      else
        for (const key of Object.keys(record)) {
          if (named.has(key)) continue;
          if (unknownFields === 'error') {
            throw new DeidError(DeidErrorCode.UNKNOWN_FIELD, `Field "${key}" is not in the policy`, { details: { field: key } });
          }
          out[key] = record[key];
          unknownKept++;
        }
    }
    records++;
    if (plain) Object.setPrototypeOf(out, null);
    return out;
  };

  const apply = (record: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    if (isAsync) throw new TypeError('This policy tokenizes or encrypts: use applyAsync() or stream()');
    checkRecord(record);
    const out = plain ? {} : emptyRecord();
    let seen = 0;
    for (const c of compiled) {
      if (!Object.hasOwn(record, c.field)) continue;
      seen++;
      step(c, record, out);
    }
    return finish(record, out, seen);
  };

  const applyAsync = async (record: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> => {
    checkRecord(record);
    const out = plain ? {} : emptyRecord();
    let seen = 0;
    for (const c of compiled) {
      if (!Object.hasOwn(record, c.field)) continue;
      seen++;
      const pending = step(c, record, out);
      if (pending) await pending;
    }
    return finish(record, out, seen);
  };

  return {
    isAsync,
    apply,
    applyAsync,
    async *stream(source) {
      // A synchronous policy over a synchronous source (an array, a generator) skips the
      // async-from-sync wrapper's await per record; a thenable item is still awaited, as
      // `for await` would.
      if (!isAsync && isSyncOnly(source)) {
        for (const item of source) yield apply(isThenable(item) ? await item : item);
        return;
      }
      for await (const record of source) yield isAsync ? await applyAsync(record) : apply(record);
    },
    stats: () => ({
      records,
      // Object.fromEntries defines own properties: a `__proto__` key stays data.
      fields: Object.fromEntries(compiled.map((c) => [c.field, countsOf(c)])),
      unknownDropped,
      unknownKept,
      scrubbed: Object.fromEntries(scrubbed),
    }),
    resetStats() {
      records = 0;
      unknownDropped = 0;
      unknownKept = 0;
      for (const c of compiled) {
        c.done = 0;
        c.empty = 0;
        c.invalid = 0;
      }
      scrubbed.clear();
    },
  };
}
