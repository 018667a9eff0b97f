import assert from 'node:assert/strict';
import { runCli } from '@aisle/postgres';

const errors: string[] = [];
const io = { stdout: () => {}, stderr: (line: string) => void errors.push(line), env: {} };

// Wrong: migrating without saying which database (no --url, AISLE_PG_URL or DATABASE_URL); the CLI exits with 2.
assert.equal(await runCli(['migrate'], io), 2);
assert.match(errors[0] ?? '', /^POSTGRES_CLI_USAGE: /);

// Right: a command it knows, with what it needs (`sql` prints the migration SQL and needs no database).
const out: string[] = [];
assert.equal(await runCli(['sql', '--schema', 'aisle'], { ...io, stdout: (text: string) => void out.push(text) }), 0);
assert.match(out.join('\n'), /CREATE SCHEMA IF NOT EXISTS "aisle"/);
