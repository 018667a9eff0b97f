import {
  type ConsentEvent,
  createMemoryConsentStore,
  createUnsubscribeToken,
  decide,
  dueErasures,
  listUnsubscribeHeaders,
  planErasureCampaign,
  runErasureCampaign,
  shouldAsk,
  smsReplyWithdrawal,
  toKantaraReceipt,
  validateConsentFlow,
  verifyErasureCampaign,
  verifyUnsubscribeToken,
} from '@aisle/consent';
import {
  type ConsentFlowController,
  type ConsentFlowResult,
  createConsentFlow,
  type GuardianRelationship,
  verifyConsentEvidence,
} from '@aisle/consent/flow';
import { AisleError, createManualClock, defineId } from '@aisle/core';
import { notice } from './notice';

const EventId = defineId('ce');
const STAFF = 'S-014';
/** Where customers withdraw, shown on the last sign-up screen. */
export const WITHDRAW_PATH = { 'zh-CN': '会员中心 > 隐私 > 撤回同意', en: 'Member centre > Privacy > Withdraw consent' };

/**
 * A staff-assisted sign-up at the Jing'an kiosk through the consent-flow controller (the screens
 * `<aisle-consent kiosk>` shows, see `screen.ts`): an adult, then a 12-year-old whose mother
 * chooses for him; a withdrawal; then face check-in is shut down and its data erased in a
 * campaign. Returns what it printed and the facts the test checks.
 */
