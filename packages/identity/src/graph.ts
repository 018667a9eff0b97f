import {
  AisleError,
  type Clock,
  CoreErrorCode,
  canonicalJson,
  defineId,
  encodeUtf8,
  type Json,
  type RandomSource,
  type StreamStore,
  systemClock,
  toInstant,
} from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IdentityError, IdentityErrorCode } from './errors';
import { components } from './internal/partition';
import { checkEvidence, checkIdentifier } from './internal/validate';
import type {
  ConsentGate,
  ExplainedLink,
  HoldReason,
  IdentifierInput,
  IdentifierType,
  LinkEvidence,
  LinkOutcome,
  Pseudonymise,
  PurposeProfile,
  SplitPart,
  UnlinkReason,
} from './types';

const ProfileId = defineId('prf');
const DAY_MS = 86_400_000;
/** Stream ids: one stream per link, one per quarantined hub. */
const LINK_STREAM = 'identity:link:';
const HUB_STREAM = 'identity:hub:';

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
  /** Where the link log lives (one stream per link); `createMemoryStreamStore()` or `@aisle/postgres`. */
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
 * The identity graph: identifiers linked by evidenced links, grouped into profiles with minted
 * ids, viewed per purpose and instant.
 *
 * One process writes a graph at a time (its guards read the graph it holds); any number may
 * rebuild it from the store with {@link loadIdentityGraph}.
 *
 * @public
 */
export interface IdentityGraph {
  /** The key the graph stores for an identifier: `type|namespace|pseudonym`. */
  keyOf(identifier: IdentifierInput): string;
  /** Links two identifiers with evidence, through every guard; see {@link LinkOutcome}. */
  link(input: {
    readonly a: IdentifierInput;
    readonly b: IdentifierInput;
    readonly evidence: LinkEvidence;
    readonly caller: LinkCaller;
  }): Promise<LinkOutcome>;
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
  /** The groups valid for one purpose at one instant (only links serving the purpose, unexpired, with consent standing). */
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

interface Ident {
  readonly key: string;
  readonly type: IdentifierType;
  profileId: string | undefined;
  /** Active links touching it. */
  readonly links: Set<string>;
  /** Distinct identifiers it was ever asked to link to, up to the hub threshold + 1. */
  readonly neighbours: Set<string>;
  quarantined: boolean;
}

/** A profile: its identifiers, how many of each type (for the merge guards), and its top identifier. */
interface Profile {
  readonly members: Set<string>;
  readonly counts: Map<string, number>;
  top: string;
}

interface LinkRecord {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly evidence: LinkEvidence;
  state: 'active' | 'held' | 'removed';
  reason: HoldReason | UnlinkReason | undefined;
  version: number;
}

/** What the log records when a link is asked for. */
type LinkedData = {
  readonly a: { readonly key: string; readonly type: string };
  readonly b: { readonly key: string; readonly type: string };
  readonly evidence: LinkEvidence;
  /** Whether the attempt counted towards the identifiers' hub thresholds. */
  readonly counted: boolean;
  readonly outcome: 'applied' | 'held';
  readonly reason?: HoldReason;
  readonly profileId?: string;
};
type UnlinkedData = { readonly reason: UnlinkReason; readonly at: string; readonly minted: ReadonlyArray<string> };

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
  return buildGraph(options).graph;
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
  const built = buildGraph(options);
  let after: string | undefined;
  for (;;) {
    const page = await options.store.feed({ after, limit: 1000 });
    for (const entry of page.entries) {
      if (entry.streamId.startsWith(LINK_STREAM)) {
        const linkId = entry.streamId.slice(LINK_STREAM.length);
        if (entry.type === 'linked') built.replayLinked(linkId, entry.data as unknown as LinkedData, entry.seq + 1);
        else if (entry.type === 'unlinked') built.replayUnlinked(linkId, entry.data as unknown as UnlinkedData, entry.seq + 1);
      } else if (entry.streamId.startsWith(HUB_STREAM) && entry.type === 'quarantined') {
        built.replayQuarantine(entry.streamId.slice(HUB_STREAM.length));
      }
    }
    if (page.entries.length === 0) break;
    after = page.cursor;
  }
  return built.graph;
}

