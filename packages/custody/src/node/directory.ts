import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CustodyError, CustodyErrorCode } from '../errors';
import { assertPath } from '../internal/paths';
import { buildManifest, type Manifest, type ManifestFile, parseManifest } from '../manifest';
import { type IntegrityReport, verifyManifest } from '../verify';

/**
 * How a directory is hashed.
 *
 * @public
 */
export interface HashDirectoryOptions {
  /** Files hashed at once (default 4, 1–64): small files are bound by system calls, large ones by SHA-256. */
  readonly concurrency?: number | undefined;
  /** Bytes per read (default 1 MiB, 64 KiB – 16 MiB); each concurrent file uses two buffers, so memory is `2 × concurrency × bufferSize` whatever the file sizes. */
  readonly bufferSize?: number | undefined;
}

/**
 * Options of {@link manifestFromDirectory}.
 *
 * @public
 */
export interface ManifestFromDirectoryOptions extends HashDirectoryOptions {
  /** The medium the backup is on: the manifest names it. */
  readonly mediumId: string;
}

interface Scan {
  readonly files: string[];
  readonly symlinks: string[];
  readonly specialFiles: string[];
}

/**
 * Hashes every regular file under `path` (SHA-256 with `node:crypto`, streamed in fixed buffers,
 * so memory does not grow with file size) and builds the medium's manifest. Symbolic links are
 * never followed, FIFOs, sockets and devices never read: either makes this throw, naming them.
 * Each file is checked for changes while it is hashed (identity before opening and after, size,
 * modification and change times before and after, bytes read against the size).
 *
 * @throws `CustodyError` `CUSTODY_SYMLINK` / `CUSTODY_SPECIAL_FILE` (`details.paths`),
 * `CUSTODY_FILE_CHANGED` (`details.path`), `CUSTODY_READ_FAILED` (missing directory, not a
 * directory, permissions; the I/O error is the `cause`), `CUSTODY_PATH_ESCAPE` for a name a
 * manifest cannot hold (backslashes, control characters), `CUSTODY_INVALID_INPUT` for a bad
 * medium id; `RangeError` for out-of-range options.
 *
 * @example
 * ```ts
 * import { manifestFromDirectory } from '@aisle/custody/node';
 *
 * const manifest = await manifestFromDirectory('/mnt/backup-0001', { mediumId: 'HDD-0001' });
 * console.log(manifest.fileCount, manifest.bytes, manifest.root);
 * ```
 *
 * @public
 */
export async function manifestFromDirectory(path: string, options: ManifestFromDirectoryOptions): Promise<Manifest> {
  const { concurrency, bufferSize } = hashOptions(options);
  buildManifest({ mediumId: options?.mediumId, files: [] }); // the medium id, checked before any I/O
  const scan = await scanDirectory(path);
  if (scan.symlinks.length > 0) {
    throw new CustodyError(
      CustodyErrorCode.SYMLINK,
      `${scan.symlinks.length} symbolic link(s) under the backup directory (never followed): ${list(scan.symlinks)}`,
      { details: { paths: scan.symlinks } },
    );
  }
  if (scan.specialFiles.length > 0) {
    throw new CustodyError(
      CustodyErrorCode.SPECIAL_FILE,
      `${scan.specialFiles.length} FIFO, socket or device file(s) under the backup directory: ${list(scan.specialFiles)}`,
      { details: { paths: scan.specialFiles } },
    );
  }
  const files = await hashAll(path, scan.files, concurrency, bufferSize);
  return buildManifest({ mediumId: options.mediumId, files });
}

/**
 * Checks the files under `path` against a manifest (for example the one recorded when the medium
 * was made): the report lists missing, extra and changed files, symbolic links and special
 * files found (reported, never followed or read), and whether the Merkle root moved; `ok` is true
 * only when there is nothing to report. The manifest (the object, or its stored JSON text) is
 * validated first (a stored manifest is untrusted: a `../` path is refused before any file is
 * opened).
 *
 * @throws `CustodyError` `CUSTODY_MANIFEST_INVALID` / `CUSTODY_PATH_ESCAPE` for a bad
 * manifest, `CUSTODY_FILE_CHANGED` when a file changes while it is hashed (check again),
 * `CUSTODY_READ_FAILED` when the directory cannot be read (record the check as unreadable);
 * `RangeError` for out-of-range options.
 *
 * @example
 * ```ts
 * import { verifyDirectory } from '@aisle/custody/node';
 *
 * const report = await verifyDirectory('/mnt/backup-0001', manifest);
 * if (!report.ok) console.log(report.changed.map((c) => c.path), report.missing, report.extra);
 * ```
 *
 * @public
 */
export async function verifyDirectory(
  path: string,
  manifest: Manifest | string,
  options: HashDirectoryOptions = {},
): Promise<IntegrityReport> {
  const { concurrency, bufferSize } = hashOptions(options);
  const expected = parseManifest(manifest);
  const scan = await scanDirectory(path);
  const files = await hashAll(path, scan.files, concurrency, bufferSize);
  const actual = buildManifest({ mediumId: expected.mediumId, files });
  return verifyManifest(expected, actual, { symlinks: scan.symlinks, specialFiles: scan.specialFiles });
}

