import { type AisleError, createMemoryStreamStore, type StreamStore } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  createIdentityGraph,
  defaultIdentifierTypes,
  type IdentifierInput,
  IdentityErrorCode,
  type LinkEvidence,
  loadIdentityGraph,
} from '../src/index';
import { pseudonymise } from './fixtures';

const server = { trusted: true, name: 'crm' } as const;
const member = (value: string): IdentifierInput => ({ type: 'member', value });
const phone = (value: string): IdentifierInput => ({ type: 'phone', value });
const card = (value: string): IdentifierInput => ({ type: 'card', value });
const device = (value: string): IdentifierInput => ({ type: 'device', value, namespace: 'mall-sh' });
const unionid = (platform: string, value: string): IdentifierInput => ({ type: 'wechat-unionid', value, namespace: platform });
const openid = (app: string, value: string): IdentifierInput => ({ type: 'wechat-openid', value, namespace: app });

let n = 0;
const evidence = (overrides: Partial<LinkEvidence> = {}): LinkEvidence => ({
  source: 'pos:sh-001',
  eventId: `evt-${n++}`,
  seenAt: '2026-03-01T10:00:00+08:00',
  verifiedAt: '2026-03-01T10:00:00+08:00',
  strength: 'pos-bind',
  basis: { kind: 'contract' },
  purposes: ['loyalty', 'marketing'],
  ...overrides,
});

function setup(store: StreamStore = createMemoryStreamStore(), consent?: (s: string, p: string, at: string) => boolean) {
  const graph = createIdentityGraph({
    types: defaultIdentifierTypes(),
    pseudonymise,
    store,
    ...(consent === undefined ? {} : { consent }),
  });
  return { graph, store };
}

describe('createIdentityGraph', () => {
  it('links identifiers into one profile with a minted id and stores no raw value', async () => {
    const { graph, store } = setup();
    const first = await graph.link({ a: member('M-1001'), b: phone('+86 139-1234-0001'), evidence: evidence(), caller: server });
    expect(first.status).toBe('linked');
    const second = await graph.link({
      a: phone('13912340001'),
      b: openid('wxapp', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'),
      evidence: evidence(),
      caller: server,
    });
    expect(second.status === 'linked' && second.profileId).toBe(first.status === 'linked' && first.profileId);
    const profileId = graph.profileOf(member('M-1001')) as string;
    expect(profileId).toMatch(/^prf_/);
    expect(profileId).not.toContain('1001');
    expect(graph.profile(profileId)).toHaveLength(3);
    const everything = JSON.stringify((await store.feed({ limit: 1000 })).entries);
    expect(everything).not.toContain('13912340001');
    expect(everything).not.toContain('oUpF8uMuAJO');
    expect(graph.keyOf(phone('139 1234 0001'))).toBe(graph.keyOf(phone('+8613912340001')));
  });

  it('rejects unknown types, missing namespaces and values that do not canonicalise', async () => {
    const { graph } = setup();
    const code = async (a: IdentifierInput) =>
      graph.link({ a, b: member('M-1'), evidence: evidence(), caller: server }).catch((e: unknown) => (e as AisleError).code);
    expect(await code({ type: 'fax', value: '1' })).toBe(IdentityErrorCode.UNKNOWN_TYPE);
    expect(await code({ type: 'constructor', value: '1' })).toBe(IdentityErrorCode.UNKNOWN_TYPE);
    expect(await code({ type: 'wechat-openid', value: 'o1' })).toBe(IdentityErrorCode.INVALID_IDENTIFIER);
    expect(await code(phone('12345'))).toBe(IdentityErrorCode.INVALID_IDENTIFIER);
    expect(await code(phone('x'.repeat(10_000)))).toBe(IdentityErrorCode.INVALID_IDENTIFIER);
    await expect(
      graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: { ...evidence(), strength: 'inferred' as never }, caller: server }),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.INVALID_EVIDENCE,
    });
    await expect(
      graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: evidence({ purposes: [] }), caller: server }),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.INVALID_EVIDENCE,
    });
    await expect(
      graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: evidence({ seenAt: '2026-03-01 10:00' }), caller: server }),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.INVALID_EVIDENCE,
    });
    expect(graph.stats().active).toBe(0);
  });

  it('refuses a bind from an untrusted caller', async () => {
    const { graph } = setup();
    await expect(
      graph.link({
        a: member('M-1'),
        b: phone('13912340001'),
        evidence: evidence(),
        caller: { trusted: false, name: 'mini-program client' },
      }),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.UNTRUSTED_CALLER,
    });
    expect(graph.profileOf(member('M-1'))).toBeUndefined();
  });
});