export async function runKiosk(options: { quiet?: boolean } = {}) {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    if (!options.quiet) console.log(line);
  };
  const clock = createManualClock('2026-11-21T10:00:00+08:00');
  const { catalogue } = notice;
  const ref = { version: notice.version, hash: notice.contentHash };
  const store = createMemoryConsentStore({ catalogue });

  say(`## Kiosk sign-up — notice v${notice.version}, hash ${notice.contentHash.slice(0, 12)}…`);

  // 1. The form the kiosk shows is checked before it goes live.
  const draft = validateConsentFlow({
    catalogue,
    flow: { items: [{ purposeId: 'marketing.sms', preTicked: true, required: true, separate: false }] },
  });
  say(`Draft form rejected: ${draft.map((v) => `${v.code} (${v.clause})`).join('; ')}`);
  const form = {
    items: [
      { purposeId: 'membership', preTicked: true, required: true, separate: false },
      { purposeId: 'marketing.sms', preTicked: false, required: false, separate: false },
      { purposeId: 'marketing.email', preTicked: false, required: false, separate: false },
      { purposeId: 'face.check-in', preTicked: false, required: false, separate: true },
      { purposeId: 'kids-club', preTicked: false, required: false, separate: true },
    ],
    withdrawal: { path: '会员中心 > 隐私 > 撤回同意 / Member centre > Privacy > Withdraw', steps: 2 },
    consentSteps: 2,
  };
  say(`Live form violations: ${validateConsentFlow({ catalogue, flow: form }).length}`);

  // 2. An adult at the kiosk, helped by staff: the controller builds the screens; she ticks SMS,
  //    leaves email unticked and accepts face check-in on its own screen.
  const adult = 'psn_7f3c';
  const now = () => clock.now();
  const flowFor = async (subjectId: string, facts: { birthDate: string }, kind: 'sign-up' | 'withdraw' = 'sign-up') =>
    createConsentFlow({
      kind,
      notice,
      subjectId,
      consent: await store.subject(subjectId),
      facts,
      zone: 'Asia/Shanghai',
      channel: 'kiosk',
      locale: 'zh-CN',
      actor: { kind: 'staff-assisted', staffId: STAFF },
      clock,
      withdrawal: { path: WITHDRAW_PATH },
    });
  const adultFacts = { birthDate: '1988-03-14' };
  const signUp = await flowFor(adult, adultFacts);
  say(`Adult screens: ${signUp.steps.map((s) => s.id).join(' > ')}`);
  const given = walk(signUp, { 'marketing.sms': true, 'marketing.email': false, 'face.check-in': true });
  for (const event of given.events) await store.append(event);
  say(`Adult events: ${given.events.map((e) => `${e.type} ${e.purposes.join('+')} (${e.consentType})`).join('; ')}`);
  say(
    `Evidence ${given.evidenceHash.slice(0, 12)}…: ${given.evidence.shown.length} screens shown, verified: ${verifyConsentEvidence({ evidence: given.evidence, events: given.events }).ok ? 'yes' : 'NO'}`,
  );
  const face = (await store.subject(adult))?.purposes.get('face.check-in')?.event as ConsentEvent;
  const decision = async (subjectId: string, purposeId: string, facts: { birthDate: string }) =>
    decide({ catalogue, purposeId, at: now(), consent: await store.subject(subjectId), facts, zone: 'Asia/Shanghai' });
  for (const purposeId of ['membership', 'marketing.sms', 'marketing.email', 'face.check-in']) {
    const d = await decision(adult, purposeId, adultFacts);
    say(`Adult ${purposeId}: ${d.allowed ? 'allowed' : 'denied'} (${d.state})`);
  }

  // 3. A 12-year-old: the guardian screen comes first; his mother chooses for him.
  clock.advance(5 * 60_000);
  const child = 'psn_91ab';
  const childFacts = { birthDate: '2014-05-01' };
  const ask = shouldAsk({ catalogue, purposeId: 'kids-club', at: now(), consent: await store.subject(child), facts: childFacts });
  say(`Ask about kids-club: ${ask.ask ? 'yes' : 'no'}, separately: ${ask.how.separate}, guardian: ${ask.how.guardian}`);
  const childFlow = await flowFor(child, childFacts);
  say(`Child screens: ${childFlow.steps.map((s) => s.id).join(' > ')}`);
  const forChild = walk(childFlow, { 'kids-club': true, 'face.check-in': false }, 'mother');
  for (const event of forChild.events) await store.append(event);
  const actor = forChild.events[0]?.actor;
  say(
    `Child events by ${actor?.kind === 'guardian' ? `${actor.relationship} (staff ${actor.staffId})` : actor?.kind}: ${forChild.events.map((e) => `${e.type} ${e.purposes.join('+')}`).join('; ')}`,
  );
  const withMother = await decision(child, 'kids-club', childFacts);
  say(`Child kids-club: ${withMother.allowed ? 'allowed' : 'denied'} (${withMother.state})`);
  const sms = await decision(child, 'marketing.sms', childFacts);
  say(`Child marketing.sms: ${sms.allowed ? 'allowed' : 'denied'} (${sms.state})`);

  // 4. A receipt for the adult; a one-click email unsubscribe link; an SMS reply "TD".
  const receipt = toKantaraReceipt({
    event: face,
    catalogue,
    controller: {
      name: 'Aisle Mall Ltd',
      contact: 'DPO',
      address: "1 West Nanjing Road, Jing'an, Shanghai",
      email: 'dpo@mall.example',
      phone: '+86 21 5555 0000',
    },
    policyUrl: 'https://mall.example/privacy/v1',
    service: 'Membership',
  });
  say(`Receipt ${receipt.version}: sensitive ${receipt.sensitive}, categories ${(receipt.spiCat as string[]).join(', ')}`);
  const key = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 255); // a real deployment loads a random key from its KMS
  const token = createUnsubscribeToken({
    key,
    channel: 'email',
    subjectId: adult,
    purposeId: 'marketing.email',
    expiresAt: '2026-12-21T00:00:00+08:00',
  });
  const headers = listUnsubscribeHeaders({ url: `https://mall.example/unsubscribe?t=${token}` });
  say(`Email headers: List-Unsubscribe-Post: ${headers['List-Unsubscribe-Post']}`);
  try {
    verifyUnsubscribeToken({ key, token, channel: 'sms', subjectId: adult, purposeId: 'marketing.email', at: now() });
  } catch (error) {
    say(`Email token presented by SMS: ${AisleError.isInstance(error) ? error.code : 'error'}`);
  }
  clock.advance(60 * 60_000);
  const reply = smsReplyWithdrawal({
    text: 'TD',
    id: EventId.generate({ clock }),
    subjectId: adult,
    purposes: ['marketing.sms'],
    at: now(),
    notice: ref,
  });
  if (reply !== undefined) await store.append(reply);
  const afterReply = await decision(adult, 'marketing.sms', adultFacts);
  say(`Adult replied "TD": marketing.sms ${afterReply.allowed ? 'allowed' : 'denied'} (${afterReply.state})`);

  // 5. The adult withdraws face check-in at the kiosk: one screen, as short as giving.
  clock.advance(60_000);
  const withdraw = await flowFor(adult, adultFacts, 'withdraw');
  withdraw.choose('face.check-in', true);
  const withdrawn = withdraw.finish();
  for (const event of withdrawn.events) await store.append(event);
  say(
    `Withdrawal: ${withdraw.steps.length} screen (sign-up took ${signUp.steps.length}); face.check-in ${(await decision(adult, 'face.check-in', adultFacts)).state}`,
  );

  // 6. What must be erased now, and the evidence log.
  const tasks = dueErasures({
    catalogue,
    subjects: [...(await store.subjects([adult, child])).values()],
    at: now(),
  });
  for (const task of tasks)
    say(
      `Erasure: ${task.subjectId} ${task.purposeId} -> ${task.action} ${task.categories.join(', ')} (kept: ${Object.keys(task.kept).join(', ') || 'none'})`,
    );

  // 7. The mall shuts face check-in down: stop, tell everyone (public notice), then erase.
  const plan = planErasureCampaign({
    id: 'shutdown-face-check-in',
    catalogue,
    purposeIds: ['face.check-in'],
    stoppedAt: '2026-12-01T00:00:00+08:00',
    notification: { kind: 'public-notice', at: '2026-12-01T09:00:00+08:00', reference: 'https://mall.example/notices/face-check-in-ends' },
    eraseFrom: '2026-12-31T00:00:00+08:00',
    zone: 'Asia/Shanghai',
  });
  // The listing port: the store's subject ids, a page at a time, after the campaign's cursor.
  const listing = (after: string | null) => store.subjectIds({ after: after ?? undefined, limit: 100 });
  const erased: string[] = [];
  const campaign = await runErasureCampaign({
    plan,
    catalogue,
    at: '2026-12-31T02:00:00+08:00',
    subjects: listing,
    consent: (id) => store.subject(id),
    erase: (task) => {
      erased.push(`${task.subjectId}:${task.action}:${task.categories.join('+')}`);
    },
  });
  const proof =
    campaign.record === undefined ? undefined : await verifyErasureCampaign({ plan, record: campaign.record, subjects: listing });
  say(
    `Shutdown campaign: ${campaign.record?.subjects} subjects, ${erased.join(', ')}; record ${campaign.record?.recordHash.slice(0, 12)}… verified: ${proof?.ok ? 'yes' : 'NO'}`,
  );
  return { ...(await finish()), draftViolations: draft.length, child: { withMother: withMother.allowed }, erasures: tasks.length, lines };

  async function finish() {
    const verified = await store.verify();
    say(`Consent log: ${verified.entries} events in ${verified.streams} subject streams, verified: ${verified.ok ? 'yes' : 'NO'}`);
    return { events: verified.entries, store };
  }
}

/** Drives a flow as the kiosk screen would: answers per purpose (unlisted: no), a guardian's relationship. */
export function walk(
  flow: ConsentFlowController,
  answers: Readonly<Record<string, boolean>>,
  guardian?: GuardianRelationship,
): ConsentFlowResult {
  for (;;) {
    const state = flow.getState();
    if (state.step.kind === 'guardian' && guardian !== undefined) flow.setGuardian(guardian, true);
    for (const choice of state.step.choices) flow.choose(choice.purposeId, answers[choice.purposeId] === true);
    if (state.last) return flow.finish();
    flow.next();
  }
}
