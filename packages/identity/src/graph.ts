import {
  AisleError,
  type Clock,
  CoreErrorCode,
  defineId,
  encodeUtf8,
  type RandomSource,
  type StreamStore,
  secureRandom,
  systemClock,
  toInstant,
} from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IdentityError, IdentityErrorCode } from './errors';
import { createSerialQueue } from './internal/serial';
import { checkEvidence, checkIdentifier } from './internal/validate';
import type {
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

const ProfileId = defineId('prf');
const DAY_MS = 86_400_000;
/** The link log: one stream, one entry per write (a link, a batch of links, an unlink, a withdrawal). */
const LOG_STREAM = 'identity:log';
/** Streams of the earlier layout (one stream per link, one per quarantined hub), still read by {@link loadIdentityGraph}. */
const LINK_STREAM = 'identity:link:';
const HUB_STREAM = 'identity:hub:';
/** Most links one `linkMany` call takes. */
const MAX_BATCH = 100_000;
/** Links per log entry written by `linkMany`. */
const LINKS_PER_ENTRY = 1_000;

/**
 * Options of {@link createIdentityGraph}.
 *
 * @public
 */
export interface IdentityGraphOptions {
  /** Every identifier type the graph accepts (see `defaultIdentifierTypes`). */
  readonly types: ReadonlyArray<IdentifierType>;
  /** Canonical value → stored pseudonym; the graph never stores a raw value. */
  readonly pseudonymise: Pseudonymise;
  /** Where the link log lives (one stream, `identity:log`); `createMemoryStreamStore()` or `@aisle/postgres`. */
  readonly store: StreamStore;
  /** Answers consent questions for links whose basis is consent; without one, such links serve no purpose (fail closed). */
  readonly consent?: ConsentGate | undefined;
  readonly clock?: Clock | undefined;
  /** Randomness for minted profile ids (default: the platform CSPRNG). */
  readonly random?: RandomSource | undefined;
}

/**
 * Who asks for a link. Only trusted server-side callers (a verified login, the POS back end) may
 * merge: a bind sent from a client is refused.
 *
 * @public
 */
export interface LinkCaller {
  readonly trusted: boolean;
  /** Who it is, for the log (a service name). */
  readonly name: string;
}

/**
 * One link asked for: two identifiers, the evidence, and who asks.
 *
 * @example `{ a: { type: 'member', value: 'M-1' }, b: { type: 'phone', value: '13912340001' }, evidence, caller: { trusted: true, name: 'crm' } }`
 * @public
 */
export interface LinkRequest {
  readonly a: IdentifierInput;
  readonly b: IdentifierInput;
  readonly evidence: LinkEvidence;
  readonly caller: LinkCaller;
}

/**
 * The identity graph: identifiers linked by evidenced links, grouped into profiles with minted
 * ids, viewed per purpose and instant.
 *
 * One process writes a graph at a time (its guards read the graph it holds; a second writer's
 * append fails with `IDENTITY_CONCURRENT_WRITER`); any number may rebuild it from the store with
 * {@link loadIdentityGraph}. If a write to the store fails, the graph reloads its state from the
 * log before it answers again, so it never holds a change the log does not.
 *
 * @public
 */
export interface IdentityGraph {
  /** The key the graph stores for an identifier: `type|namespace|pseudonym`. */
  keyOf(identifier: IdentifierInput): string;
  /** Links two identifiers with evidence, through every guard; see {@link LinkOutcome}. */
  link(input: LinkRequest): Promise<LinkOutcome>;
  /**
   * Links many pairs in order, exactly as that many `link` calls would (same guards, outcomes and
   * profile ids), writing one log entry per 1,000 links instead of one per link. Every request is
   * validated before any is applied: a bad one throws and nothing is linked. At most 100,000 per call.
   */
  linkMany(inputs: ReadonlyArray<LinkRequest>): Promise<ReadonlyArray<LinkOutcome>>;
  /** Removes a link; the profile splits if it held it together. Returns the parts split off. */
  unlink(linkId: string, options: { readonly reason: UnlinkReason; readonly at: string }): Promise<ReadonlyArray<SplitPart>>;
  /** Removes every link that relied on a subject's consent to a purpose (PIPL Art. 15/47) and returns the parts split off. */
  withdraw(input: {
    readonly subjectId: string;
    readonly purposeId: string;
    readonly at: string;
  }): Promise<{ readonly removed: ReadonlyArray<string>; readonly split: ReadonlyArray<SplitPart> }>;
  /** The profile an identifier is in, if it is linked to anything. */
  profileOf(identifier: IdentifierInput | string): string | undefined;
  /** A profile's identifier keys, sorted. */
  profile(profileId: string): ReadonlyArray<string> | undefined;
  /**
   * The groups valid for one purpose at one instant (only links serving the purpose, unexpired,
   * with consent standing), ordered by profile id then part. Computed when asked, never stored.
   */
  partition(options: { readonly purpose: string; readonly at: string }): ReadonlyArray<PurposeProfile>;
  /** The chain of links (with evidence) that joins two identifiers for a purpose at an instant, or undefined. */
  explain(
    a: IdentifierInput | string,
    b: IdentifierInput | string,
    options: { readonly purpose: string; readonly at: string },
  ): ReadonlyArray<ExplainedLink> | undefined;
  /** A link's state: `active`, `held` (with its reason) or `removed` (with its reason). */
  linkState(linkId: string): { readonly state: 'active' | 'held' | 'removed'; readonly reason?: string } | undefined;
  /** Whether an identifier is a quarantined hub. */
  isQuarantined(identifier: IdentifierInput | string): boolean;
  /** Counts: identifiers, active links, held links, removed links, profiles, quarantined hubs. */
  stats(): {
    readonly identifiers: number;
    readonly active: number;
    readonly held: number;
    readonly removed: number;
    readonly profiles: number;
    readonly hubs: number;
  };
}

/**
 * What the log records, one flat array per operation (flat, so the log stays small and cheap to
 * write and read), in the order the graph performed them:
 * - `['l', linkId, aKey, bKey, counted, outcome, profileId | holdReason, source, eventId, seenAt,
 *   verifiedAt | '', strength, purposes joined by U+001F, expiresAt | '', consent purposeId | '',
 *   consent subjectId | '', consentEventId | '']`: a link asked for (`counted`: 1 when the attempt
 *   counted towards the identifiers' hub thresholds; `outcome`: `applied` or `held`; an empty
 *   consent purpose means the contract basis). An identifier's type is its key up to the first `|`.
 * - `['u', linkId, reason, at, mintedIds]`: a link removed (the ids minted for the parts split off);
 * - `['q', key, at]`: an identifier quarantined as a hub.
 */
type LinkedOp = readonly [
  'l',
  string,
  string,
  string,
  0 | 1,
  'applied' | 'held',
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
/** Control characters are refused in purpose ids, so U+001F cannot occur in one. */
const PURPOSE_SEPARATOR = '\u001f';

const encodeLinked = (
  linkId: string,
  aKey: string,
  bKey: string,
  counted: 0 | 1,
  outcome: 'applied' | 'held',
  tail: string,
  e: LinkEvidence,
): LinkedOp => {
  const b = e.basis;
  const consent = b.kind === 'consent';
  return [
    'l',
    linkId,
    aKey,
    bKey,
    counted,
    outcome,
    tail,
    e.source,
    e.eventId,
    e.seenAt,
    e.verifiedAt ?? '',
    e.strength,
    e.purposes.join(PURPOSE_SEPARATOR),
    e.expiresAt ?? '',
    consent ? b.purposeId : '',
    consent ? b.subjectId : '',
    consent ? b.consentEventId : '',
  ];
};

const decodeEvidence = (op: LinkedOp): LinkEvidence => {
  const [, , , , , , , source, eventId, seenAt, verifiedAt, strength, purposes, expiresAt, purposeId, subjectId, consentEventId] = op;
  return {
    source,
    eventId,
    seenAt,
    ...(verifiedAt === '' ? {} : { verifiedAt }),
    strength: strength as LinkStrength,
    basis: purposeId === '' ? { kind: 'contract' } : { kind: 'consent', purposeId, subjectId, consentEventId },
    purposes: purposes.split(PURPOSE_SEPARATOR),
    ...(expiresAt === '' ? {} : { expiresAt }),
  };
};
const typeOfKey = (key: string) => key.slice(0, Math.max(0, key.indexOf('|')));

type UnlinkedOp = readonly ['u', string, UnlinkReason, string, ReadonlyArray<string>];
type QuarantinedOp = readonly ['q', string, string];
type Op = LinkedOp | UnlinkedOp | QuarantinedOp;

/** The earlier layout's records (one stream per link). */
type LegacyLinked = {
  readonly a: { readonly key: string; readonly type: string };
  readonly b: { readonly key: string; readonly type: string };
  readonly evidence: LinkEvidence;
  readonly counted: boolean;
  readonly outcome: 'applied' | 'held';
  readonly reason?: HoldReason;
  readonly profileId?: string;
};
type LegacyUnlinked = { readonly reason: UnlinkReason; readonly at: string; readonly minted: ReadonlyArray<string> };

/**
 * Creates an empty identity graph over a store's link log. To continue from a stored log use
 * {@link loadIdentityGraph}.
 *
 * @throws {@link IdentityError} `IDENTITY_UNKNOWN_TYPE` when a type is declared twice.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createIdentityGraph, defaultIdentifierTypes } from '@aisle/identity';
 *
 * const graph = createIdentityGraph({
 *   types: defaultIdentifierTypes(),
 *   pseudonymise: ({ type, canonical }) => `${type}:${canonical.length}`, // use deid's HMAC pseudonymiser in production
 *   store: createMemoryStreamStore(),
 * });
 * ```
 *
 * @public
 */
export function createIdentityGraph(options: IdentityGraphOptions): IdentityGraph {
  return wrap(options, buildCore(options));
}

/**
 * Rebuilds a graph from the link log in its store (every link and removal, in commit order, with
 * the profile ids recorded when they were minted), so a rebuild gives exactly the graph that
 * wrote the log.
 *
 * @example
 * ```ts
 * import { loadIdentityGraph } from '@aisle/identity';
 *
 * const graph = await loadIdentityGraph({ types, pseudonymise, store });
 * ```
 *
 * @public
 */
export async function loadIdentityGraph(options: IdentityGraphOptions): Promise<IdentityGraph> {
  return wrap(options, await replayCore(options));
}

async function replayCore(options: IdentityGraphOptions): Promise<Core> {
  const core = buildCore(options);
  let after: string | undefined;
  for (;;) {
    // Small pages: a log entry of `linkMany` holds up to 1,000 links.
    const page = await options.store.feed({ after, limit: 50 });
    for (const entry of page.entries) {
      if (entry.streamId === LOG_STREAM) {
        // `ops` is the JSON text of the operations (see `flush`).
        const text = (entry.data as { ops?: unknown }).ops;
        const ops: unknown = typeof text === 'string' ? JSON.parse(text) : text;
        if (Array.isArray(ops)) for (const op of ops) core.replay(op as Op);
        core.logVersion = entry.seq + 1;
      } else if (entry.streamId.startsWith(LINK_STREAM)) {
        const linkId = entry.streamId.slice(LINK_STREAM.length);
        if (entry.type === 'linked') {
          const d = entry.data as unknown as LegacyLinked;
          core.replay(encodeLinked(linkId, d.a.key, d.b.key, d.counted ? 1 : 0, d.outcome, d.profileId ?? d.reason ?? '', d.evidence));
        } else if (entry.type === 'unlinked') {
          const d = entry.data as unknown as LegacyUnlinked;
          core.replay(['u', linkId, d.reason, d.at, d.minted]);
        }
      } else if (entry.streamId.startsWith(HUB_STREAM) && entry.type === 'quarantined') {
        core.replay(['q', entry.streamId.slice(HUB_STREAM.length), '']);
      }
    }
    if (page.entries.length === 0) break;
    after = page.cursor;
  }
  return core;
}

/** The public graph over a core: one write at a time, and a reload from the log after a failed write. */
function wrap(options: IdentityGraphOptions, first: Core): IdentityGraph {
  let core = first;
  /** Set when a write failed and reloading the log failed too: the next write reloads first, reads refuse. */
  let stale = false;
  const serial = createSerialQueue();
  const fresh = (): Core => {
    if (stale)
      throw new AisleError(
        CoreErrorCode.STORE_UNAVAILABLE,
        'identity graph: a write to the store failed and the link log could not be reloaded; retry once the store answers',
      );
    return core;
  };
  const write = <T>(work: (c: Core) => { result: T; ops: Op[] } | Promise<{ result: T; ops: Op[] }>) =>
    serial(async () => {
      if (stale) {
        core = await replayCore(options);
        stale = false;
      }
      const { result, ops } = await work(core);
      try {
        await core.flush(ops);
      } catch (error) {
        // The graph holds changes the log does not: take the log's state back before answering again.
        try {
          core = await replayCore(options);
        } catch {
          stale = true;
        }
        if (AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT)) {
          throw new IdentityError(
            IdentityErrorCode.CONCURRENT_WRITER,
            'The link log was written by another process; the graph reloaded it',
            {
              cause: error,
            },
          );
        }
        throw error;
      }
      return result;
    });

  return {
    keyOf: (identifier) => core.resolve(identifier).key,
    link: (input) =>
      write((c) => {
        const request = c.check(input);
        const ops: Op[] = [];
        return { result: c.link(request, ops), ops };
      }),
    linkMany: (inputs) =>
      write((c) => {
        if (!Array.isArray(inputs)) throw new TypeError('linkMany: expected an array of link requests');
        if (inputs.length > MAX_BATCH)
          throw new IdentityError(
            IdentityErrorCode.INPUT_TOO_LARGE,
            `linkMany: expected at most ${MAX_BATCH} requests, received ${inputs.length}`,
          );
        const requests = inputs.map((input) => c.check(input));
        const ops: Op[] = [];
        const result = requests.map((request) => c.link(request, ops));
        return { result, ops };
      }),
    unlink: (linkId, opts) =>
      write((c) => {
        const at = toInstant(opts.at).toISOString();
        const ops: Op[] = [];
        return { result: c.unlink(linkId, opts.reason, at, ops), ops };
      }),
    withdraw: (input) =>
      write((c) => {
        const at = toInstant(input.at).toISOString();
        const ops: Op[] = [];
        return { result: c.withdraw(input.subjectId, input.purposeId, at, ops), ops };
      }),
    profileOf: (identifier) => fresh().profileOf(identifier),
    profile: (profileId) => fresh().profile(profileId),
    partition: (opts) => fresh().partition(opts.purpose, opts.at),
    explain: (a, b, opts) => fresh().explain(a, b, opts.purpose, opts.at),
    linkState: (linkId) => fresh().linkState(linkId),
    isQuarantined: (identifier) => fresh().isQuarantined(identifier),
    stats: () => fresh().stats(),
  };
}

const STATE_HELD = 0;
const STATE_ACTIVE = 1;
const STATE_REMOVED = 2;
const STATES = ['held', 'active', 'removed'] as const;
/** Reason codes stored per link (0: none). */
const REASONS: ReadonlyArray<HoldReason | UnlinkReason | undefined> = [
  undefined,
  'blocked',
  'hub',
  'accounts-conflict',
  'profile-limit',
  'consent-withdrawn',
  'reassigned',
  'removed',
];
const REASON_CODE = new Map(REASONS.map((reason, i) => [reason, i]));
const STRENGTHS: ReadonlyArray<LinkStrength> = ['verified-login', 'sms-code', 'pos-bind', 'reviewed'];
const STRENGTH_CODE = new Map(STRENGTHS.map((s, i) => [s, i]));

type Core = ReturnType<typeof buildCore>;
type Checked = {
  readonly first: Resolved;
  readonly second: Resolved;
  readonly evidence: LinkEvidence;
};
type Resolved = { readonly key: string; readonly type: IdentifierType; readonly blocked: boolean };

const grow32 = (array: Int32Array<ArrayBuffer>, size: number, fill = -1): Int32Array<ArrayBuffer> => {
  if (size <= array.length) return array;
  const next = new Int32Array(Math.max(size, array.length * 2));
  next.set(array);
  next.fill(fill, array.length);
  return next;
};
const grow8 = (array: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> => {
  if (size <= array.length) return array;
  const next = new Uint8Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
};
const grow64 = (array: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> => {
  if (size <= array.length) return array;
  const next = new Float64Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
};

/**
 * The graph's state, held compactly: identifiers and links are integers indexing typed arrays
 * (identifier → type, profile, flags, first active link; link → ends, state, reason, the next
 * active link at each end), evidence is kept as interned parts and instants in milliseconds and
 * rebuilt as an object only when asked for, and a profile is a slot with a member list, per-type
 * counts and its top identifier.
 */
function buildCore(options: IdentityGraphOptions) {
  const typeList: IdentifierType[] = [];
  const typeIndex = new Map<string, number>();
  for (const type of options.types) {
    if (typeIndex.has(type.type))
      throw new IdentityError(IdentityErrorCode.UNKNOWN_TYPE, `Identifier type "${type.type}" is declared twice`);
    typeIndex.set(type.type, typeList.length);
    typeList.push(type);
  }
  const types = new Map(typeList.map((t) => [t.type, t]));
  const typeCount = typeList.length;
  const { store, pseudonymise } = options;
  const clock = options.clock ?? systemClock;

  // Identifiers.
  const nodeOf = new Map<string, number>();
  const keys: string[] = [];
  let nodeType = new Uint8Array(1024);
  let nodeProfile = new Int32Array(1024).fill(-1);
  let nodeFlags = new Uint8Array(1024); // 1: quarantined
  let nodeHead = new Int32Array(1024).fill(-1); // first active link
  let nodeActive = new Int32Array(1024).fill(0); // active links
  let nodeNext = new Int32Array(1024).fill(-1); // next member of the same profile
  let nbrCount = new Int32Array(1024).fill(0); // distinct neighbours asked for, up to the hub threshold + 1
  let nbrHead = new Int32Array(1024).fill(-1);
  // Neighbour lists (a pool of cells).
  let nbrNode = new Int32Array(1024);
  let nbrNext = new Int32Array(1024);
  let nbrUsed = 0;

  // Links.
  const linkOf = new Map<string, number>();
  const linkIds: string[] = [];
  let linkA = new Int32Array(1024);
  let linkB = new Int32Array(1024);
  let nextA = new Int32Array(1024).fill(-1);
  let nextB = new Int32Array(1024).fill(-1);
  let linkState = new Uint8Array(1024);
  let linkReason = new Uint8Array(1024);
  let linkStrength = new Uint8Array(1024);
  let linkSource = new Int32Array(1024);
  let linkBasis = new Int32Array(1024);
  let linkPurposes = new Int32Array(1024);
  let linkSeen = new Float64Array(1024);
  let linkVerified = new Float64Array(1024); // NaN: none
  let linkExpires = new Float64Array(1024); // NaN: none
  const linkEvent: string[] = [];
  // Interned evidence parts.
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const bases: LegalBasis[] = [];
  const basisIndex = new Map<string, number>();
  const purposeSets: Array<ReadonlyArray<string>> = [];
  const purposeIndex = new Map<string, number>();
  /** `subjectId \0 purposeId` → links whose basis is that consent. */
  const byConsent = new Map<string, number[]>();

  // Profiles.
  const profileSlot = new Map<string, number>();
  const profileIds: Array<string | undefined> = [];
  let profHead = new Int32Array(256).fill(-1);
  let profTail = new Int32Array(256).fill(-1);
  let profSize = new Int32Array(256).fill(0);
  let profTop = new Int32Array(256).fill(-1);
  let profCounts = new Int32Array(256 * Math.max(1, typeCount));
  const freeSlots: number[] = [];

  const intern = <T>(table: T[], index: Map<string, number>, key: string, value: T): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = table.length;
      table.push(value);
      index.set(key, i);
    }
    return i;
  };

  const resolve = (input: IdentifierInput): Resolved => {
    const checked = checkIdentifier(input, types);
    const key = `${checked.type.type}|${checked.namespace}|${pseudonymise({ type: checked.type.type, namespace: checked.namespace, canonical: checked.canonical })}`;
    return { key, type: checked.type, blocked: checked.type.isBlocked?.(checked.canonical) === true };
  };
  const keyOfAny = (identifier: IdentifierInput | string) => (typeof identifier === 'string' ? identifier : resolve(identifier).key);

  const node = (key: string, typeName: string): number => {
    let n = nodeOf.get(key);
    if (n !== undefined) return n;
    const t = typeIndex.get(typeName);
    if (t === undefined)
      throw new IdentityError(
        IdentityErrorCode.UNKNOWN_TYPE,
        `The log names identifier type "${typeName}", which this graph was not given`,
      );
    n = keys.length;
    const size = n + 1;
    if (size > nodeType.length) {
      nodeType = grow8(nodeType, size);
      nodeProfile = grow32(nodeProfile, size);
      nodeFlags = grow8(nodeFlags, size);
      nodeHead = grow32(nodeHead, size);
      nodeActive = grow32(nodeActive, size, 0);
      nodeNext = grow32(nodeNext, size);
      nbrCount = grow32(nbrCount, size, 0);
      nbrHead = grow32(nbrHead, size);
    }
    keys.push(key);
    nodeOf.set(key, n);
    nodeType[n] = t;
    return n;
  };
  const typeOfNode = (n: number) => typeList[nodeType[n] as number] as IdentifierType;

  /** Counts `other` among `n`'s distinct neighbours (while at most the hub threshold + 1 are known). */
  const addNeighbour = (n: number, other: number) => {
    if ((nbrCount[n] as number) > typeOfNode(n).hubThreshold) return;
    for (let c = nbrHead[n] as number; c !== -1; c = nbrNext[c] as number) if (nbrNode[c] === other) return;
    if (nbrUsed + 1 > nbrNode.length) {
      nbrNode = grow32(nbrNode, nbrUsed + 1, 0);
      nbrNext = grow32(nbrNext, nbrUsed + 1);
    }
    nbrNode[nbrUsed] = other;
    nbrNext[nbrUsed] = nbrHead[n] as number;
    nbrHead[n] = nbrUsed++;
    nbrCount[n] = (nbrCount[n] as number) + 1;
  };

  /** Top identifier first: priority, then key. */
  const rank = (a: number, b: number) => {
    const d = typeOfNode(b).priority - typeOfNode(a).priority;
    if (d !== 0) return d;
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

  const newSlot = (): number => {
    const reused = freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = profileIds.length;
    profileIds.push(undefined);
    const size = slot + 1;
    if (size > profHead.length) {
      profHead = grow32(profHead, size);
      profTail = grow32(profTail, size);
      profSize = grow32(profSize, size, 0);
      profTop = grow32(profTop, size);
      const counts = new Int32Array(profHead.length * Math.max(1, typeCount));
      counts.set(profCounts);
      profCounts = counts;
    }
    return slot;
  };
  const freeSlot = (slot: number) => {
    const id = profileIds[slot];
    if (id !== undefined && profileSlot.get(id) === slot) profileSlot.delete(id);
    profileIds[slot] = undefined;
    profHead[slot] = -1;
    profTail[slot] = -1;
    profSize[slot] = 0;
    profTop[slot] = -1;
    profCounts.fill(0, slot * typeCount, (slot + 1) * typeCount);
    freeSlots.push(slot);
  };
  /** Fills a slot with these identifiers (its member list, per-type counts and top identifier). */
  const fillSlot = (slot: number, members: ReadonlyArray<number>) => {
    profCounts.fill(0, slot * typeCount, (slot + 1) * typeCount);
    let best = -1;
    let prev = -1;
    for (const m of members) {
      if (prev === -1) profHead[slot] = m;
      else nodeNext[prev] = m;
      prev = m;
      nodeProfile[m] = slot;
      const c = slot * typeCount + (nodeType[m] as number);
      profCounts[c] = (profCounts[c] as number) + 1;
      if (best === -1 || rank(m, best) < 0) best = m;
    }
    nodeNext[prev] = -1;
    profTail[slot] = prev;
    profSize[slot] = members.length;
    profTop[slot] = best;
  };
  const members = (slot: number): number[] => {
    const out: number[] = [];
    for (let m = profHead[slot] as number; m !== -1; m = nodeNext[m] as number) out.push(m);
    return out;
  };
  const setId = (slot: number, id: string) => {
    const old = profileIds[slot];
    if (old === id) return;
    if (old !== undefined && profileSlot.get(old) === slot) profileSlot.delete(old);
    profileIds[slot] = id;
    profileSlot.set(id, slot);
  };

  const mint = () => ProfileId.generate({ clock, ...(options.random === undefined ? {} : { random: options.random }) }) as string;

  /** Which merge guard joining two identifiers' profiles (or `left` alone) would break, if any: per-type counts, O(types). */
  const limitBroken = (left: number, right: number, leftAlone = false): HoldReason | undefined => {
    const ls = leftAlone ? -1 : (nodeProfile[left] as number);
    const rs = nodeProfile[right] as number;
    for (let t = 0; t < typeCount; t++) {
      const l = ls === -1 ? (nodeType[left] === t ? 1 : 0) : (profCounts[ls * typeCount + t] as number);
      const r = rs === -1 ? (nodeType[right] === t ? 1 : 0) : (profCounts[rs * typeCount + t] as number);
      const type = typeList[t] as IdentifierType;
      if (l + r > type.maxPerProfile) return type.login ? 'accounts-conflict' : 'profile-limit';
    }
    return undefined;
  };

  // Evidence, stored in parts and rebuilt on demand (the same shape `checkEvidence` returns).
  const storeEvidence = (l: number, e: LinkEvidence) => {
    linkSource[l] = intern(sources, sourceIndex, e.source, e.source);
    linkEvent[l] = e.eventId;
    linkSeen[l] = Date.parse(e.seenAt);
    linkVerified[l] = e.verifiedAt === undefined ? Number.NaN : Date.parse(e.verifiedAt);
    linkExpires[l] = e.expiresAt === undefined ? Number.NaN : Date.parse(e.expiresAt);
    linkStrength[l] = STRENGTH_CODE.get(e.strength) ?? 0;
    const b = e.basis;
    linkBasis[l] =
      b.kind === 'contract'
        ? intern(bases, basisIndex, 'contract', Object.freeze({ kind: 'contract' }) as LegalBasis)
        : intern(
            bases,
            basisIndex,
            `consent\u0000${b.purposeId}\u0000${b.subjectId}\u0000${b.consentEventId}`,
            Object.freeze({
              kind: 'consent',
              purposeId: b.purposeId,
              subjectId: b.subjectId,
              consentEventId: b.consentEventId,
            }) as LegalBasis,
          );
    linkPurposes[l] = intern(purposeSets, purposeIndex, e.purposes.join('\u0000'), Object.freeze([...e.purposes]));
  };
  const evidenceOf = (l: number): LinkEvidence => {
    const verified = linkVerified[l] as number;
    const expires = linkExpires[l] as number;
    return Object.freeze({
      source: sources[linkSource[l] as number] as string,
      eventId: linkEvent[l] as string,
      seenAt: new Date(linkSeen[l] as number).toISOString(),
      ...(Number.isNaN(verified) ? {} : { verifiedAt: new Date(verified).toISOString() }),
      strength: STRENGTHS[linkStrength[l] as number] as LinkStrength,
      basis: bases[linkBasis[l] as number] as LegalBasis,
      purposes: purposeSets[linkPurposes[l] as number] as ReadonlyArray<string>,
      ...(Number.isNaN(expires) ? {} : { expiresAt: new Date(expires).toISOString() }),
    });
  };

  const newLink = (linkId: string, a: number, b: number, evidence: LinkEvidence): number => {
    const l = linkIds.length;
    const size = l + 1;
    if (size > linkA.length) {
      linkA = grow32(linkA, size, 0);
      linkB = grow32(linkB, size, 0);
      nextA = grow32(nextA, size);
      nextB = grow32(nextB, size);
      linkState = grow8(linkState, size);
      linkReason = grow8(linkReason, size);
      linkStrength = grow8(linkStrength, size);
      linkSource = grow32(linkSource, size, 0);
      linkBasis = grow32(linkBasis, size, 0);
      linkPurposes = grow32(linkPurposes, size, 0);
      linkSeen = grow64(linkSeen, size);
      linkVerified = grow64(linkVerified, size);
      linkExpires = grow64(linkExpires, size);
    }
    linkIds.push(linkId);
    linkOf.set(linkId, l);
    linkA[l] = a;
    linkB[l] = b;
    linkState[l] = STATE_HELD;
    linkReason[l] = 0;
    storeEvidence(l, evidence);
    const basis = evidence.basis;
    if (basis.kind === 'consent') {
      const key = `${basis.subjectId}\u0000${basis.purposeId}`;
      const list = byConsent.get(key);
      if (list === undefined) byConsent.set(key, [l]);
      else list.push(l);
    }
    return l;
  };

  /** The next active link at `n` after link `l`. */
  const after = (l: number, n: number) => (linkA[l] === n ? (nextA[l] as number) : (nextB[l] as number));
  const setAfter = (l: number, n: number, value: number) => {
    if (linkA[l] === n) nextA[l] = value;
    else nextB[l] = value;
  };
  const attach = (l: number, n: number) => {
    setAfter(l, n, nodeHead[n] as number);
    nodeHead[n] = l;
    nodeActive[n] = (nodeActive[n] as number) + 1;
  };
  const detach = (l: number, n: number) => {
    let prev = -1;
    for (let c = nodeHead[n] as number; c !== -1; prev = c, c = after(c, n)) {
      if (c !== l) continue;
      const next = after(c, n);
      if (prev === -1) nodeHead[n] = next;
      else setAfter(prev, n, next);
      nodeActive[n] = (nodeActive[n] as number) - 1;
      return;
    }
  };
  const activeLinks = (n: number): number[] => {
    const out: number[] = [];
    for (let c = nodeHead[n] as number; c !== -1; c = after(c, n)) out.push(c);
    return out;
  };

  const applyLinked = (l: number, profileId: string): string[] => {
    const a = linkA[l] as number;
    const b = linkB[l] as number;
    const absorbed: string[] = [];
    for (const n of [a, b]) {
      const slot = nodeProfile[n] as number;
      const id = slot === -1 ? undefined : profileIds[slot];
      if (id !== undefined && id !== profileId && !absorbed.includes(id)) absorbed.push(id);
    }
    let sa = nodeProfile[a] as number;
    if (sa === -1) {
      sa = newSlot();
      fillSlot(sa, [a]);
    }
    let sb = nodeProfile[b] as number;
    if (sb === -1) {
      sb = newSlot();
      fillSlot(sb, [b]);
    }
    // Union by size: the smaller side's identifiers move into the larger profile (O(smaller) per merge).
    const [big, small] = (profSize[sa] as number) >= (profSize[sb] as number) ? [sa, sb] : [sb, sa];
    if (big !== small) {
      for (let m = profHead[small] as number; m !== -1; m = nodeNext[m] as number) nodeProfile[m] = big;
      nodeNext[profTail[big] as number] = profHead[small] as number;
      profTail[big] = profTail[small] as number;
      profSize[big] = (profSize[big] as number) + (profSize[small] as number);
      for (let t = 0; t < typeCount; t++)
        profCounts[big * typeCount + t] = (profCounts[big * typeCount + t] as number) + (profCounts[small * typeCount + t] as number);
      if (rank(profTop[small] as number, profTop[big] as number) < 0) profTop[big] = profTop[small] as number;
      freeSlot(small);
    }
    for (const id of absorbed) {
      const slot = profileSlot.get(id);
      if (slot !== undefined && slot !== big) freeSlot(slot);
      profileSlot.delete(id);
    }
    setId(big, profileId);
    attach(l, a);
    attach(l, b);
    linkState[l] = STATE_ACTIVE;
    return absorbed;
  };

  /** Connected components of a profile's identifiers over the links `keep` accepts, top group first, each sorted by rank. */
  const groupsOf = (list: ReadonlyArray<number>, keep: (l: number) => boolean): number[][] => {
    const local = new Map<number, number>();
    for (let i = 0; i < list.length; i++) local.set(list[i] as number, i);
    const parent = Int32Array.from(list, (_, i) => i);
    const size = new Int32Array(list.length).fill(1);
    const find = (x: number): number => {
      let n = x;
      while (parent[n] !== n) {
        const grand = parent[parent[n] as number] as number;
        parent[n] = grand;
        n = grand;
      }
      return n;
    };
    for (let i = 0; i < list.length; i++) {
      const m = list[i] as number;
      for (let c = nodeHead[m] as number; c !== -1; c = after(c, m)) {
        if (linkA[c] !== m || !keep(c)) continue;
        const j = local.get(linkB[c] as number);
        if (j === undefined) continue;
        let ra = find(i);
        let rb = find(j);
        if (ra === rb) continue;
        if ((size[ra] as number) < (size[rb] as number)) [ra, rb] = [rb, ra];
        parent[rb] = ra;
        size[ra] = (size[ra] as number) + (size[rb] as number);
      }
    }
    const groups = new Map<number, number[]>();
    for (let i = 0; i < list.length; i++) {
      const root = find(i);
      const group = groups.get(root);
      if (group === undefined) groups.set(root, [list[i] as number]);
      else group.push(list[i] as number);
    }
    return [...groups.values()].map((group) => group.sort(rank)).sort((x, y) => rank(x[0] as number, y[0] as number));
  };

  /** Splits the profile a removed link belonged to; `minted` gives the ids of the new parts in order (recorded, or fresh). */
  const split = (slot: number, minted: ReadonlyArray<string> | undefined): { parts: SplitPart[]; minted: string[] } => {
    const profileId = profileIds[slot];
    if (slot === -1 || profileId === undefined) return { parts: [], minted: [] };
    const groups = groupsOf(members(slot), () => true);
    const used: string[] = [];
    const parts: SplitPart[] = [];
    groups.forEach((group, index) => {
      if (index === 0) {
        // The part with the top-priority identifier (the member account) keeps the id, even alone.
        fillSlot(slot, group);
        return;
      }
      if (group.length === 1) {
        // Any other lone identifier leaves the profile: it is linked to nothing.
        const m = group[0] as number;
        nodeProfile[m] = -1;
        nodeNext[m] = -1;
        return;
      }
      const id = minted?.[used.length] ?? mint();
      used.push(id);
      const part = newSlot();
      fillSlot(part, group);
      setId(part, id);
      parts.push({ profileId: id, from: profileId, identifiers: group.map((m) => keys[m] as string) });
    });
    return { parts, minted: used };
  };

  const removeLink = (l: number, reason: UnlinkReason, minted?: ReadonlyArray<string>) => {
    const wasActive = linkState[l] === STATE_ACTIVE;
    linkState[l] = STATE_REMOVED;
    linkReason[l] = REASON_CODE.get(reason) ?? 0;
    if (!wasActive) return { parts: [] as SplitPart[], minted: [] as string[] };
    const a = linkA[l] as number;
    const b = linkB[l] as number;
    detach(l, a);
    detach(l, b);
    return split(nodeProfile[a] as number, minted);
  };

  const unlinkRecorded = (l: number, reason: UnlinkReason, at: string, ops: Op[]): SplitPart[] => {
    if (linkState[l] === STATE_REMOVED) return [];
    const { parts, minted } = removeLink(l, reason);
    ops.push(['u', linkIds[l] as string, reason, at, minted]);
    return parts;
  };

  const quarantine = (n: number, at: string, ops: Op[]) => {
    nodeFlags[n] = (nodeFlags[n] as number) | 1;
    ops.push(['q', keys[n] as string, at]);
    for (const l of activeLinks(n)) unlinkRecorded(l, 'hub', at, ops);
  };

  const verifiedMs = (l: number) => {
    const v = linkVerified[l] as number;
    return Number.isNaN(v) ? (linkSeen[l] as number) : v;
  };
  /** Verified links of a reassignable identifier older than the evidence: superseded by a newer owner. */
  const supersedable = (n: number, evidence: LinkEvidence): number[] | undefined => {
    if (!typeOfNode(n).reassignable || (evidence.strength !== 'sms-code' && evidence.strength !== 'verified-login')) return undefined;
    const newer = Date.parse(evidence.verifiedAt ?? evidence.seenAt);
    const old = activeLinks(n);
    return old.every((l) => verifiedMs(l) < newer) ? old : undefined;
  };

  const validAt = (l: number, purpose: string, atMs: number, at: string): boolean => {
    if (linkState[l] !== STATE_ACTIVE || (linkSeen[l] as number) > atMs) return false;
    if (!(purposeSets[linkPurposes[l] as number] as ReadonlyArray<string>).includes(purpose)) return false;
    if ((linkExpires[l] as number) <= atMs) return false; // NaN compares false
    const from = verifiedMs(l);
    for (const n of [linkA[l] as number, linkB[l] as number]) {
      const ttl = typeOfNode(n).linkTtlDays;
      if (ttl !== undefined && from + ttl * DAY_MS <= atMs) return false;
    }
    const basis = bases[linkBasis[l] as number] as LegalBasis;
    if (basis.kind === 'consent') {
      try {
        return options.consent?.(basis.subjectId, basis.purposeId, at) === true;
      } catch {
        return false; // a gate that fails answers "no"
      }
    }
    return true;
  };

  // Names this writer's log entries (`{writer}:{version}`), so another writer's entry at the same
  // version is a conflict, never mistaken for a retry of this one.
  const writerBytes = new Uint8Array(8);
  (options.random ?? secureRandom)(writerBytes);
  const writer = bytesToHex(writerBytes);

  const core = {
    logVersion: 0,
    resolve,

    /** Validates one request without changing anything. */
    check(input: LinkRequest): Checked {
      if (typeof input !== 'object' || input === null)
        throw new IdentityError(IdentityErrorCode.INVALID_EVIDENCE, 'link: expected { a, b, evidence, caller }');
      if (input.caller?.trusted !== true) {
        throw new IdentityError(
          IdentityErrorCode.UNTRUSTED_CALLER,
          `link: merges come only from trusted server-side callers, received a bind from "${String(input.caller?.name ?? 'unknown').slice(0, 100)}"`,
        );
      }
      const evidence = checkEvidence(input.evidence);
      const ra = resolve(input.a);
      const rb = resolve(input.b);
      if (ra.key === rb.key)
        throw new IdentityError(IdentityErrorCode.INVALID_IDENTIFIER, 'link: an identifier cannot be linked to itself');
      const [first, second] = ra.key < rb.key ? [ra, rb] : [rb, ra];
      return { first, second, evidence };
    },

    link({ first, second, evidence }: Checked, ops: Op[]): LinkOutcome {
      // JSON.stringify of an array of strings is its canonical JSON (RFC 8785): the ids match earlier logs.
      const linkId = `lnk_${bytesToHex(sha256(encodeUtf8(JSON.stringify([first.key, second.key, evidence.source, evidence.eventId])))).slice(0, 32)}`;
      const known = linkOf.get(linkId);
      if (known !== undefined)
        return linkState[known] === STATE_REMOVED ? { status: 'tombstoned', linkId } : { status: 'duplicate', linkId };
      const a = node(first.key, first.type.type);
      const b = node(second.key, second.type.type);
      const at = evidence.seenAt;
      const superseded: string[] = [];
      let reason: HoldReason | undefined;
      if (first.blocked || second.blocked) reason = 'blocked';
      else if ((nodeFlags[a] as number) & 1 || (nodeFlags[b] as number) & 1) reason = 'hub';
      else {
        for (const [n, other] of [
          [a, b],
          [b, a],
        ] as const) {
          addNeighbour(n, other);
          if ((nbrCount[n] as number) > typeOfNode(n).hubThreshold) {
            quarantine(n, at, ops);
            reason = 'hub';
          }
        }
      }
      const counted = reason === undefined || reason === 'hub';
      const sameProfile = nodeProfile[a] !== -1 && nodeProfile[a] === nodeProfile[b];
      if (reason === undefined && !sameProfile) {
        const broken = limitBroken(a, b);
        if (broken !== undefined) {
          // A newer verified owner of a reassigned value takes it over instead of merging the owners.
          const movable = [a, b].find((n) => (nodeActive[n] as number) > 0 && supersedable(n, evidence) !== undefined);
          const other = movable === a ? b : a;
          const old = movable === undefined ? undefined : supersedable(movable, evidence);
          if (movable !== undefined && old !== undefined && limitBroken(movable, other, true) === undefined) {
            for (const l of old) {
              superseded.push(linkIds[l] as string);
              unlinkRecorded(l, 'reassigned', at, ops);
            }
          } else reason = broken;
        }
      }
      const l = newLink(linkId, a, b, evidence);
      const entry = (outcome: 'applied' | 'held', tail: string): LinkedOp =>
        encodeLinked(linkId, first.key, second.key, counted ? 1 : 0, outcome, tail, evidence);
      if (reason !== undefined) {
        linkReason[l] = REASON_CODE.get(reason) ?? 0;
        ops.push(entry('held', reason));
        return { status: 'held', linkId, reason };
      }
      const sa = nodeProfile[a] as number;
      const sb = nodeProfile[b] as number;
      // The merged profile keeps the id of the side holding the top identifier; two singletons get a minted id.
      const profileId =
        sa === -1 && sb === -1
          ? mint()
          : sa === -1 || sb === -1 || sa === sb
            ? (profileIds[sa === -1 ? sb : sa] as string)
            : (profileIds[rank(profTop[sa] as number, profTop[sb] as number) < 0 ? sa : sb] as string);
      ops.push(entry('applied', profileId));
      const absorbed = applyLinked(l, profileId);
      return { status: 'linked', linkId, profileId, absorbed, superseded };
    },

    unlink(linkId: string, reason: UnlinkReason, at: string, ops: Op[]): SplitPart[] {
      const l = typeof linkId === 'string' ? linkOf.get(linkId) : undefined;
      if (l === undefined) throw new IdentityError(IdentityErrorCode.UNKNOWN_LINK, `unlink: no link ${String(linkId).slice(0, 80)}`);
      return unlinkRecorded(l, reason, at, ops);
    },

    withdraw(subjectId: string, purposeId: string, at: string, ops: Op[]) {
      const list = byConsent.get(`${subjectId}\u0000${purposeId}`) ?? [];
      const removed: string[] = [];
      const parts: SplitPart[] = [];
      for (const l of list) {
        if (linkState[l] === STATE_REMOVED) continue;
        removed.push(linkIds[l] as string);
        parts.push(...unlinkRecorded(l, 'consent-withdrawn', at, ops));
      }
      return { removed, split: parts };
    },

    /** Appends the operations of one write to the log: one entry per 1,000 links. */
    async flush(ops: ReadonlyArray<Op>) {
      let start = 0;
      while (start < ops.length) {
        let end = start;
        let linked = 0;
        while (end < ops.length && (linked < LINKS_PER_ENTRY || (ops[end] as Op)[0] !== 'l')) {
          if ((ops[end] as Op)[0] === 'l') linked++;
          end++;
        }
        const version = core.logVersion;
        // One JSON text per entry rather than nested arrays: the store canonicalises, hashes and
        // (on a rebuild) parses and freezes an entry value by value, and a batch holds some 17,000
        // values; as one text it is one value (the log stays JSON, in one more layer).
        await store.append(
          LOG_STREAM,
          [{ id: `${writer}:${version}`, type: 'ops', data: { ops: JSON.stringify(ops.slice(start, end)) } }],
          {
            expectedVersion: version,
          },
        );
        core.logVersion = version + 1;
        start = end;
      }
    },

    replay(op: Op) {
      if (op[0] === 'l') {
        const [, linkId, aKey, bKey, counted, outcome, tail] = op;
        const a = node(aKey, typeOfKey(aKey));
        const b = node(bKey, typeOfKey(bKey));
        const evidence = decodeEvidence(op);
        if (counted === 1) {
          addNeighbour(a, b);
          addNeighbour(b, a);
        }
        const l = newLink(linkId, a, b, evidence);
        if (outcome === 'applied') applyLinked(l, tail);
        else linkReason[l] = REASON_CODE.get(tail as HoldReason) ?? 0;
      } else if (op[0] === 'u') {
        const l = linkOf.get(op[1]);
        if (l !== undefined) removeLink(l, op[2], op[4]);
      } else if (op[0] === 'q') {
        const n = nodeOf.get(op[1]);
        if (n !== undefined) nodeFlags[n] = (nodeFlags[n] as number) | 1;
      }
    },

    profileOf(identifier: IdentifierInput | string): string | undefined {
      const n = nodeOf.get(keyOfAny(identifier));
      return n === undefined || nodeProfile[n] === -1 ? undefined : profileIds[nodeProfile[n] as number];
    },
    profile(profileId: string): ReadonlyArray<string> | undefined {
      const slot = profileSlot.get(profileId);
      return slot === undefined
        ? undefined
        : members(slot)
            .map((m) => keys[m] as string)
            .sort();
    },

    partition(purpose: string, at: string): ReadonlyArray<PurposeProfile> {
      const atMs = toInstant(at).getTime();
      const iso = new Date(atMs).toISOString();
      const result: PurposeProfile[] = [];
      for (const profileId of [...profileSlot.keys()].sort()) {
        const slot = profileSlot.get(profileId) as number;
        groupsOf(members(slot), (l) => validAt(l, purpose, atMs, iso)).forEach((group, part) => {
          result.push({ profileId, part, identifiers: group.map((m) => keys[m] as string).sort() });
        });
      }
      return result;
    },

    explain(
      from: IdentifierInput | string,
      to: IdentifierInput | string,
      purpose: string,
      at: string,
    ): ReadonlyArray<ExplainedLink> | undefined {
      const start = nodeOf.get(keyOfAny(from));
      const goal = nodeOf.get(keyOfAny(to));
      const atMs = toInstant(at).getTime();
      const iso = new Date(atMs).toISOString();
      if (start === undefined || goal === undefined || start === goal) return undefined;
      const via = new Map<number, { link: number; prev: number }>();
      const seen = new Set([start]);
      let frontier = [start];
      while (frontier.length > 0 && !seen.has(goal)) {
        const next: number[] = [];
        for (const n of frontier) {
          for (let l = nodeHead[n] as number; l !== -1; l = after(l, n)) {
            const other = linkA[l] === n ? (linkB[l] as number) : (linkA[l] as number);
            if (seen.has(other) || !validAt(l, purpose, atMs, iso)) continue;
            seen.add(other);
            via.set(other, { link: l, prev: n });
            next.push(other);
          }
        }
        frontier = next;
      }
      if (!seen.has(goal)) return undefined;
      const chain: ExplainedLink[] = [];
      for (let n = goal; n !== start; ) {
        const step = via.get(n) as { link: number; prev: number };
        chain.unshift({
          linkId: linkIds[step.link] as string,
          from: keys[step.prev] as string,
          to: keys[n] as string,
          evidence: evidenceOf(step.link),
        });
        n = step.prev;
      }
      return chain;
    },

    linkState(linkId: string) {
      const l = typeof linkId === 'string' ? linkOf.get(linkId) : undefined;
      if (l === undefined) return undefined;
      const state = STATES[linkState[l] as number] as 'active' | 'held' | 'removed';
      const reason = REASONS[linkReason[l] as number];
      return reason === undefined ? { state } : { state, reason };
    },
    isQuarantined(identifier: IdentifierInput | string): boolean {
      const n = nodeOf.get(keyOfAny(identifier));
      return n !== undefined && ((nodeFlags[n] as number) & 1) === 1;
    },
    stats() {
      let active = 0;
      let held = 0;
      let removed = 0;
      for (let l = 0; l < linkIds.length; l++) {
        const s = linkState[l];
        if (s === STATE_ACTIVE) active++;
        else if (s === STATE_HELD) held++;
        else removed++;
      }
      let hubs = 0;
      for (let n = 0; n < keys.length; n++) if ((nodeFlags[n] as number) & 1) hubs++;
      return { identifiers: keys.length, active, held, removed, profiles: profileSlot.size, hubs };
    },
  };
  return core;
}
