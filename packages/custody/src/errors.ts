import { AisleError, errorCodes } from '@aisle/core';

/**
 * Stable error codes thrown by `@aisle/custody`. Switch on `error.code`; messages may change.
 * Whatever the code, nothing was appended: a refused operation leaves every stream as it was.
 *
 * @example
 * ```ts
 * import { CustodyError, CustodyErrorCode } from '@aisle/custody';
 *
 * try {
 *   await custody.recordCheck('HDD-0001', check);
 * } catch (error) {
 *   if (CustodyError.isInstance(error, CustodyErrorCode.UNKNOWN_MEDIUM)) console.log('register it first');
 * }
 * ```
 *
 * @public
 */
export const CustodyErrorCode = {
  /** A registration, check, access, migration, retirement or option failed its schema (`details.issues`). */
  INVALID_INPUT: 'CUSTODY_INVALID_INPUT',
  /** The medium has no stream: it was never registered (a check, an access or a migration before registration). */
  UNKNOWN_MEDIUM: 'CUSTODY_UNKNOWN_MEDIUM',
  /** A medium with this id is already registered. */
  ALREADY_REGISTERED: 'CUSTODY_ALREADY_REGISTERED',
  /** The person who checked a backup is the person who made it (the standard asks for a second person). */
  CHECKER_IS_MAKER: 'CUSTODY_CHECKER_IS_MAKER',
  /** A data category is not in the vocabulary given to the register (`details.category`). */
  UNKNOWN_CATEGORY: 'CUSTODY_UNKNOWN_CATEGORY',
  /** An encryption key reference looks like key material (a long run of hex or base64): give a KMS reference, never a key. */
  KEY_MATERIAL: 'CUSTODY_KEY_MATERIAL',
  /** An event's time is before the medium's latest recorded event. */
  OUT_OF_ORDER: 'CUSTODY_OUT_OF_ORDER',
  /** The medium was retired or migrated away: no more checks, reads or migrations from it. */
  MEDIUM_CLOSED: 'CUSTODY_MEDIUM_CLOSED',
  /** The medium still has open re-backup tasks: back it up again (migrate) before retiring it. */
  OPEN_TASKS: 'CUSTODY_OPEN_TASKS',
  /** A manifest is malformed, over its size caps, or its root does not match its files. */
  MANIFEST_INVALID: 'CUSTODY_MANIFEST_INVALID',
  /** A manifest (or a verification report) names another medium than the one it is used for. */
  MANIFEST_OTHER_MEDIUM: 'CUSTODY_MANIFEST_OTHER_MEDIUM',
  /** A manifest (or a report's manifest) is not the one whose hash the medium's stream recorded. */
  MANIFEST_NOT_RECORDED: 'CUSTODY_MANIFEST_NOT_RECORDED',
  /** A path is absolute, has `..` or `.` segments, empty segments, backslashes or control characters. */
  PATH_ESCAPE: 'CUSTODY_PATH_ESCAPE',
  /** Two files of one manifest have the same path. */
  DUPLICATE_PATH: 'CUSTODY_DUPLICATE_PATH',
  /** A symbolic link in a directory being hashed: never followed (`details.paths`). */
  SYMLINK: 'CUSTODY_SYMLINK',
  /** A FIFO, socket or device in a directory being hashed (`details.paths`). */
  SPECIAL_FILE: 'CUSTODY_SPECIAL_FILE',
  /** A file changed while it was hashed (size, modification time or identity differ before and after). */
  FILE_CHANGED: 'CUSTODY_FILE_CHANGED',
  /** A directory could not be read (missing, not a directory, permissions); the I/O error is the `cause`. */
  READ_FAILED: 'CUSTODY_READ_FAILED',
  /** A new medium's manifest does not match the old medium's: the migration is refused before intake (`details.report`). */
  MIGRATION_MISMATCH: 'CUSTODY_MIGRATION_MISMATCH',
  /** A medium's stream holds an event this version does not know, or events before the registration. */
  STREAM_MALFORMED: 'CUSTODY_STREAM_MALFORMED',
  /** The caller's malware scanner threw or returned something malformed; no check was recorded. */
  SCANNER_FAILED: 'CUSTODY_SCANNER_FAILED',
} as const;

/**
 * One of the `CustodyErrorCode` values.
 *
 * @public
 */
export type CustodyErrorCode = (typeof CustodyErrorCode)[keyof typeof CustodyErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/custody`. */
    custody: CustodyErrorCode;
  }
}

/**
 * The error `@aisle/custody` throws for bad input and refused operations. Expected outcomes (an
 * abnormal check, a read without approval) are returned and recorded, never thrown.
 * `CustodyError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { CustodyError } from '@aisle/custody';
 *
 * const error = new CustodyError('CUSTODY_UNKNOWN_MEDIUM', 'No medium "HDD-9" is registered');
 * CustodyError.isInstance(error, 'CUSTODY_UNKNOWN_MEDIUM'); // true
 * ```
 *
 * @public
 */
export class CustodyError extends AisleError<CustodyErrorCode> {
  /** The `CUSTODY_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(CustodyErrorCode);
  /** Always `'CustodyError'`. */
  override name = 'CustodyError';
}
