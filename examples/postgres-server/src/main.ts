import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AisleError } from '@aisle/core';
import { redactConnectionString } from '@aisle/postgres';
import { runOnServer } from './flow';

// The mall day against a PostgreSQL server:
//   AISLE_PG_URL=postgres://… pnpm --filter @aisle-examples/postgres-server start [--schema aisle_demo] [--reset]
// (--url <url> works too, but a URL on the command line is visible in the process list.)
// The checkpoint is kept in examples/postgres-server/.data (git-ignored), outside the database.
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const url = value('--url') ?? process.env.AISLE_PG_URL;
if (url === undefined) {
  console.error('Set AISLE_PG_URL (or pass --url) to a PostgreSQL 13+ server; bash scripts/with-postgres.sh starts a throwaway one.');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
try {
  console.log(`Server: ${redactConnectionString(url)}`);
  const result = await runOnServer({
    url,
    schema: value('--schema') ?? 'aisle_demo',
    dir: value('--data') ?? join(here, '..', '.data'),
    reset: args.includes('--reset'),
  });
  if (!result.dayVerified) throw new Error('The day log did not verify as expected');
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
