// Identity graph at scale: a seeded population with known ground truth and injected hazards,
// resolved with the guards on and (as the control) with them off; then consent withdrawals of 1 %
// and 10 % of the marketing links, with the incremental result compared against a full rebuild.
//
//   pnpm --filter @aisle/identity bench                 # 200,000 people, about 1.1 M identifiers
//   PERSONS=2000000 pnpm --filter @aisle/identity bench # about 11 M identifiers (needs ~20 GB)
//
// Prints pairwise precision and recall against the ground truth, the largest profile, how each
// hazard ended, link throughput, the cost of a withdrawal, and measured memory (RSS and heap).
import { createMemoryStreamStore } from '@aisle/core';
import { record } from '../../../bench/lib';
import {
  createIdentityGraph,
  defaultIdentifierTypes,
  type IdentifierInput,
  type IdentifierType,
  type IdentityGraph,
  loadIdentityGraph,
} from '../src/index';

const PERSONS = Number(process.env.PERSONS ?? 200_000);
const SEED = Number(process.env.SEED ?? 20261130);
const MiB = 1024 * 1024;

let state = SEED >>> 0 || 1;
/** xorshift32: a reproducible population (not security-relevant). */
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

/** A fast keyed stand-in for deid's HMAC pseudonymiser (FNV-1a over type, namespace and value). */
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

/** The population: every identifier's true owner (or -1 for shared and fake ones), and the links a mall would see. */
function generate() {
  const owner = new Map<string, number>();
  const links: Link[] = [];
  const hazards = { kiosks: 0, kioskLinks: 0, blockedLinks: 0, sharedCards: 0, sharedPlates: 0, recycledPhones: 0 };
  const phoneOf = (p: number) => `139${String(10_000_000 + p).slice(-8)}`;
  const key = (id: IdentifierInput) => `${id.type}|${id.namespace ?? ''}|${id.value}`;
  const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString();
  for (let p = 0; p < PERSONS; p++) {
    const member = { type: 'member', value: `M${p}` };
    const phone = { type: 'phone', value: phoneOf(p) };
    const openid = { type: 'wechat-openid', value: `o${p}`, namespace: 'wxmall' };
    owner.set(key(member), p);
    owner.set(key(phone), p);
    owner.set(key(openid), p);
    const t = Math.floor(rand() * 300);
    links.push({ a: member, b: phone, when: day(t), strength: 'sms-code' });
    links.push({ a: openid, b: phone, when: day(t + 1), strength: 'verified-login' });
    if (rand() < 0.5) {
      const cookie = { type: 'cookie', value: `c${p}`, namespace: 'shop' };
      owner.set(key(cookie), p);
      links.push({ a: openid, b: cookie, when: day(t + 2), strength: 'verified-login', marketing: `M${p}` });
    }
    if (rand() < 0.3) {
      const card = { type: 'card', value: `8800${String(p).padStart(8, '0')}` };
      owner.set(key(card), p);
      links.push({ a: member, b: card, when: day(t + 3), strength: 'pos-bind' });
    }
    if (rand() < 0.2) {
      const plate = { type: 'plate', value: `沪A${String(p % 100000).padStart(5, '0')}`.slice(0, 7) };
      // Plates repeat across people in this generator only through the hazard below.
      if (!owner.has(key(plate))) {
        owner.set(key(plate), p);
        links.push({ a: member, b: plate, when: day(t + 4), strength: 'pos-bind' });
      }
    }
  }
  // Hazards. A kiosk tablet used by 200 people; a test phone typed at the till; a family card and a
  // family plate shared by two members; a phone number reissued by the carrier to a new person.
  for (let k = 0; k < Math.max(1, Math.floor(PERSONS / 2000)); k++) {
    const kiosk = { type: 'device', value: `kiosk-${k}`, namespace: 'mall' };
    owner.set(key(kiosk), -1);
    hazards.kiosks++;
    for (let i = 0; i < 200; i++) {
      links.push({ a: kiosk, b: { type: 'member', value: `M${Math.floor(rand() * PERSONS)}` }, when: day(310), strength: 'pos-bind' });
      hazards.kioskLinks++;
    }
  }
  for (let i = 0; i < PERSONS / 1000; i++) {
    links.push({
      a: { type: 'member', value: `M${Math.floor(rand() * PERSONS)}` },
      b: { type: 'phone', value: '13800138000' },
      when: day(311),
      strength: 'pos-bind',
    });
    hazards.blockedLinks++;
  }
  owner.set('phone||13800138000', -1);
  for (let i = 0; i < PERSONS / 200; i++) {
    const a = Math.floor(rand() * PERSONS);
    const b = Math.floor(rand() * PERSONS);
    if (a === b) continue;
    const card = { type: 'card', value: `7700${String(i).padStart(8, '0')}` };
    owner.set(key(card), -1);
    links.push({ a: { type: 'member', value: `M${a}` }, b: card, when: day(312), strength: 'pos-bind' });
    links.push({ a: { type: 'member', value: `M${b}` }, b: card, when: day(313), strength: 'pos-bind' });
    hazards.sharedCards++;
  }
  for (let i = 0; i < PERSONS / 500; i++) {
    const a = Math.floor(rand() * PERSONS);
    const b = Math.floor(rand() * PERSONS);
    if (a === b) continue;
    const plate = { type: 'plate', value: `粤B${String(i).padStart(5, '0')}`.slice(0, 7) };
    owner.set(key(plate), -1);
    links.push({ a: { type: 'member', value: `M${a}` }, b: plate, when: day(314), strength: 'pos-bind' });
    links.push({ a: { type: 'member', value: `M${b}` }, b: plate, when: day(315), strength: 'pos-bind' });
    hazards.sharedPlates++;
  }
  for (let i = 0; i < PERSONS / 500; i++) {
    const old = Math.floor(rand() * PERSONS);
    const newcomer = { type: 'member', value: `N${i}` };
    owner.set(key(newcomer), PERSONS + i);
    // The number now belongs to the newcomer; the old owner's link is older.
    owner.set(key({ type: 'phone', value: phoneOf(old) }), -1);
    links.push({ a: newcomer, b: { type: 'phone', value: phoneOf(old) }, when: day(330), strength: 'sms-code' });
    hazards.recycledPhones++;
  }
  return { owner, links, hazards, key };
}

