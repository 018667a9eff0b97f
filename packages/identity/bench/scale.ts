// Identity graph at scale: a seeded population with known ground truth and injected hazards,
// resolved with the guards on and (as the control) with them off; then consent withdrawals of 1 %
// and 10 % of the people's marketing consents, with the incremental result compared against a
// full rebuild from the link log.
//
//   pnpm --filter @aisle/identity bench:scale                  # 200,000 people, about 0.8 M identifiers
//   PERSONS=2600000 pnpm --filter @aisle/identity bench:scale  # about 10 M identifiers (7.7 M links)
//
// Prints pairwise precision and recall against the ground truth, the largest profile, how each
// hazard ended, link throughput (against a bare union-find over the same pairs, measured in the same
// run: the competent baseline for grouping alone, with no evidence, guards, log or ids), the cost
// of a withdrawal, and measured memory (heap and RSS deltas, peak RSS).
//
// The population is regenerated from its seed for every pass rather than held in memory, so the
// memory figures are the graph's and the store's, not the generator's.
import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import { record } from '../../../bench/lib';
import {
  createIdentityGraph,
  defaultIdentifierTypes,
  type IdentifierInput,
  type IdentifierType,
  type IdentityGraph,
  type LinkRequest,
  loadIdentityGraph,
} from '../src/index';

const PERSONS = Number(process.env.PERSONS ?? 200_000);
const SEED = Number(process.env.SEED ?? 20261130);
const BATCH = 1_000;
const MiB = 1024 * 1024;

let state = 1;
/** xorshift32: a reproducible population (not security-relevant). */
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

