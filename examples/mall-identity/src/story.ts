import { createManualClock, createMemoryStreamStore } from '@aisle/core';
import { createMemoryKeyStore, createPseudonymizer, createShredder } from '@aisle/deid';
import {
  calibrate,
  createDeviceTokeniser,
  createIdentityGraph,
  createPresenceCounter,
  createTrajectoryStore,
  defaultIdentifierTypes,
  fromMeraki,
  type IdentifierInput,
  type LinkEvidence,
  publishPresence,
} from '@aisle/identity';
import { AP_OF_ZONE, wifiDay } from './wifi';

const DATE = '2026-11-21';
const APP = 'wx8f3a5e2c1b0d4a97'; // the mall's WeChat mini-program appid
const server = { trusted: true, name: 'member-service' } as const;

/**
 * One member's day at a Shanghai mall, and the mall's Wi-Fi beside its cameras:
 * 1. sign-up in the WeChat mini-program (openid + SMS-verified phone, under the membership contract);
 * 2. a member card bound at the POS;
 * 3. a parking plate linked under a separate marketing consent, plus a trajectory consent;
 * 4. the member withdraws the marketing consent: the plate splits off, trajectories are deleted;
 * 5. a day of Wi-Fi presence counts (identifiers stripped, suppressed) against camera counts.
 */