const noGuards = (): IdentifierType[] =>
  defaultIdentifierTypes().map((t) => ({
    ...t,
    maxPerProfile: Number.MAX_SAFE_INTEGER,
    hubThreshold: Number.MAX_SAFE_INTEGER,
    reassignable: false,
    isBlocked: undefined,
  }));

async function resolve(types: IdentifierType[], population: ReturnType<typeof generate>) {
  const store = createMemoryStreamStore();
  const graph = createIdentityGraph({ types, pseudonymise, store, consent: () => true });
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let n = 0;
  for (const link of population.links) {
    await graph.link({
      a: link.a,
      b: link.b,
      evidence: {
        source: 'bench',
        eventId: `e${n++}`,
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
  }
  const seconds = (performance.now() - started) / 1000;
  global.gc?.();
  return { graph, store, seconds, heapMiB: (process.memoryUsage().heapUsed - heapBefore) / MiB };
}

/** Pairwise precision and recall of the profiles against the true owners (shared and fake identifiers excluded). */
function score(graph: IdentityGraph, population: ReturnType<typeof generate>) {
  const byProfile = new Map<string, Map<number, number>>();
  const truePairs = new Map<number, number>();
  let largest = 0;
  const sizes = new Map<string, number>();
  for (const [id, person] of population.owner) {
    const [type, namespace, value] = id.split('|') as [string, string, string];
    const profile = graph.profileOf(graph.keyOf({ type, value, ...(namespace === '' ? {} : { namespace }) }));
    if (profile !== undefined) {
      const size = (sizes.get(profile) ?? 0) + 1;
      sizes.set(profile, size);
      if (size > largest) largest = size;
    }
    if (person < 0) continue;
    truePairs.set(person, (truePairs.get(person) ?? 0) + 1);
    if (profile === undefined) continue;
    let counts = byProfile.get(profile);
    if (counts === undefined) {
      counts = new Map();
      byProfile.set(profile, counts);
    }
    counts.set(person, (counts.get(person) ?? 0) + 1);
  }
  const pairs = (k: number) => (k * (k - 1)) / 2;
  let tp = 0;
  let predicted = 0;
  for (const counts of byProfile.values()) {
    let total = 0;
    for (const c of counts.values()) {
      tp += pairs(c);
      total += c;
    }
    predicted += pairs(total);
  }
  let actual = 0;
  for (const c of truePairs.values()) actual += pairs(c);
  return { precision: predicted === 0 ? 1 : tp / predicted, recall: actual === 0 ? 1 : tp / actual, largest, profiles: sizes.size };
}

const population = generate();
console.log(
  `identity scale bench: ${PERSONS.toLocaleString()} people, ${population.owner.size.toLocaleString()} identifiers, ${population.links.length.toLocaleString()} links; Node ${process.version}; seed ${SEED}`,
);
console.log(`hazards: ${JSON.stringify(population.hazards)}`);

const rssBefore = process.memoryUsage().rss;
const guarded = await resolve(defaultIdentifierTypes(), population);
const guardedScore = score(guarded.graph, population);
const stats = guarded.graph.stats();
console.log(
  `guards on : ${(population.links.length / guarded.seconds).toFixed(0)} links/s (${guarded.seconds.toFixed(1)} s); precision ${guardedScore.precision.toFixed(5)}, recall ${guardedScore.recall.toFixed(5)}, largest profile ${guardedScore.largest}, profiles ${guardedScore.profiles}; held ${stats.held}, removed ${stats.removed}, hubs ${stats.hubs}; heap +${guarded.heapMiB.toFixed(0)} MiB, RSS +${((process.memoryUsage().rss - rssBefore) / MiB).toFixed(0)} MiB`,
);

if (process.env.ONLY_LINKS === '1') process.exit(0);

// Withdraw 1 % then 10 % of the people's marketing consents: incremental vs a full rebuild.
const people = [...Array(PERSONS).keys()];
let removedTotal = 0;
for (const share of [0.01, 0.1]) {
  const chosen = people.filter(() => rand() < share);
  const untouched = people.filter((_, i) => i % 997 === 0).map((p) => graph_profile(p));
  const started = performance.now();
  let removed = 0;
  for (const p of chosen)
    removed += (await guarded.graph.withdraw({ subjectId: `M${p}`, purposeId: 'marketing.profile', at: '2026-01-01T00:00:00Z' })).removed
      .length;
  const ms = performance.now() - started;
  removedTotal += removed;
  const rebuiltStarted = performance.now();
  const rebuilt = await loadIdentityGraph({ types: defaultIdentifierTypes(), pseudonymise, store: guarded.store, consent: () => true });
  const rebuildSeconds = (performance.now() - rebuiltStarted) / 1000;
  let differences = 0;
  for (const id of population.owner.keys()) {
    const [type, namespace, value] = id.split('|') as [string, string, string];
    const k = guarded.graph.keyOf({ type, value, ...(namespace === '' ? {} : { namespace }) });
    if (rebuilt.profileOf(k) !== guarded.graph.profileOf(k)) differences++;
  }
  const keptIds = untouched.filter(([p, id]) => !chosen.includes(p as number) && graph_profile(p as number)[1] === id).length;
  const eligible = untouched.filter(([p]) => !chosen.includes(p as number)).length;
  console.log(
    `withdraw ${(share * 100).toFixed(0)} % of people (${chosen.length}): ${removed} marketing links removed in ${ms.toFixed(0)} ms (${(ms / Math.max(1, removed)).toFixed(3)} ms per link); full rebuild ${rebuildSeconds.toFixed(1)} s; incremental vs rebuild: ${differences} identifiers differ; unaffected profiles keeping their id: ${keptIds}/${eligible}`,
  );
  record({
    bench: `identity/withdraw ${(share * 100).toFixed(0)} % of marketing consents`,
    subject: 'incremental withdraw',
    baseline: `full rebuild from the store (${differences} identifiers differ)`,
    ratio: (rebuildSeconds * 1000) / ms,
    size: population.owner.size,
    rate: `${(ms / Math.max(1, removed)).toFixed(3)} ms per removed link`,
  });
}
console.log(`removed in all: ${removedTotal}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

function graph_profile(p: number): [number, string | undefined] {
  return [p, guarded.graph.profileOf({ type: 'member', value: `M${p}` })];
}

// The control: the same links with every guard off, to show the blobs the guards prevent.
const open = await resolve(noGuards(), population);
const openScore = score(open.graph, population);
console.log(
  `guards off: precision ${openScore.precision.toFixed(5)}, recall ${openScore.recall.toFixed(5)}, largest profile ${openScore.largest}, profiles ${openScore.profiles} (the control the guards are measured against)`,
);
record({
  bench: 'identity/resolve graph',
  subject: `guards on (precision ${guardedScore.precision.toFixed(4)}, recall ${guardedScore.recall.toFixed(4)})`,
  baseline: `every guard off, the control (precision ${openScore.precision.toFixed(4)})`,
  ratio: open.seconds / guarded.seconds,
  size: population.owner.size,
  rate: `${(population.links.length / guarded.seconds).toFixed(0)} links/s`,
  memory: `heap +${guarded.heapMiB.toFixed(0)} MiB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
});
