import { CoreErrorCode } from '@aisle/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createPostgresStreamStore,
  migrate,
  PostgresErrorCode,
  type PostgresQueryable,
  redactConnectionString,
  runCli,
  toQueryable,
} from '../src/index';

/** A database whose every statement fails with `error`. */
function failing(error: unknown): PostgresQueryable {
  return {
    query: async () => {
      throw error;
    },
    transaction: async () => {
      throw error;
    },
  };
}

const sqlError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const append = (db: PostgresQueryable) =>
  createPostgresStreamStore(db).append('s', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 0 });

describe('driver errors become the contract’s codes', () => {
  it.each([
    ['40001', CoreErrorCode.STORE_TRANSIENT],
    ['40P01', CoreErrorCode.STORE_TRANSIENT],
    ['08006', CoreErrorCode.STORE_UNAVAILABLE],
    ['57P01', CoreErrorCode.STORE_UNAVAILABLE],
    ['57014', CoreErrorCode.STORE_UNAVAILABLE],
    ['55P03', CoreErrorCode.STORE_UNAVAILABLE],
    ['ECONNRESET', CoreErrorCode.STORE_UNAVAILABLE],
    ['42P01', PostgresErrorCode.SCHEMA_NOT_MIGRATED],
    ['22P02', PostgresErrorCode.QUERY_FAILED],
  ])('SQLSTATE/errno %s → %s, with the driver error as cause', async (code, expected) => {
    const cause = sqlError(code);
    const error = await append(failing(cause)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expected, cause });
    const store = createPostgresStreamStore(failing(cause));
    await expect(store.read('s')).rejects.toMatchObject({ code: expected });
    await expect(store.feed()).rejects.toMatchObject({ code: expected });
    await expect(store.heads()).rejects.toMatchObject({ code: expected });
  });

  it('a pg Pool pointed at a closed port is CORE_STORE_UNAVAILABLE, for the store and for migrate', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://u:secret-pw@127.0.0.1:1/db', connectionTimeoutMillis: 2000 });
    try {
      const error = await append(toQueryable(pool)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: CoreErrorCode.STORE_UNAVAILABLE });
      expect((error as Error).message).not.toContain('secret-pw');
      await expect(migrate(pool)).rejects.toMatchObject({ code: CoreErrorCode.STORE_UNAVAILABLE });
    } finally {
      await pool.end();
    }
  });

  it('refuses what is not a database', () => {
    for (const bad of [null, {}, { query: 1 }, { query: () => {} }, new pg.Client()]) {
      expect(() => toQueryable(bad as never)).toThrow(expect.objectContaining({ code: PostgresErrorCode.INVALID_DATABASE }));
    }
  });
});

describe('redactConnectionString', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/aisle', 'postgres://app:***@db:5432/aisle'],
    ['postgresql://app:p%40ss@db/aisle?sslmode=require', 'postgresql://app:***@db/aisle?sslmode=require'],
    ['postgres://db/aisle?user=app&password=s3cret', 'postgres://db/aisle?user=app&password=***'],
    ['postgres://app@db/aisle', 'postgres://app@db/aisle'],
    ['host=db user=app password=s3cret dbname=aisle', 'host=db user=app password=*** dbname=aisle'],
    ["host=db password='s3 cret' dbname=aisle", 'host=db password=*** dbname=aisle'],
    ['not a connection string s3cret', '***'],
  ])('%s → %s', (input, output) => {
    expect(redactConnectionString(input)).toBe(output);
  });
});

describe('the aisle-postgres command line', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l), env: {} } };
  };

  it('prints the migration SQL', async () => {
    const t = io();
    expect(await runCli(['sql', '--schema=tenant_1'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('CREATE TABLE "tenant_1".entries');
  });

  it('exits 2 with usage for an unknown command or option, or a missing URL', async () => {
    for (const argv of [[], ['drop'], ['migrate', '--force', 'x'], ['migrate'], ['migrate', '--url']]) {
      const t = io();
      expect(await runCli(argv, t.io)).toBe(2);
      expect(t.err.join('\n')).toContain(PostgresErrorCode.CLI_USAGE);
    }
  });

  it('exits 1 with a coded error for a bad schema name', async () => {
    const t = io();
    expect(await runCli(['sql', '--schema', 'Bad-Name'], t.io)).toBe(1);
    expect(t.err[0]).toContain(PostgresErrorCode.INVALID_SCHEMA);
  });

  it('never prints the password of an unreachable database', async () => {
    const t = io();
    const code = await runCli(['migrate', '--url', 'postgres://app:hunter2-secret@127.0.0.1:1/db'], t.io);
    expect(code).toBe(1);
    expect(t.err.join('\n')).toContain(CoreErrorCode.STORE_UNAVAILABLE);
    expect([...t.out, ...t.err].join('\n')).not.toContain('hunter2-secret');
  });
});