export async function runMallIdentity(options: { readonly quiet?: boolean } = {}) {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    if (!options.quiet) console.log(line);
  };
  const clock = createManualClock(`${DATE}T10:00:00+08:00`);
  const key = new Uint8Array(32);
  globalThis.crypto.getRandomValues(key); // in production: from the KMS, never in code
  const pseudonymizer = createPseudonymizer({ key, tenant: 'sh-jingan', purpose: 'identity' });

  const granted = new Set<string>();
  const consent = (subject: string, purpose: string) => granted.has(`${subject}/${purpose}`);
  const store = createMemoryStreamStore();
  const graph = createIdentityGraph({
    types: defaultIdentifierTypes(),
    pseudonymise: ({ type, namespace, canonical }) => pseudonymizer.pseudonymizeCanonical(`${type}|${namespace}`, canonical),
    store,
    consent,
    clock,
  });
  const member: IdentifierInput = { type: 'member', value: 'M-20261121-0042' };
  const evidence = (over: Partial<LinkEvidence>): LinkEvidence => ({
    source: 'mini-program',
    eventId: 'e',
    seenAt: clock.now().toISOString(),
    verifiedAt: clock.now().toISOString(),
    strength: 'verified-login',
    basis: { kind: 'contract' },
    purposes: ['loyalty', 'marketing.profile'],
    ...over,
  });

  say('## 1. Sign-up in the WeChat mini-program');
  await graph.link({
    a: member,
    b: { type: 'wechat-openid', namespace: APP, value: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    evidence: evidence({ eventId: 'wx-login-1' }),
    caller: server,
  });
  await graph.link({
    a: member,
    b: { type: 'phone', value: '+86 139 1234 0042' },
    evidence: evidence({ eventId: 'sms-1', strength: 'sms-code' }),
    caller: server,
  });
  const profileId = graph.profileOf(member) as string;
  say(`Profile ${profileId.slice(0, 4)}…: ${graph.profile(profileId)?.length} identifiers (member, openid, phone), none stored raw`);
  const fromClient = await graph
    .link({
      a: member,
      b: { type: 'card', value: '6200000000000042' },
      evidence: evidence({ eventId: 'bind-js' }),
      caller: { trusted: false, name: 'mini-program-js' },
    })
    .catch((error: { code?: string }) => error.code);
  say(`A bind sent from the mini-program's JavaScript: ${String(fromClient)}`);

  say('## 2. Member card bound at the POS');
  clock.set(`${DATE}T11:20:00+08:00`);
  await graph.link({
    a: member,
    b: { type: 'card', value: '6200 0000 0000 0042' },
    evidence: evidence({ source: 'pos:sh-jingan-001', eventId: 'pos-7781', strength: 'pos-bind', purposes: ['loyalty'] }),
    caller: { trusted: true, name: 'pos-backend' },
  });
  say(`Profile now ${graph.profile(profileId)?.length} identifiers`);

  say('## 3. Parking plate, under a separate consent');
  clock.set(`${DATE}T12:05:00+08:00`);
  granted.add('u-0042/marketing.profile');
  granted.add('u-0042/presence.trajectory');
  const basis = { kind: 'consent', purposeId: 'marketing.profile', subjectId: 'u-0042', consentEventId: 'cns-311' } as const;
  await graph.link({
    a: member,
    b: { type: 'plate', value: '沪A·D12345' },
    evidence: evidence({ source: 'parking:lpr-b2', eventId: 'lpr-5521', strength: 'reviewed', basis, purposes: ['marketing.profile'] }),
    caller: { trusted: true, name: 'parking-backend' },
  });
  // The parking app knows the plate through its own account (a cookie in the app's namespace).
  await graph.link({
    a: { type: 'cookie', namespace: 'parking-app', value: 'pk-7f3c9a1e' },
    b: { type: 'plate', value: '沪A·D12345' },
    evidence: evidence({ source: 'parking:app', eventId: 'pk-reg-88', strength: 'verified-login', purposes: ['parking'] }),
    caller: { trusted: true, name: 'parking-backend' },
  });
  const at = clock.now().toISOString();
  const marketing = graph.partition({ purpose: 'marketing.profile', at }).filter((p) => p.profileId === profileId);
  const loyalty = graph.partition({ purpose: 'loyalty', at }).filter((p) => p.profileId === profileId);
  say(
    `Profile ${graph.profile(profileId)?.length} identifiers; marketing view ${marketing[0]?.identifiers.length} (with the plate), loyalty view ${loyalty[0]?.identifiers.length} (with the card)`,
  );

  // Trajectories live on the same stream store, each point sealed under the member's own key
  // (crypto-shredding: withdrawal destroys the key). The KEK comes from a KMS in production.
  const trajectories = createTrajectoryStore({
    graph,
    consent,
    store,
    sealer: createShredder({ kek: new Uint8Array(32).fill(0x5a), store: createMemoryKeyStore() }),
    clock,
  });
  for (const [zone, time] of [
    ['atrium', '12:10'],
    ['food-court', '12:40'],
    ['cinema', '14:00'],
  ] as const) {
    clock.set(`${DATE}T${time}:00+08:00`);
    await trajectories.record({ member, subjectId: 'u-0042', site: 'sh-jingan-001', zone, at: Date.parse(`${DATE}T${time}:00+08:00`) });
  }
  say(
    `Trajectory (consented, from mini-program check-ins): ${(
      await trajectories.trajectory({ subjectId: 'u-0042', at: clock.now().toISOString() })
    )
      .map((p) => p.zone)
      .join(' → ')}`,
  );

  say('## 4. The member withdraws the marketing consent');
  clock.set(`${DATE}T16:30:00+08:00`);
  granted.delete('u-0042/marketing.profile');
  granted.delete('u-0042/presence.trajectory');
  const withdrawn = await graph.withdraw({ subjectId: 'u-0042', purposeId: 'marketing.profile', at: clock.now().toISOString() });
  const deleted = await trajectories.withdraw('u-0042');
  const part = withdrawn.split[0];
  say(
    `Links removed: ${withdrawn.removed.length}; parts split off: ${withdrawn.split.length} (plate + parking account, ${part?.identifiers.length} identifiers, new id from the old: ${part?.from === profileId}); member keeps its id: ${graph.profileOf(member) === profileId}; profile now ${graph.profile(profileId)?.length} identifiers`,
  );
  say(
    `Trajectory points deleted: ${deleted}; left: ${(await trajectories.trajectory({ subjectId: 'u-0042', at: clock.now().toISOString() })).length}`,
  );

  say('## 5. A day of Wi-Fi counts beside camera counts');
  const day = wifiDay({ date: DATE });
  const tokens = createDeviceTokeniser();
  const zoneOf = new Map([...AP_OF_ZONE].map(([zone, ap]) => [ap, zone]));
  const wifiClock = createManualClock(`${DATE}T10:00:00+08:00`);
  const counter = createPresenceCounter({ clock: wifiClock });
  const dropped = new Map<string, number>();
  let randomised = 0;
  for (const post of day.posts) {
    wifiClock.set(`${DATE}T${String(post.hour).padStart(2, '0')}:59:59+08:00`);
    const batch = fromMeraki(post.payload, {
      site: 'sh-jingan-001',
      tokens,
      zoneOf: (h) => zoneOf.get(h.apMac ?? ''),
      secret: 'mall-secret',
    });
    for (const [field, n] of batch.dropped) dropped.set(field, (dropped.get(field) ?? 0) + n);
    randomised += batch.randomised;
    counter.ingest(batch);
  }
  say(`Dropped at ingestion: ${[...dropped].map(([f, n]) => `${f} ${n}`).join(', ')}; randomised sightings flagged: ${randomised}`);
  const counts = counter.counts();
  const hourOf = (start: number) => new Date(start + 8 * 3_600_000).toISOString().slice(0, 13);
  const published = publishPresence(counts);
  for (const w of published.filter((p) => [10, 11, 19].includes(new Date(p.start + 8 * 3_600_000).getUTCHours()))) {
    say(`${hourOf(w.start).slice(11)}:00  ${w.zones.map((z) => `${z.zone} ${z.presence ?? '—'}`).join('  ')}  total ${w.total ?? '—'}`);
  }
  const report = calibrate({ wifi: counts.map((c) => ({ zone: c.zone, hour: hourOf(c.start), count: c.presence })), camera: day.camera });
  for (const z of report.zones)
    say(`Calibration ${z.zone}: ${z.wifi} devices / ${z.camera} people over ${z.hours} h = ${z.ratio?.toFixed(2)} devices per person`);
  const output = JSON.stringify({ counts, published, report });
  const leaked = day.macs.some((mac) => output.includes(mac) || output.includes(mac.replaceAll(':', '')));
  say(`Device addresses in the published output: ${leaked ? 'FOUND' : 'none'}`);
  return { lines, leaked, profileId, withdrawn, deleted, counts, published, report };
}
