import { assertTimeZone, type Clock, canonicalJson, defineId, encodeUtf8, type Json, type RandomSource } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ResolvedPurpose } from '../catalogue';
import { ConsentError, ConsentErrorCode } from '../errors';
import { type ConsentFlow, validateConsentFlow } from '../flow';
import { isUnder14 } from '../internal/age';
import { check } from '../internal/check';
import type { Notice } from '../notice';
import { type Actor, ActorSchema, type ConsentEvent, ConsentEventSchema, type SubjectFacts, SubjectFactsSchema } from '../schemas';
import { type AskPolicy, shouldAsk } from '../should-ask';
import type { SubjectConsent } from '../state';
import { CONSENT_CHANNELS, type ConsentChannel } from '../vocabulary';
import type { FlowLocale } from './messages';
import {
  type FlowChoice,
  type FlowKind,
  type FlowStep,
  type FlowText,
  noticeStep,
  purposeTexts,
  step,
  stepTexts,
  textMaker,
} from './steps';

/** Input of `createConsentFlow`. */
export interface ConsentFlowInput {
  /** What the flow is for. Default `sign-up`. */
  readonly kind?: FlowKind;
  /** The notice in force (from `createNotice`); its catalogue lists the purposes. */
  readonly notice: Notice;
  readonly subjectId: string;
  /** The subject's materialised consent, `undefined` when there is none yet. */
  readonly consent: SubjectConsent | undefined;
  /** Birth date or age band: required, since a child under 14 needs a guardian (PIPL Art. 31). */
  readonly facts: SubjectFacts;
  /** IANA zone in which birthdays turn over. */
  readonly zone: string;
  readonly channel: ConsentChannel;
  readonly locale: FlowLocale;
  /** Who operates the screen: the customer (`self`) or staff helping them (`staff-assisted`, kiosk). */
  readonly actor: Actor;
  /** Event times; events are stamped when {@link ConsentFlowController.finish} runs. */
  readonly clock: Clock;
  /** Randomness for event ids (default `secureRandom`, the platform CSPRNG; in a mini-program the `random` of a `createEntropyPool` that `wx.getRandomValues` fills). */
  readonly random?: RandomSource;
  /** Where and how the customer withdraws later (shown on the last step; required for sign-up). */
  readonly withdrawal?: { readonly path: { readonly 'zh-CN': string; readonly en: string } };
  /** Only these purposes (default: the whole catalogue). */
  readonly purposeIds?: readonly string[];
  /** Who started the conversation (default `business`; "manage" and "withdraw" are always the customer's). */
  readonly initiatedBy?: 'customer' | 'business';
  /** The re-ask policy for refused or withdrawn purposes (see `shouldAsk`). */
  readonly policy?: AskPolicy;
}

/** Where the flow stands: plain data, for any view layer (a template, `setData`, a custom element). */
export interface ConsentFlowState {
  readonly kind: FlowKind;
  readonly locale: FlowLocale;
  readonly index: number;
  readonly total: number;
  readonly step: FlowStep;
  /** Whether `next` (or `finish` on the last step) may be called: sensitive steps need an answer, the guardian step a confirmed relationship. */
  readonly canNext: boolean;
  readonly canBack: boolean;
  readonly last: boolean;
  readonly guardian: { readonly relationship: GuardianRelationship | undefined; readonly confirmed: boolean } | undefined;
  /** The staff member operating the screen (a staff-assisted actor), to show on a kiosk. */
  readonly staffId: string | undefined;
  readonly finished: boolean;
}

/** A guardian's relationship to the child. */
export type GuardianRelationship = 'mother' | 'father' | 'legal-guardian' | 'other';

