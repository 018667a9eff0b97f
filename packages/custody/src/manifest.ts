import { canonicalJson, encodeUtf8 } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CustodyError, CustodyErrorCode } from './errors';
import { merkleRoot } from './internal/merkle';
import { assertPath, compareCodeUnits, pathProblem } from './internal/paths';
import { assertMediumId } from './internal/shapes';

/**
 * The manifest format this package writes and reads.
 *
 * @public
 */
export const MANIFEST_FORMAT = 'aisle-custody-manifest/1';

/**
 * One file of a manifest: its path relative to the backup's root (`/`-separated), its size in
 * bytes and the lowercase hex SHA-256 of its content.
 *
 * @public
 */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * An integrity manifest: every file of a backup with its SHA-256, sorted by path (UTF-16 code
 * units), and a Merkle root over them (RFC 6962 tree: leaf = SHA-256(0x00 ‖ canonical JSON of
 * `{ path, sha256, size }`), node = SHA-256(0x01 ‖ left ‖ right)). It names the medium it was
 * made for. Its identity is `manifestHash`: the SHA-256 of its canonical JSON.
 *
 * @public
 */
export interface Manifest {
  readonly format: 'aisle-custody-manifest/1';
  readonly mediumId: string;
  readonly files: ReadonlyArray<ManifestFile>;
  readonly fileCount: number;
  /** The sum of the files' sizes. */
  readonly bytes: number;
  /** Merkle root over `files`, lowercase hex. */
  readonly root: string;
}

/**
 * A file to hash: its relative path and its content as chunks (any async or sync iterable of
 * `Uint8Array`: a `ReadableStream`, a generator, an array).
 *
 * @public
 */
