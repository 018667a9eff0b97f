/**
 * `@aisle/identity`: a lawful identity graph — identifiers declared by type and stored only as
 * pseudonyms, links with evidence and a legal basis, profiles with minted ids viewed per purpose
 * and instant, guards before any merge, splits on withdrawal, explanations — and Wi-Fi/BLE presence
 * as counts, never as covert tracking.
 *
 * @packageDocumentation
 * @module @aisle/identity
 */

export { IdentityError, IdentityErrorCode } from './errors';
export type { IdentityGraph, IdentityGraphOptions, LinkCaller, LinkRequest } from './graph';
export { createIdentityGraph, loadIdentityGraph } from './graph';
export { defaultIdentifierTypes } from './identifier-types';
export { fromArubaAle } from './presence/aruba';
export type { CalibrationReport, CalibrationRow, HourlyCount } from './presence/calibrate';
export { calibrate } from './presence/calibrate';
export type { CiscoSpacesOptions } from './presence/cisco-spaces';
export { fromCiscoSpaces } from './presence/cisco-spaces';
export type {
  DwellHistogram,
  IngestResult,
  PresenceCounter,
  PresenceCounterOptions,
  ZoneWindowCount,
} from './presence/counter';
export { createPresenceCounter, mergeZoneCounts } from './presence/counter';
export type { MacKind } from './presence/mac';
export { canonicalMac, classifyMac } from './presence/mac';
export type { MerakiOptions } from './presence/meraki';
export { fromMeraki } from './presence/meraki';
export type { PublishedCell, PublishedWindow, PublishedZone, SuppressedTable } from './presence/suppress';
export { publishPresence, suppressCells } from './presence/suppress';
export type { DeviceTokeniser, DeviceTokeniserOptions } from './presence/tokens';
export { createDeviceTokeniser } from './presence/tokens';
export type { TrajectoryPoint, TrajectorySealer, TrajectoryStore, TrajectoryStoreOptions } from './presence/trajectories';
export { createTrajectoryStore } from './presence/trajectories';
export type { PresenceAdapterOptions, PresenceBatch, PresenceEvent, VendorCount, ZoneHint } from './presence/types';
export type {
  ConsentGate,
  ExplainedLink,
  HoldReason,
  IdentifierInput,
  IdentifierType,
  LegalBasis,
  LinkEvidence,
  LinkOutcome,
  LinkStrength,
  Pseudonymise,
  PurposeProfile,
  SplitPart,
  UnlinkReason,
} from './types';