function hashOptions(options: HashDirectoryOptions | undefined): { concurrency: number; bufferSize: number } {
  const concurrency = options?.concurrency ?? 4;
  const bufferSize = options?.bufferSize ?? 1024 * 1024;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new RangeError(`concurrency: expected an integer from 1 to 64, received ${concurrency}`);
  }
  if (!Number.isInteger(bufferSize) || bufferSize < 64 * 1024 || bufferSize > 16 * 1024 * 1024) {
    throw new RangeError(`bufferSize: expected an integer from 65536 to 16777216, received ${bufferSize}`);
  }
  return { concurrency, bufferSize };
}

const list = (paths: readonly string[]) =>
  paths
    .slice(0, 5)
    .map((p) => JSON.stringify(p))
    .join(', ') + (paths.length > 5 ? ', …' : '');

/** Lists regular files, links and special files under `root`, relative and `/`-separated, never following links. */
async function scanDirectory(root: string): Promise<Scan> {
  if (typeof root !== 'string' || root.length === 0) throw new TypeError('Expected the backup directory as a non-empty path string');
  let top: Awaited<ReturnType<typeof lstat>>;
  try {
    top = await lstat(root);
  } catch (cause) {
    throw readFailed(root, cause);
  }
  if (top.isSymbolicLink()) {
    throw new CustodyError(CustodyErrorCode.SYMLINK, 'The backup directory itself is a symbolic link (never followed)', {
      details: { paths: ['.'] },
    });
  }
  if (!top.isDirectory()) {
    throw new CustodyError(CustodyErrorCode.READ_FAILED, 'The backup path is not a directory', { details: { path: root } });
  }
  const scan: Scan = { files: [], symlinks: [], specialFiles: [] };
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(relative === '' ? root : join(root, relative), { withFileTypes: true });
    } catch (cause) {
      throw readFailed(relative === '' ? root : relative, cause);
    }
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      assertPath(rel, 'a file under the backup directory');
      if (entry.isSymbolicLink()) scan.symlinks.push(rel);
      else if (entry.isDirectory()) pending.push(rel);
      else if (entry.isFile()) scan.files.push(rel);
      else scan.specialFiles.push(rel);
    }
  }
  return scan;
}

/** Hashes files with `concurrency` workers; each worker owns two buffers for its whole life. */
async function hashAll(root: string, paths: readonly string[], concurrency: number, bufferSize: number): Promise<ManifestFile[]> {
  const out: ManifestFile[] = new Array(paths.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    const buffers: [Uint8Array, Uint8Array] = [new Uint8Array(bufferSize), new Uint8Array(bufferSize)];
    while (next < paths.length && !failed) {
      const index = next++;
      const rel = paths[index] as string;
      try {
        out[index] = { path: rel, ...(await hashFile(join(root, rel), rel, buffers)) };
      } catch (error) {
        failed = true; // the other workers stop at their next file
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(paths.length, 1)) }, worker));
  return out;
}

async function hashFile(absolute: string, rel: string, buffers: [Uint8Array, Uint8Array]): Promise<{ size: number; sha256: string }> {
  const changed = (what: string, cause?: unknown): CustodyError =>
    new CustodyError(CustodyErrorCode.FILE_CHANGED, `${JSON.stringify(rel)} changed while it was hashed (${what}); hash it again`, {
      details: { path: rel },
      ...(cause === undefined ? {} : { cause }),
    });
  let handle: FileHandle;
  let before: Awaited<ReturnType<FileHandle['stat']>>;
  try {
    const listed = await lstat(absolute, { bigint: true });
    if (!listed.isFile()) throw changed('no longer a regular file');
    // O_NOFOLLOW: if the file was swapped for a link since it was listed, opening fails (ELOOP).
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
    before = await handle.stat({ bigint: true });
    if (before.ino !== listed.ino || before.dev !== listed.dev) {
      await handle.close();
      throw changed('replaced between listing and opening');
    }
  } catch (error) {
    if (CustodyError.isInstance(error)) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ELOOP') throw changed(code === 'ENOENT' ? 'deleted' : 'replaced by a link', error);
    throw readFailed(rel, error);
  }
  try {
    const hash = createHash('sha256');
    let size = 0;
    let [current, spare] = buffers;
    // Two buffers: the next read runs on the thread pool while this one is hashed.
    let pending = handle.read(current, 0, current.length, 0);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const filled = current;
      [current, spare] = [spare, current];
      size += bytesRead;
      pending = handle.read(current, 0, current.length, size);
      hash.update(filled.subarray(0, bytesRead));
    }
    const after = await handle.stat({ bigint: true });
    if (after.size !== before.size || after.mtimeNs !== before.mtimeNs || after.ctimeNs !== before.ctimeNs) {
      throw changed('size or modification time moved');
    }
    if (BigInt(size) !== after.size) throw changed(`read ${size} bytes of ${after.size}`);
    const again = await lstat(absolute, { bigint: true }).catch(() => undefined);
    if (again === undefined || again.ino !== before.ino || again.dev !== before.dev) throw changed('renamed over or deleted');
    return { size, sha256: hash.digest('hex') };
  } catch (error) {
    if (CustodyError.isInstance(error)) throw error;
    throw readFailed(rel, error);
  } finally {
    await handle.close();
  }
}

function readFailed(path: string, cause: unknown): CustodyError {
  const code = (cause as { code?: unknown } | null)?.code;
  return new CustodyError(
    CustodyErrorCode.READ_FAILED,
    `Could not read ${JSON.stringify(path)}${typeof code === 'string' ? ` (${code})` : ''}`,
    { cause, details: { path } },
  );
}
