import { encodeUtf8, localDate, toInstant } from '@aisle/core';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { SegmentAst } from './ast';
import type { Audience } from './audience';
import { SegmentError, SegmentErrorCode } from './errors';
import { byCodePoint } from './internal/order';
import { planOf } from './internal/plan';
import { type CompileSqlOptions, type SqlParam, Writer } from './sql';

/**
 * Options of {@link compileAudienceSql}: the segment's {@link CompileSqlOptions} plus the
 * audience's purpose, holdout, and where consent and identity links live.
 *
 * Consent-state layout (an export of the consent store into the warehouse, one row per subject
 * and purpose, the subject's current state for that purpose):
 * `consent_state(subject_id, purpose_id, status, granted_at, expires_at, guardian_consent)` —
 * `status` is `'granted'` or anything else (`'withdrawn'`, `'refused'`…), `granted_at` and
 * `expires_at` (NULL: no expiry) instants in the dialect's timestamp type, `guardian_consent` a
 * boolean. Subjects: `consent_subjects(subject_id, birth_date, age_band)` — `birth_date` a
 * `DATE` (local calendar date) or NULL, `age_band` `'adult'`, `'minor'` or NULL. Identity links:
 * `identity_links(link_group, identifier)`, one row per identifier of a group.
 *
 * @example
 * ```ts
 * import { defineProfileSchema, type CompileAudienceSqlOptions } from '@aisle/segments';
 *
 * const o: CompileAudienceSqlOptions = {
 *   dialect: 'postgres', mapping: { table: 'members', id: 'id' }, schema: defineProfileSchema({ tags: { type: 'tags' } }),
 *   at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai', purpose: 'marketing.sms',
 *   identities: 'identity_links', holdout: { fraction: 0.1, salt: 'nov' },
 * };
 * ```
 *
 * @public
 */
export interface CompileAudienceSqlOptions extends CompileSqlOptions {
  /** The purpose consent is checked for (`consent_state.purpose_id`). */
  readonly purpose: string;
  /** Table of the consent-state layout; default `consent_state`. */
  readonly consentTable?: string;
  /** Table of subjects' ages; default `consent_subjects`. */
  readonly subjectTable?: string;
  /** Table of identity links (`link_group`, `identifier`); none: every member is its own person. */
  readonly identities?: string;
  /** A stable holdout, identical to {@link buildAudience}'s (salted SHA-256 of the person's first member id). */
  readonly holdout?: { readonly fraction: number; readonly salt: string };
  /** Age below which a consent counts only with `guardian_consent`; default 14 (PIPL Art. 31). */
  readonly minorAge?: number;
}

/**
 * Output of {@link compileAudienceSql}: a query returning one row per person
 * (`member_id`, `outcome`, `merged`) and its parameters.
 *
 * @example
 * ```ts
 * import type { CompiledAudienceSql } from '@aisle/segments';
 *
 * declare const q: CompiledAudienceSql;
 * console.log(q.sql, q.params.length);
 * ```
 *
 * @public
 */
