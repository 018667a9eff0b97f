/**
 * `@aisle/core`: the small kernel every Aisle package shares.
 *
 * @packageDocumentation
 * @module @aisle/core
 */

export type { Json } from './canonical-json';
export { canonicalJson } from './canonical-json';
export type { Clock, InstantInput, ManualClock } from './clock';
export { createManualClock, systemClock, toInstant } from './clock';
export type { AisleErrorOptions } from './errors';
export { AisleError, CoreErrorCode, toAisleError } from './errors';
export type { ChainAnchor, ChainEntry, ChainFailureReason, ChainVerification, HashChain } from './hash-chain';
export { appendEntry, assertChain, createHashChain, GENESIS_HASH, hashEntry, verifyChain } from './hash-chain';
export type { Id, IdGenerateOptions, IdKind } from './ids';
export { defineId } from './ids';
export type { RandomSource } from './internal/random';
export type { ParseOptions, SafeParseResult, SchemaIssue, SchemaLike, SchemaOutput, SchemaResult, ValidationIssue } from './validation';
export { formatPath, parse, safeParse, ValidationError } from './validation';
export type { Disambiguation, LocalDateTime, LocalDuration, LocalParts } from './zone';
export {
  addLocal,
  assertTimeZone,
  fromLocal,
  isTimeZone,
  localDate,
  localParts,
  offsetMinutes,
  startOfLocalDay,
  startOfLocalHour,
  startOfLocalMonth,
  startOfLocalWeek,
} from './zone';
