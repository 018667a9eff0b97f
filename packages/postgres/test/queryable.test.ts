import { GENESIS_HASH, hashBody, parseEntryBody, verifyStreamEntries } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPostgresStreamStore, type PgPoolLike, toQueryable } from '../src/index';
import { sha256Hex } from '../src/node/hash';

type Sent = { name?: string; text: string; values: unknown[] } | string;

/** A pg Pool stand-in that records what each query was sent as (text, or a `{ name, text, values }` config). */
function recordingPool(): PgPoolLike & { sent: Sent[] } {
  const sent: Sent[] = [];
  const query = async (config: Sent) => {
    sent.push(config);
    return { rows: [], rowCount: 0 };
  };
  return {
    sent,
    totalCount: 0,
    query: query as unknown as PgPoolLike['query'],
    connect: async () => ({ query: query as unknown as PgPoolLike['query'], release: () => {} }),
  };
}

describe('toQueryable with preparedStatements', () => {
  it('sends plain text by default', async () => {
    const pool = recordingPool();
    await toQueryable(pool).query('SELECT $1::int', [1]);
    expect(pool.sent).toEqual(['SELECT $1::int']);
  });

  it('names each statement after its text: the same text one name, another text another, in and out of transactions', async () => {
    const pool = recordingPool();
    const db = toQueryable(pool, { preparedStatements: true });
    await db.query('SELECT $1::int', [1]);
    await db.query('SELECT $1::int', [2]);
    await db.query('SELECT $1::text', ['a']);
    await db.transaction((tx) => tx.query('SELECT $1::int', [3]));
    const configs = pool.sent.filter((s): s is Exclude<Sent, string> => typeof s !== 'string');
    expect(configs.map((c) => c.values)).toEqual([[1], [2], ['a'], [3]]);
    const [a, b, c, d] = configs.map((c) => c.name);
    expect(a).toMatch(/^aisle_[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(d).toBe(a);
    expect(c).not.toBe(a);
    // BEGIN and COMMIT stay plain text.
    expect(pool.sent.filter((s) => typeof s === 'string')).toEqual(['BEGIN', 'COMMIT']);
    // Two queryables over one pool give one text the same name (pg refuses one name for two texts).
    const other = recordingPool();
    await toQueryable(other, { preparedStatements: true }).query('SELECT $1::text', ['b']);
    expect((other.sent[0] as Exclude<Sent, string>).name).toBe(c);
  });

  it('stops naming after 500 distinct texts (the map of names is bounded)', async () => {
    const pool = recordingPool();
    const db = toQueryable(pool, { preparedStatements: true });
    for (let i = 0; i < 502; i++) await db.query(`SELECT ${i}`);
    const names = pool.sent.map((s) => (typeof s === 'string' ? undefined : s.name));
    expect(names.slice(0, 500).every((n) => n !== undefined)).toBe(true);
    expect(names.slice(500)).toEqual([undefined, undefined]);
    // A text named before keeps its name.
    await db.query('SELECT 0');
    expect((pool.sent.at(-1) as Exclude<Sent, string>).name).toBe(names[0]);
  });

  it('refuses a preparedStatements that is not a boolean', () => {
    expect(() => toQueryable(recordingPool(), { preparedStatements: 'yes' as never })).toThrow(TypeError);
    expect(() => createPostgresStreamStore(recordingPool(), { preparedStatements: 1 as never })).toThrow(TypeError);
  });
});

describe('the adapter’s native SHA-256', () => {
  it('gives the digest core’s hashBody gives, for any text (lone surrogates included)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(sha256Hex(s)).toBe(hashBody(s));
      }),
      { numRuns: 500 },
    );
  });

  it('chains entries that core verifies: the bodies the adapter writes hash as core hashes them', () => {
    let prev = GENESIS_HASH;
    const entries = ['a', 'b\u0000', '\ud800', '店'].map((data, seq) => {
      const body = `{"data":${JSON.stringify(data)},"id":"e-${seq}","prev":"${prev}","seq":${seq},"stream":"s","type":"t","v":1}`;
      prev = sha256Hex(body);
      return parseEntryBody(body, prev);
    });
    expect(verifyStreamEntries('s', entries)).toMatchObject({ ok: true, length: 4, head: prev });
  });
});
