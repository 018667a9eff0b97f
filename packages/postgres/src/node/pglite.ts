import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresError, PostgresErrorCode } from '../errors';
import type { PgliteLike } from '../queryable';

/** The lock file's name inside a PGlite data directory. */
const LOCK_FILE = 'aisle-postgres.lock';

/**
 * An embedded PGlite database opened by {@link openPglite}.
 *
 * @public
 */
export interface PgliteHandle {
  /** The PGlite instance (typed structurally; it is `@electric-sql/pglite`'s `PGlite`). */
  readonly db: PgliteLike & { close(): Promise<void> };
  /** The absolute data directory, or `undefined` for an in-memory database. */
  readonly dataDir: string | undefined;
  /** Closes the database, then releases the directory lock. */
  close(): Promise<void>;
}

/**
 * Opens embedded PGlite: in memory when `dataDir` is omitted, else persisted in that directory
 * (created if needed) under an exclusive lock. PGlite is one PostgreSQL session in this process;
 * two processes (or two instances in one process) writing one directory corrupt it without any
 * error, so the second opener fails fast instead. The lock is a file created exclusively in the
 * directory holding the owner's pid and host; a lock left by a process that no longer runs (on
 * this host) is taken over; it is released by `close()` and when the process exits.
 *
 * Requires the optional peer dependency `@electric-sql/pglite`.
 *
 * @throws {@link PostgresError} `POSTGRES_DIRECTORY_LOCKED` (`details.pid`, `details.host`,
 * `details.lockFile`) when another live process, or this one, holds the directory.
 *
 * @example
 * ```ts
 * import { migrate, openPglite } from '@aisle/postgres';
 *
 * const pglite = await openPglite('./data/aisle');
 * await migrate(pglite.db);
 * await pglite.close();
 * ```
 *
 * @public
 */
export async function openPglite(dataDir?: string): Promise<PgliteHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir === undefined) {
    const db = new PGlite();
    await db.waitReady;
    return { db: db as unknown as PgliteHandle['db'], dataDir: undefined, close: () => db.close() };
  }
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new TypeError('dataDir: expected a directory path or undefined');
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const release = lockDirectory(dir);
  let db: InstanceType<typeof PGlite>;
  try {
    db = new PGlite(dir);
    await db.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  let closed = false;
  return {
    db: db as unknown as PgliteHandle['db'],
    dataDir: dir,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

/** Takes the directory's lock file; returns its release. @internal */
export function lockDirectory(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      const release = (): void => {
        process.removeListener('exit', release);
        try {
          if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // released between our attempts: try again
    }
    const holder = parseHolder(text);
    if (holder !== undefined && holder.host === hostname() && holder.pid !== process.pid && !alive(holder.pid)) {
      takeOverStale(path, text);
      continue;
    }
    const who =
      holder === undefined ? 'an unreadable lock' : holder.pid === process.pid ? 'this process' : `process ${holder.pid} on ${holder.host}`;
    throw new PostgresError(
      PostgresErrorCode.DIRECTORY_LOCKED,
      `PGlite directory ${dir} is already open by ${who}: two writers would corrupt it. Close the other one (or, if it is gone, delete ${path})`,
      { details: { dir, lockFile: path, pid: holder?.pid, host: holder?.host } },
    );
  }
  throw new PostgresError(
    PostgresErrorCode.DIRECTORY_LOCKED,
    `PGlite directory ${dir}: its lock kept changing while opening; another process is opening it`,
    {
      details: { dir, lockFile: path },
    },
  );
}

/** Moves a dead owner's lock aside; if what moved was not that lock (a new owner raced us), puts it back. */
function takeOverStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (readFileSync(aside, 'utf8') !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // Yet another owner took the path: it keeps it; ours fails on the next attempt.
    }
  }
  unlinkSync(aside);
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as { pid?: unknown; host?: unknown };
    return Number.isSafeInteger(value.pid) && typeof value.host === 'string' ? { pid: value.pid as number, host: value.host } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
