import { type ConsentStore, type ConsentStoreOptions, createConsentStore } from '@aisle/consent';
import type { PostgresDatabase } from '../queryable';
import { createPostgresStreamStore } from '../stream-store';

/**
 * Options of {@link createPostgresConsentStore}: the schema `migrate` (from `@aisle/postgres`) created, and
 * the options of `createConsentStore` from `@aisle/consent` except `store`.
 *
 * @example `{ schema: 'aisle', catalogue: notice.catalogue }`
 *
 * @public
 */
export interface PostgresConsentStoreOptions extends Omit<ConsentStoreOptions, 'store'> {
  /** The schema `migrate` created (default `aisle`). */
  readonly schema?: string | undefined;
  /** With a `pg` Pool, named prepared statements planned once per connection (default `false`; see `PostgresStreamStoreOptions`). */
  readonly preparedStatements?: boolean | undefined;
  /** Write the `jsonb` query copy of each entry's data (default `false`; see `PostgresStreamStoreOptions.queryCopy`). */
  readonly queryCopy?: boolean | undefined;
}

/**
 * The consent store of `@aisle/consent` on PostgreSQL or PGlite: `createConsentStore` over
 * `createPostgresStreamStore` (from `@aisle/postgres`). One stream per subject (`consent:{subjectId}`);
 * the subject's materialised consent is the stream's snapshot, written in the append's
 * transaction, so `subject()` for `decide` is one indexed read. Concurrent appends to one subject
 * from several processes conflict on the expected version (checked by the database) and are
 * decided again. Run `migrate` first.
 *
 * @example
 * ```ts
 * import { decide } from '@aisle/consent';
 * import { migrate, openPglite } from '@aisle/postgres';
 * import { createPostgresConsentStore } from '@aisle/postgres/consent';
 *
 * const pglite = await openPglite('./data/aisle');
 * await migrate(pglite.db);
 * const consents = createPostgresConsentStore(pglite.db, { catalogue: notice.catalogue });
 * await consents.append(event);
 * decide({ catalogue: notice.catalogue, purposeId: 'marketing.sms', at: new Date(), consent: await consents.subject(event.subjectId) });
 * ```
 *
 * @public
 */
export function createPostgresConsentStore(database: PostgresDatabase, options: PostgresConsentStoreOptions = {}): ConsentStore {
  const { schema, preparedStatements, queryCopy, ...rest } = options;
  return createConsentStore({ ...rest, store: createPostgresStreamStore(database, { schema, preparedStatements, queryCopy }) });
}