function buildGraph(options: IdentityGraphOptions) {
  const types = new Map<string, IdentifierType>();
  for (const type of options.types) {
    if (types.has(type.type)) throw new IdentityError(IdentityErrorCode.UNKNOWN_TYPE, `Identifier type "${type.type}" is declared twice`);
    types.set(type.type, type);
  }
  const { store, pseudonymise } = options;
  const clock = options.clock ?? systemClock;
  const idents = new Map<string, Ident>();
  const links = new Map<string, LinkRecord>();
  const profiles = new Map<string, Profile>();
  /** `subjectId \0 purposeId` → links whose basis is that consent. */
  const byConsent = new Map<string, Set<string>>();
  let queue: Promise<unknown> = Promise.resolve();

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };

  const resolve = (input: IdentifierInput) => {
    const checked = checkIdentifier(input, types);
    const key = `${checked.type.type}|${checked.namespace}|${pseudonymise({ type: checked.type.type, namespace: checked.namespace, canonical: checked.canonical })}`;
    return { key, type: checked.type, blocked: checked.type.isBlocked?.(checked.canonical) === true };
  };

  const keyOfAny = (identifier: IdentifierInput | string) => (typeof identifier === 'string' ? identifier : resolve(identifier).key);

  const ident = (key: string, typeName: string): Ident => {
    let found = idents.get(key);
    if (found === undefined) {
      const type = types.get(typeName);
      if (type === undefined)
        throw new IdentityError(
          IdentityErrorCode.UNKNOWN_TYPE,
          `The log names identifier type "${typeName}", which this graph was not given`,
        );
      found = { key, type, profileId: undefined, links: new Set(), neighbours: new Set(), quarantined: false };
      idents.set(key, found);
    }
    return found;
  };

  const profileOf = (node: Ident): Profile | undefined => (node.profileId === undefined ? undefined : profiles.get(node.profileId));

  /** Top identifier first: priority, then key. */
  const rank = (a: string, b: string) => {
    const pa = (idents.get(a) as Ident).type.priority;
    const pb = (idents.get(b) as Ident).type.priority;
    return pb - pa || (a < b ? -1 : a > b ? 1 : 0);
  };
  /** A profile of these identifiers, with its per-type counts and its top identifier. */
  const makeProfile = (keys: Iterable<string>): Profile => {
    const members = new Set<string>();
    const counts = new Map<string, number>();
    let best: string | undefined;
    for (const key of keys) {
      members.add(key);
      const type = (idents.get(key) as Ident).type.type;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      if (best === undefined || rank(key, best) < 0) best = key;
    }
    return { members, counts, top: best as string };
  };

  const mint = () => ProfileId.generate({ clock, ...(options.random === undefined ? {} : { random: options.random }) }) as string;

  /** Per-type counts of a node's profile, or of the node alone. */
  const countsOf = (node: Ident, alone: boolean): ReadonlyMap<string, number> =>
    (alone ? undefined : profileOf(node)?.counts) ?? new Map([[node.type.type, 1]]);

  /** Which merge guard joining two nodes' profiles (or `left` alone) would break, if any: per-type counts, O(types). */
  const limitBroken = (left: Ident, right: Ident, leftAlone = false): HoldReason | undefined => {
    const l = countsOf(left, leftAlone);
    const r = countsOf(right, false);
    for (const [typeName, count] of l) {
      const type = types.get(typeName) as IdentifierType;
      if (count + (r.get(typeName) ?? 0) > type.maxPerProfile) return type.login ? 'accounts-conflict' : 'profile-limit';
    }
    return undefined;
  };

  const applyLinked = (record: LinkRecord, profileId: string) => {
    const a = idents.get(record.a) as Ident;
    const b = idents.get(record.b) as Ident;
    const absorbed = [a.profileId, b.profileId].filter((id): id is string => id !== undefined && id !== profileId);
    // Union by size: the smaller side's identifiers move into the larger profile (O(smaller) per merge).
    const pa = profileOf(a) ?? makeProfile([a.key]);
    const pb = profileOf(b) ?? makeProfile([b.key]);
    const [big, small, bigNode] = pa.members.size >= pb.members.size ? [pa, pb, a] : [pb, pa, b];
    const bigId = bigNode.profileId;
    if (big !== small) {
      for (const key of small.members) big.members.add(key);
      for (const [type, count] of small.counts) big.counts.set(type, (big.counts.get(type) ?? 0) + count);
      if (rank(small.top, big.top) < 0) big.top = small.top;
    }
    for (const id of absorbed) profiles.delete(id);
    profiles.set(profileId, big);
    // Re-point the smaller side; the larger side only when its old id is not the one kept (rare: the
    // top identifier came from the smaller side).
    for (const key of bigId === profileId ? small.members : big.members) (idents.get(key) as Ident).profileId = profileId;
    a.links.add(record.id);
    b.links.add(record.id);
    record.state = 'active';
    return [...new Set(absorbed)];
  };

  /** Splits the profile a removed link belonged to; `minted` gives the ids of the new parts in order (recorded, or fresh). */
  const split = (profileId: string | undefined, minted: ReadonlyArray<string> | undefined): { parts: SplitPart[]; minted: string[] } => {
    if (profileId === undefined) return { parts: [], minted: [] };
    const members = profiles.get(profileId)?.members;
    if (members === undefined) return { parts: [], minted: [] };
    const edges: Array<readonly [string, string]> = [];
    for (const key of members) {
      for (const linkId of (idents.get(key) as Ident).links) {
        const link = links.get(linkId) as LinkRecord;
        if (link.a === key) edges.push([link.a, link.b]);
      }
    }
    const groups = components(members, edges)
      .map((group) => group.sort(rank))
      .sort((x, y) => rank(x[0] as string, y[0] as string));
    const used: string[] = [];
    const parts: SplitPart[] = [];
    groups.forEach((group, index) => {
      if (index === 0) {
        // The part with the top-priority identifier (the member account) keeps the id, even alone.
        profiles.set(profileId, makeProfile(group));
        return;
      }
      if (group.length === 1) {
        // Any other lone identifier leaves the profile: it is linked to nothing.
        (idents.get(group[0] as string) as Ident).profileId = undefined;
        return;
      }
      const id = minted?.[used.length] ?? mint();
      used.push(id);
      profiles.set(id, makeProfile(group));
      for (const key of group) (idents.get(key) as Ident).profileId = id;
      parts.push({ profileId: id, from: profileId, identifiers: group });
    });
    return { parts, minted: used };
  };

  const removeLink = (record: LinkRecord, reason: UnlinkReason, minted?: ReadonlyArray<string>) => {
    const wasActive = record.state === 'active';
    record.state = 'removed';
    record.reason = reason;
    if (!wasActive) return { parts: [] as SplitPart[], minted: [] as string[] };
    const a = idents.get(record.a) as Ident;
    (idents.get(record.b) as Ident).links.delete(record.id);
    a.links.delete(record.id);
    return split(a.profileId, minted);
  };

  const indexConsent = (record: LinkRecord) => {
    const basis = record.evidence.basis;
    if (basis.kind !== 'consent') return;
    const key = `${basis.subjectId}\u0000${basis.purposeId}`;
    let set = byConsent.get(key);
    if (set === undefined) {
      set = new Set();
      byConsent.set(key, set);
    }
    set.add(record.id);
  };

  const appendTo = async (streamId: string, expectedVersion: number | 'no_stream', id: string, type: string, data: Json) => {
    await store.append(streamId, [{ id, type, data }], { expectedVersion });
  };

  const unlinkRecorded = async (record: LinkRecord, reason: UnlinkReason, at: string) => {
    if (record.state === 'removed') return [];
    const { parts, minted } = removeLink(record, reason);
    const data: UnlinkedData = { reason, at, minted };
    await appendTo(`${LINK_STREAM}${record.id}`, record.version, `${record.id}:unlinked`, 'unlinked', data as unknown as Json);
    record.version += 1;
    return parts;
  };

  const quarantine = async (node: Ident, at: string) => {
    node.quarantined = true;
    await store.append(`${HUB_STREAM}${node.key}`, [{ id: 'quarantined', type: 'quarantined', data: { at } }], { expectedVersion: 'any' });
    for (const linkId of [...node.links]) await unlinkRecorded(links.get(linkId) as LinkRecord, 'hub', at);
  };

  /** Verified links of a reassignable identifier older than `verifiedAt`: superseded by a newer owner. */
  const supersedable = (node: Ident, evidence: LinkEvidence): LinkRecord[] | undefined => {
    if (!node.type.reassignable || (evidence.strength !== 'sms-code' && evidence.strength !== 'verified-login')) return undefined;
    const newer = Date.parse(evidence.verifiedAt ?? evidence.seenAt);
    const old = [...node.links].map((id) => links.get(id) as LinkRecord);
    return old.every((link) => Date.parse(link.evidence.verifiedAt ?? link.evidence.seenAt) < newer) ? old : undefined;
  };

  const validAt = (record: LinkRecord, purpose: string, atMs: number, at: string): boolean => {
    const e = record.evidence;
    if (record.state !== 'active' || !e.purposes.includes(purpose) || Date.parse(e.seenAt) > atMs) return false;
    if (e.expiresAt !== undefined && Date.parse(e.expiresAt) <= atMs) return false;
    const from = Date.parse(e.verifiedAt ?? e.seenAt);
    for (const key of [record.a, record.b]) {
      const ttl = (idents.get(key) as Ident).type.linkTtlDays;
      if (ttl !== undefined && from + ttl * DAY_MS <= atMs) return false;
    }
    if (e.basis.kind === 'consent') {
      try {
        return options.consent?.(e.basis.subjectId, e.basis.purposeId, at) === true;
      } catch {
        return false; // a gate that fails answers "no"
      }
    }
    return true;
  };

  const graph: IdentityGraph = {
    keyOf: (identifier) => resolve(identifier).key,

    link: (input) =>
      serial(async () => {
        if (typeof input !== 'object' || input === null)
          throw new IdentityError(IdentityErrorCode.INVALID_EVIDENCE, 'link: expected { a, b, evidence, caller }');
        if (input.caller?.trusted !== true) {
          throw new IdentityError(
            IdentityErrorCode.UNTRUSTED_CALLER,
            `link: merges come only from trusted server-side callers, received a bind from "${String(input.caller?.name ?? 'unknown')}"`,
          );
        }
        const evidence = checkEvidence(input.evidence);
        const ra = resolve(input.a);
        const rb = resolve(input.b);
        if (ra.key === rb.key)
          throw new IdentityError(IdentityErrorCode.INVALID_IDENTIFIER, 'link: an identifier cannot be linked to itself');
        const [first, second] = ra.key < rb.key ? [ra, rb] : [rb, ra];
        const linkId = `lnk_${bytesToHex(sha256(encodeUtf8(canonicalJson([first.key, second.key, evidence.source, evidence.eventId])))).slice(0, 32)}`;
        const known = links.get(linkId);
        if (known !== undefined) return known.state === 'removed' ? { status: 'tombstoned', linkId } : { status: 'duplicate', linkId };
        const a = ident(first.key, first.type.type);
        const b = ident(second.key, second.type.type);
        const record: LinkRecord = { id: linkId, a: a.key, b: b.key, evidence, state: 'held', reason: undefined, version: 0 };
        const at = evidence.seenAt;
        const superseded: string[] = [];
        let reason: HoldReason | undefined;
        if (first.blocked || second.blocked) reason = 'blocked';
        else if (a.quarantined || b.quarantined) reason = 'hub';
        else {
          for (const [node, other] of [
            [a, b],
            [b, a],
          ] as const) {
            if (node.neighbours.size <= node.type.hubThreshold) node.neighbours.add(other.key);
            if (node.neighbours.size > node.type.hubThreshold) {
              await quarantine(node, at);
              reason = 'hub';
            }
          }
        }
        const counted = reason === undefined || reason === 'hub';
        const sameProfile = a.profileId !== undefined && a.profileId === b.profileId;
        if (reason === undefined && !sameProfile) {
          const broken = limitBroken(a, b);
          if (broken !== undefined) {
            // A newer verified owner of a reassigned value takes it over instead of merging the owners.
            const movable = [a, b].find((node) => supersedable(node, evidence) !== undefined && node.links.size > 0);
            const other = movable === a ? b : a;
            const old = movable === undefined ? undefined : supersedable(movable, evidence);
            if (movable !== undefined && old !== undefined && limitBroken(movable, other, true) === undefined) {
              for (const link of old) {
                superseded.push(link.id);
                await unlinkRecorded(link, 'reassigned', at);
              }
            } else reason = broken;
          }
        }
        links.set(linkId, record);
        indexConsent(record);
        if (reason !== undefined) {
          record.reason = reason;
          const data: LinkedData = {
            a: { key: a.key, type: a.type.type },
            b: { key: b.key, type: b.type.type },
            evidence,
            counted,
            outcome: 'held',
            reason,
          };
          await appendNew(record, data);
          return { status: 'held', linkId, reason };
        }
        const keep = [a.profileId, b.profileId].filter((id): id is string => id !== undefined);
        // The merged profile keeps the id of the side holding the top identifier; two singletons get a minted id.
        const profileId =
          keep.length === 0
            ? mint()
            : keep.length === 1 || keep[0] === keep[1]
              ? (keep[0] as string)
              : ((
                  idents.get(
                    rank((profileOf(a) as Profile).top, (profileOf(b) as Profile).top) < 0
                      ? (profileOf(a) as Profile).top
                      : (profileOf(b) as Profile).top,
                  ) as Ident
                ).profileId ?? (keep[0] as string));
        const data: LinkedData = {
          a: { key: a.key, type: a.type.type },
          b: { key: b.key, type: b.type.type },
          evidence,
          counted,
          outcome: 'applied',
          profileId,
        };
        await appendNew(record, data);
        const absorbed = applyLinked(record, profileId);
        return { status: 'linked', linkId, profileId, absorbed, superseded };
      }),

    unlink: (linkId, opts) =>
      serial(async () => {
        const record = links.get(linkId);
        if (record === undefined) throw new IdentityError(IdentityErrorCode.UNKNOWN_LINK, `unlink: no link ${String(linkId).slice(0, 80)}`);
        return unlinkRecorded(record, opts.reason, toInstant(opts.at).toISOString());
      }),

    withdraw: (input) =>
      serial(async () => {
        const at = toInstant(input.at).toISOString();
        const ids = [...(byConsent.get(`${input.subjectId}\u0000${input.purposeId}`) ?? [])];
        const removed: string[] = [];
        const parts: SplitPart[] = [];
        for (const id of ids) {
          const record = links.get(id) as LinkRecord;
          if (record.state === 'removed') continue;
          removed.push(id);
          parts.push(...(await unlinkRecorded(record, 'consent-withdrawn', at)));
        }
        return { removed, split: parts };
      }),

    profileOf: (identifier) => idents.get(keyOfAny(identifier))?.profileId,
    profile: (profileId) => {
      const members = profiles.get(profileId)?.members;
      return members === undefined ? undefined : [...members].sort();
    },

    partition: ({ purpose, at }) => {
      const atMs = toInstant(at).getTime();
      const iso = new Date(atMs).toISOString();
      const result: PurposeProfile[] = [];
      for (const [profileId, { members }] of profiles) {
        const edges: Array<readonly [string, string]> = [];
        for (const key of members) {
          for (const linkId of (idents.get(key) as Ident).links) {
            const link = links.get(linkId) as LinkRecord;
            if (link.a === key && validAt(link, purpose, atMs, iso)) edges.push([link.a, link.b]);
          }
        }
        const groups = components(members, edges)
          .map((group) => group.sort(rank))
          .sort((x, y) => rank(x[0] as string, y[0] as string));
        groups.forEach((group, part) => {
          result.push({ profileId, part, identifiers: [...group].sort() });
        });
      }
      return result;
    },

    explain: (from, to, { purpose, at }) => {
      const start = keyOfAny(from);
      const goal = keyOfAny(to);
      const atMs = toInstant(at).getTime();
      const iso = new Date(atMs).toISOString();
      if (!idents.has(start) || !idents.has(goal)) return undefined;
      const via = new Map<string, { link: LinkRecord; prev: string }>();
      const seen = new Set([start]);
      let frontier = [start];
      while (frontier.length > 0 && !seen.has(goal)) {
        const next: string[] = [];
        for (const key of frontier) {
          for (const linkId of (idents.get(key) as Ident).links) {
            const link = links.get(linkId) as LinkRecord;
            const other = link.a === key ? link.b : link.a;
            if (seen.has(other) || !validAt(link, purpose, atMs, iso)) continue;
            seen.add(other);
            via.set(other, { link, prev: key });
            next.push(other);
          }
        }
        frontier = next;
      }
      if (!seen.has(goal) || start === goal) return undefined;
      const chain: ExplainedLink[] = [];
      for (let node = goal; node !== start; ) {
        const step = via.get(node) as { link: LinkRecord; prev: string };
        chain.unshift({ linkId: step.link.id, from: step.prev, to: node, evidence: step.link.evidence });
        node = step.prev;
      }
      return chain;
    },

    linkState: (linkId) => {
      const record = links.get(linkId);
      if (record === undefined) return undefined;
      const state = record.state;
      return record.reason === undefined ? { state } : { state, reason: record.reason };
    },
    isQuarantined: (identifier) => idents.get(keyOfAny(identifier))?.quarantined === true,
    stats: () => {
      let active = 0;
      let held = 0;
      let removed = 0;
      for (const link of links.values()) {
        if (link.state === 'active') active++;
        else if (link.state === 'held') held++;
        else removed++;
      }
      let hubs = 0;
      for (const node of idents.values()) if (node.quarantined) hubs++;
      return { identifiers: idents.size, active, held, removed, profiles: profiles.size, hubs };
    },
  };

  async function appendNew(record: LinkRecord, data: LinkedData) {
    try {
      await appendTo(`${LINK_STREAM}${record.id}`, 'no_stream', `${record.id}:linked`, 'linked', data as unknown as Json);
    } catch (error) {
      links.delete(record.id);
      if (AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT)) {
        throw new IdentityError(IdentityErrorCode.CONCURRENT_WRITER, `Link ${record.id} was written by another process; reload the graph`, {
          cause: error,
        });
      }
      throw error;
    }
    record.version = 1;
  }

  return {
    graph,
    replayLinked(linkId: string, data: LinkedData, version: number) {
      const a = ident(data.a.key, data.a.type);
      const b = ident(data.b.key, data.b.type);
      if (data.counted) {
        if (a.neighbours.size <= a.type.hubThreshold) a.neighbours.add(b.key);
        if (b.neighbours.size <= b.type.hubThreshold) b.neighbours.add(a.key);
      }
      const record: LinkRecord = { id: linkId, a: a.key, b: b.key, evidence: data.evidence, state: 'held', reason: data.reason, version };
      links.set(linkId, record);
      indexConsent(record);
      if (data.outcome === 'applied' && data.profileId !== undefined) applyLinked(record, data.profileId);
    },
    replayUnlinked(linkId: string, data: UnlinkedData, version: number) {
      const record = links.get(linkId);
      if (record === undefined) return;
      removeLink(record, data.reason, data.minted);
      record.version = version;
    },
    replayQuarantine(key: string) {
      const node = idents.get(key);
      if (node !== undefined) node.quarantined = true;
    },
  };
}