describe('guards (named hazards)', () => {
  it('a kiosk device seen with 5,000 members does not merge them', async () => {
    const { graph } = setup();
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const result = await graph.link({ a: device('kiosk-7'), b: member(`M-${i}`), evidence: evidence(), caller: server });
      outcomes.set(
        result.status === 'held' ? `held:${result.reason}` : result.status,
        (outcomes.get(result.status === 'held' ? `held:${result.reason}` : result.status) ?? 0) + 1,
      );
    }
    expect(graph.isQuarantined(device('kiosk-7'))).toBe(true);
    const profiles = new Set(Array.from({ length: 5000 }, (_, i) => graph.profileOf(member(`M-${i}`))).filter((p) => p !== undefined));
    for (const id of profiles) expect(graph.profile(id)?.filter((k) => k.startsWith('member|')).length).toBeLessThanOrEqual(1);
    expect(graph.profileOf(device('kiosk-7'))).toBeUndefined();
    expect(outcomes.get('held:hub')).toBeGreaterThan(4990);
  });

  it('a blocked test phone never links', async () => {
    const { graph } = setup();
    for (const value of ['13800138000', '13333333333']) {
      const result = await graph.link({ a: member('M-1'), b: phone(value), evidence: evidence(), caller: server });
      expect(result).toMatchObject({ status: 'held', reason: 'blocked' });
    }
    expect(graph.profileOf(phone('13800138000'))).toBeUndefined();
    const zeros = await graph.link({ a: member('M-1'), b: device('00:00:00:00:00:00'), evidence: evidence(), caller: server });
    expect(zeros).toMatchObject({ status: 'held', reason: 'blocked' });
  });

  it('a recycled phone number never joins the old and the new owner', async () => {
    const { graph } = setup();
    await graph.link({
      a: member('M-old'),
      b: phone('13912340001'),
      evidence: evidence({ seenAt: '2023-01-05T10:00:00Z', verifiedAt: '2023-01-05T10:00:00Z', strength: 'sms-code' }),
      caller: server,
    });
    const result = await graph.link({
      a: member('M-new'),
      b: phone('13912340001'),
      evidence: evidence({ seenAt: '2026-02-01T10:00:00Z', verifiedAt: '2026-02-01T10:00:00Z', strength: 'sms-code' }),
      caller: server,
    });
    expect(result.status).toBe('linked');
    expect(result.status === 'linked' && result.superseded).toHaveLength(1);
    expect(graph.profileOf(member('M-old'))).not.toBe(graph.profileOf(member('M-new')));
    expect(graph.profileOf(phone('13912340001'))).toBe(graph.profileOf(member('M-new')));
    for (const purpose of ['loyalty', 'marketing']) {
      for (const at of ['2023-06-01T00:00:00Z', '2026-03-01T00:00:00Z']) {
        const together = graph
          .partition({ purpose, at })
          .some((p) => p.identifiers.includes(graph.keyOf(member('M-old'))) && p.identifiers.includes(graph.keyOf(member('M-new'))));
        expect(together).toBe(false);
      }
    }
  });

  it('an older or unverified claim on a phone does not take it over', async () => {
    const { graph } = setup();
    await graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: evidence({ strength: 'sms-code' }), caller: server });
    const bind = await graph.link({
      a: member('M-2'),
      b: phone('13912340001'),
      evidence: evidence({ strength: 'pos-bind', seenAt: '2026-05-01T00:00:00Z', verifiedAt: '2026-05-01T00:00:00Z' }),
      caller: server,
    });
    expect(bind).toMatchObject({ status: 'held', reason: 'accounts-conflict' });
    expect(graph.profileOf(phone('13912340001'))).toBe(graph.profileOf(member('M-1')));
  });

  it('a shared family card or plate keeps two member accounts apart', async () => {
    const { graph } = setup();
    await graph.link({ a: member('M-mum'), b: card('8800 1234 5678'), evidence: evidence(), caller: server });
    const second = await graph.link({ a: member('M-son'), b: card('880012345678'), evidence: evidence(), caller: server });
    expect(second).toMatchObject({ status: 'held', reason: 'accounts-conflict' });
    await graph.link({ a: member('M-mum'), b: { type: 'plate', value: '沪A·12345' }, evidence: evidence(), caller: server });
    const plate = await graph.link({ a: member('M-son'), b: { type: 'plate', value: '沪A12345' }, evidence: evidence(), caller: server });
    expect(plate).toMatchObject({ status: 'held', reason: 'accounts-conflict' });
    expect(graph.profileOf(member('M-mum'))).not.toBe(graph.profileOf(member('M-son')));
  });

  it('two WeChat open-platform accounts never link', async () => {
    const { graph } = setup();
    // The same unionid text under two open-platform accounts is two identifiers.
    expect(graph.keyOf(unionid('platform-a', 'o6_bmasdasdsad6_2sgVt7hMZOPfL'))).not.toBe(
      graph.keyOf(unionid('platform-b', 'o6_bmasdasdsad6_2sgVt7hMZOPfL')),
    );
    await graph.link({ a: member('M-1'), b: unionid('platform-a', 'u-1'), evidence: evidence(), caller: server });
    const other = await graph.link({ a: member('M-1'), b: unionid('platform-b', 'u-2'), evidence: evidence(), caller: server });
    expect(other).toMatchObject({ status: 'held', reason: 'accounts-conflict' });
  });

  it('two member accounts are never merged silently, whatever path joins them', async () => {
    const { graph } = setup();
    await graph.link({ a: member('M-1'), b: openid('app', 'o-1'), evidence: evidence(), caller: server });
    await graph.link({ a: member('M-2'), b: { type: 'email', value: 'x@example.com' }, evidence: evidence(), caller: server });
    const bridge = await graph.link({
      a: openid('app', 'o-1'),
      b: { type: 'email', value: 'X@Example.com ' },
      evidence: evidence(),
      caller: server,
    });
    expect(bridge).toMatchObject({ status: 'held', reason: 'accounts-conflict' });
  });
});