/** The evidence document of a finished flow: archive it; its SHA-256 is each event's `evidenceHash`. */
export interface ConsentEvidence {
  readonly format: 'aisle/consent-evidence/1';
  readonly flow: FlowKind;
  readonly subjectId: string;
  readonly channel: string;
  readonly locale: FlowLocale;
  readonly actor: Actor;
  readonly notice: { readonly version: number; readonly hash: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Each step as shown, in the order shown (a step shown again after "back" appears again). */
  readonly shown: readonly { readonly step: string; readonly texts: readonly FlowText[] }[];
  /** Every choice, in the order made. */
  readonly choices: readonly { readonly step: string; readonly purposeId: string; readonly value: boolean }[];
}

/** What {@link ConsentFlowController.finish} returns. */
export interface ConsentFlowResult {
  /** Validated events, ready to append to any consent store. */
  readonly events: readonly ConsentEvent[];
  readonly evidence: ConsentEvidence;
  readonly evidenceHash: string;
}

/** The headless controller of a consent flow. */
export interface ConsentFlowController {
  readonly kind: FlowKind;
  /** Every step, in order (choices as they were at the start). */
  readonly steps: readonly FlowStep[];
  /** The form as `validateConsentFlow` sees it (it found no violation). */
  readonly form: ConsentFlow;
  getState(): ConsentFlowState;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: ConsentFlowState) => void): () => void;
  /** Ticks or clears a purpose of the current step (accept/decline on a sensitive step). */
  choose(purposeId: string, value: boolean): ConsentFlowState;
  /** On the guardian step: the relationship, and the guardian's confirmation. */
  setGuardian(relationship: GuardianRelationship, confirmed: boolean): ConsentFlowState;
  next(): ConsentFlowState;
  back(): ConsentFlowState;
  /** On the last step: the consent events and the evidence. */
  finish(): ConsentFlowResult;
}

const SUBJECT = /^[A-Za-z0-9][\w.:-]{0,127}$/;
const RELATIONSHIPS: readonly GuardianRelationship[] = ['mother', 'father', 'legal-guardian', 'other'];
const EventId = /* @__PURE__ */ defineId('ce');

/**
 * A headless consent-form controller (no DOM; any view layer): from the notice, the subject's
 * consent and facts, it yields the steps to show — the notice; the purposes the service needs
 * (explained, never a box to tick); each extended purpose as its own unticked choice; each
 * sensitive purpose as a separate step with its own text and an explicit accept or decline; a
 * guardian step first for a child under 14; a re-consent step for purposes whose scope expanded —
 * and on `finish` the consent events with evidence of what was shown. It asks only what
 * `shouldAsk` allows (no asking again within the cool-down), and refuses to build a form
 * `validateConsentFlow` rejects. `manage` and `withdraw` flows are no longer than giving.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` (bad input, facts without a birth date or age band), `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_FLOW_REJECTED` (`details.violations`).
 * @example
 * ```ts
 * import { createConsentFlow } from '@aisle/consent/flow';
 *
 * const flow = createConsentFlow({
 *   notice, subjectId: 'psn_7f3c', consent: undefined, facts: { birthDate: '1990-04-02' }, zone: 'Asia/Shanghai',
 *   channel: 'web', locale: 'zh-CN', actor: { kind: 'self' }, clock: systemClock,
 *   withdrawal: { path: { 'zh-CN': '我的 > 隐私 > 撤回同意', en: 'Me > Privacy > Withdraw' } },
 * });
 * flow.subscribe(render);
 * flow.next(); // notice read
 * const { events } = flow.finish(); // on the last step
 * ```
 */
