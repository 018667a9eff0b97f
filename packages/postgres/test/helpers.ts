import type { StreamStoreFixture } from '@aisle/core/testing';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresRawAccess, createPostgresStreamStore, migrate, type PostgresDatabase } from '../src/index';

/** One embedded database per test file; each fixture gets a fresh schema in it. */
export function pgliteFixtures(): { create: () => Promise<StreamStoreFixture>; db: () => Promise<PGlite>; close: () => Promise<void> } {
  let db: PGlite | undefined;
  let n = 0;
  const get = async () => {
    db ??= new PGlite();
    await db.waitReady;
    return db;
  };
  return {
    db: get,
    create: async () => fixtureIn(await get(), `t_${++n}`),
    close: async () => {
      await db?.close();
      db = undefined;
    },
  };
}

export async function fixtureIn(db: PostgresDatabase, schema: string, preparedStatements?: boolean): Promise<StreamStoreFixture> {
  await migrate(db, { schema });
  return { store: createPostgresStreamStore(db, { schema, preparedStatements }), raw: createPostgresRawAccess(db, { schema }) };
}
