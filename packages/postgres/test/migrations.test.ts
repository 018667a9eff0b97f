import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkSchema, createPostgresStreamStore, migrate, migrationSql, PostgresErrorCode, quoteSchema } from '../src/index';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const db = new PGlite();
afterAll(() => db.close());

describe('migrate', () => {
  it('creates the schema once and is idempotent', async () => {
    expect(await migrate(db, { schema: 'm_once' })).toEqual({ schema: 'm_once', applied: [1, 2], version: 2 });
    expect(await migrate(db, { schema: 'm_once' })).toEqual({ schema: 'm_once', applied: [], version: 2 });
    const { rows } = await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM m_once.aisle_migrations');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    await expect(checkSchema(db, { schema: 'm_once' })).resolves.toBeUndefined();
  });

  it('upgrades a version-1 schema to in-place head updates (fillfactor 70, head rows not compressed), keeping its data', async () => {
    await migrate(db, { schema: 'm_v1' });
    const store = createPostgresStreamStore(db, { schema: 'm_v1' });
    await store.append('s', [{ id: 'e1', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    // Back to what version 1 left: no storage options on streams, no record of migration 2.
    await db.query('ALTER TABLE m_v1.streams RESET (fillfactor, toast_tuple_target)');
    await db.query('DELETE FROM m_v1.aisle_migrations WHERE version = 2');
    const options = async () =>
      (await db.query<{ o: string[] | null }>("SELECT reloptions AS o FROM pg_class WHERE oid = 'm_v1.streams'::regclass")).rows[0]?.o;
    expect(await options()).toBeNull();
    expect(await migrate(db, { schema: 'm_v1' })).toEqual({ schema: 'm_v1', applied: [2], version: 2 });
    expect(await options()).toEqual(['fillfactor=70', 'toast_tuple_target=8160']);
    await store.append('s', [{ id: 'e2', type: 't', data: 2 }], { expectedVersion: 1 });
    expect((await store.read('s')).entries.map((e) => e.data)).toEqual([1, 2]);
  });

  it('refuses an applied migration whose checksum differs, changing nothing', async () => {
    await migrate(db, { schema: 'm_tampered' });
    await db.query("UPDATE m_tampered.aisle_migrations SET checksum = 'edited' WHERE version = 1");
    await expect(migrate(db, { schema: 'm_tampered' })).rejects.toMatchObject({ code: PostgresErrorCode.MIGRATION_CHECKSUM });
    await expect(checkSchema(db, { schema: 'm_tampered' })).rejects.toMatchObject({ code: PostgresErrorCode.MIGRATION_CHECKSUM });
  });

  it('refuses a schema newer than the package knows', async () => {
    await migrate(db, { schema: 'm_newer' });
    await db.query("INSERT INTO m_newer.aisle_migrations (version, name, checksum) VALUES (3, 'from the future', 'x')");
    const error = await migrate(db, { schema: 'm_newer' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: PostgresErrorCode.SCHEMA_TOO_NEW, details: { schema: 'm_newer', version: 3, known: 2 } });
    expect((error as Error).message).toContain('upgrade the package');
  });

  it('says a schema is not migrated, and the store says so too instead of a raw SQL error', async () => {
    await expect(checkSchema(db, { schema: 'm_never' })).rejects.toMatchObject({ code: PostgresErrorCode.SCHEMA_NOT_MIGRATED });
    const store = createPostgresStreamStore(db, { schema: 'm_never' });
    await expect(store.read('s')).rejects.toMatchObject({ code: PostgresErrorCode.SCHEMA_NOT_MIGRATED });
    await expect(store.append('s', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'any' })).rejects.toMatchObject({
      code: PostgresErrorCode.SCHEMA_NOT_MIGRATED,
    });
  });

  it('keeps two schemas in one database isolated', async () => {
    await migrate(db, { schema: 'tenant_a' });
    await migrate(db, { schema: 'tenant_b' });
    const a = createPostgresStreamStore(db, { schema: 'tenant_a' });
    const b = createPostgresStreamStore(db, { schema: 'tenant_b' });
    await a.append('s', [{ id: 'e1', type: 't', data: 'a' }], { expectedVersion: 'no_stream' });
    await b.append('s', [{ id: 'e1', type: 't', data: 'b' }], { expectedVersion: 'no_stream' });
    expect((await a.read('s')).entries.map((e) => e.data)).toEqual(['a']);
    expect((await b.read('s')).entries.map((e) => e.data)).toEqual(['b']);
    expect((await a.feed()).entries).toHaveLength(1);
  });

  it('migrationSql applies with a plain SQL runner, and migrate then finds it up to date', async () => {
    const sql = migrationSql('m_by_hand');
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "m_by_hand"');
    await db.exec(`BEGIN; ${sql} COMMIT;`);
    expect(await migrate(db, { schema: 'm_by_hand' })).toEqual({ schema: 'm_by_hand', applied: [], version: 2 });
    await checkSchema(db, { schema: 'm_by_hand' });
  });

  it.each([
    ['', 'empty'],
    ['Aisle', 'capitals'],
    ['a-b', 'a hyphen'],
    ['1abc', 'a leading digit'],
    ['pg_catalog', 'a pg_ name'],
    ['x"; DROP TABLE t; --', 'an injection attempt'],
    ['a'.repeat(64), '64 characters'],
  ])('refuses the schema name %j (%s) before touching the database', async (schema) => {
    expect(() => quoteSchema(schema)).toThrow(expect.objectContaining({ code: PostgresErrorCode.INVALID_SCHEMA }));
    await expect(migrate(db, { schema })).rejects.toMatchObject({ code: PostgresErrorCode.INVALID_SCHEMA });
    expect(() => createPostgresStreamStore(db, { schema })).toThrow(expect.objectContaining({ code: PostgresErrorCode.INVALID_SCHEMA }));
    expect(() => migrationSql(schema)).toThrow(expect.objectContaining({ code: PostgresErrorCode.INVALID_SCHEMA }));
  });
});