export interface ManifestSource {
  readonly path: string;
  readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * Streams chunks through SHA-256 (noble-hashes): memory stays flat whatever the size.
 *
 * @throws `TypeError` when a chunk is not a `Uint8Array`.
 *
 * @example
 * ```ts
 * import { hashChunks } from '@aisle/custody';
 *
 * const { size, sha256 } = await hashChunks([new TextEncoder().encode('abc')]);
 * // size 3, sha256 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 *
 * @public
 */
export async function hashChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ size: number; sha256: string }> {
  const hash = sha256.create();
  let size = 0;
  for await (const chunk of chunks) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`hashChunks: expected Uint8Array chunks, received ${typeof chunk}`);
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: bytesToHex(hash.digest()) };
}

/**
 * Builds a manifest from files whose digests are already known (the Node entry hashes with
 * `node:crypto` and calls this): paths checked, sorted, duplicates refused, root computed.
 *
 * @throws {@link CustodyError} `CUSTODY_PATH_ESCAPE` for a path that could leave the directory,
 * `CUSTODY_DUPLICATE_PATH` for a path given twice, `CUSTODY_INVALID_INPUT` for a bad medium id,
 * size or digest.
 *
 * @example
 * ```ts
 * import { buildManifest } from '@aisle/custody';
 *
 * const manifest = buildManifest({
 *   mediumId: 'HDD-0001',
 *   files: [{ path: 'members.csv', size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }],
 * });
 * manifest.fileCount; // 1
 * ```
 *
 * @public
 */
export function buildManifest(input: { readonly mediumId: string; readonly files: Iterable<ManifestFile> }): Manifest {
  const mediumId = assertMediumId(input.mediumId, 'manifest.mediumId');
  const files: ManifestFile[] = [];
  for (const file of input.files) {
    const where = `manifest.files[${files.length}]`;
    const path = assertPath(file.path, `${where}.path`);
    if (!Number.isSafeInteger(file.size) || file.size < 0) {
      throw new CustodyError(
        CustodyErrorCode.INVALID_INPUT,
        `${where}.size: expected a non-negative safe integer, received ${String(file.size)}`,
      );
    }
    if (typeof file.sha256 !== 'string' || !HEX64.test(file.sha256)) {
      throw new CustodyError(CustodyErrorCode.INVALID_INPUT, `${where}.sha256: expected 64 lowercase hex characters`);
    }
    files.push({ path, size: file.size, sha256: file.sha256 });
  }
  files.sort((a, b) => compareCodeUnits(a.path, b.path));
  let bytes = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as ManifestFile;
    if (i > 0 && (files[i - 1] as ManifestFile).path === file.path) {
      throw new CustodyError(
        CustodyErrorCode.DUPLICATE_PATH,
        `manifest: the path ${JSON.stringify(file.path.slice(0, 120))} appears twice`,
        {
          details: { path: file.path },
        },
      );
    }
    bytes += file.size;
  }
  return Object.freeze({
    format: MANIFEST_FORMAT,
    mediumId,
    files: Object.freeze(files.map((file) => Object.freeze(file))),
    fileCount: files.length,
    bytes,
    root: merkleRoot(files),
  });
}

/**
 * Hashes every file (streaming, one at a time, noble SHA-256) and builds the medium's manifest.
 * Works anywhere: browsers, mini-programs, Node. For directories on disk prefer
 * `manifestFromDirectory` from `@aisle/custody/node` (native hashing, symlink and change checks).
 *
 * @throws {@link CustodyError} as {@link buildManifest} does (checked before any file is read).
 *
 * @example
 * ```ts
 * import { createManifest } from '@aisle/custody';
 *
 * const bytes = (text: string) => [new TextEncoder().encode(text)];
 * const manifest = await createManifest({
 *   mediumId: 'HDD-0001',
 *   files: [
 *     { path: 'members.csv', chunks: bytes('id,phone\n') },
 *     { path: 'orders/2026-11.csv', chunks: bytes('order,amount_fen\n') },
 *   ],
 * });
 * manifest.root; // 64 hex characters
 * ```
 *
 * @public
 */
export async function createManifest(input: {
  readonly mediumId: string;
  readonly files: AsyncIterable<ManifestSource> | Iterable<ManifestSource>;
}): Promise<Manifest> {
  assertMediumId(input.mediumId, 'manifest.mediumId');
  const files: ManifestFile[] = [];
  const seen = new Set<string>();
  for await (const source of input.files) {
    const path = assertPath(source.path, `files[${files.length}].path`);
    if (seen.has(path)) {
      throw new CustodyError(CustodyErrorCode.DUPLICATE_PATH, `manifest: the path ${JSON.stringify(path.slice(0, 120))} appears twice`, {
        details: { path },
      });
    }
    seen.add(path);
    const digest = await hashChunks(source.chunks);
    files.push({ path, ...digest });
  }
  return buildManifest({ mediumId: input.mediumId, files });
}

/**
 * The manifest's canonical JSON text (what to store next to the backup).
 *
 * @example
 * ```ts
 * import { buildManifest, manifestJson } from '@aisle/custody';
 *
 * manifestJson(buildManifest({ mediumId: 'HDD-0001', files: [] })).startsWith('{"bytes":0'); // true
 * ```
 *
 * @public
 */
export function manifestJson(manifest: Manifest): string {
  return canonicalJson(manifest);
}

/**
 * The manifest's identity: lowercase hex SHA-256 of its canonical JSON. This is what a medium's
 * stream records.
 *
 * @example
 * ```ts
 * import { buildManifest, manifestHash } from '@aisle/custody';
 *
 * manifestHash(buildManifest({ mediumId: 'HDD-0001', files: [] })).length; // 64
 * ```
 *
 * @public
 */
export function manifestHash(manifest: Manifest): string {
  return bytesToHex(sha256(encodeUtf8(manifestJson(manifest))));
}

/**
 * Caps for {@link parseManifest}: untrusted manifest text is read in linear time under these.
 *
 * @public
 */
export interface ParseManifestOptions {
  /** Longest accepted text, in UTF-16 code units (default 256 MiB, about 2M files). */
  readonly maxLength?: number | undefined;
  /** Most files accepted (default 2,000,000). */
  readonly maxFiles?: number | undefined;
}

const HEX64 = /^[0-9a-f]{64}$/;
const DEFAULT_MAX_LENGTH = 256 * 1024 * 1024;
const DEFAULT_MAX_FILES = 2_000_000;

/**
 * Reads a stored manifest (its JSON text, or the parsed value) and checks everything: format,
 * medium id, every path (no `..`, absolute or empty segments), sizes, digests, sorted unique
 * paths, counts, total bytes, and that the root matches the files. Linear in the text's length.
 *
 * @throws {@link CustodyError} `CUSTODY_MANIFEST_INVALID` (the message says which field and why),
 * `CUSTODY_PATH_ESCAPE` for a path that could leave the directory.
 *
 * @example
 * ```ts
 * import { buildManifest, manifestJson, parseManifest } from '@aisle/custody';
 *
 * const text = manifestJson(buildManifest({ mediumId: 'HDD-0001', files: [] }));
 * parseManifest(text).mediumId; // 'HDD-0001'
 * ```
 *
 * @public
 */
export function parseManifest(input: unknown, options: ParseManifestOptions = {}): Manifest {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  let value = input;
  if (typeof input === 'string') {
    if (input.length > maxLength) invalid(`(root): expected at most ${maxLength} characters of JSON, received ${input.length}`);
    try {
      value = JSON.parse(input);
    } catch (cause) {
      invalid('(root): expected JSON text', cause);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('(root): expected a manifest object');
  const m = value as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) invalid(`format: expected ${JSON.stringify(MANIFEST_FORMAT)}, received ${preview(m.format)}`);
  if (typeof m.mediumId !== 'string') invalid(`mediumId: expected a string, received ${preview(m.mediumId)}`);
  if (!Array.isArray(m.files)) invalid(`files: expected an array, received ${preview(m.files)}`);
  const raw = m.files as unknown[];
  if (raw.length > maxFiles) invalid(`files: expected at most ${maxFiles} files, received ${raw.length}`);
  const files: ManifestFile[] = [];
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i] as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) invalid(`files[${i}]: expected an object`);
    const record = f as Record<string, unknown>;
    if (pathProblem(record.path) !== undefined) assertPath(record.path, `files[${i}].path`);
    if (i > 0 && compareCodeUnits((files[i - 1] as ManifestFile).path, record.path as string) >= 0) {
      invalid(`files[${i}].path: expected paths sorted by code unit without repeats`);
    }
    if (!Number.isSafeInteger(record.size) || (record.size as number) < 0)
      invalid(`files[${i}].size: expected a non-negative safe integer`);
    if (typeof record.sha256 !== 'string' || !HEX64.test(record.sha256))
      invalid(`files[${i}].sha256: expected 64 lowercase hex characters`);
    files.push({ path: record.path as string, size: record.size as number, sha256: record.sha256 as string });
  }
  let manifest: Manifest;
  try {
    manifest = buildManifest({ mediumId: m.mediumId as string, files });
  } catch (error) {
    if (CustodyError.isInstance(error, CustodyErrorCode.PATH_ESCAPE)) throw error;
    return invalid(`manifest: ${(error as Error).message}`, error);
  }
  if (m.fileCount !== manifest.fileCount) invalid(`fileCount: expected ${manifest.fileCount}, received ${preview(m.fileCount)}`);
  if (m.bytes !== manifest.bytes) invalid(`bytes: expected ${manifest.bytes} (the sum of the sizes), received ${preview(m.bytes)}`);
  if (m.root !== manifest.root) invalid('root: does not match the files (the manifest was edited)');
  const extraKeys = Object.keys(m).filter((key) => !MANIFEST_KEYS.has(key));
  if (extraKeys.length > 0) invalid(`(root): unexpected field ${JSON.stringify(extraKeys[0]?.slice(0, 40))}`);
  return manifest;
}

const MANIFEST_KEYS = new Set(['format', 'mediumId', 'files', 'fileCount', 'bytes', 'root']);

function invalid(message: string, cause?: unknown): never {
  throw new CustodyError(CustodyErrorCode.MANIFEST_INVALID, `Invalid manifest: ${message}`, cause === undefined ? {} : { cause });
}

function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 60));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
