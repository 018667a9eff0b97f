import type { Entries } from '../entry';
import { consent } from './consent';
import { core } from './core';
import { custody } from './custody';
import { deid } from './deid';
import { footfall } from './footfall';
import { identity } from './identity';
import { incidents } from './incidents';
import { points } from './points';
import { postgres } from './postgres';
import { segments } from './segments';

/** Every entry, by code (a Map: codes are data, not property names). */
export const entries: ReadonlyMap<string, Entries[string]> = new Map(
  [core, consent, deid, points, segments, footfall, identity, incidents, custody, postgres].flatMap((e) => Object.entries(e)),
);
