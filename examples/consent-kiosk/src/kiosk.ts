import {
  type ConsentEvent,
  createMemoryConsentStore,
  createUnsubscribeToken,
  decide,
  dueErasures,
  listUnsubscribeHeaders,
  shouldAsk,
  smsReplyWithdrawal,
  toKantaraReceipt,
  validateConsentFlow,
  verifyUnsubscribeToken,
} from '@aisle/consent';
import { AisleError, createManualClock, defineId } from '@aisle/core';
import { notice } from './notice';

const EventId = defineId('ce');
const STAFF = 'S-014';

/**
 * A staff-assisted sign-up at the Jing'an kiosk: an adult, then a 12-year-old whose mother
 * consents for him. Returns what it printed and the facts the test checks.
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
  // Events go to one hash-chained stream per subject; swap in a database-backed stream store
  // (createConsentStore({ store, catalogue })) to keep them.
  const store = createMemoryConsentStore({ catalogue });
  const record = (fields: Omit<ConsentEvent, 'id' | 'notice' | 'channel' | 'locale' | 'at'>) =>
    store.append({
      id: EventId.generate({ clock }),
      notice: ref,
      channel: 'kiosk',
      locale: 'zh-CN',
      at: clock.now().toISOString(),
      ...fields,
    });

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

  // 2. An adult, helped by staff: SMS and email together, face check-in separately.
  const adult = 'psn_7f3c';
  const assisted = { kind: 'staff-assisted', staffId: STAFF } as const;
  await record({
    type: 'given',
    subjectId: adult,
    purposes: ['marketing.sms', 'marketing.email'],
    consentType: 'general',
    actor: assisted,
  });
  clock.advance(60_000);
  const face = await record({
    type: 'given',
    subjectId: adult,
    purposes: ['face.check-in'],
    consentType: 'separate',
    actor: assisted,
    expiresAt: '2027-11-21T10:01:00+08:00',
  });
  const now = () => clock.now();
  // One indexed read per subject (its snapshot), then a pure, synchronous decision.
  const decision = async (subjectId: string, purposeId: string, facts?: { birthDate: string }) =>
    decide({ catalogue, purposeId, at: now(), consent: await store.subject(subjectId), facts });
  for (const purposeId of ['membership', 'marketing.sms', 'face.check-in']) {
    const d = await decision(adult, purposeId);
    say(`Adult ${purposeId}: ${d.allowed ? 'allowed' : 'denied'} (${d.state})`);
  }

  // 3. A 12-year-old: his own tap is not enough; his mother consents, staff assisting.
  clock.advance(5 * 60_000);
  const child = 'psn_91ab';
  const facts = { birthDate: '2014-05-01' };
  await record({ type: 'given', subjectId: child, purposes: ['kids-club'], consentType: 'separate', actor: { kind: 'self' } });
  const alone = await decision(child, 'kids-club', facts);
  say(`Child kids-club after his own tap: ${alone.allowed ? 'allowed' : 'denied'} (${alone.state})`);
  const ask = shouldAsk({ catalogue, purposeId: 'kids-club', at: now(), consent: await store.subject(child), facts });
  say(`Ask again: ${ask.ask ? 'yes' : 'no'}, separately: ${ask.how.separate}, guardian: ${ask.how.guardian}`);
  clock.advance(2 * 60_000);
  await record({
    type: 'given',
    subjectId: child,
    purposes: ['kids-club'],
    consentType: 'guardian',
    actor: { kind: 'guardian', relationship: 'mother', staffId: STAFF },
  });
  const withMother = await decision(child, 'kids-club', facts);
  say(`Child kids-club after his mother's consent: ${withMother.allowed ? 'allowed' : 'denied'} (${withMother.state})`);
  const sms = await decision(child, 'marketing.sms', facts);
  say(`Child marketing.sms (never asked): ${sms.allowed ? 'allowed' : 'denied'} (${sms.state})`);

  // 4. A receipt for the adult; a one-click email unsubscribe link; an SMS reply "TD".
  const receipt = toKantaraReceipt({
    event: face.entry.data,
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
    verifyUnsubscribeToken({ key, token, channel: 'sms', at: now() });
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
  const afterReply = await decision(adult, 'marketing.sms');
  say(`Adult replied "TD": marketing.sms ${afterReply.allowed ? 'allowed' : 'denied'} (${afterReply.state})`);

  // 5. What must be erased now, and the evidence log.
  const tasks = dueErasures({
    catalogue,
    subjects: [...(await store.subjects([adult, child])).values()],
    at: now(),
  });
  for (const task of tasks)
    say(
      `Erasure: ${task.subjectId} ${task.purposeId} -> ${task.action} ${task.categories.join(', ')} (kept: ${Object.keys(task.kept).join(', ') || 'none'})`,
    );
  const verified = await store.verify();
  say(`Consent log: ${verified.entries} events in ${verified.streams} subject streams, verified: ${verified.ok ? 'yes' : 'NO'}`);
  return {
    lines,
    events: verified.entries,
    draftViolations: draft.length,
    child: { alone: alone.state, withMother: withMother.allowed },
    erasures: tasks.length,
  };
}
