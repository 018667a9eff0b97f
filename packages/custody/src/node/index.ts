/**
 * `@aisle/custody/node`: integrity manifests of backup directories on disk (Node only: native
 * SHA-256 through `node:crypto`, streamed in fixed buffers; symbolic links never followed).
 *
 * @packageDocumentation
 * @module @aisle/custody/node
 */

// The shared types these functions' signatures use, re-exported so this entry point is self-contained.
export type { Manifest, ManifestFile } from '../manifest';
export type { ChangedFile, IntegrityReport } from '../verify';
export type { HashDirectoryOptions, ManifestFromDirectoryOptions } from './directory';
export { manifestFromDirectory, verifyDirectory } from './directory';