/** A fast keyed stand-in for deid's HMAC pseudonymiser (FNV-1a and djb2 over type, namespace and value). */
const pseudonymise = ({ type, namespace, canonical }: { type: string; namespace: string; canonical: string }) => {
  let h = 2166136261;
  const text = `${type}|${namespace}|${canonical}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  let g = 5381;
  for (let i = 0; i < text.length; i++) g = (Math.imul(g, 33) ^ text.charCodeAt(i)) | 0;
  return `${(h >>> 0).toString(36)}${(g >>> 0).toString(36)}`;
};

type Link = {
  a: IdentifierInput;
  b: IdentifierInput;
  when: string;
  strength: 'sms-code' | 'verified-login' | 'pos-bind';
  marketing?: string;
};

const phoneOf = (p: number) => `139${String(10_000_000 + p).slice(-8)}`;
const idKey = (id: IdentifierInput) => `${id.type}|${id.namespace ?? ''}|${id.value}`;
const DAY0 = Date.UTC(2025, 0, 1);
const days: string[] = Array.from({ length: 400 }, (_, d) => new Date(DAY0 + d * 86_400_000).toISOString());
const hazards = { kiosks: 0, kioskLinks: 0, blockedLinks: 0, sharedCards: 0, sharedPlates: 0, recycledPhones: 0 };
/** Identifiers whose true owner is nobody (shared or reissued), found while generating. */
const noOwner = new Set<string>(['phone||13800138000']);

/**
 * The population, regenerated from the seed on every call: the links a mall would see, and every
 * identifier with its true owner (-1 for shared and fake ones), person by person.
 */
function* population(): Generator<{ link: Link } | { identifier: IdentifierInput; owner: number }> {
  state = SEED >>> 0 || 1;
  const plates = new Set<string>();
  for (let p = 0; p < PERSONS; p++) {
    const member = { type: 'member', value: `M${p}` };
    const phone = { type: 'phone', value: phoneOf(p) };
    const openid = { type: 'wechat-openid', value: `o${p}`, namespace: 'wxmall' };
    yield { identifier: member, owner: p };
    yield { identifier: phone, owner: p };
    yield { identifier: openid, owner: p };
    const t = Math.floor(rand() * 300);
    yield { link: { a: member, b: phone, when: days[t] as string, strength: 'sms-code' } };
    yield { link: { a: openid, b: phone, when: days[t + 1] as string, strength: 'verified-login' } };
    if (rand() < 0.5) {
      const cookie = { type: 'cookie', value: `c${p}`, namespace: 'shop' };
      yield { identifier: cookie, owner: p };
      yield { link: { a: openid, b: cookie, when: days[t + 2] as string, strength: 'verified-login', marketing: `M${p}` } };
    }
    if (rand() < 0.3) {
      const card = { type: 'card', value: `8800${String(p).padStart(8, '0')}` };
      yield { identifier: card, owner: p };
      yield { link: { a: member, b: card, when: days[t + 3] as string, strength: 'pos-bind' } };
    }
    if (rand() < 0.2) {
      const plate = { type: 'plate', value: `沪A${String(p % 100000).padStart(5, '0')}`.slice(0, 7) };
      // Plates repeat across people in this generator only through the hazard below.
      if (!plates.has(plate.value)) {
        plates.add(plate.value);
        yield { identifier: plate, owner: p };
        yield { link: { a: member, b: plate, when: days[t + 4] as string, strength: 'pos-bind' } };
      }
    }
  }
  // Hazards. A kiosk tablet used by 200 people; a test phone typed at the till; a family card and a
  // family plate shared by two members; a phone number reissued by the carrier to a new person.
  const reset = hazards.kiosks === 0;
  const count = (name: keyof typeof hazards) => {
    if (reset) hazards[name]++;
  };
  for (let k = 0; k < Math.max(1, Math.floor(PERSONS / 2000)); k++) {
    const kiosk = { type: 'device', value: `kiosk-${k}`, namespace: 'mall' };
    yield { identifier: kiosk, owner: -1 };
    count('kiosks');
    for (let i = 0; i < 200; i++) {
      yield {
        link: {
          a: kiosk,
          b: { type: 'member', value: `M${Math.floor(rand() * PERSONS)}` },
          when: days[310] as string,
          strength: 'pos-bind',
        },
      };
      count('kioskLinks');
    }
  }
  for (let i = 0; i < PERSONS / 1000; i++) {
    yield {
      link: {
        a: { type: 'member', value: `M${Math.floor(rand() * PERSONS)}` },
        b: { type: 'phone', value: '13800138000' },
        when: days[311] as string,
        strength: 'pos-bind',
      },
    };
    count('blockedLinks');
  }
  yield { identifier: { type: 'phone', value: '13800138000' }, owner: -1 };
  for (let i = 0; i < PERSONS / 200; i++) {
    const a = Math.floor(rand() * PERSONS);
    const b = Math.floor(rand() * PERSONS);
    if (a === b) continue;
    const card = { type: 'card', value: `7700${String(i).padStart(8, '0')}` };
    yield { identifier: card, owner: -1 };
    yield { link: { a: { type: 'member', value: `M${a}` }, b: card, when: days[312] as string, strength: 'pos-bind' } };
    yield { link: { a: { type: 'member', value: `M${b}` }, b: card, when: days[313] as string, strength: 'pos-bind' } };
    count('sharedCards');
  }
  for (let i = 0; i < PERSONS / 500; i++) {
    const a = Math.floor(rand() * PERSONS);
    const b = Math.floor(rand() * PERSONS);
    if (a === b) continue;
    const plate = { type: 'plate', value: `粤B${String(i).padStart(5, '0')}`.slice(0, 7) };
    yield { identifier: plate, owner: -1 };
    yield { link: { a: { type: 'member', value: `M${a}` }, b: plate, when: days[314] as string, strength: 'pos-bind' } };
    yield { link: { a: { type: 'member', value: `M${b}` }, b: plate, when: days[315] as string, strength: 'pos-bind' } };
    count('sharedPlates');
  }
  for (let i = 0; i < PERSONS / 500; i++) {
    const old = Math.floor(rand() * PERSONS);
    const newcomer = { type: 'member', value: `N${i}` };
    yield { identifier: newcomer, owner: PERSONS + i };
    // The number now belongs to the newcomer; the old owner's link is older.
    noOwner.add(idKey({ type: 'phone', value: phoneOf(old) }));
    yield { link: { a: newcomer, b: { type: 'phone', value: phoneOf(old) }, when: days[330] as string, strength: 'sms-code' } };
    count('recycledPhones');
  }
}

const noGuards = (): IdentifierType[] =>
  defaultIdentifierTypes().map((t) => ({
    ...t,
    maxPerProfile: Number.MAX_SAFE_INTEGER,
    hubThreshold: Number.MAX_SAFE_INTEGER,
    reassignable: false,
    isBlocked: undefined,
  }));

const request = (link: Link, n: number): LinkRequest => ({
  a: link.a,
  b: link.b,
  evidence: {
    source: 'bench',
    eventId: `e${n}`,
    seenAt: link.when,
    verifiedAt: link.when,
    strength: link.strength,
    basis:
      link.marketing === undefined
        ? { kind: 'contract' }
        : { kind: 'consent', purposeId: 'marketing.profile', subjectId: link.marketing, consentEventId: `c-${link.marketing}` },
    purposes: link.marketing === undefined ? ['loyalty', 'marketing'] : ['marketing'],
  },
  caller: { trusted: true, name: 'bench' },
});

async function resolveAll(types: IdentifierType[]) {
  const store = createMemoryStreamStore();
  const graph = createIdentityGraph({ types, pseudonymise, store, consent: () => true });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  let n = 0;
  let batch: LinkRequest[] = [];
  let seconds = 0;
  for (const item of population()) {
    if (!('link' in item)) continue;
    batch.push(request(item.link, n++));
    if (batch.length === BATCH) {
      const started = performance.now();
      await graph.linkMany(batch);
      seconds += (performance.now() - started) / 1000;
      batch = [];
    }
  }
  const started = performance.now();
  if (batch.length > 0) await graph.linkMany(batch);
  seconds += (performance.now() - started) / 1000;
  global.gc?.();
  const memory = process.memoryUsage();
  return { graph, store, links: n, seconds, heapMiB: (memory.heapUsed - heapBefore) / MiB, rssMiB: (memory.rss - rssBefore) / MiB };
}

/** The baseline: the same pairs keyed the same way, grouped by a bare union-find (interned integers, typed arrays). */
function bareUnionFind() {
  const index = new Map<string, number>();
  let parent = new Int32Array(1 << 20);
  let size = new Int32Array(1 << 20);
  const find = (x: number) => {
    let n = x;
    while (parent[n] !== n) {
      const g = parent[parent[n] as number] as number;
      parent[n] = g;
      n = g;
    }
    return n;
  };
  const id = (input: IdentifierInput) => {
    const key = `${input.type}|${input.namespace ?? ''}|${pseudonymise({ type: input.type, namespace: input.namespace ?? '', canonical: input.value })}`;
    let i = index.get(key);
    if (i === undefined) {
      i = index.size;
      if (i >= parent.length) {
        const p = new Int32Array(parent.length * 2);
        p.set(parent);
        parent = p;
        const s = new Int32Array(size.length * 2);
        s.set(size);
        size = s;
      }
      parent[i] = i;
      size[i] = 1;
      index.set(key, i);
    }
    return i;
  };
  let seconds = 0;
  let links = 0;
  let batch: Link[] = [];
  const run = () => {
    const started = performance.now();
    for (const link of batch) {
      let a = find(id(link.a));
      let b = find(id(link.b));
      if (a === b) continue;
      if ((size[a] as number) < (size[b] as number)) [a, b] = [b, a];
      parent[b] = a;
      size[a] = (size[a] as number) + (size[b] as number);
    }
    seconds += (performance.now() - started) / 1000;
    batch = [];
  };
  for (const item of population()) {
    if (!('link' in item)) continue;
    links++;
    batch.push(item.link);
    if (batch.length === BATCH) run();
  }
  run();
  return { links, seconds, identifiers: index.size };
}

const keyIn = (graph: IdentityGraph, id: IdentifierInput) => graph.keyOf(id);

/** Pairwise precision and recall of the profiles against the true owners (shared and fake identifiers excluded). */
function score(graph: IdentityGraph) {
  const sizes = new Map<string, number>();
  const truthful = new Map<string, number>();
  const pairs = (k: number) => (k * (k - 1)) / 2;
  let tp = 0;
  let actual = 0;
  let person = -2;
  let mine: Array<string | undefined> = [];
  const closePerson = () => {
    actual += pairs(mine.length);
    const counts = new Map<string, number>();
    for (const profile of mine) if (profile !== undefined) counts.set(profile, (counts.get(profile) ?? 0) + 1);
    for (const c of counts.values()) tp += pairs(c);
    mine = [];
  };
  for (const item of population()) {
    if (!('identifier' in item)) continue;
    const profile = graph.profileOf(keyIn(graph, item.identifier));
    if (profile !== undefined) sizes.set(profile, (sizes.get(profile) ?? 0) + 1);
    if (item.owner < 0 || noOwner.has(idKey(item.identifier))) continue;
    if (item.owner !== person) {
      closePerson();
      person = item.owner;
    }
    mine.push(profile);
    if (profile !== undefined) truthful.set(profile, (truthful.get(profile) ?? 0) + 1);
  }
  closePerson();
  let predicted = 0;
  for (const c of truthful.values()) predicted += pairs(c);
  let largest = 0;
  for (const s of sizes.values()) if (s > largest) largest = s;
  return { precision: predicted === 0 ? 1 : tp / predicted, recall: actual === 0 ? 1 : tp / actual, largest, profiles: sizes.size };
}

/** How each hazard ended: kiosks quarantined, the blocked phone and shared cards and plates never joining two members. */
function hazardReport(graph: IdentityGraph) {
  let kiosksQuarantined = 0;
  let kiosks = 0;
  for (let k = 0; k < Math.max(1, Math.floor(PERSONS / 2000)); k++) {
    kiosks++;
    if (graph.isQuarantined({ type: 'device', value: `kiosk-${k}`, namespace: 'mall' })) kiosksQuarantined++;
  }
  const blockedLinked = graph.profileOf({ type: 'phone', value: '13800138000' }) !== undefined;
  return { kiosks, kiosksQuarantined, blockedLinked };
}

const os = await import('node:os');
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
let identifiers = 0;
let linkCount = 0;
for (const item of population()) {
  if ('identifier' in item) identifiers++;
  else linkCount++;
}
console.log(
  `identity scale bench: ${PERSONS.toLocaleString()} people, ${identifiers.toLocaleString()} identifiers, ${linkCount.toLocaleString()} links; Node ${process.version}; seed ${SEED}; load ${loadavg()} (2 cores shared with other work)`,
);
console.log(`hazards: ${JSON.stringify(hazards)}`);

const baseline = bareUnionFind();
console.log(
  `baseline  : bare union-find over the same ${baseline.links.toLocaleString()} pairs: ${(baseline.links / baseline.seconds).toFixed(0)} links/s (${baseline.seconds.toFixed(1)} s)`,
);

let guarded: Awaited<ReturnType<typeof resolveAll>> | undefined = await resolveAll(defaultIdentifierTypes());
{
  const guardedScore = score(guarded.graph);
  const stats = guarded.graph.stats();
  const hz = hazardReport(guarded.graph);
  const rate = guarded.links / guarded.seconds;
  console.log(
    `guards on : ${rate.toFixed(0)} links/s (${guarded.seconds.toFixed(1)} s, linkMany in batches of ${BATCH}; ${(rate / (baseline.links / baseline.seconds)).toFixed(3)}x the bare union-find); precision ${guardedScore.precision.toFixed(5)}, recall ${guardedScore.recall.toFixed(5)}, largest profile ${guardedScore.largest}, profiles ${guardedScore.profiles}; held ${stats.held}, removed ${stats.removed}, hubs ${stats.hubs}; kiosks quarantined ${hz.kiosksQuarantined}/${hz.kiosks}, blocked phone linked: ${hz.blockedLinked}; heap +${guarded.heapMiB.toFixed(0)} MiB, RSS +${guarded.rssMiB.toFixed(0)} MiB; load ${loadavg()}`,
  );
  record({
    bench: 'identity/resolve graph',
    subject: `linkMany with every guard on (precision ${guardedScore.precision.toFixed(4)}, recall ${guardedScore.recall.toFixed(4)}, largest profile ${guardedScore.largest})`,
    baseline: 'bare union-find over the same pairs (no evidence, guards, log or ids)',
    ratio: baseline.seconds / guarded.seconds,
    size: identifiers,
    rate: `${rate.toFixed(0)} links/s`,
    memory: `heap +${guarded.heapMiB.toFixed(0)} MiB, RSS +${guarded.rssMiB.toFixed(0)} MiB`,
  });
}

if (process.env.ONLY_LINKS !== '1') {
  const g = guarded;
  const profileOfPerson = (p: number) => g.graph.profileOf({ type: 'member', value: `M${p}` });
  // Withdraw 1 % then 10 % of the people's marketing consents: incremental vs a full rebuild.
  let removedTotal = 0;
  for (const share of [0.01, 0.1]) {
    const chosen: number[] = [];
    for (let p = 0; p < PERSONS; p++) if (rand() < share) chosen.push(p);
    const chosenSet = new Set(chosen);
    const sample: Array<[number, string | undefined]> = [];
    for (let p = 0; p < PERSONS; p += 997) if (!chosenSet.has(p)) sample.push([p, profileOfPerson(p)]);
    const started = performance.now();
    let removed = 0;
    for (const p of chosen)
      removed += (await g.graph.withdraw({ subjectId: `M${p}`, purposeId: 'marketing.profile', at: '2026-01-01T00:00:00Z' })).removed
        .length;
    const ms = performance.now() - started;
    removedTotal += removed;
    const rebuiltStarted = performance.now();
    let rebuilt: IdentityGraph | undefined = await loadIdentityGraph({
      types: defaultIdentifierTypes(),
      pseudonymise,
      store: g.store as StreamStore,
      consent: () => true,
    });
    const rebuildSeconds = (performance.now() - rebuiltStarted) / 1000;
    let differences = 0;
    for (const item of population()) {
      if (!('identifier' in item)) continue;
      const k = keyIn(g.graph, item.identifier);
      if (rebuilt.profileOf(k) !== g.graph.profileOf(k)) differences++;
    }
    const sameStats = JSON.stringify(rebuilt.stats()) === JSON.stringify(g.graph.stats());
    rebuilt = undefined;
    global.gc?.();
    const kept = sample.filter(([p, id]) => profileOfPerson(p) === id).length;
    console.log(
      `withdraw ${(share * 100).toFixed(0)} % of people (${chosen.length}): ${removed} marketing links removed in ${ms.toFixed(0)} ms (${(ms / Math.max(1, removed)).toFixed(3)} ms per link, one log entry per withdrawal); full rebuild from the log ${rebuildSeconds.toFixed(1)} s; incremental vs rebuild: ${differences} identifiers differ, stats equal: ${sameStats}; unaffected profiles keeping their id: ${kept}/${sample.length}`,
    );
    record({
      bench: `identity/withdraw ${(share * 100).toFixed(0)} % of marketing consents`,
      subject: 'incremental withdraw',
      baseline: `full rebuild from the log (${differences} identifiers differ)`,
      ratio: (rebuildSeconds * 1000) / ms,
      size: identifiers,
      rate: `${(ms / Math.max(1, removed)).toFixed(3)} ms per removed link`,
    });
  }
  console.log(
    `removed in all: ${removedTotal}; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load ${loadavg()}`,
  );
}

// The control: the same links with every guard off, to show the blobs the guards prevent.
guarded = undefined;
global.gc?.();
{
  const open = await resolveAll(noGuards());
  const openScore = score(open.graph);
  console.log(
    `guards off: ${(open.links / open.seconds).toFixed(0)} links/s; precision ${openScore.precision.toFixed(5)}, recall ${openScore.recall.toFixed(5)}, largest profile ${openScore.largest}, profiles ${openScore.profiles} (the control the guards are measured against)`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load ${loadavg()}`);