export function createConsentFlow(input: ConsentFlowInput): ConsentFlowController {
  const kind = input.kind ?? 'sign-up';
  if (kind !== 'sign-up' && kind !== 'manage' && kind !== 'withdraw') invalid('kind', "'sign-up' | 'manage' | 'withdraw'", kind);
  const notice = input.notice;
  if (
    typeof notice !== 'object' ||
    notice === null ||
    typeof notice.catalogue?.get !== 'function' ||
    typeof notice.contentHash !== 'string'
  ) {
    throw new TypeError('createConsentFlow: notice must come from createNotice');
  }
  if (typeof input.subjectId !== 'string' || !SUBJECT.test(input.subjectId))
    invalid('subjectId', 'an id (letters, digits, _ . : -)', input.subjectId);
  if (input.locale !== 'zh-CN' && input.locale !== 'en') invalid('locale', "'zh-CN' | 'en'", input.locale);
  if (!(CONSENT_CHANNELS as readonly string[]).includes(input.channel)) invalid('channel', CONSENT_CHANNELS.join(' | '), input.channel);
  const actor = check(ActorSchema, input.actor, 'actor');
  const facts = check(SubjectFactsSchema, input.facts, 'subject facts');
  if (facts.birthDate === undefined && facts.ageBand === undefined) invalid('facts', 'a birthDate or an ageBand', 'neither');
  const zone = assertTimeZone(input.zone);
  if (typeof input.clock?.now !== 'function') throw new TypeError('createConsentFlow: clock must have now()');
  const locale = input.locale;
  const catalogue = notice.catalogue;
  const startedAt = input.clock.now();
  const at = startedAt.getTime();
  const under14 = isUnder14(facts, at, zone);
  const t = textMaker(locale);
  const label = (action: string, key: Parameters<typeof t.msg>[0]) => ({ action, label: t.msg(key) });
  if (input.purposeIds !== undefined && !Array.isArray(input.purposeIds))
    invalid('purposeIds', 'an array of purpose ids', input.purposeIds);
  const purposes: ResolvedPurpose[] =
    input.purposeIds === undefined ? [...catalogue.purposes] : [...new Set(input.purposeIds)].map((id) => requireIn(catalogue.get(id), id));
  const path = input.withdrawal?.path;
  if (
    path !== undefined &&
    (typeof path?.['zh-CN'] !== 'string' || typeof path?.en !== 'string' || path['zh-CN'] === '' || path.en === '')
  ) {
    invalid('withdrawal.path', "{ 'zh-CN': string, en: string }, both non-empty", path);
  }
  const initiatedBy = kind === 'sign-up' ? (input.initiatedBy ?? 'business') : 'customer';
  const advise = (p: ResolvedPurpose) =>
    shouldAsk({
      catalogue,
      purposeId: p.id,
      at,
      consent: input.consent,
      facts,
      zone,
      initiatedBy,
      ...(input.policy === undefined ? {} : { policy: input.policy }),
    });
  const choice = (p: ResolvedPurpose, before: FlowChoice['before'], checked: boolean, sensitiveOnly = false): FlowChoice =>
    Object.freeze({ purposeId: p.id, ...purposeTexts(t, p, locale, sensitiveOnly), before, checked, answered: false });
  const steps: FlowStep[] = [];
  const guardianActions = RELATIONSHIPS.map((r) => label(r, `guardian.${r}`));
  // A purpose about a child's data (`minor-under-14`) is a guardian's to give: it is asked only in a child's flow.
  const askable = (p: ResolvedPurpose) => p.legalBasis === 'consent' && (under14 || !p.childData);
  if (under14 && kind !== 'withdraw') {
    steps.push(
      step(
        'guardian',
        'guardian',
        t.msg('guardian.title'),
        [t.msg('guardian.body'), t.msg('guardian.relationship')],
        [],
        [],
        [...guardianActions, label('confirm', 'guardian.confirm'), label('next', 'action.next')],
      ),
    );
  }
  const nav = (first: string, firstKey: Parameters<typeof t.msg>[0]) => [label(first, firstKey), label('back', 'action.back')];
  const sensitiveStep = (p: ResolvedPurpose, before: FlowChoice['before']) =>
    step(
      `sensitive:${p.id}`,
      'sensitive',
      t.msg('sensitive.title'),
      [t.msg('sensitive.body'), t.msg('sensitive.categories')],
      [],
      [choice(p, before, false, true)],
      [label('accept', 'sensitive.accept'), label('decline', 'sensitive.decline'), label('back', 'action.back')],
    );
  if (kind === 'sign-up') {
    steps.push(noticeStep(t, notice, locale, nav('next', 'action.next')));
    const explained = [];
    const reconsent: FlowChoice[] = [];
    const extended: FlowChoice[] = [];
    const sensitive: FlowStep[] = [];
    for (const p of purposes) {
      if (p.legalBasis !== 'consent') {
        if (p.function === 'basic') explained.push(explain(t, p, locale, false));
        continue;
      }
      if (!askable(p)) continue;
      const advice = advise(p);
      if (!advice.ask) continue;
      const before = advice.decision.state;
      if (p.sensitive) sensitive.push(sensitiveStep(p, before));
      else if (before === 'needs-reconsent') reconsent.push(choice(p, before, false));
      else if (p.function === 'basic') explained.push(explain(t, p, locale, true));
      else extended.push(choice(p, before, false));
    }
    if (explained.length > 0) {
      const body = [t.msg('basic.body'), ...(explained.some((e) => e.needsConsent) ? [t.msg('basic.agree')] : [])];
      steps.push(step('basic', 'basic', t.msg('basic.title'), body, explained, [], nav('agree', 'action.agree')));
    }
    if (reconsent.length > 0)
      steps.push(
        step('reconsent', 'reconsent', t.msg('reconsent.title'), [t.msg('reconsent.body')], [], reconsent, nav('next', 'action.next')),
      );
    if (extended.length > 0)
      steps.push(step('extended', 'extended', t.msg('extended.title'), [t.msg('extended.body')], [], extended, nav('next', 'action.next')));
    steps.push(...sensitive);
    const review = [t.msg('review.body'), ...(path === undefined ? [] : [t.raw('withdrawal:path', path[locale])])];
    steps.push(step('review', 'review', t.msg('review.title'), review, [], [], nav('submit', 'action.submit')));
  } else if (kind === 'manage') {
    const toggles: FlowChoice[] = [];
    const sensitive: FlowStep[] = [];
    for (const p of purposes) {
      if (!askable(p)) continue;
      const decision = advise(p).decision;
      if (p.sensitive && !decision.allowed) sensitive.push(sensitiveStep(p, decision.state));
      else toggles.push(choice(p, decision.state, decision.allowed));
    }
    steps.push(
      step(
        'manage',
        'manage',
        t.msg('manage.title'),
        [t.msg('manage.body')],
        [],
        toggles,
        nav(sensitive.length > 0 ? 'next' : 'save', sensitive.length > 0 ? 'action.next' : 'action.save'),
      ),
    );
    steps.push(...sensitive);
  } else {
    const given = purposes.filter((p) => p.legalBasis === 'consent' && input.consent?.purposes.get(p.id)?.status === 'given');
    steps.push(
      step(
        'withdraw',
        'withdraw',
        t.msg('withdraw.title'),
        [t.msg('withdraw.body')],
        [],
        given.map((p) => choice(p, advise(p).decision.state, false)),
        [label('withdraw', 'action.withdraw')],
      ),
    );
  }
  // The form as a giving form: a withdrawal flow gives nothing, and a sensitive purpose on the
  // "manage" screen is there only to be switched off (it is given on its own step).
  const gives = (s: FlowStep, c: FlowChoice) =>
    kind !== 'withdraw' && (s.kind === 'sensitive' || catalogue.get(c.purposeId)?.sensitive !== true);
  const form: ConsentFlow = {
    items: steps.flatMap((s) => [
      ...s.explained
        .filter((e) => e.needsConsent)
        .map((e) => ({ purposeId: e.purposeId, preTicked: false, required: true, separate: false })),
      ...s.choices
        .filter((c) => gives(s, c))
        .map((c) => ({
          purposeId: c.purposeId,
          preTicked: kind === 'sign-up' && c.checked,
          required: false,
          separate: s.kind === 'sensitive',
        })),
    ]),
    ...(input.withdrawal?.path === undefined ? {} : { withdrawal: { path: input.withdrawal.path[locale], steps: 1 } }),
    consentSteps: Math.max(1, steps.length),
  };
  const violations = validateConsentFlow({ catalogue, flow: form }).filter((v) => kind === 'sign-up' || v.code !== 'no-withdrawal-path');
  if (violations.length > 0) {
    throw new ConsentError(
      ConsentErrorCode.FLOW_REJECTED,
      `The consent flow breaks ${violations.map((v) => `${v.code} (${v.clause})`).join('; ')}`,
      {
        details: { violations },
      },
    );
  }
  return runFlow({ input, kind, steps, form, actor, startedAt, locale, t });
}