describe('splits', () => {
  it('splitting off the member account keeps its id; the rest gets a new id recording where it came from', async () => {
    const { graph } = setup();
    const first = await graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: evidence(), caller: server });
    await graph.link({ a: phone('13912340001'), b: openid('app', 'o-1'), evidence: evidence(), caller: server });
    const profileId = graph.profileOf(member('M-1')) as string;
    const parts = await graph.unlink(first.linkId, { reason: 'removed', at: '2026-04-01T00:00:00Z' });
    expect(graph.profileOf(member('M-1'))).toBe(profileId);
    expect(graph.profile(profileId)).toEqual([graph.keyOf(member('M-1'))]);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.from).toBe(profileId);
    expect(parts[0]?.profileId).not.toBe(profileId);
    expect(graph.profileOf(openid('app', 'o-1'))).toBe(parts[0]?.profileId);
  });

  it('withdrawing a consent removes every link relying on it, splits the profile, and a replayed event cannot bring it back', async () => {
    const consent = new Set(['u-1/marketing.profile']);
    const { graph, store } = setup(createMemoryStreamStore(), (s, p) => consent.has(`${s}/${p}`));
    const basis = { kind: 'consent', purposeId: 'marketing.profile', subjectId: 'u-1', consentEventId: 'c-9' } as const;
    await graph.link({ a: member('M-1'), b: openid('app', 'o-1'), evidence: evidence({ purposes: ['loyalty'] }), caller: server });
    const cookieEvidence = evidence({ basis, purposes: ['marketing'] });
    const cookieLink = await graph.link({
      a: openid('app', 'o-1'),
      b: { type: 'cookie', value: 'ck-1', namespace: 'shop' },
      evidence: cookieEvidence,
      caller: server,
    });
    const at = '2026-03-02T00:00:00Z';
    expect(graph.partition({ purpose: 'marketing', at }).find((p) => p.identifiers.length === 2)).toBeDefined();
    consent.delete('u-1/marketing.profile');
    const withdrawn = await graph.withdraw({ subjectId: 'u-1', purposeId: 'marketing.profile', at });
    expect(withdrawn.removed).toEqual([cookieLink.linkId]);
    expect(graph.profileOf({ type: 'cookie', value: 'ck-1', namespace: 'shop' })).toBeUndefined();
    expect(graph.linkState(cookieLink.linkId)).toEqual({ state: 'removed', reason: 'consent-withdrawn' });
    const replay = await graph.link({
      a: openid('app', 'o-1'),
      b: { type: 'cookie', value: 'ck-1', namespace: 'shop' },
      evidence: cookieEvidence,
      caller: server,
    });
    expect(replay).toEqual({ status: 'tombstoned', linkId: cookieLink.linkId });
    const rebuilt = await loadIdentityGraph({ types: defaultIdentifierTypes(), pseudonymise, store });
    expect(
      await rebuilt.link({
        a: openid('app', 'o-1'),
        b: { type: 'cookie', value: 'ck-1', namespace: 'shop' },
        evidence: cookieEvidence,
        caller: server,
      }),
    ).toEqual({
      status: 'tombstoned',
      linkId: cookieLink.linkId,
    });
  });
});

