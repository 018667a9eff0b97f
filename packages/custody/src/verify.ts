import { CustodyError, CustodyErrorCode } from './errors';
import { compareCodeUnits } from './internal/paths';
import { type Manifest, type ManifestFile, manifestHash } from './manifest';

/**
 * A file whose content differs from the manifest: what was expected and what was found.
 *
 * @public
 */
export interface ChangedFile {
  readonly path: string;
  readonly expected: { readonly size: number; readonly sha256: string };
  readonly actual: { readonly size: number; readonly sha256: string };
}

/**
 * The result of checking a backup against its manifest. `ok` is true only when nothing is
 * missing, extra, changed, skipped as a link or special file, and the roots agree.
 *
 * @public
 */
export interface IntegrityReport {
  readonly ok: boolean;
  /** The medium the expected manifest names. */
  readonly mediumId: string;
  /** `manifestHash` of the expected manifest: the register checks it is the recorded one. */
  readonly manifestHash: string;
  readonly expectedRoot: string;
  readonly actualRoot: string;
  readonly rootChanged: boolean;
  /** Paths in the manifest that were not found, sorted. */
  readonly missing: ReadonlyArray<string>;
  /** Paths found that the manifest does not list, sorted. */
  readonly extra: ReadonlyArray<string>;
  /** Paths whose size or SHA-256 differ, sorted. */
  readonly changed: ReadonlyArray<ChangedFile>;
  /** Symbolic links found (never followed), sorted. */
  readonly symlinks: ReadonlyArray<string>;
  /** FIFOs, sockets and devices found (never read), sorted. */
  readonly specialFiles: ReadonlyArray<string>;
}

/**
 * What a scan of the backup skipped, to carry into the report.
 *
 * @public
 */
export interface SkippedEntries {
  readonly symlinks?: ReadonlyArray<string> | undefined;
  readonly specialFiles?: ReadonlyArray<string> | undefined;
}

/**
 * Compares the manifest a backup should have (`expected`, usually the recorded one) with the one
 * it has now (`actual`, freshly computed): missing, extra and changed files, and whether the
 * Merkle root moved. Medium ids are not compared, so the same call checks a migration (old
 * medium's manifest against the new medium's). One merge pass over the two sorted file lists.
 *
 * @throws `TypeError` when either argument is not a manifest object.
 *
 * @example
 * ```ts
 * import { buildManifest, verifyManifest } from '@aisle/custody';
 *
 * const file = { path: 'a.csv', size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' };
 * const expected = buildManifest({ mediumId: 'HDD-0001', files: [file] });
 * const actual = buildManifest({ mediumId: 'HDD-0001', files: [] });
 * verifyManifest(expected, actual).missing; // ['a.csv']
 * ```
 *
 * @public
 */
export function verifyManifest(expected: Manifest, actual: Manifest, skipped: SkippedEntries = {}): IntegrityReport {
  if (!Array.isArray(expected?.files) || !Array.isArray(actual?.files)) {
    throw new TypeError('verifyManifest(expected, actual): both arguments must be manifests');
  }
  const missing: string[] = [];
  const extra: string[] = [];
  const changed: ChangedFile[] = [];
  const a = expected.files;
  const b = actual.files;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i] as ManifestFile | undefined;
    const y = b[j] as ManifestFile | undefined;
    const order = x === undefined ? 1 : y === undefined ? -1 : compareCodeUnits(x.path, y.path);
    if (order < 0 && x !== undefined) {
      missing.push(x.path);
      i++;
    } else if (order > 0 && y !== undefined) {
      extra.push(y.path);
      j++;
    } else if (x !== undefined && y !== undefined) {
      if (x.size !== y.size || x.sha256 !== y.sha256) {
        changed.push({ path: x.path, expected: { size: x.size, sha256: x.sha256 }, actual: { size: y.size, sha256: y.sha256 } });
      }
      i++;
      j++;
    }
  }
  const symlinks = [...(skipped.symlinks ?? [])].sort(compareCodeUnits);
  const specialFiles = [...(skipped.specialFiles ?? [])].sort(compareCodeUnits);
  const rootChanged = expected.root !== actual.root;
  return Object.freeze({
    ok:
      !rootChanged &&
      missing.length === 0 &&
      extra.length === 0 &&
      changed.length === 0 &&
      symlinks.length === 0 &&
      specialFiles.length === 0,
    mediumId: expected.mediumId,
    manifestHash: manifestHash(expected),
    expectedRoot: expected.root,
    actualRoot: actual.root,
    rootChanged,
    missing,
    extra,
    changed,
    symlinks,
    specialFiles,
  });
}

/**
 * Refuses a manifest made for another medium.
 *
 * @internal
 */
export function assertManifestOf(manifest: Manifest, mediumId: string, where: string): void {
  if (manifest.mediumId !== mediumId) {
    throw new CustodyError(
      CustodyErrorCode.MANIFEST_OTHER_MEDIUM,
      `${where}: the manifest was made for medium ${JSON.stringify(manifest.mediumId)}, not ${JSON.stringify(mediumId)}`,
      { details: { expected: mediumId, received: manifest.mediumId } },
    );
  }
}