function explain(t: ReturnType<typeof textMaker>, p: ResolvedPurpose, locale: FlowLocale, needsConsent: boolean) {
  const { name, description } = purposeTexts(t, p, locale, false);
  return Object.freeze({ purposeId: p.id, name, description, basis: t.msg(`basis.${p.legalBasis}`), needsConsent });
}

function requireIn(p: ResolvedPurpose | undefined, id: string): ResolvedPurpose {
  if (p === undefined) {
    throw new ConsentError(ConsentErrorCode.UNKNOWN_PURPOSE, `Purpose ${JSON.stringify(String(id).slice(0, 80))} is not in the notice`, {
      details: { purposeId: String(id).slice(0, 80) },
    });
  }
  return p;
}

function runFlow(ctx: {
  readonly input: ConsentFlowInput;
  readonly kind: FlowKind;
  readonly steps: FlowStep[];
  readonly form: ConsentFlow;
  readonly actor: Actor;
  readonly startedAt: Date;
  readonly locale: FlowLocale;
  readonly t: ReturnType<typeof textMaker>;
}): ConsentFlowController {
  const { input, kind, form, locale, t } = ctx;
  const steps = ctx.steps;
  const original = Object.freeze([...steps]);
  let index = 0;
  let finished = false;
  let relationship: GuardianRelationship | undefined;
  let confirmed = false;
  const shown: { step: string; texts: FlowText[] }[] = [];
  const choices: { step: string; purposeId: string; value: boolean }[] = [];
  const listeners = new Set<(state: ConsentFlowState) => void>();
  const current = () => steps[index] as FlowStep;
  // The review step lists the answers given so far (rebuilt on entry, so it shows what is true now).
  const summarise = () => {
    const s = current();
    if (s.kind !== 'review') return;
    const yes = t.msg('review.given').text;
    const no = t.msg('review.declined').text;
    const lines = steps.flatMap((x) => [
      ...x.explained.filter((e) => e.needsConsent).map((e) => t.raw(`review:${e.purposeId}`, `${e.name.text}: ${yes}`)),
      ...x.choices.map((c) => t.raw(`review:${c.purposeId}`, `${c.name.text}: ${c.checked ? yes : no}`)),
    ]);
    const kept = s.body.filter((b) => !b.key.startsWith('review:'));
    steps[index] = Object.freeze({ ...s, body: Object.freeze([...lines, ...kept]) });
  };
  const show = () => {
    summarise();
    shown.push({ step: current().id, texts: stepTexts(current()) });
  };
  const canNext = () => {
    const s = current();
    if (s.kind === 'guardian') return relationship !== undefined && confirmed;
    if (s.kind === 'sensitive') return s.choices.every((c) => c.answered);
    return true;
  };
  const state = (): ConsentFlowState =>
    Object.freeze({
      kind,
      locale,
      index,
      total: steps.length,
      step: current(),
      canNext: !finished && canNext(),
      canBack: !finished && index > 0,
      last: index === steps.length - 1,
      guardian: steps[0]?.kind === 'guardian' ? Object.freeze({ relationship, confirmed }) : undefined,
      staffId: ctx.actor.kind === 'self' ? undefined : ctx.actor.staffId,
      finished,
    });
  const emit = () => {
    const s = state();
    for (const listener of listeners) listener(s);
    return s;
  };
  const live = () => {
    if (finished) throw new ConsentError(ConsentErrorCode.FLOW_STATE, 'The flow is finished');
  };
  show();
  return {
    kind,
    steps: original,
    form,
    getState: state,
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe: listener must be a function');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    choose(purposeId, value) {
      live();
      if (typeof value !== 'boolean') throw new TypeError(`choose: value must be a boolean, received ${typeof value}`);
      const s = current();
      const at = s.choices.findIndex((c) => c.purposeId === purposeId);
      if (at < 0) {
        throw new ConsentError(
          ConsentErrorCode.FLOW_STATE,
          `Purpose ${JSON.stringify(String(purposeId).slice(0, 80))} is not a choice of step ${s.id}`,
          {
            details: { step: s.id },
          },
        );
      }
      const updated = s.choices.map((c, i) => (i === at ? Object.freeze({ ...c, checked: value, answered: true }) : c));
      steps[index] = Object.freeze({ ...s, choices: Object.freeze(updated) });
      choices.push({ step: s.id, purposeId, value });
      return emit();
    },
    setGuardian(rel, ok) {
      live();
      if (current().kind !== 'guardian') throw new ConsentError(ConsentErrorCode.FLOW_STATE, 'Not on the guardian step');
      if (!RELATIONSHIPS.includes(rel)) invalid('relationship', RELATIONSHIPS.join(' | '), rel);
      relationship = rel;
      confirmed = ok === true;
      return emit();
    },
    next() {
      live();
      if (index === steps.length - 1) throw new ConsentError(ConsentErrorCode.FLOW_STATE, 'This is the last step: call finish()');
      if (!canNext())
        throw new ConsentError(ConsentErrorCode.FLOW_STATE, `Step ${current().id} needs an answer first`, {
          details: { step: current().id },
        });
      index++;
      show();
      return emit();
    },
    back() {
      live();
      if (index > 0) {
        index--;
        show();
      }
      return emit();
    },
    finish() {
      live();
      if (index !== steps.length - 1 || !canNext()) {
        throw new ConsentError(ConsentErrorCode.FLOW_STATE, 'finish() needs the last step, answered', { details: { step: current().id } });
      }
      finished = true;
      const result = buildEvents({
        input,
        kind,
        steps,
        actor: guardianActor(ctx.actor, relationship, steps),
        shown,
        choices,
        startedAt: ctx.startedAt,
        locale,
      });
      emit();
      return result;
    },
  };
}