export interface CompiledAudienceSql {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

const IDENT_COLUMNS = { member: 'member_id', outcome: 'outcome', merged: 'merged' } as const;

/** The date `years` before the local date `ymd` (29 February becomes 28 February in a common year). */
function yearsBefore(ymd: string, years: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Compiles an audience — segment, consent for one purpose, identity de-duplication and a stable
 * holdout — into one SQL query over the documented consent-state layout (see
 * {@link CompileAudienceSqlOptions}), giving exactly what {@link buildAudience} gives in memory
 * with a gate that applies the same rules: consent is valid when `status = 'granted'`,
 * `granted_at <= at < expires_at` (no `expires_at`: no expiry), and the subject is an adult at
 * `at` (born on or before the local date of `at` in `zone` minus `minorAge` years, or no birth
 * date and `age_band = 'adult'`) or a known minor with `guardian_consent`; unknown age fails
 * closed. A person's member is the first consented member id in code-point order; the holdout
 * hashes the person's first member id. Calendar arithmetic happens here, in JavaScript: no engine
 * needs time-zone tables. Dialects: `postgres`, `duckdb`, `mysql` (identity links use a recursive
 * query); `clickhouse` without `identities` (it has no recursive `UNION DISTINCT`).
 *
 * Read the rows with {@link audienceFromRows}.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` (holdout fraction outside [0, 1), bad
 * `minorAge`, identities on ClickHouse or BigQuery), and {@link compileSql}'s codes.
 *
 * @example
 * ```ts
 * import { compileAudienceSql, defineProfileSchema, parseSegment } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' } });
 * const q = compileAudienceSql(parseSegment("tags CONTAINS 'vip'"), {
 *   dialect: 'postgres', mapping: { table: 'members', id: 'id' }, schema,
 *   at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai', purpose: 'marketing.sms', identities: 'identity_links',
 * });
 * // const { rows } = await pg.query(q.sql, q.params.map((p) => p.value));
 * // const audience = audienceFromRows(rows, { purpose: 'marketing.sms', channel: 'sms', at });
 * ```
 *
 * @public
 */
export function compileAudienceSql(ast: SegmentAst, options: CompileAudienceSqlOptions): CompiledAudienceSql {
  const d = options.dialect;
  if (d !== 'postgres' && d !== 'duckdb' && d !== 'mysql' && d !== 'clickhouse') {
    throw new SegmentError(
      SegmentErrorCode.INVALID_OPTIONS,
      `compileAudienceSql supports postgres, duckdb, mysql and clickhouse, received "${String(d)}"`,
      {
        details: { dialect: String(d) },
      },
    );
  }
  if (options.identities !== undefined && d === 'clickhouse') {
    throw new SegmentError(
      SegmentErrorCode.INVALID_OPTIONS,
      'Identity links need a recursive UNION DISTINCT, which ClickHouse lacks: resolve identities to one member per person before the warehouse, or use another dialect',
      { details: { dialect: d } },
    );
  }
  const holdout = options.holdout;
  if (holdout && !(Number.isFinite(holdout.fraction) && holdout.fraction >= 0 && holdout.fraction < 1)) {
    throw new SegmentError(SegmentErrorCode.INVALID_OPTIONS, 'Holdout fraction must be in [0, 1)', {
      details: { fraction: holdout.fraction },
    });
  }
  const minorAge = options.minorAge ?? 14;
  if (!(Number.isSafeInteger(minorAge) && minorAge >= 0 && minorAge <= 150)) {
    throw new SegmentError(
      SegmentErrorCode.INVALID_OPTIONS,
      `minorAge must be a whole number of years in [0, 150], received ${String(minorAge)}`,
      {
        details: { minorAge: String(minorAge) },
      },
    );
  }
  const plan = planOf(ast, options.schema, options);
  const at = toInstant(options.at);
  const w = new Writer(d, options.mapping);
  const q = (name: string) => w.ident(name);
  const where = w.write(plan);
  const pc = options.purpose;
  // Code-point order for "first member id": PostgreSQL needs the C collation; the others compare
  // bytes (the mysql layout requires a binary collation).
  const cp = (expr: string) => (d === 'postgres' ? `${expr} COLLATE "C"` : expr);
  const date = (p: string) =>
    d === 'postgres' ? `${p}::date` : d === 'duckdb' ? `CAST(${p} AS DATE)` : d === 'clickhouse' ? `toDate(${p})` : `CAST(${p} AS DATE)`;
  const ctes: string[] = [`seg AS (SELECT DISTINCT m.${q(options.mapping.id)} AS id FROM ${q(options.mapping.table)} AS m WHERE ${where})`];
  if (options.identities !== undefined) {
    const links = q(options.identities);
    ctes.push(
      `edges AS (SELECT a.${q('identifier')} AS x, b.${q('identifier')} AS y FROM ${links} AS a JOIN ${links} AS b ON a.${q('link_group')} = b.${q('link_group')})`,
      `reach AS (SELECT id AS x, id AS y FROM seg UNION SELECT r.x, e.y FROM reach AS r JOIN edges AS e ON e.x = r.y)`,
      // Every segment member reaches itself, so `reach` holds each of them; a person is named by
      // the smallest identifier of its component (any total order would do).
      'people AS (SELECT x AS id, MIN(y) AS person FROM reach GROUP BY x)',
    );
  } else {
    ctes.push('people AS (SELECT id, id AS person FROM seg)');
  }
  // Parameters are created in the order they appear in the text (MySQL binds `?` by position).
  const atP = w.param('timestamp', timestampOf(d, at.getTime()));
  const atP2 = w.param('timestamp', timestampOf(d, at.getTime()));
  const cutoff = yearsBefore(localDate(at, options.zone), minorAge);
  const cut1 = date(w.param('string', cutoff));
  const cut2 = date(w.param('string', cutoff));
  const adult = `((sj.${q('birth_date')} IS NOT NULL AND sj.${q('birth_date')} <= ${cut1}) OR (sj.${q('birth_date')} IS NULL AND sj.${q('age_band')} = 'adult'))`;
  const minor = `((sj.${q('birth_date')} IS NOT NULL AND sj.${q('birth_date')} > ${cut2}) OR (sj.${q('birth_date')} IS NULL AND sj.${q('age_band')} = 'minor'))`;
  const valid = `cs.${q('status')} = 'granted' AND cs.${q('granted_at')} <= ${atP} AND (cs.${q('expires_at')} IS NULL OR cs.${q('expires_at')} > ${atP2}) AND (${adult} OR (${minor} AND cs.${q('guardian_consent')} = TRUE))`;
  // Created after the parameters of `valid`: MySQL's `?` placeholders bind in text order.
  const purposeP = w.param('string', pc);
  ctes.push(
    `judged AS (SELECT p.id, p.person, CASE WHEN ${valid} THEN 1 ELSE 0 END AS ok FROM people AS p LEFT JOIN ${q(options.consentTable ?? 'consent_state')} AS cs ON cs.${q('subject_id')} = p.id AND cs.${q('purpose_id')} = ${purposeP} LEFT JOIN ${q(options.subjectTable ?? 'consent_subjects')} AS sj ON sj.${q('subject_id')} = p.id)`,
    `per AS (SELECT person, MIN(${cp('id')}) AS first_id, MIN(CASE WHEN ok = 1 THEN ${cp('id')} END) AS chosen, COUNT(*) AS n FROM judged GROUP BY person)`,
  );
  let held = 'FALSE';
  if (holdout) {
    // buildAudience holds a person back when the first 4 bytes of SHA-256(salt, NUL, first id), as
    // an unsigned integer, are below fraction × 2^32: compare the first 8 hex digits instead.
    const limit = Math.ceil(holdout.fraction * 2 ** 32);
    if (limit > 0) {
      const prefix = w.param('string', bytesToHex(encodeUtf8(`${holdout.salt}\u0000`)));
      const max = w.param('string', (limit - 1).toString(16).padStart(8, '0'));
      const hash =
        d === 'postgres'
          ? `substr(encode(sha256(decode(${prefix}, 'hex') || convert_to(first_id, 'UTF8')), 'hex'), 1, 8) COLLATE "C"`
          : d === 'duckdb'
            ? `substr(sha256(unhex(${prefix}) || encode(first_id)), 1, 8)`
            : d === 'clickhouse'
              ? `lower(substring(hex(SHA256(concat(unhex(${prefix}), first_id))), 1, 8))`
              : `LEFT(SHA2(CONCAT(UNHEX(${prefix}), first_id), 256), 8)`;
      held = `${hash} <= ${max}`;
    }
  }
  const select = `SELECT chosen AS ${q(IDENT_COLUMNS.member)}, CASE WHEN chosen IS NULL THEN 'no_consent' WHEN ${held} THEN 'holdout' ELSE 'member' END AS ${q(IDENT_COLUMNS.outcome)}, n - 1 AS ${q(IDENT_COLUMNS.merged)} FROM per`;
  const recursive = options.identities !== undefined ? 'WITH RECURSIVE' : 'WITH';
  // ClickHouse fills the columns of an unmatched LEFT JOIN with defaults (1970-01-01, '') unless told.
  const settings = d === 'clickhouse' ? ' SETTINGS join_use_nulls = 1' : '';
  return { sql: `${recursive} ${ctes.join(', ')} ${select}${settings}`, params: w.params };
}

function timestampOf(dialect: string, ms: number): string {
  const iso = new Date(ms).toISOString();
  return dialect === 'mysql' ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso;
}

/**
 * One row of {@link compileAudienceSql}'s result, as a driver returns it.
 *
 * @example
 * ```ts
 * import type { AudienceRow } from '@aisle/segments';
 *
 * const row: AudienceRow = { member_id: 'M1', outcome: 'member', merged: 1 };
 * ```
 *
 * @public
 */
export interface AudienceRow {
  readonly member_id: string | null;
  readonly outcome: string;
  readonly merged: number | bigint | string;
}

/**
 * Turns the rows of {@link compileAudienceSql} into the {@link Audience} {@link buildAudience}
 * returns (members and holdout in code-point order, counts summed).
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` for a row that is not one the query writes.
 *
 * @example
 * ```ts
 * import { audienceFromRows } from '@aisle/segments';
 *
 * const a = audienceFromRows([{ member_id: 'M1', outcome: 'member', merged: 1 }, { member_id: null, outcome: 'no_consent', merged: 0 }], {
 *   purpose: 'marketing.sms', channel: 'sms', at: '2026-11-21T20:00:00+08:00',
 * });
 * console.log(a.members, a.excludedNoConsent, a.duplicatesMerged); // ['M1'] 1 1
 * ```
 *
 * @public
 */
export function audienceFromRows(
  rows: Iterable<AudienceRow>,
  options: { readonly purpose: string; readonly channel: string; readonly at: Date | number | string },
): Audience {
  const members: string[] = [];
  const holdout: string[] = [];
  let excluded = 0;
  let merged = 0;
  for (const row of rows) {
    const n = Number(row.merged);
    const id = row.member_id;
    if (!Number.isSafeInteger(n) || n < 0) throw badRow(row);
    merged += n;
    if (row.outcome === 'no_consent' && id === null) excluded++;
    else if (row.outcome === 'member' && typeof id === 'string') members.push(id);
    else if (row.outcome === 'holdout' && typeof id === 'string') holdout.push(id);
    else throw badRow(row);
  }
  return {
    members: members.sort(byCodePoint),
    holdout: holdout.sort(byCodePoint),
    excludedNoConsent: excluded,
    duplicatesMerged: merged,
    purpose: options.purpose,
    channel: options.channel,
    at: toInstant(options.at),
  };
}

function badRow(row: AudienceRow): SegmentError {
  return new SegmentError(
    SegmentErrorCode.INVALID_OPTIONS,
    'Not a row of compileAudienceSql: expected member_id, outcome member|holdout|no_consent, merged ≥ 0',
    {
      details: { outcome: String(row.outcome) },
    },
  );
}
