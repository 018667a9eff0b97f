/**
 * `@aisle/deid`: canonicalise Chinese identifiers, pseudonymise, tokenise, format-preserving
 * encryption, mask, generalise, crypto-shred, detect PII in text and measure re-identification
 * risk. Isomorphic, on `@noble/hashes` and `@noble/ciphers`.
 *
 * @packageDocumentation
 * @module @aisle/deid
 */

export type { BiometricReferencer } from './biometric';
export { createBiometricReferencer } from './biometric';
export type { Canonical, IdentifierKind } from './canonicalize';
export { canonicalize, IDENTIFIER_KINDS } from './canonicalize';
export type { DateShifter, DateShifterOptions } from './date-shift';
export { createDateShifter } from './date-shift';
export type {
  DetectOptions,
  PiiContext,
  PiiDetector,
  PiiDetectorOptions,
  PiiKind,
  PiiKindName,
  PiiRecogniser,
  PiiSpan,
  ScrubOptions,
} from './detect';
export { createPiiDetector, detectPii, PII_KINDS, scrub } from './detect';
export { DeidError, DeidErrorCode } from './errors';
export type { Ff1, Ff1AesFactory, Ff1Options } from './ff1';
export { createFf1, FF1_MIN_DOMAIN } from './ff1';
export type { FormatPreserver, FpeOptions, FpeProfile } from './format-preserving';
export { createFormatPreserver } from './format-preserving';
export type { GeneralizeInput, GeneralizeRule } from './generalize';
export { generalize } from './generalize';
export type { MaskKind, MaskOptions } from './mask';
export { mask } from './mask';
export type { MobileCategory, MobileOperator, MobileSegment } from './mobile';
export { classifyMobile, MOBILE_ALLOCATIONS_AS_OF } from './mobile';
export type { Deidentifier, DeidentifierOptions, DeidPolicy, DeidStats, FieldAction } from './policy';
export { createDeidentifier } from './policy';
export type { HmacSha256Factory, Pseudonymizer, PseudonymizerOptions } from './pseudonymize';
export { createPseudonymizer, pseudonymVersion } from './pseudonymize';
export type {
  ParseResidentIdOptions,
  RegionCheck,
  RegionHistory,
  RegionSpan,
  ResidentIdInfo,
  ResidentIdKind,
  ResidentIdProblem,
} from './resident-id';
export { parseResidentId, residentIdCheckDigit } from './resident-id';
export type { EquivalenceClass, KAnonymityOptions, KAnonymityReport, LDiversityOptions, LDiversityReport, Row } from './risk';
export { kAnonymity, lDiversity } from './risk';
export type { CsvOptions, FormatCsvOptions, TextSource } from './rows';
export { formatCsvLine, parseCsv, parseJsonLines } from './rows';
export type { Shredder, ShredderOptions, SubjectKeyStore } from './shred';
export { createMemoryKeyStore, createShredder } from './shred';
export type { DetokenizeAuditEvent, DetokenizeRequest, KeyVault, TokenContext, Tokenizer, TokenizerOptions } from './tokenize';
export { createTokenizer } from './tokenize';