function guardianActor(actor: Actor, relationship: GuardianRelationship | undefined, steps: readonly FlowStep[]): Actor {
  if (steps[0]?.kind !== 'guardian' || relationship === undefined) return actor;
  const staffId = actor.kind === 'self' ? undefined : actor.staffId;
  return staffId === undefined ? { kind: 'guardian', relationship } : { kind: 'guardian', relationship, staffId };
}

function buildEvents(ctx: {
  readonly input: ConsentFlowInput;
  readonly kind: FlowKind;
  readonly steps: readonly FlowStep[];
  readonly actor: Actor;
  readonly shown: readonly { step: string; texts: FlowText[] }[];
  readonly choices: readonly { step: string; purposeId: string; value: boolean }[];
  readonly startedAt: Date;
  readonly locale: FlowLocale;
}): ConsentFlowResult {
  const { input, kind, steps, actor, locale } = ctx;
  const now = input.clock.now();
  const evidence: ConsentEvidence = {
    format: 'aisle/consent-evidence/1',
    flow: kind,
    subjectId: input.subjectId,
    channel: input.channel,
    locale,
    actor,
    notice: { version: input.notice.version, hash: input.notice.contentHash },
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: now.toISOString(),
    shown: ctx.shown.map((s) => ({ step: s.step, texts: s.texts })),
    choices: [...ctx.choices],
  };
  const evidenceHash = bytesToHex(sha256(encodeUtf8(canonicalJson(evidence as unknown as Json))));
  const order = [...new Set(ctx.shown.map((s) => s.step))];
  const guardian = actor.kind === 'guardian';
  const events: ConsentEvent[] = [];
  const make = (type: ConsentEvent['type'], s: FlowStep, purposes: string[], separate: boolean) => {
    if (purposes.length === 0) return;
    const consentType = guardian ? 'guardian' : separate ? 'separate' : 'general';
    const event = {
      id: EventId.generate({ clock: input.clock, ...(input.random === undefined ? {} : { random: input.random }) }),
      type,
      subjectId: input.subjectId,
      purposes,
      notice: { version: input.notice.version, hash: input.notice.contentHash },
      consentType,
      actor,
      channel: input.channel,
      evidenceHash,
      evidence: { flow: kind, step: s.id, steps: order, texts: stepTexts(s).map((x) => x.hash) },
      locale,
      at: now.toISOString(),
    };
    events.push(check(ConsentEventSchema, event, 'consent event'));
  };
  for (const s of steps) {
    const on = s.choices.filter((c) => c.checked).map((c) => c.purposeId);
    const off = s.choices.filter((c) => !c.checked);
    if (kind === 'withdraw') {
      make('withdrawn', s, on, false);
    } else if (kind === 'manage') {
      make(
        'given',
        s,
        on.filter((id) => s.choices.find((c) => c.purposeId === id)?.before !== 'given'),
        s.kind === 'sensitive',
      );
      make(
        'withdrawn',
        s,
        off.filter((c) => c.before === 'given').map((c) => c.purposeId),
        false,
      );
    } else {
      make('given', s, [...s.explained.filter((e) => e.needsConsent).map((e) => e.purposeId), ...on], s.kind === 'sensitive');
      make(
        'refused',
        s,
        off.map((c) => c.purposeId),
        s.kind === 'sensitive',
      );
    }
  }
  return Object.freeze({ events: Object.freeze(events), evidence, evidenceHash });
}

function invalid(field: string, expected: string, received: unknown): never {
  const shown = typeof received === 'string' ? JSON.stringify(received.slice(0, 80)) : typeof received;
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `${field}: expected ${expected}, received ${shown}`, {
    details: { label: 'consent flow', field },
  });
}
