import { AisleError } from '@aisle/core';
import { PostgresError, PostgresErrorCode } from '../errors';
import { checkSchema, migrate, migrationSql, SCHEMA_VERSION } from '../migrations';
import { passwordOf, redactConnectionString } from '../redact';
import { DEFAULT_SCHEMA } from '../schema';

/**
 * Where {@link runCli} writes and what environment it reads.
 *
 * @public
 */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** `AISLE_PG_URL` or `DATABASE_URL` stand in for `--url` (safer: not visible in a process list). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

const USAGE = `Usage:
  aisle-postgres migrate [--url <connection string>] [--schema <name>]   apply this package's migrations (one transaction, advisory lock)
  aisle-postgres check   [--url <connection string>] [--schema <name>]   exit 1 unless the schema is at this package's version
  aisle-postgres sql     [--schema <name>]                               print the migration SQL for your own migration tool
The connection string may come from AISLE_PG_URL or DATABASE_URL instead of --url. Schema default: ${DEFAULT_SCHEMA}.`;

/**
 * The `aisle-postgres` command line as a function (the `bin` calls it with `process.argv.slice(2)`).
 * Returns the exit code: 0 done, 1 failed (a coded error on stderr), 2 usage. A connection string
 * is only ever printed redacted, and its password is scrubbed from every error message.
 *
 * @example
 * ```ts
 * import { runCli } from '@aisle/postgres';
 *
 * const code = await runCli(['sql', '--schema', 'aisle'], { stdout: console.log, stderr: console.error, env: {} });
 * ```
 *
 * @public
 */
export async function runCli(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  let password = '';
  try {
    const { command, url, schema } = parseArgs(argv, io.env);
    if (command === 'sql') {
      io.stdout(migrationSql(schema));
      return 0;
    }
    if (url === undefined) throw usage('missing --url (or AISLE_PG_URL / DATABASE_URL)');
    password = passwordOf(url);
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
    try {
      if (command === 'migrate') {
        const result = await migrate(pool, { schema });
        io.stdout(
          result.applied.length === 0
            ? `${redactConnectionString(url)} schema ${schema}: up to date at version ${result.version}`
            : `${redactConnectionString(url)} schema ${schema}: applied ${result.applied.join(', ')}; now at version ${result.version}`,
        );
      } else {
        await checkSchema(pool, { schema });
        io.stdout(`${redactConnectionString(url)} schema ${schema}: at version ${SCHEMA_VERSION}`);
      }
    } finally {
      await pool.end();
    }
    return 0;
  } catch (error) {
    const scrub = (text: string) => (password.length > 0 ? text.split(password).join('***') : text);
    if (AisleError.isInstance(error)) {
      io.stderr(scrub(`${error.code}: ${error.message}`));
      if (error.code === PostgresErrorCode.CLI_USAGE) {
        io.stderr(USAGE);
        return 2;
      }
      return 1;
    }
    io.stderr(scrub(`aisle-postgres: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

function usage(what: string): PostgresError {
  return new PostgresError(PostgresErrorCode.CLI_USAGE, what);
}

function parseArgs(
  argv: ReadonlyArray<string>,
  env: CliIo['env'],
): { command: 'migrate' | 'check' | 'sql'; url: string | undefined; schema: string } {
  const [command, ...rest] = argv;
  if (command !== 'migrate' && command !== 'check' && command !== 'sql') throw usage(`unknown command ${JSON.stringify(command ?? '')}`);
  let url: string | undefined = env.AISLE_PG_URL ?? env.DATABASE_URL;
  let schema = DEFAULT_SCHEMA;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? rest[++i];
    if (value === undefined) throw usage(`${name} needs a value`);
    if (name === '--url') url = value;
    else if (name === '--schema') schema = value;
    else throw usage(`unknown option ${JSON.stringify(name.slice(0, 40))}`);
  }
  return { command, url, schema };
}
