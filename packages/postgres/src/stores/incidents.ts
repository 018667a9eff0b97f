import { createIncidentStore, type IncidentStore, type IncidentStoreOptions } from '@aisle/incidents';
import type { PostgresDatabase } from '../queryable';
import { createPostgresStreamStore } from '../stream-store';

/**
 * Options of {@link createPostgresIncidentStore}: the schema `migrate` (from `@aisle/postgres`) created,
 * and the options of `createIncidentStore` from `@aisle/incidents` except `store`.
 *
 * @example `{ schema: 'aisle', maxAttempts: 8 }`
 *
 * @public
 */
export interface PostgresIncidentStoreOptions extends Omit<IncidentStoreOptions, 'store'> {
  /** The schema `migrate` created (default `aisle`). */
  readonly schema?: string | undefined;
  /** With a `pg` Pool, named prepared statements planned once per connection (default `false`; see `PostgresStreamStoreOptions`). */
  readonly preparedStatements?: boolean | undefined;
  /** Write the `jsonb` query copy of each entry's data (default `false`; see `PostgresStreamStoreOptions.queryCopy`). */
  readonly queryCopy?: boolean | undefined;
}

/**
 * The incident store of `@aisle/incidents` on PostgreSQL or PGlite: `createIncidentStore` over
 * `createPostgresStreamStore` (from `@aisle/postgres`). One hash-chained stream per incident
 * (`incident:{id}`), each audit-trail entry one stream entry, appended at the loaded version so two
 * people changing one incident from two servers never overwrite each other. Run `migrate` first.
 *
 * @example
 * ```ts
 * import { transition } from '@aisle/incidents';
 * import { migrate } from '@aisle/postgres';
 * import { createPostgresIncidentStore } from '@aisle/postgres/incidents';
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const incidents = createPostgresIncidentStore(pool);
 * await incidents.save(incident);
 * await incidents.update(incident.record.id, (current) => transition(current, 'triaged', { actor: 'S-014', at: new Date() }));
 * ```
 *
 * @public
 */
export function createPostgresIncidentStore(database: PostgresDatabase, options: PostgresIncidentStoreOptions = {}): IncidentStore {
  const { schema, preparedStatements, queryCopy, ...rest } = options;
  return createIncidentStore({ ...rest, store: createPostgresStreamStore(database, { schema, preparedStatements, queryCopy }) });
}