describe('partition per purpose and instant', () => {
  it('groups only with links valid for the purpose, unexpired, and with consent standing (fail closed)', async () => {
    let gate: (s: string, p: string, at: string) => boolean = () => true;
    const { graph } = setup(createMemoryStreamStore(), (s, p, at) => gate(s, p, at));
    await graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: evidence({ purposes: ['loyalty'] }), caller: server });
    await graph.link({
      a: member('M-1'),
      b: { type: 'email', value: 'a@example.com' },
      evidence: evidence({
        purposes: ['marketing'],
        basis: { kind: 'consent', purposeId: 'marketing.email', subjectId: 'M-1', consentEventId: 'c-1' },
      }),
      caller: server,
    });
    const size = (purpose: string, at: string) =>
      graph.partition({ purpose, at }).find((p) => p.part === 0 && p.identifiers.includes(graph.keyOf(member('M-1'))))?.identifiers.length;
    expect(size('loyalty', '2026-06-01T00:00:00Z')).toBe(2);
    expect(size('marketing', '2026-06-01T00:00:00Z')).toBe(2);
    // The phone link expires 365 days after verification (carriers reissue numbers).
    expect(size('loyalty', '2027-03-02T00:00:00Z')).toBe(1);
    gate = () => false;
    expect(size('marketing', '2026-06-01T00:00:00Z')).toBe(1);
    gate = () => {
      throw new Error('consent service down');
    };
    expect(size('marketing', '2026-06-01T00:00:00Z')).toBe(1);
    expect(size('loyalty', '2026-02-01T00:00:00Z')).toBe(1); // before the link was seen
    const noGate = setup().graph;
    await noGate.link({
      a: member('M-1'),
      b: { type: 'email', value: 'a@example.com' },
      evidence: evidence({
        purposes: ['marketing'],
        basis: { kind: 'consent', purposeId: 'marketing.email', subjectId: 'M-1', consentEventId: 'c-1' },
      }),
      caller: server,
    });
    expect(noGate.partition({ purpose: 'marketing', at: '2026-06-01T00:00:00Z' }).every((p) => p.identifiers.length === 1)).toBe(true);
  });

  it('explains a match with the chain of links and their evidence', async () => {
    const { graph } = setup();
    const e1 = evidence({ source: 'mini-program', strength: 'sms-code' });
    const e2 = evidence({ source: 'pos:sh-002' });
    await graph.link({ a: member('M-1'), b: phone('13912340001'), evidence: e1, caller: server });
    await graph.link({ a: phone('13912340001'), b: openid('app', 'o-1'), evidence: e2, caller: server });
    const chain = graph.explain(member('M-1'), openid('app', 'o-1'), { purpose: 'loyalty', at: '2026-06-01T00:00:00Z' });
    expect(chain?.map((l) => l.evidence.source)).toEqual(['mini-program', 'pos:sh-002']);
    expect(chain?.[0]?.from).toBe(graph.keyOf(member('M-1')));
    expect(graph.explain(member('M-1'), openid('app', 'o-1'), { purpose: 'analytics', at: '2026-06-01T00:00:00Z' })).toBeUndefined();
  });
});
