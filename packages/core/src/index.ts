/**
 * `@aisle/core`: the small kernel every Aisle package shares.
 *
 * @packageDocumentation
 * @module @aisle/core
 */

export type { Json } from './canonical-json';
export { canonicalJson } from './canonical-json';
export { civilFromDays, daysFromCivil } from './civil';
export type { Clock, InstantInput, ManualClock } from './clock';
export { createManualClock, systemClock, toInstant } from './clock';
export type { AisleErrorClass, AisleErrorCode, AisleErrorCodes, AisleErrorOptions, ErrorCodeOf, ErrorOf } from './errors';
export { AisleError, CoreError, CoreErrorCode, errorCodes, toAisleError } from './errors';
export type { ChainAnchor, ChainEntry, ChainFailureReason, ChainVerification, HashChain } from './hash-chain';
export { appendEntry, assertChain, createHashChain, GENESIS_HASH, hashEntry, verifyChain } from './hash-chain';
export type { Id, IdGenerateOptions, IdKind } from './ids';
export { defineId } from './ids';
export type { AsyncRandomSource, EntropyPool, EntropyPoolOptions, RandomSource } from './random';
export { createEntropyPool, secureRandom } from './random';
export type { Schema, SchemaInput } from './schema';
export type {
  StoreProblem,
  StoreProblemKind,
  StoreVerification,
  UncoveredEntries,
  VerifyStoreOptions,
} from './store/checkpoint';
export { checkpointHash, createCheckpoint, merkleRoot, verifyStore } from './store/checkpoint';
export type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  CounterMove,
  DueTimer,
  DueTimersOptions,
  ExpectedVersion,
  FeedCursor,
  FeedEntry,
  FeedLag,
  FeedPage,
  HeadsAtCut,
  IdempotencyKey,
  NewStreamEntry,
  ReadOptions,
  ReadSnapshotOptions,
  StoredCheckpoint,
  StreamEntry,
  StreamHead,
  StreamSlice,
  StreamSnapshot,
  StreamStore,
  TimerChanges,
} from './store/contract';
export type { CheckedAppend, StreamFailureReason, StreamVerification } from './store/entry';
export {
  checkAppend,
  checkSnapshotOptions,
  entryBody,
  entryBodyOfText,
  hashBody,
  parseEntryBody,
  validateAppend,
  verifyStreamEntries,
} from './store/entry';
export type { MemoryStreamStoreHarness, RawStreamAccess } from './store/memory';
export { createMemoryStreamStore, createMemoryStreamStoreHarness } from './store/memory';
export type { DecideAndRetryOptions, DecideAndRetryResult, LoadedStream, StreamDecision } from './store/retry';
export { decideAndRetry } from './store/retry';
export type { Utf8Decoder } from './utf8';
export { createUtf8Decoder, decodeUtf8, encodeUtf8, encodeUtf8Into } from './utf8';
export type {
  LocalizedText,
  MessageLocale,
  MessagePack,
  ParseOptions,
  SafeParseResult,
  SchemaIssue,
  SchemaLike,
  SchemaOutput,
  SchemaResult,
  ValidationIssue,
  ValidationIssueCode,
  ValidationIssueInit,
} from './validation';
export { formatPath, getMessageLocale, parse, registerMessages, safeParse, setMessageLocale, ValidationError } from './validation';
export type { Disambiguation, LocalDateTime, LocalDuration, LocalParts } from './zone';
export {
  addLocal,
  assertTimeZone,
  fromLocal,
  isTimeZone,
  localDate,
  localParts,
  offsetMinutes,
  offsetMinutesIn,
  startOfLocalDay,
  startOfLocalHour,
  startOfLocalMonth,
  startOfLocalWeek,
} from './zone';
export type { TimeZoneProvider, TimeZoneRules, TimeZoneRulesInput, TimeZoneTransition } from './zone-rules';
export { BUNDLED_TIME_ZONES, BUNDLED_TZDB_VERSION, createTimeZoneRules, setTimeZoneProvider } from './zone-rules';
