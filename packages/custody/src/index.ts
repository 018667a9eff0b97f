/**
 * `@aisle/custody`: the backup-custody register the retail customer-information standard asks
 * for: media records, integrity manifests (streaming SHA-256 per file and a Merkle root),
 * periodic checks with re-backup tasks, migration checked before intake, retirement, and a log of
 * every read, each medium an append-only hash-chained stream on core's `StreamStore`.
 * Isomorphic; directories on disk are hashed by `@aisle/custody/node`.
 *
 * @packageDocumentation
 * @module @aisle/custody
 */

export { CustodyError, CustodyErrorCode } from './errors';
export type { Manifest, ManifestFile, ManifestSource, ParseManifestOptions } from './manifest';
export { buildManifest, createManifest, hashChunks, MANIFEST_FORMAT, manifestHash, manifestJson, parseManifest } from './manifest';
export { createCustodyRegister } from './register';
export type {
  AccessInput,
  CheckInput,
  CustodyRegister,
  CustodyRegisterOptions,
  DueCheck,
  HistoryEntry,
  MalwareScanner,
  MigrateInput,
  OpenTask,
  PermissionsInput,
  RegisterMediumInput,
  RetireInput,
  ScanResult,
} from './register-types';
export type { ReportLocale, ReportOptions } from './reports';
export { historyMarkdown, registerCsv, registerMarkdown, scheduleMarkdown } from './reports';
export type {
  AccessRecord,
  CheckRecord,
  CustodyEvent,
  IntegritySummary,
  ManifestSummary,
  MediumState,
  Permission,
  RebackupTask,
  Registration,
  Responsible,
} from './state';
export { applyCustodyEvent, foldMedium } from './state';
export type { ChangedFile, IntegrityReport, SkippedEntries } from './verify';
export { verifyManifest } from './verify';
